import type { StepResult } from '../deploy/bringUp.ts';
import type { DeployEvent } from '../deploy/deploy.ts';
import type { PlanSummary } from '../deploy/plan.ts';

/**
 * Per-node progress of a deploy, folded from its events: what the UI shows in one row per
 * node and the CLI prints as it changes. Pure, so both fold the same events the same way.
 */
export type NodeStage = 'waiting' | 'packages' | 'plan' | 'files' | 'bring-up' | 'done' | 'failed';

export interface NodeProgress {
  readonly node: string;
  readonly stage: NodeStage;
  readonly plan?: PlanSummary;
  /** Files this node's apply writes or fixes, and how many are done. */
  readonly filesTotal: number;
  readonly filesDone: number;
  readonly steps: readonly StepResult[];
  readonly error?: string;
}

export type DeployProgress = Readonly<Record<string, NodeProgress>>;

export function initialProgress(nodes: readonly string[]): DeployProgress {
  return Object.fromEntries(
    nodes.map((node) => [
      node,
      { node, stage: 'waiting' as const, filesTotal: 0, filesDone: 0, steps: [] },
    ]),
  );
}

function update(
  p: DeployProgress,
  node: string,
  f: (n: NodeProgress) => NodeProgress,
): DeployProgress {
  const cur = p[node] ?? { node, stage: 'waiting', filesTotal: 0, filesDone: 0, steps: [] };
  return { ...p, [node]: f(cur) };
}

const stageOfPhase = {
  packages: 'packages',
  plan: 'plan',
  files: 'files',
  'bring-up': 'bring-up',
  cib: 'bring-up',
} as const;

/** The progress after one more event. */
export function foldProgress(p: DeployProgress, e: DeployEvent): DeployProgress {
  switch (e.type) {
    case 'phase': {
      const stage = stageOfPhase[e.phase];
      let out = p;
      for (const node of Object.keys(p))
        out = update(out, node, (n) => (n.stage === 'failed' ? n : { ...n, stage }));
      return out;
    }
    case 'node-plan':
      return update(p, e.node, (n) => ({ ...n, plan: e.summary }));
    case 'node-start':
      return update(p, e.node, (n) => ({
        ...n,
        stage: 'files',
        filesTotal: e.files,
        filesDone: 0,
      }));
    case 'file-start':
      return p;
    case 'file-done':
      return update(p, e.node, (n) => ({ ...n, filesDone: n.filesDone + 1 }));
    case 'node-done':
      return p;
    case 'node-failed':
      return update(p, e.node, (n) => ({ ...n, stage: 'failed', error: e.message }));
    case 'step':
      return update(p, e.result.node, (n) => ({
        ...n,
        steps: [...n.steps, e.result],
        ...(e.result.outcome === 'failed'
          ? { stage: 'failed' as const, error: e.result.detail }
          : {}),
      }));
  }
}

/** Marks every node that did not fail as done (the deploy finished). */
export function finishProgress(p: DeployProgress, ok: boolean): DeployProgress {
  let out = p;
  for (const node of Object.keys(p))
    out = update(out, node, (n) => (n.stage === 'failed' || !ok ? n : { ...n, stage: 'done' }));
  return out;
}

/** One line for a node, as the CLI prints it. */
export function progressLine(n: NodeProgress): string {
  const files = n.filesTotal > 0 ? ` files ${n.filesDone}/${n.filesTotal}` : '';
  const plan = n.plan
    ? ` (plan: ${n.plan.create} new, ${n.plan.update} changed, ${n.plan.metadata} mode, ${n.plan.unchanged} same)`
    : '';
  return `${n.node}: ${n.stage}${files}${plan}${n.error ? ` — ${n.error}` : ''}`;
}
