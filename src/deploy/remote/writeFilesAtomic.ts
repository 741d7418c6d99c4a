import { createHash } from 'node:crypto';
import type { DirSync, RemoteFiles } from '../transport/remoteFiles.ts';
import { RemoteFilesError } from '../transport/remoteFiles.ts';
import type { Transport } from '../transport/transport.ts';
import { cleanRemoteTempFiles, TEMP_PREFIX } from './cleanTempFiles.ts';
import { ensureNewRemoteDir, ensureRemoteDir } from './ensureDir.ts';
import { checkRemotePath } from './remotePath.ts';
import type { RemoteFileState } from './statFiles.ts';
import { tempKeeperFor, tempPrefix } from './tempKeeper.ts';
import { writeRemoteFileAtomic } from './writeFileAtomic.ts';

/** One file of a batch: what it must hold, and what the plan found at its path. */
export interface AtomicWrite {
  readonly path: string;
  readonly content: Uint8Array;
  readonly mode: number;
  readonly current: RemoteFileState;
}

export interface BatchWriteOptions {
  /** Where replaced files are kept, as `<backupDir><path>` (see deployId.ts). */
  readonly backupDir?: string;
  /** Names this batch's staging folders; unique per deploy (hex). */
  readonly token: string;
  /** Files written at once per node when the node has no SFTP (default 4). */
  readonly execConcurrency?: number;
  /**
   * Must be done before the first file is swapped in (a deploy record): it runs while the
   * new files are written, and every swap waits for it.
   */
  readonly beforeCommit?: () => Promise<void>;
  readonly onFileStart?: (path: string) => void;
  readonly onFileDone?: (result: AtomicWriteResult) => void;
  readonly onProgress?: (path: string, sent: number, total: number) => void | Promise<void>;
}

export interface AtomicWriteResult {
  readonly path: string;
  /** The content was replaced. */
  readonly changed: boolean;
  /** Only the mode had to be fixed (content and mtime untouched). */
  readonly metadataFixed: boolean;
  readonly backupPath?: string;
}

export interface BatchWriteResult {
  readonly results: readonly AtomicWriteResult[];
  /** Temp files and staging folders an interrupted earlier deploy had left, now removed. */
  readonly staleRemoved: readonly string[];
  /** How the files travelled (`none`: there was nothing to write). */
  readonly via: 'sftp' | 'exec' | 'none';
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The temp file a batch writes next to `path` (`.cw-tmp-<token>.<n>.<name>`): in the
 * target's own folder, so the rename is atomic; unique per batch and file.
 */
function tempOf(path: string, token: string, n: number): string {
  // The keeper reads its requests and answers line by line.
  if (path.includes('\n'))
    throw new Error(
      `remote path ${JSON.stringify(path)} holds a line break; Clusterwright does not deploy such paths: rename it`,
    );
  // Keeps the name within NAME_MAX (255) whatever the target's length.
  return `${tempPrefix(dirOf(path), token)}${n}.${baseOf(path).slice(0, 200)}`;
}

/**
 * Puts a node's files in place so that each is always wholly old or wholly new, with its
 * mode, keeping a backup of each file it replaces. Files the plan found identical are not
 * in the batch; a file whose content matches gets only its mode fixed (mtime untouched).
 *
 * With SFTP (one session, requests pipelined, no process per file): every new file is
 * written into a temp file next to its target, flushed, then renamed over the target; the
 * connection's temp-file keeper (tempKeeper.ts) removes the temp files if the connection
 * dies. Without SFTP, each file goes through writeFileAtomic.ts's script instead.
 */
export async function writeRemoteFilesAtomic(
  t: Transport,
  writes: readonly AtomicWrite[],
  options: BatchWriteOptions,
): Promise<BatchWriteResult> {
  if (!/^[0-9a-zA-Z-]+$/.test(options.token))
    throw new Error(`staging token "${options.token}" must be letters, digits and "-"`);
  for (const w of writes) checkRemotePath(w.path);
  if (options.backupDir !== undefined) checkRemotePath(options.backupDir);
  if (writes.length === 0) return { results: [], staleRemoved: [], via: 'none' };
  const files = await t.files();
  return files ? viaSftp(t, files, writes, options) : viaExec(t, writes, options);
}

async function viaExec(
  t: Transport,
  writes: readonly AtomicWrite[],
  options: BatchWriteOptions,
): Promise<BatchWriteResult> {
  const staleRemoved = await cleanRemoteTempFiles(t, [
    ...new Set(writes.map((w) => dirOf(w.path))),
  ]);
  await options.beforeCommit?.();
  const results: AtomicWriteResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < writes.length) {
      const w = writes[next++] as AtomicWrite;
      options.onFileStart?.(w.path);
      const onProgress = options.onProgress;
      const r = await writeRemoteFileAtomic(t, {
        path: w.path,
        content: w.content,
        mode: w.mode,
        current: w.current,
        ...(options.backupDir !== undefined ? { backupDir: options.backupDir } : {}),
        ...(onProgress ? { onProgress: (s: number, n: number) => onProgress(w.path, s, n) } : {}),
      });
      const result = { path: w.path, ...r };
      results.push(result);
      options.onFileDone?.(result);
    }
  };
  const size = Math.min(options.execConcurrency ?? 4, writes.length);
  await Promise.all(Array.from({ length: size }, worker));
  return {
    results: writes.map((w) => results.find((r) => r.path === w.path) as AtomicWriteResult),
    staleRemoved,
    via: 'exec',
  };
}

async function viaSftp(
  t: Transport,
  files: RemoteFiles,
  writes: readonly AtomicWrite[],
  options: BatchWriteOptions,
): Promise<BatchWriteResult> {
  const token = options.token;
  const bytes = writes.map((w) =>
    Buffer.from(w.content.buffer, w.content.byteOffset, w.content.byteLength),
  );
  const replace = writes.map(
    (w, i) => !(w.current.kind === 'file' && w.current.sha256 === sha256(bytes[i] as Buffer)),
  );
  // Mode-only fixes need no temp file: chmod in place keeps content and mtime.
  const fixes = writes.filter((_, i) => !replace[i]);
  const news = writes.flatMap((w, i) =>
    replace[i] ? [{ w, data: bytes[i] as Buffer, temp: tempOf(w.path, token, i) }] : [],
  );
  const dirs = [...new Set(news.map(({ w }) => dirOf(w.path)))];
  const temps = news.map((n) => n.temp);
  const keeper = news.length > 0 ? tempKeeperFor(t, files) : undefined;

  const results: AtomicWriteResult[] = [];
  let syncs: Promise<DirSync>[] = [];
  let commitReady: Promise<void> | undefined;
  try {
    // The keeper must watch the temp files before they exist; the same request checks
    // their folders and removes what an interrupted deploy left there.
    const checks = keeper ? await keeper.prepare(token, dirs) : [];
    const staleRemoved = checks.flatMap((c) => c.staleRemoved);
    const made = new Map<string, Promise<void>>();
    await Promise.all(
      checks.map(async (c) => {
        if (c.kind === 'other')
          throw new RemoteFilesError(
            'failed',
            files.target,
            `make folder ${c.dir}`,
            'a file is in its place',
          );
        if (c.kind === 'missing') await ensureRemoteDir(files, c.dir, made);
      }),
    );
    // The record (in a folder of its own) is written while the files are, once their
    // folders are known to be fine; every swap waits for it.
    commitReady = options.beforeCommit?.();
    // Awaited only after the writes; marked as handled now so an early failure waits too.
    commitReady?.catch(() => undefined);
    // Opened with the temp files, so that flushing the renames costs one round trip.
    syncs = dirs.map((d) => files.openDirForSync(d));

    await Promise.all(
      news.map(async ({ w, data, temp }) => {
        options.onFileStart?.(w.path);
        const onProgress = options.onProgress;
        await files.writeNewFile(
          temp,
          data,
          w.mode,
          onProgress ? (s, n) => onProgress(w.path, s, n) : undefined,
        );
      }),
    );
    await commitReady;

    await Promise.all([
      ...fixes.map(async (w) => {
        options.onFileStart?.(w.path);
        await files.chmod(w.path, w.mode);
        const r = { path: w.path, changed: false, metadataFixed: true };
        results.push(r);
        options.onFileDone?.(r);
      }),
      ...news.map(async ({ w, temp }) => {
        const backupPath =
          options.backupDir !== undefined && w.current.kind === 'file'
            ? `${options.backupDir}${w.path}`
            : undefined;
        if (backupPath !== undefined) await backUp(files, w.path, backupPath, made);
        await files.rename(temp, w.path);
        const r = {
          path: w.path,
          changed: true,
          metadataFixed: false,
          ...(backupPath !== undefined ? { backupPath } : {}),
        };
        results.push(r);
        options.onFileDone?.(r);
      }),
    ]);
    await Promise.all([
      ...syncs.map(async (d) => (await d).sync()),
      // Bookkeeping only: the files are in place whatever its answer.
      keeper?.forget(token).catch(() => undefined),
    ]);
    return {
      results: writes.map((w) => results.find((r) => r.path === w.path) as AtomicWriteResult),
      staleRemoved,
      via: 'sftp',
    };
  } catch (e) {
    // The connection still works when a request failed: remove what this batch made.
    await commitReady?.catch(() => undefined);
    if (!(e instanceof RemoteFilesError)) throw e;
    // Closes the folders opened for the flush.
    await Promise.all(syncs.map(async (d) => (await d).sync())).catch(() => undefined);
    await Promise.all(temps.map((p) => files.unlink(p).catch(() => undefined)));
    await keeper?.discard(token).catch(() => undefined);
    throw e;
  }
}

/**
 * Keeps the file about to be replaced at backupPath: a hard link when both sit on one
 * file system (the very file, mode, owner and times included), else a copy that gets the
 * original's mode, owner and times.
 */
async function backUp(
  files: RemoteFiles,
  path: string,
  backupPath: string,
  made: Map<string, Promise<void>>,
): Promise<void> {
  await ensureNewRemoteDir(files, dirOf(backupPath), made, 0o700);
  try {
    await files.link(path, backupPath);
    return;
  } catch (e) {
    if (!(e instanceof RemoteFilesError) || e.kind !== 'failed') throw e;
  }
  const [data, attrs] = await Promise.all([files.readFile(path), files.lstat(path)]);
  if (!attrs) throw new RemoteFilesError('missing', files.target, `back up ${path}`, 'it vanished');
  const tmp = `${dirOf(backupPath)}/${TEMP_PREFIX}${baseOf(backupPath)}`;
  await files.unlink(tmp).catch(() => undefined);
  await files.writeNewFile(tmp, data, attrs.mode);
  await files.setAttrs(tmp, attrs);
  await files.rename(tmp, backupPath);
}
