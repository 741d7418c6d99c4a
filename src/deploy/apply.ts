import type { NodePlan } from './plan.ts';
import { cleanRemoteTempFiles } from './remote/cleanTempFiles.ts';
import { writeRemoteFileAtomic } from './remote/writeFileAtomic.ts';
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
   * absent: no backups.
   */
  readonly backupDir?: string;
  /** Files written at once per node, over one connection (default 4). */
  readonly perNodeConcurrency?: number;
  readonly onEvent?: (event: ApplyEvent) => void;
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
  readonly error?: Error;
}

async function inPool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
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
  let stale: string[] = [];
  emit({ type: 'node-start', node, files: todo.length });
  try {
    const blocked = todo.filter((f) => f.change === 'blocked');
    if (blocked.length > 0) {
      throw new Error(
        `${blocked.map((f) => f.file.path).join(', ')} on ${node} is a symlink, folder or device; Clusterwright does not replace it. Move it away and deploy again.`,
      );
    }
    if (todo.length > 0) {
      stale = await cleanRemoteTempFiles(transport, [
        ...new Set(todo.map((f) => dirOf(f.file.path))),
      ]);
    }
    await inPool(todo, options.perNodeConcurrency ?? 4, async (f) => {
      emit({ type: 'file-start', node, path: f.file.path });
      const r = await writeRemoteFileAtomic(transport, {
        path: f.file.path,
        content: f.file.content,
        mode: f.file.mode,
        current: f.current,
        ...(options.backupDir !== undefined ? { backupDir: options.backupDir } : {}),
      });
      if (r.changed) written.push(f.file.path);
      else if (r.metadataFixed) metadataFixed.push(f.file.path);
      if (r.backupPath) backups.push(r.backupPath);
      emit({
        type: 'file-done',
        node,
        path: f.file.path,
        outcome: r.changed ? 'written' : 'metadata',
        ...(r.backupPath ? { backupPath: r.backupPath } : {}),
      });
    });
    emit({ type: 'node-done', node, written: written.length, unchanged: unchanged.length });
    return {
      node,
      ok: true,
      written,
      metadataFixed,
      unchanged,
      backups,
      staleTempFilesRemoved: stale,
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
