import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { LoadResult } from '../model/designFile.ts';
import { parseDesign, serializeDesign } from '../model/designFile.ts';
import type { Design } from '../model/types.ts';

export interface LoadedFile extends LoadResult {
  readonly file: string;
  readonly text?: string;
  /** The file could not be read at all (missing, a directory, no permission). */
  readonly ioError?: string;
}

/** Reads and parses a design file. Never throws for bad input; see `ioError` and diagnostics. */
export async function loadDesignFile(file: string): Promise<LoadedFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? 'no such file'
        : err.code === 'EISDIR'
          ? 'is a directory, not a design file'
          : err.code === 'EACCES'
            ? 'permission denied'
            : err.message;
    return { file, unreadable: true, diagnostics: [], ioError: `${file}: ${why}` };
  }
  return { file, text, ...parseDesign(text, file) };
}

/**
 * Writes text next to the target, fsyncs it and renames it over the target, so the file on
 * disk is always either the old design or the new one, never half of each.
 */
export async function writeFileAtomic(file: string, text: string, mode = 0o644): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (e) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

export async function saveDesignFile(file: string, design: Design): Promise<void> {
  await writeFileAtomic(file, serializeDesign(design));
}
