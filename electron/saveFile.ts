import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The save dialog's file type filter for a suggested name. */
export function saveFilters(name: string): { name: string; extensions: string[] }[] {
  if (name.endsWith('.tar.gz')) return [{ name: 'Bundle archive (tar.gz)', extensions: ['gz'] }];
  if (name.endsWith('.zip')) return [{ name: 'Bundle archive (zip)', extensions: ['zip'] }];
  if (name.endsWith('.png')) return [{ name: 'PNG image', extensions: ['png'] }];
  if (name.endsWith('.svg')) return [{ name: 'SVG image', extensions: ['svg'] }];
  return [];
}

/** Writes next to the target and renames over it: the file is whole or absent, never half. */
export async function writeSavedFile(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes, { flag: 'wx', mode: 0o644 });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
