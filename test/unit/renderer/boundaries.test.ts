import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RENDERER = fileURLToPath(new URL('../../../renderer/src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

describe('renderer boundaries', () => {
  it('takes only types from the model and the contract, never their code', () => {
    const files = sources(RENDERER);
    expect(files.length).toBeGreaterThan(20);
    const valueImports = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)]
        .filter((m) => /(^|\/)src\//.test(m[1] ?? ''))
        .map((m) => `${relative(RENDERER, file)}: ${m[1]}`),
    );
    expect(valueImports).toEqual([]);
  });
});
