import { createHash, randomBytes } from 'node:crypto';
import type { CibRollback } from './cibRollback.ts';
import { cibRollbackChanges, rollbackCib } from './cibRollback.ts';
import type { DeployRecordFile } from './deployRecord.ts';
import { findDeploy, writeRollbackRecord } from './deployRecord.ts';
import { command } from './quote.ts';
import { listRemoteDir } from './remote/listDir.ts';
import { missingPaths } from './remote/missingDirs.ts';
import { readRemoteBytes } from './remote/readFile.ts';
import { readRemoteFileStates } from './remote/readFileStates.ts';
import { RemoteCommandError } from './remote/remoteError.ts';
import { removeEmptyRemoteDirs } from './remote/removeEmptyDirs.ts';
import type { RemoteFileState } from './remote/statFiles.ts';
import type { AtomicWrite } from './remote/writeFilesAtomic.ts';
import { writeRemoteFilesAtomic } from './remote/writeFilesAtomic.ts';
import type { Transport } from './transport/transport.ts';
import { TransportError } from './transport/transportError.ts';
import type { RollbackFolder } from './rollbackFolders.ts';
import { decideFolders } from './rollbackFolders.ts';

/**
 * Rollback: puts back, on one node, what its last deploy changed: first the CIB, when the
 * deploy pushed it from this node (cibRollback.ts; the reverse of the deploy, which
 * pushes it last), then the files, then the folders the deploy made, once empty
 * (rollbackFolders.ts). Each file is compared with the deploy record first, so only what
 * the deploy wrote is undone:
 * - restore: the file holds what the deploy wrote; its backup goes back (atomically)
 * - remove: the deploy created the file; it goes
 * - mode: the deploy only changed the mode; the old mode comes back
 * - already: the file is as it was before the deploy (cut short, or rolled back by hand)
 * - changed: someone changed the file since the deploy; it is left alone, and said so
 * - no-backup: the backup is missing or not what was replaced; the file is left alone
 */
export type RollbackAction = 'restore' | 'remove' | 'mode' | 'already' | 'changed' | 'no-backup';

export interface RollbackFile {
  readonly path: string;
  readonly action: RollbackAction;
  readonly detail: string;
}

export interface NodeRollbackResult {
  readonly node: string;
  /** The deploy rolled back; absent when the node has none on record. */
  readonly deployId?: string;
  readonly ok: boolean;
  /** True when nothing was (or, in a dry run, would be) changed. */
  readonly nothingToDo: boolean;
  readonly files: readonly RollbackFile[];
  /** The folders the deploy made, deepest first; empty when it made none. */
  readonly folders: readonly RollbackFolder[];
  /** The CIB step; absent when the deploy pushed no CIB change from this node. */
  readonly cib?: CibRollback;
  readonly message: string;
  readonly error?: Error;
}

export type RollbackEvent =
  | { readonly type: 'rollback-start'; readonly node: string; readonly deployId?: string }
  | { readonly type: 'rollback-cib'; readonly node: string; readonly cib: CibRollback }
  | { readonly type: 'rollback-file'; readonly node: string; readonly file: RollbackFile }
  | { readonly type: 'rollback-folder'; readonly node: string; readonly folder: RollbackFolder }
  | { readonly type: 'rollback-done'; readonly node: string; readonly result: NodeRollbackResult };

export interface RollbackOptions {
  /** Root of the backup folders on the node (deployId.ts). */
  readonly backupRoot?: string;
  /** A deploy other than the newest one. */
  readonly deployId?: string;
  /**
   * The deploy was picked for the whole cluster (the newest on any chosen node), not by
   * the user: a node it changed nothing on has nothing to roll back, which is fine.
   */
  readonly clusterWide?: boolean;
  /** Say what would be done; change nothing. */
  readonly dryRun?: boolean;
  readonly onEvent?: (e: RollbackEvent) => void;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function decide(f: DeployRecordFile, cur: RemoteFileState): RollbackFile {
  const is = (v: { sha256: string } | undefined) => cur.kind === 'file' && cur.sha256 === v?.sha256;
  const before = f.before;
  if (!before) {
    if (cur.kind === 'missing')
      return { path: f.path, action: 'already', detail: 'not there, as before the deploy' };
    return is(f.after)
      ? { path: f.path, action: 'remove', detail: 'the deploy created it' }
      : {
          path: f.path,
          action: 'changed',
          detail: 'changed since the deploy created it; left as it is',
        };
  }
  if (is(before))
    return cur.kind === 'file' && cur.mode !== before.mode && before.sha256 === f.after.sha256
      ? { path: f.path, action: 'mode', detail: `mode back to ${before.mode.toString(8)}` }
      : { path: f.path, action: 'already', detail: 'holds what it held before the deploy' };
  if (!is(f.after))
    return { path: f.path, action: 'changed', detail: 'changed since the deploy; left as it is' };
  return { path: f.path, action: 'restore', detail: `from ${f.backup ?? '(no backup)'}` };
}

/**
 * The newest deploy on record on the node (rolled back or not); undefined when none.
 * Rejects when the node cannot be read.
 */
export async function newestDeployId(
  t: Transport,
  backupRoot?: string,
): Promise<string | undefined> {
  return (await findDeploy(t, backupRoot !== undefined ? { backupRoot } : {}))?.deployId;
}

/** Rolls back one node; never rejects (a failure is in the result). */
export async function rollbackNode(
  node: string,
  t: Transport,
  options: RollbackOptions = {},
): Promise<NodeRollbackResult> {
  const emit = options.onEvent ?? (() => undefined);
  let deployId: string | undefined;
  try {
    const found = await findDeploy(t, {
      ...(options.backupRoot !== undefined ? { backupRoot: options.backupRoot } : {}),
      ...(options.deployId !== undefined ? { deployId: options.deployId } : {}),
    });
    emit({ type: 'rollback-start', node, ...(found ? { deployId: found.deployId } : {}) });
    if (!found) {
      return finish({
        node,
        ok: options.deployId === undefined || options.clusterWide === true,
        nothingToDo: true,
        files: [],
        folders: [],
        message:
          options.deployId === undefined
            ? 'no deploy on record on this node: nothing to roll back'
            : options.clusterWide
              ? `deploy ${options.deployId} changed nothing on this node: nothing to roll back`
              : `no record of deploy ${options.deployId} on this node`,
      });
    }
    deployId = found.deployId;
    if (found.rolledBack) {
      return finish({
        node,
        deployId,
        ok: true,
        nothingToDo: true,
        files: [],
        folders: [],
        message: `deploy ${deployId} was already rolled back (${found.rolledBack.time})`,
      });
    }
    const record = found.record;
    const dryRun = options.dryRun === true;
    const cib = record.cib ? await rollbackCib(t, record.cib, dryRun) : undefined;
    if (cib) emit({ type: 'rollback-cib', node, cib });
    const { states } = await readRemoteFileStates(
      t,
      record.files.map((f) => f.path),
      () => false,
    );
    let files = record.files.map((f, i) => decide(f, states[i] ?? { kind: 'missing' }));

    // A restore needs its backup to be exactly what the deploy replaced; a mode fix
    // rewrites nothing (the batch only chmods a file whose content already matches).
    const writes: AtomicWrite[] = [];
    files = await Promise.all(
      files.map(async (d, i): Promise<RollbackFile> => {
        const f = record.files[i] as DeployRecordFile;
        const before = f.before;
        const current = states[i] as RemoteFileState;
        if (!before || (d.action !== 'restore' && d.action !== 'mode')) return d;
        const from = d.action === 'mode' ? f.path : f.backup;
        const data = from ? await readRemoteBytes(t, from) : undefined;
        if (!data || sha256(data) !== before.sha256)
          return {
            path: f.path,
            action: 'no-backup',
            detail: `backup ${f.backup ?? '(none)'} is missing or differs; left as it is`,
          };
        writes.push({ path: f.path, content: data, mode: before.mode, current });
        return d;
      }),
    );
    const removals = files.filter((f) => f.action === 'remove').map((f) => f.path);
    const changes = writes.length + removals.length;
    if (!dryRun && changes > 0) {
      await writeRemoteFilesAtomic(t, writes, { token: randomBytes(6).toString('hex') });
      if (removals.length > 0) {
        const r = await t.exec(command(['rm', '-f', '--', ...removals]));
        if (r.code !== 0)
          throw new RemoteCommandError(t.name, `remove ${removals.join(' ')}`, r.code, r.stderr);
      }
    }
    const folders = await foldersOf(t, record.createdDirs ?? [], removals, dryRun);
    const removedDirs = folders.filter((f) => f.action === 'remove').map((f) => f.path);
    const cibSkipped = cib?.action === 'changed' || cib?.action === 'no-backup';
    if (!dryRun) {
      await writeRollbackRecord(t, found.backupDir, {
        version: 1,
        time: new Date().toISOString(),
        restored: files
          .filter((f) => f.action === 'restore' || f.action === 'mode')
          .map((f) => f.path),
        removed: removals,
        skipped: files
          .filter((f) => f.action === 'changed' || f.action === 'no-backup')
          .map((f) => f.path),
        ...(removedDirs.length > 0 ? { removedDirs } : {}),
        ...(cib
          ? {
              cib:
                cib.action === 'restore'
                  ? 'restored'
                  : cib.action === 'already'
                    ? 'already'
                    : 'skipped',
            }
          : {}),
      });
    }
    for (const file of files) emit({ type: 'rollback-file', node, file });
    for (const folder of folders) emit({ type: 'rollback-folder', node, folder });
    const skipped = files.filter((f) => f.action === 'changed' || f.action === 'no-backup').length;
    const parts = [
      ...(cib ? [cibPart(cib, dryRun)] : []),
      `${writes.length} restored`,
      `${removals.length} removed`,
      ...(removedDirs.length > 0 ? [`${removedDirs.length} folder(s) removed`] : []),
      ...(skipped ? [`${skipped} left as they are (changed since)`] : []),
    ];
    return finish({
      node,
      deployId,
      ok: skipped === 0 && !cibSkipped,
      nothingToDo: changes === 0 && removedDirs.length === 0 && !cibRollbackChanges(cib),
      files,
      folders,
      ...(cib ? { cib } : {}),
      message: `${dryRun ? 'would roll back' : 'rolled back'} deploy ${deployId}: ${parts.join(', ')}`,
    });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return finish({
      node,
      ...(deployId ? { deployId } : {}),
      ok: false,
      nothingToDo: false,
      files: [],
      folders: [],
      message: `${error instanceof TransportError ? 'connection failed' : 'rollback failed'}: ${error.message}`,
      error,
    });
  }

  function finish(result: NodeRollbackResult): NodeRollbackResult {
    emit({ type: 'rollback-done', node, result });
    return result;
  }
}

function cibPart(cib: CibRollback, dryRun: boolean): string {
  switch (cib.action) {
    case 'restore':
      return dryRun ? 'CIB would be put back' : 'CIB put back';
    case 'already':
      return 'CIB already as before';
    case 'changed':
      return 'CIB LEFT AS IT IS (changed since the deploy)';
    case 'no-backup':
      return 'CIB LEFT AS IT IS (no saved configuration)';
  }
}

/**
 * The folders the deploy made, judged once the files are gone (in a dry run, as if they
 * were), and removed when empty. rmdir refuses a folder something landed in meanwhile.
 */
async function foldersOf(
  t: Transport,
  created: readonly string[],
  removals: readonly string[],
  dryRun: boolean,
): Promise<RollbackFolder[]> {
  if (created.length === 0) return [];
  const missing = new Set(await missingPaths(t, created));
  const present = created.filter((d) => !missing.has(d));
  const lists = await Promise.all(present.map((d) => listRemoteDir(t, d)));
  const entries = new Map(present.map((d, i) => [d, lists[i] ?? []]));
  const folders = decideFolders(created, entries, new Set(removals));
  if (dryRun) return folders;
  const gone = new Set(
    await removeEmptyRemoteDirs(
      t,
      folders.filter((f) => f.action === 'remove').map((f) => f.path),
    ),
  );
  return folders.map((f) =>
    f.action === 'remove' && !gone.has(f.path)
      ? { ...f, action: 'keep', detail: 'something landed in it meanwhile; left as it is' }
      : f,
  );
}
