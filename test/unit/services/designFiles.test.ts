import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadDesignFile,
  saveDesignFile,
  writeFileAtomic,
} from '../../../src/services/designFiles.ts';
import { loadTemplate } from '../../support/designs.ts';
import { useTempDir } from '../../support/tmp.ts';

describe('design files on disk', () => {
  const tmp = useTempDir();

  it('save then open gives the same design, and leaves no temp file', async () => {
    const dir = tmp();
    const file = join(dir, 'cluster.yaml');
    const design = loadTemplate('iscsi-storage-xen');
    await saveDesignFile(file, design);
    const loaded = await loadDesignFile(file);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.design).toEqual(design);
    expect(readdirSync(dir)).toEqual(['cluster.yaml']);
  });

  it('a failed save leaves the old file whole and no temp file behind', async () => {
    const dir = tmp();
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, 'old contents\n');
    // A directory where the temp file cannot be created: the rename never happens.
    chmodSync(dir, 0o500);
    try {
      if (process.getuid?.() === 0) {
        // root ignores directory permissions; make the target's directory vanish instead.
        await expect(writeFileAtomic(join(dir, 'no-such-dir', 'x.yaml'), 'new')).rejects.toThrow(
          /ENOENT/,
        );
      } else {
        await expect(writeFileAtomic(file, 'new contents\n')).rejects.toThrow();
      }
    } finally {
      chmodSync(dir, 0o700);
    }
    expect(readFileSync(file, 'utf8')).toBe('old contents\n');
    expect(readdirSync(dir)).toEqual(['cluster.yaml']);
  });

  it('a failed write removes its temp file and keeps the target', async () => {
    const dir = tmp();
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, 'old contents\n');
    // Renaming a file over a directory fails after the temp file was written.
    const target = join(dir, 'sub');
    await import('node:fs/promises').then((fs) =>
      fs.mkdir(join(target, 'inner'), { recursive: true }),
    );
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['cluster.yaml', 'sub']);
    expect(readFileSync(file, 'utf8')).toBe('old contents\n');
  });
});
