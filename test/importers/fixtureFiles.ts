import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { InputFile } from '../../src/importers/facts.ts';
import { importFiles } from '../../src/importers/importFiles.ts';
import type { ImportNote } from '../../src/importers/notes.ts';
import type { Design } from '../../src/model/types.ts';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Every file under the named fixture folders, with paths relative to fixtures/. */
export function fixtureFiles(...dirs: string[]): InputFile[] {
  const walk = (d: string): string[] =>
    readdirSync(d)
      .sort()
      .flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  return dirs.flatMap((dir) =>
    walk(join(FIXTURES, dir)).map((p) => ({
      path: relative(FIXTURES, p),
      content: readFileSync(p, 'utf8'),
    })),
  );
}

export function fixture(path: string): InputFile {
  return { path, content: readFileSync(join(FIXTURES, path), 'utf8') };
}

/** Imports and insists the result is a design with no model errors. */
export function importOk(files: readonly InputFile[]): {
  design: Design;
  notes: readonly ImportNote[];
} {
  const r = importFiles(files);
  if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r.errors)}`);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { design: r.design, notes: r.notes };
}

export function notesAbout(notes: readonly ImportNote[], text: string): ImportNote[] {
  return notes.filter((n) => n.what.includes(text));
}
