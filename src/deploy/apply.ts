import { createHash, randomBytes } from 'node:crypto';
import type { DeployRecord } from './deployRecord.ts';
import { writeDeployRecord } from './deployRecord.ts';
import type { NodePlan } from './plan.ts';
import { missingParentDirs } from './remote/missingDirs.ts';
import type { AtomicWrite } from './remote/writeFilesAtomic.ts';
import { writeRemoteFilesAtomic } from './remote/writeFilesAtomic.ts';
import type { Transport } from './transport/transport.ts';
import { TransportError } from './transport/transportError.ts';
import type { TransportErrorKind } from './transport/transportError.ts';

/** Progress of an apply, per node, for the UI and the CLI. */
export type ApplyEvent =
  | { readonly type: 'node-start'; readonly node: string; readonly files: number }
  | { readonly type: 'file-start'; readonly node: string; readonly path: string }
  | {
      readonly type: 'file-done';
      readonly node: string;
      readonly path: string;
      readonly outcome: 'written' | 'metadata';
      readonly backupPath?: string;
    }
  | {
      readonly type: 'node-done';
      readonly node: string;
      readonly written: number;
      readonly unchanged: number;
    }
  | {
      readonly type: 'node-failed';
      readonly node: string;
      readonly message: string;
      /** Set when the connection failed (as opposed to a command on the node). */
      readonly kind?: TransportErrorKind;
    };

export interface ApplyOptions {
  /**
   * Folder on each node for the backups of this deploy (deployId.ts backupDirFor);
   * absent: no backups and no deploy record (nothing to roll back to).
   */
  readonly backupDir?: string;
  /** The deploy's id, written in its record on each node. */
  readonly deployId?: string;
  /** Files written at once per node when it has no SFTP (default 4). */
  readonly perNodeConcurrency?: number;
  readonly onEvent?: (event: ApplyEvent) => void;
  /**
   * Called as each file's bytes are handed to the connection, and awaited: tests cut the
   * connection here at chosen points.
   */
  readonly onProgress?: (
    node: string,
    path: string,
    sent: number,
    total: number,
  ) => void | Promise<void>;
}

export interface NodeApplyResult {
  readonly node: string;
  readonly ok: boolean;
  /** Paths whose content was replaced. */
  readonly written: readonly string[];
  /** Paths whose mode alone was fixed. */
  readonly metadataFixed: readonly string[];
  readonly unchanged: readonly string[];
  /** Backups made (node paths), for rollback. */
  readonly backups: readonly string[];
  /** Temp files an earlier, interrupted deploy had left and this one removed. */
  readonly staleTempFilesRemoved: readonly string[];
  /** How the files travelled: one SFTP session, a command per file, or not at all. */
  readonly via?: 'sftp' | 'exec' | 'none';
  readonly error?: Error;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** What the node's deploy record says about this plan's changes. */
function recordOf(
  plan: NodePlan,
  deployId: string,
  backupDir: string,
  createdDirs: readonly string[],
): DeployRecord {
  return {
    version: 1,
    deployId,
    node: plan.node,
    time: new Date().toISOString(),
    files: plan.files
      .filter((f) => f.change !== 'unchanged' && f.change !== 'blocked')
      .map((f) => {
        const c = f.current;
        const before = c.kind === 'file' ? { sha256: c.sha256, mode: c.mode } : undefined;
        return {
          path: f.file.path,
          ...(before ? { before } : {}),
          after: { sha256: sha256(f.file.content), mode: f.file.mode },
          ...(f.change === 'update' ? { backup: `${backupDir}${f.file.path}` } : {}),
        };
      }),
    ...(createdDirs.length > 0 ? { createdDirs: [...createdDirs] } : {}),
  };
}

/**
 * Applies one node's plan: removes stale temp files, then writes each changed file
 * atomically (wholly old or wholly new, with a backup). Files the plan found unchanged
 * are not touched. Never rejects: a failure is reported in the result and an event.
 */
export async function applyNode(
  plan: NodePlan,
  transport: Transport,
  options: ApplyOptions = {},
): Promise<NodeApplyResult> {
  const emit = options.onEvent ?? (() => undefined);
  const node = plan.node;
  const written: string[] = [];
  const metadataFixed: string[] = [];
  const backups: string[] = [];
  const unchanged = plan.files.filter((f) => f.change === 'unchanged').map((f) => f.file.path);
  const todo = plan.files.filter((f) => f.change !== 'unchanged');
  let stale: readonly string[] = [];
  let via: 'sftp' | 'exec' | 'none' | undefined;
  emit({ type: 'node-start', node, files: todo.length });
  try {
    const blocked = todo.filter((f) => f.change === 'blocked');
    if (blocked.length > 0) {
      throw new Error(
        `${blocked.map((f) => f.file.path).join(', ')} on ${node} is a symlink, folder or device; Clusterwright does not replace it. Move it away and deploy again.`,
      );
    }
    const backupDir = options.backupDir;
    const deployId = options.deployId;
    const writes: AtomicWrite[] = todo.map((f) => ({
      path: f.file.path,
      content: Buffer.from(f.file.content, 'utf8'),
      mode: f.file.mode,
      current: f.current,
    }));
    const onProgress = options.onProgress;
    // The folders new files need that are not there yet: the batch makes them, and a
    // rollback removes them again once they are empty.
    const created = todo.filter((f) => f.change === 'create').map((f) => f.file.path);
    const createdDirs =
      backupDir !== undefined && deployId !== undefined && created.length > 0
        ? await missingParentDirs(transport, created)
        : [];
    const batch = await writeRemoteFilesAtomic(transport, writes, {
      token: randomBytes(6).toString('hex'),
      ...(backupDir !== undefined ? { backupDir } : {}),
      ...(options.perNodeConcurrency !== undefined
        ? { execConcurrency: options.perNodeConcurrency }
        : {}),
      ...(backupDir !== undefined && deployId !== undefined
        ? {
            beforeCommit: () =>
              writeDeployRecord(
                transport,
                backupDir,
                recordOf(plan, deployId, backupDir, createdDirs),
              ),
          }
        : {}),
      onFileStart: (path) => emit({ type: 'file-start', node, path }),
      onFileDone: (r) => {
        if (r.changed) written.push(r.path);
        else if (r.metadataFixed) metadataFixed.push(r.path);
        if (r.backupPath) backups.push(r.backupPath);
        emit({
          type: 'file-done',
          node,
          path: r.path,
          outcome: r.changed ? 'written' : 'metadata',
          ...(r.backupPath ? { backupPath: r.backupPath } : {}),
        });
      },
      ...(onProgress
        ? {
            onProgress: (path: string, sent: number, total: number) =>
              onProgress(node, path, sent, total),
          }
        : {}),
    });
    stale = batch.staleRemoved;
    via = batch.via;
    emit({ type: 'node-done', node, written: written.length, unchanged: unchanged.length });
    return {
      node,
      ok: true,
      written,
      metadataFixed,
      unchanged,
      backups,
      staleTempFilesRemoved: stale,
      ...(via ? { via } : {}),
    };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    emit({
      type: 'node-failed',
      node,
      message: error.message,
      ...(error instanceof TransportError ? { kind: error.kind } : {}),
    });
    return {
      node,
      ok: false,
      written,
      metadataFixed,
      unchanged,
      backups,
      staleTempFilesRemoved: stale,
      error,
    };
  }
}

/** Applies every node's plan in parallel; one node failing does not stop the others. */
export function applyDeploy(
  plans: readonly NodePlan[],
  transports: ReadonlyMap<string, Transport>,
  options: ApplyOptions = {},
): Promise<NodeApplyResult[]> {
  return Promise.all(
    plans.map((plan) => {
      const t = transports.get(plan.node);
      if (!t) {
        const error = new Error(`no connection to node ${plan.node}`);
        options.onEvent?.({ type: 'node-failed', node: plan.node, message: error.message });
        return Promise.resolve<NodeApplyResult>({
          node: plan.node,
          ok: false,
          written: [],
          metadataFixed: [],
          unchanged: [],
          backups: [],
          staleTempFilesRemoved: [],
          error,
        });
      }
      return applyNode(plan, t, options);
    }),
  );
}
