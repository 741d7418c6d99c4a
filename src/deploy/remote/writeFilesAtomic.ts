import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { RemoteFiles } from '../transport/remoteFiles.ts';
import { RemoteFilesError } from '../transport/remoteFiles.ts';
import type { ExecResult, Transport } from '../transport/transport.ts';
import { cleanRemoteTempFiles, TEMP_PREFIX } from './cleanTempFiles.ts';
import { ensureRemoteDir } from './ensureDir.ts';
import { removeRemoteTree } from './removeTree.ts';
import { checkRemotePath } from './remotePath.ts';
import { runScript } from './runScript.ts';
import type { RemoteFileState } from './statFiles.ts';
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

function stagingOf(dir: string, token: string): string {
  return `${dir === '/' ? '' : dir}/${TEMP_PREFIX}${token}`;
}

/*
 * The node's half of an SFTP batch: it waits on its input. `done` (every file is in place)
 * or `abort` (the client cleaned up what it could) end it; an input that just ends means
 * the connection died mid-batch, and it removes this batch's staging folders. The SFTP
 * server may still be working through requests it received before the cut, so it looks
 * again once that server has had time to finish them.
 */
const GUARD = `
IFS= read -r word || word=
case $word in
done) exit 0 ;;
abort) rm -rf -- "$@"; exit 0 ;;
esac
rm -rf -- "$@"; sleep 1; rm -rf -- "$@"; sleep 3; rm -rf -- "$@"`;

/** What `ps` shows for the guard, so tests can wait for it to end. */
export const GUARD_NAME = 'cw-guard';

/**
 * Puts a node's files in place so that each is always wholly old or wholly new, with its
 * mode, keeping a backup of each file it replaces. Files the plan found identical are not
 * in the batch; a file whose content matches gets only its mode fixed (mtime untouched).
 *
 * With SFTP (one session, requests pipelined, no process per file): every new file is
 * written into a staging folder next to its target, flushed, then renamed over the target;
 * a guard command on the node removes the staging folders if the connection dies. Without
 * SFTP, each file goes through writeFileAtomic.ts's script instead.
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
  const bytes = writes.map((w) => Buffer.from(w.content));
  const replace = writes.map(
    (w, i) => !(w.current.kind === 'file' && w.current.sha256 === sha256(bytes[i] as Buffer)),
  );
  const dirs = [...new Set(writes.filter((_, i) => replace[i]).map((w) => dirOf(w.path)))];
  const staging = dirs.map((d) => stagingOf(d, token));

  // The guard must exist on the node before anything is staged; it starts while the
  // target folders are made and cleaned.
  const guardInput = new PassThrough();
  let guard: Promise<ExecResult> | undefined;
  const guardStarted =
    dirs.length === 0
      ? Promise.resolve()
      : new Promise<void>((started, failed) => {
          guard = runScript(t, GUARD_NAME, GUARD, staging, {
            stdin: guardInput,
            onStarted: started,
          });
          guard.catch(failed);
        });
  const endGuard = async (word: 'done' | 'abort') => {
    if (!guard) return;
    guardInput.end(`${word}\n`);
    await guard;
  };

  const results: AtomicWriteResult[] = [];
  let commitReady: Promise<void> | undefined;
  try {
    const made = new Map<string, Promise<void>>();
    const [, stale] = await Promise.all([
      guardStarted,
      Promise.all(
        dirs.map(async (d) => {
          await ensureRemoteDir(files, d, made);
          return removeStale(files, d);
        }),
      ),
    ]);
    const staleRemoved = stale.flat();
    await Promise.all(staging.map((s) => files.mkdir(s, 0o700)));

    // Mode-only fixes need no staging: chmod in place keeps content and mtime.
    const fixes = writes.flatMap((w, i) => (replace[i] ? [] : [w]));
    const news = writes.flatMap((w, i) => (replace[i] ? [{ w, data: bytes[i] as Buffer }] : []));
    commitReady = options.beforeCommit?.();
    // Awaited only after the writes; marked as handled now so an early failure waits too.
    commitReady?.catch(() => undefined);
    await Promise.all(
      news.map(async ({ w, data }) => {
        options.onFileStart?.(w.path);
        const onProgress = options.onProgress;
        await files.writeNewFile(
          `${stagingOf(dirOf(w.path), token)}/${baseOf(w.path)}`,
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
      ...news.map(async ({ w }) => {
        const backupPath =
          options.backupDir !== undefined && w.current.kind === 'file'
            ? `${options.backupDir}${w.path}`
            : undefined;
        if (backupPath !== undefined) await backUp(files, w.path, backupPath, made);
        await files.rename(`${stagingOf(dirOf(w.path), token)}/${baseOf(w.path)}`, w.path);
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
    await Promise.all(staging.map((s) => files.rmdir(s)));
    await Promise.all(dirs.map((d) => files.syncDir(d)));
    await endGuard('done');
    return {
      results: writes.map((w) => results.find((r) => r.path === w.path) as AtomicWriteResult),
      staleRemoved,
      via: 'sftp',
    };
  } catch (e) {
    // The connection still works when a request failed: clean up, then let the guard go.
    await commitReady?.catch(() => undefined);
    if (!(e instanceof RemoteFilesError)) throw e;
    await Promise.all(staging.map((s) => removeRemoteTree(files, s))).catch(() => undefined);
    await endGuard('abort').catch(() => undefined);
    throw e;
  }
}

/** Removes `.cw-tmp-*` entries (files and staging folders) an interrupted deploy left in dir. */
async function removeStale(files: RemoteFiles, dir: string): Promise<string[]> {
  const names = (await files.readdir(dir)).filter((n) => n.startsWith(TEMP_PREFIX));
  const paths = names.map((n) => `${dir === '/' ? '' : dir}/${n}`);
  await Promise.all(paths.map((p) => removeRemoteTree(files, p)));
  return paths;
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
  await ensureRemoteDir(files, dirOf(backupPath), made, 0o700);
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
