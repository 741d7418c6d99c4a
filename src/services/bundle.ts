import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { create as createTar } from 'tar';
import type { Bundle } from '../generators/bundle.ts';
import { generateBundle } from '../generators/bundle.ts';
import type { BundleFile } from '../generators/bundleFile.ts';
import { bundlePath } from '../generators/bundleFile.ts';
import { MANIFEST_FORMAT, MANIFEST_PATH } from '../generators/manifest.ts';
import type { Design } from '../model/types.ts';
import type { BundleCheckReport } from '../simulate/check/checkBundle.ts';
import { NotABundleError, checkBundle } from '../simulate/check/checkBundle.ts';

export type ArchiveFormat = 'tar.gz' | 'zip';
export const ARCHIVE_FORMATS: readonly ArchiveFormat[] = ['tar.gz', 'zip'];

/** Fixed time stamp of every archive entry, so one bundle always gives the same bytes (the DOS epoch, zip's earliest). */
export const ARCHIVE_MTIME = new Date(Date.UTC(1980, 0, 1));

/** Bad output location (not empty, not a bundle, a file…): the CLI reports it as bad usage. */
export class BundleOutputError extends Error {}

export function sha256Hex(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** The bundle of a (valid) design, its manifest hashed with node:crypto. */
export function bundleOf(design: Design): Bundle {
  return generateBundle(design, sha256Hex);
}

/** True when `dir` holds a manifest.json that a Clusterwright bundle wrote. */
export async function isBundleDir(dir: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_PATH), 'utf8')) as unknown;
    return (
      typeof manifest === 'object' &&
      manifest !== null &&
      (manifest as { format?: unknown }).format === MANIFEST_FORMAT
    );
  } catch {
    return false;
  }
}

async function writeTree(root: string, files: readonly BundleFile[]): Promise<void> {
  for (const file of files) {
    const target = join(root, bundlePath(file));
    await mkdir(dirname(target), { recursive: true, mode: 0o755 });
    await writeFile(target, file.content, { encoding: 'utf8', mode: file.mode, flag: 'wx' });
    // The umask may have narrowed the mode; the manifest promises this one.
    await chmod(target, file.mode);
  }
}

/**
 * Writes a bundle into `out`. The files go into a sibling temporary folder first, which then
 * takes the place of `out` by rename, so `out` is never half-written. `out` may be missing,
 * empty or a previous Clusterwright bundle (which is replaced); anything else is refused.
 */
export async function writeBundle(files: readonly BundleFile[], out: string): Promise<string> {
  const target = resolve(out);
  let replace = false;
  const stat = await lstat(target).catch(() => undefined);
  if (stat) {
    if (!stat.isDirectory())
      throw new BundleOutputError(`${out}: exists and is not a folder; choose another --out`);
    const entries = await readdir(target);
    if (entries.length > 0) {
      if (!(await isBundleDir(target)))
        throw new BundleOutputError(
          `${out}: folder is not empty and holds no Clusterwright manifest.json; choose an empty or new folder, or a previous bundle to replace`,
        );
      replace = true;
    }
  }
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const tag = randomBytes(6).toString('hex');
  const tmp = join(parent, `.${basename(target)}.${tag}.tmp`);
  await mkdir(tmp, { mode: 0o755 });
  try {
    await writeTree(tmp, files);
    await chmod(tmp, 0o755);
    if (replace) {
      // Two renames: the old bundle steps aside, the new one takes its name, the old one goes.
      const old = join(parent, `.${basename(target)}.${tag}.old`);
      await rename(target, old);
      try {
        await rename(tmp, target);
      } catch (e) {
        await rename(old, target);
        throw e;
      }
      await rm(old, { recursive: true, force: true });
    } else {
      // rename(2) replaces an empty folder, and creates a missing one.
      await rename(tmp, target);
    }
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return target;
}

/** Archive entries live under one top folder named like the bundle folder. */
function entryName(prefix: string, file: BundleFile): string {
  return `${prefix}/${bundlePath(file)}`;
}

function sortedByPath(files: readonly BundleFile[]): BundleFile[] {
  return [...files].sort((a, b) => {
    const pa = bundlePath(a);
    const pb = bundlePath(b);
    return pa < pb ? -1 : pa > pb ? 1 : 0;
  });
}

/** zip bytes of a bundle: sorted entries, fixed times, Unix modes. */
export function zipBundle(files: readonly BundleFile[], prefix: string): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date; os: number; attrs: number }]> = {};
  const encoder = new TextEncoder();
  for (const f of sortedByPath(files)) {
    entries[entryName(prefix, f)] = [
      encoder.encode(f.content),
      // os 3 = Unix: the high 16 bits of the external attributes hold st_mode.
      { mtime: ARCHIVE_MTIME, os: 3, attrs: ((0o100000 | f.mode) << 16) >>> 0 },
    ];
  }
  return zipSync(entries, { level: 6 });
}

/**
 * Writes `<dir>.tar.gz` or `<dir>.zip` next to a bundle folder written by writeBundle,
 * atomically (temp file + rename). Returns the archive's path.
 */
export async function writeArchive(
  files: readonly BundleFile[],
  dir: string,
  format: ArchiveFormat,
): Promise<string> {
  const root = resolve(dir);
  const prefix = basename(root);
  const archive = `${root}.${format}`;
  const tmp = join(dirname(root), `.${prefix}.${randomBytes(6).toString('hex')}.${format}.tmp`);
  try {
    if (format === 'zip') {
      await writeFile(tmp, zipBundle(files, prefix), { mode: 0o644, flag: 'wx' });
    } else {
      await createTar(
        {
          gzip: true,
          file: tmp,
          cwd: dirname(root),
          portable: true,
          mtime: ARCHIVE_MTIME,
          noDirRecurse: true,
        },
        sortedByPath(files).map((f) => entryName(prefix, f)),
      );
    }
    await rename(tmp, archive);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return archive;
}

export type { BundleCheckReport } from '../simulate/check/checkBundle.ts';
export type { FileCheck, MissingTool } from '../simulate/check/result.ts';

/** Runs `check` over a bundle folder; throws NotABundleError when it holds no manifest. */
export function checkBundleDir(dir: string): Promise<BundleCheckReport> {
  return checkBundle(dir);
}

export function isNotABundle(e: unknown): e is NotABundleError {
  return e instanceof NotABundleError;
}
