import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { InputFile } from '../importers/facts.ts';
import type { ImportResult } from '../importers/importFiles.ts';
import { importFiles } from '../importers/importFiles.ts';
import type { ImportError } from '../importers/notes.ts';

export type { ImportResult };
export type { ImportNote, ImportError } from '../importers/notes.ts';

/** Files larger than this are not configuration; refusing them keeps a typo from reading a disk image. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const MAX_FILES = 2000;

/** Imports configuration held in memory (an upload in the designer, files read over SSH). */
export function importConfigTexts(files: readonly InputFile[]): ImportResult {
  return importFiles(files);
}

/**
 * Reads the named files (a folder stands for every file under it) and imports them. DRBD
 * `include` lines are followed on disk too, so `/etc/drbd.conf` alone brings its drbd.d/ files.
 * A file that cannot be read is an error naming it, never a silent gap.
 */
export async function importConfigPaths(paths: readonly string[]): Promise<ImportResult> {
  const files = new Map<string, string>();
  const errors: ImportError[] = [];
  const add = async (path: string, explicit: boolean): Promise<void> => {
    if (files.has(path) || files.size >= MAX_FILES) return;
    let info;
    try {
      info = await stat(path);
    } catch (e) {
      if (explicit) errors.push({ file: path, message: ioMessage(e) });
      return;
    }
    if (info.isDirectory()) {
      for (const entry of (await readdir(path)).sort())
        if (!entry.startsWith('.')) await add(join(path, entry), false);
      return;
    }
    if (!info.isFile()) {
      if (explicit) errors.push({ file: path, message: 'not a regular file' });
      return;
    }
    if (info.size > MAX_FILE_BYTES) {
      errors.push({
        file: path,
        message: `larger than ${MAX_FILE_BYTES} bytes; not a configuration file`,
      });
      return;
    }
    try {
      files.set(path, await readFile(path, 'utf8'));
    } catch (e) {
      errors.push({ file: path, message: ioMessage(e) });
    }
  };
  for (const p of paths) await add(p, true);
  // Follow DRBD includes on disk: `include "drbd.d/*.res";` relative to the including file.
  for (const [path, text] of [...files]) {
    if (!/\.(res|conf)$/.test(path) || !/^\s*include\s/m.test(text)) continue;
    for (const m of text.matchAll(/^\s*include\s+"?([^";\s]+)"?\s*;/gm)) {
      const included = m[1] ?? '';
      const pattern = isAbsolute(included) ? included : join(dirname(path), included);
      const dir = dirname(pattern);
      const glob = new RegExp(
        `^${basename(pattern)
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      );
      const entries = await readdir(dir).catch(() => [] as string[]);
      // An include that matches nothing is noted by importFiles.
      for (const e of entries.sort()) if (glob.test(e)) await add(join(dir, e), false);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return importFiles([...files].map(([path, content]) => ({ path, content })));
}

function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code === 'ENOENT'
    ? 'no such file'
    : err.code === 'EACCES'
      ? 'permission denied'
      : err.code === 'EISDIR'
        ? 'is a directory'
        : err.message;
}
