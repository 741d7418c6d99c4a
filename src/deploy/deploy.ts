import type { BundleFile } from '../generators/bundleFile.ts';
import { SECRET_PLACEHOLDER } from '../generators/bundleFile.ts';
import type { Design } from '../model/types.ts';
import type { ApplyEvent, NodeApplyResult } from './apply.ts';
import { applyNode } from './apply.ts';
import type { NodeConnection, StepResult } from './bringUp.ts';
import {
  bringUpDrbd,
  checkPackages,
  ensureAuthkey,
  startCluster,
  waitForQuorum,
} from './bringUp.ts';
import type { CibPlan } from './cibPush.ts';
import { planCibPush, pushCib } from './cibPush.ts';
import { backupDirFor, newDeployId } from './deployId.ts';
import type { NodePlan } from './plan.ts';
import { planDeploy } from './plan.ts';

/**
 * A deploy, in order: connect, plan (read every node, diff every file, diff the CIB),
 * then — unless it is a dry run — write the files atomically with backups, create or copy
 * the corosync authkey, bring DRBD up, start the cluster, wait for quorum and push the
 * CIB as a diff. Every step checks first, so running it twice changes nothing.
 */
export type DeployEvent =
  | ApplyEvent
  | { readonly type: 'phase'; readonly phase: string }
  | { readonly type: 'step'; readonly result: StepResult };

export interface DeployInput {
  readonly design: Design;
  /** The bundle's node files (with `node`); cluster files are ignored. */
  readonly files: readonly BundleFile[];
  /** The CIB to push. */
  readonly cib: string;
  readonly connections: readonly NodeConnection[];
  readonly dryRun: boolean;
  /** Secret values by name, for the placeholders in files; never logged. */
  readonly secret: (name: string) => string | undefined;
  readonly onEvent?: (e: DeployEvent) => void;
  /** Root of the backup folders on the nodes (tests and labs may move it). */
  readonly backupRoot?: string;
}

export interface DeployResult {
  readonly deployId: string;
  readonly plans: readonly NodePlan[];
  readonly cib?: CibPlan;
  readonly applied: readonly NodeApplyResult[];
  readonly steps: readonly StepResult[];
  readonly cibChanged: boolean;
  readonly ok: boolean;
}

export class DeployError extends Error {}

/** Fills secret placeholders; a missing secret stops the deploy before anything is written. */
export function fillSecrets(
  files: readonly BundleFile[],
  secret: (name: string) => string | undefined,
): BundleFile[] {
  const missing = new Set<string>();
  const filled = files.map((f) => {
    if (!f.content.includes('@@CW_SECRET:')) return f;
    const content = f.content.replace(SECRET_PLACEHOLDER, (_m, name: string) => {
      const value = secret(name);
      if (value === undefined) {
        missing.add(name);
        return '';
      }
      return value;
    });
    return { ...f, content, mode: f.mode & 0o700 };
  });
  if (missing.size > 0) {
    throw new DeployError(
      `secrets not provided: ${[...missing].join(', ')}. Set them in the app's keyring, or as CLUSTERWRIGHT_SECRET_<NAME> in the environment (name upper-cased, "-" as "_"); nothing was written.`,
    );
  }
  return filled;
}

export async function deploy(input: DeployInput): Promise<DeployResult> {
  const emit = input.onEvent ?? (() => undefined);
  const deployId = newDeployId();
  const files = fillSecrets(
    input.files.filter((f) => f.node !== undefined),
    input.secret,
  );
  const steps: StepResult[] = [];
  const step = (r: StepResult): void => {
    steps.push(r);
    emit({ type: 'step', result: r });
  };
  const drbdOn = (node: string): string[] =>
    input.design.drbd.filter((d) => d.nodes.includes(node)).map((d) => d.name);

  emit({ type: 'phase', phase: 'packages' });
  for (const r of await Promise.all(
    input.connections.map((c) => checkPackages(c, drbdOn(c.node).length > 0)),
  ))
    step(r);
  if (steps.some((s) => s.outcome === 'failed'))
    return { deployId, plans: [], applied: [], steps, cibChanged: false, ok: false };

  emit({ type: 'phase', phase: 'plan' });
  const plans = await planDeploy(
    input.connections.map((c) => ({ node: c.node, transport: c.transport, files })),
  );
  const first = input.connections[0];
  if (!first) throw new DeployError('the design has no nodes to deploy to');

  if (input.dryRun) {
    for (const r of await ensureAuthkey(input.connections, true)) step(r);
    for (const c of input.connections)
      for (const r of await bringUpDrbd(c, drbdOn(c.node), true)) step(r);
    for (const c of input.connections) step(await startCluster(c, true));
    // The CIB diff needs a running cluster; on a new cluster there is nothing to diff yet.
    const live = await first.transport.exec('cibadmin --query >/dev/null 2>&1');
    const cib = live.code === 0 ? await planCibPush(first.transport, input.cib) : undefined;
    return {
      deployId,
      plans,
      ...(cib ? { cib } : {}),
      applied: [],
      steps,
      cibChanged: false,
      ok: !steps.some((s) => s.outcome === 'failed'),
    };
  }

  emit({ type: 'phase', phase: 'files' });
  const byNode = new Map(input.connections.map((c) => [c.node, c.transport]));
  const backupDir = backupDirFor(deployId, input.backupRoot);
  const applied = await Promise.all(
    plans.map((p) =>
      applyNode(p, byNode.get(p.node) as NodeConnection['transport'], { backupDir, onEvent: emit }),
    ),
  );
  if (applied.some((a) => !a.ok))
    return { deployId, plans, applied, steps, cibChanged: false, ok: false };

  emit({ type: 'phase', phase: 'bring-up' });
  for (const r of await ensureAuthkey(input.connections, false)) step(r);
  for (const rs of await Promise.all(
    input.connections.map((c) => bringUpDrbd(c, drbdOn(c.node), false)),
  ))
    for (const r of rs) step(r);
  for (const r of await Promise.all(input.connections.map((c) => startCluster(c, false)))) step(r);
  if (steps.some((s) => s.outcome === 'failed'))
    return { deployId, plans, applied, steps, cibChanged: false, ok: false };
  step(await waitForQuorum(first));
  if (steps.some((s) => s.outcome === 'failed'))
    return { deployId, plans, applied, steps, cibChanged: false, ok: false };

  emit({ type: 'phase', phase: 'cib' });
  const cib = await planCibPush(first.transport, input.cib);
  const pushed = cib.changed
    ? await pushCib(first.transport, input.cib, cib.version)
    : { changed: false, patch: '' };
  step({
    step: 'cib',
    node: first.node,
    outcome: pushed.changed ? 'done' : 'unchanged',
    detail: pushed.changed
      ? 'pushed the configuration as a patch'
      : 'the live configuration already matches',
  });
  return { deployId, plans, cib, applied, steps, cibChanged: pushed.changed, ok: true };
}
