import type { ProgressEvent, StepOutcomeView } from '../../../src/services/labDeployContract.ts';

/** One node's row in the deploy dialog's progress table. */
export interface NodeProgress {
  readonly node: string;
  readonly state: 'waiting' | 'writing' | 'files-done' | 'failed';
  /** Files to write on this node (known once its writing starts). */
  readonly files: number;
  readonly written: number;
  readonly unchanged: number;
  /** The last bring-up step reported for this node. */
  readonly lastStep?: { readonly step: string; readonly outcome: StepOutcomeView };
  readonly failedSteps: number;
  readonly error?: string;
}

/** The deploy's current phase (packages, plan, files, bring-up, cib), if one was reported. */
export function currentPhase(events: readonly ProgressEvent[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === 'phase') return e.phase;
  }
  return undefined;
}

/**
 * Folds a deploy's progress events into one row per node, in the order the nodes are given
 * (nodes that appear only in events are added after them).
 */
export function nodeProgress(
  nodes: readonly string[],
  events: readonly ProgressEvent[],
): NodeProgress[] {
  const rows = new Map<string, NodeProgress>();
  const row = (node: string): NodeProgress =>
    rows.get(node) ?? {
      node,
      state: 'waiting',
      files: 0,
      written: 0,
      unchanged: 0,
      failedSteps: 0,
    };
  for (const n of nodes) rows.set(n, row(n));
  for (const e of events) {
    if (e.type === 'phase') continue;
    const r = row(e.node);
    switch (e.type) {
      case 'node-start':
        rows.set(e.node, {
          ...r,
          state: r.state === 'failed' ? 'failed' : 'writing',
          files: e.files,
        });
        break;
      case 'file-start':
        break;
      case 'file-done':
        rows.set(e.node, { ...r, written: r.written + 1 });
        break;
      case 'node-done':
        rows.set(e.node, {
          ...r,
          state: r.state === 'failed' ? 'failed' : 'files-done',
          written: e.written,
          unchanged: e.unchanged,
        });
        break;
      case 'node-failed':
        rows.set(e.node, { ...r, state: 'failed', error: e.message });
        break;
      case 'step':
        rows.set(e.node, {
          ...r,
          lastStep: { step: e.step, outcome: e.outcome },
          failedSteps: r.failedSteps + (e.outcome === 'failed' ? 1 : 0),
          ...(e.outcome === 'failed' ? { state: 'failed', error: `${e.step}: ${e.detail}` } : {}),
        });
        break;
    }
  }
  return [...rows.values()];
}
