import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (on: boolean) => unknown };

const CONFIG = fileURLToPath(new URL('../../../build/electron-builder.yml', import.meta.url));

function load(): Record<string, unknown> & { linux: Record<string, unknown> } {
  return parse(readFileSync(CONFIG, 'utf8')) as Record<string, unknown> & {
    linux: Record<string, unknown>;
  };
}

describe('electron-builder configuration', () => {
  it("matches electron-builder's own schema and builds AppImage and deb", async () => {
    const config = load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.files).toEqual(expect.arrayContaining(['dist-electron/**', 'renderer/dist/**']));
    expect(config.electronFuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true });
  });

  it('is checked for real: a misspelt option is refused', async () => {
    const config = load();
    config.linux = { ...config.linux, tagret: ['AppImage'] };
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(
      /Invalid configuration object/,
    );
  });
});
