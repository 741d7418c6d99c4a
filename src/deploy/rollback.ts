import { createHash, randomBytes } from 'node:crypto';
import type { DeployRecordFile } from './deployRecord.ts';
import { findDeploy, writeRollbackRecord } from './deployRecord.ts';
import { command } from './quote.ts';
import { readRemoteBytes } from './remote/readFile.ts';
import { readRemoteFileStates } from './remote/readFileStates.ts';
import { RemoteCommandError } from './remote/remoteError.ts';
import type { RemoteFileState } from './remote/statFiles.ts';
import type { AtomicWrite } from './remote/writeFilesAtomic.ts';
import { writeRemoteFilesAtomic } from './remote/writeFilesAtomic.ts';
import type { Transport } from './transport/transport.ts';
import { TransportError } from './transport/transportError.ts';

/**
 * Rollback: puts back, on one node, what its last deploy changed. Each file is compared
 * with the deploy record first, so only what the deploy wrote is undone:
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
  readonly message: string;
  readonly error?: Error;
}

export type RollbackEvent =
  | { readonly type: 'rollback-start'; readonly node: string; readonly deployId?: string }
  | { readonly type: 'rollback-file'; readonly node: string; readonly file: RollbackFile }
  | { readonly type: 'rollback-done'; readonly node: string; readonly result: NodeRollbackResult };

export interface RollbackOptions {
  /** Root of the backup folders on the node (deployId.ts). */
  readonly backupRoot?: string;
  /** A deploy other than the newest one. */
  readonly deployId?: string;
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
        ok: options.deployId === undefined,
        nothingToDo: true,
        files: [],
        message:
          options.deployId === undefined
            ? 'no deploy on record on this node: nothing to roll back'
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
        message: `deploy ${deployId} was already rolled back (${found.rolledBack.time})`,
      });
    }
    const record = found.record;
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
    if (!options.dryRun && changes > 0) {
      await writeRemoteFilesAtomic(t, writes, { token: randomBytes(6).toString('hex') });
      if (removals.length > 0) {
        const r = await t.exec(command(['rm', '-f', '--', ...removals]));
        if (r.code !== 0)
          throw new RemoteCommandError(t.name, `remove ${removals.join(' ')}`, r.code, r.stderr);
      }
    }
    if (!options.dryRun) {
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
      });
    }
    for (const file of files) emit({ type: 'rollback-file', node, file });
    const skipped = files.filter((f) => f.action === 'changed' || f.action === 'no-backup').length;
    return finish({
      node,
      deployId,
      ok: skipped === 0,
      nothingToDo: changes === 0,
      files,
      message: `${options.dryRun ? 'would roll back' : 'rolled back'} deploy ${deployId}: ${writes.length} restored, ${removals.length} removed${skipped ? `, ${skipped} left as they are (changed since)` : ''}`,
    });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return finish({
      node,
      ...(deployId ? { deployId } : {}),
      ok: false,
      nothingToDo: false,
      files: [],
      message: `${error instanceof TransportError ? 'connection failed' : 'rollback failed'}: ${error.message}`,
      error,
    });
  }

  function finish(result: NodeRollbackResult): NodeRollbackResult {
    emit({ type: 'rollback-done', node, result });
    return result;
  }
}
