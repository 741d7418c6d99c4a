import { nodePackages } from '../generators/ansible/packages.ts';
import type { BundleFile } from '../generators/bundleFile.ts';
import type { Design } from '../model/types.ts';
import type { ApplyEvent, ApplyOptions, NodeApplyResult } from './apply.ts';
import { applyNode } from './apply.ts';
import type { NodeConnection, StepResult } from './bringUp.ts';
import { bringUpDrbd, ensureAuthkey, startCluster, waitForQuorum } from './bringUp.ts';
import type { CibPlan } from './cibPush.ts';
import { planCibPush, pushCib } from './cibPush.ts';
import { backupDirFor, newDeployId } from './deployId.ts';
import { CIB_BACKUP_NAME, dropCibPush, recordCibPush } from './deployRecord.ts';
import { checkPackages } from './packages.ts';
import type { DeployFile, NodePlan, PlanSummary } from './plan.ts';
import { newPlanMemo, planNode } from './plan.ts';
import {
  chapProblems,
  fenceSecretFiles,
  fillSecrets,
  redactDeep,
  redactorOf,
  resolveSecrets,
  secretNamesOf,
} from './secretFiles.ts';

/**
 * A deploy, in order: check packages, plan (read every node, diff every file, diff the
 * CIB), then — unless it is a dry run — write the files atomically with backups and a
 * record for rollback, create or copy the corosync authkey, bring DRBD up, start the
 * cluster, wait for quorum and push the CIB as a diff. Every step checks first, so running
 * it twice changes nothing. Nodes are worked on in parallel and every event names its node.
 */
export type DeployPhase = 'packages' | 'plan' | 'files' | 'bring-up' | 'cib';

export type DeployEvent =
  | ApplyEvent
  | { readonly type: 'phase'; readonly phase: DeployPhase }
  | { readonly type: 'node-plan'; readonly node: string; readonly summary: PlanSummary }
  | { readonly type: 'step'; readonly result: StepResult };

export interface DeployInput {
  readonly design: Design;
  /** The bundle's node files (with `node`); cluster files are ignored. */
  readonly files: readonly BundleFile[];
  /** The CIB to push. */
  readonly cib: string;
  readonly connections: readonly NodeConnection[];
  readonly dryRun: boolean;
  /**
   * Secret values by name, for the placeholders in files and the fence password scripts.
   * Every value is kept out of events, diffs, errors and the result.
   */
  readonly secret: (name: string) => string | undefined;
  /**
   * The packages a node needs, by Debian name; default: what the design's files and
   * roles need (the Ansible generator's list). A lab needs only the cluster stack.
   */
  readonly packagesFor?: (node: string, files: readonly DeployFile[]) => readonly string[];
  readonly onEvent?: (e: DeployEvent) => void;
  /** Root of the backup folders on the nodes (tests and labs may move it). */
  readonly backupRoot?: string;
  /** Awaited as each file's bytes go out (see ApplyOptions): tests interrupt here. */
  readonly onProgress?: ApplyOptions['onProgress'];
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

export async function deploy(input: DeployInput): Promise<DeployResult> {
  const first = input.connections[0];
  if (!first) throw new DeployError('the design has no nodes to deploy to');
  const bundleFiles = input.files.filter((f) => f.node !== undefined);
  // Every secret is known before anything connects or is written; a missing one stops here.
  const secrets = resolveSecrets(secretNamesOf(input.design, bundleFiles), input.secret);
  const chap = chapProblems(input.design, secrets);
  if (chap.length > 0)
    throw new DeployError(`${chap.join('; ')}. Set a new value; nothing was written.`);
  const redact = redactorOf(secrets);
  const value = (name: string) => secrets.get(name) as string;
  const files: DeployFile[] = [
    ...fillSecrets(bundleFiles, value),
    ...fenceSecretFiles(input.design, value),
  ];
  const emit = (e: DeployEvent) => input.onEvent?.(redactDeep(e, redact));
  try {
    return redactDeep(await run(input, files, emit, redact), redact);
  } catch (e) {
    throw redactDeep(e, redact);
  }
}

async function run(
  input: DeployInput,
  files: readonly DeployFile[],
  emit: (e: DeployEvent) => void,
  redact: (text: string) => string,
): Promise<DeployResult> {
  const deployId = newDeployId();
  const first = input.connections[0] as NodeConnection;
  const steps: StepResult[] = [];
  const step = (r: StepResult): void => {
    steps.push(r);
    emit({ type: 'step', result: r });
  };
  const failed = () => steps.some((s) => s.outcome === 'failed');
  const drbdOn = (node: string): string[] =>
    input.design.drbd.filter((d) => d.nodes.includes(node)).map((d) => d.name);
  const filesOf = (node: string) => files.filter((f) => f.node === node);
  const packagesFor =
    input.packagesFor ??
    ((node: string, nodeFiles: readonly DeployFile[]) => {
      const n = input.design.nodes.find((x) => x.name === node);
      const bundled = nodeFiles.filter((f): f is BundleFile => 'kind' in f);
      return n ? nodePackages(input.design, n, bundled) : [];
    });

  emit({ type: 'phase', phase: 'packages' });
  await Promise.all(
    input.connections.map(async (c) =>
      step(await checkPackages(c, packagesFor(c.node, filesOf(c.node)))),
    ),
  );
  if (failed()) return { deployId, plans: [], applied: [], steps, cibChanged: false, ok: false };

  emit({ type: 'phase', phase: 'plan' });
  const memo = newPlanMemo();
  const plans = await Promise.all(
    input.connections.map(async (c) => {
      const plan = await planNode({ node: c.node, transport: c.transport, files, redact }, memo);
      emit({ type: 'node-plan', node: c.node, summary: plan.summary });
      return plan;
    }),
  );

  if (input.dryRun) {
    for (const r of await ensureAuthkey(input.connections, true)) step(r);
    // drbdadm's own dry run reads the node's DRBD configuration: it can only speak for a
    // node whose configuration this deploy leaves as it is.
    const drbdPending = (node: string) =>
      plans
        .find((p) => p.node === node)
        ?.files.some(
          (f) =>
            f.file.path.startsWith('/etc/drbd.d/') &&
            (f.change === 'create' || f.change === 'update'),
        ) ?? false;
    for (const rs of await Promise.all(
      input.connections.map((c) =>
        drbdPending(c.node)
          ? Promise.resolve(
              drbdOn(c.node).map((res): StepResult => ({
                step: `drbd ${res}`,
                node: c.node,
                outcome: 'dry-run',
                detail:
                  'would create metadata where absent and adjust, once its new configuration is written',
              })),
            )
          : bringUpDrbd(c, drbdOn(c.node), true),
      ),
    ))
      rs.forEach(step);
    for (const r of await Promise.all(input.connections.map((c) => startCluster(c, true)))) step(r);
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
      ok: !failed(),
    };
  }

  emit({ type: 'phase', phase: 'files' });
  const byNode = new Map(input.connections.map((c) => [c.node, c.transport]));
  const backupDir = backupDirFor(deployId, input.backupRoot);
  const applied = await Promise.all(
    plans.map((p) =>
      applyNode(p, byNode.get(p.node) as NodeConnection['transport'], {
        backupDir,
        deployId,
        onEvent: emit,
        ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      }),
    ),
  );
  if (applied.some((a) => !a.ok))
    return { deployId, plans, applied, steps, cibChanged: false, ok: false };

  emit({ type: 'phase', phase: 'bring-up' });
  for (const r of await ensureAuthkey(input.connections, false)) step(r);
  for (const rs of await Promise.all(
    input.connections.map((c) => bringUpDrbd(c, drbdOn(c.node), false)),
  ))
    rs.forEach(step);
  for (const r of await Promise.all(input.connections.map((c) => startCluster(c, false)))) step(r);
  if (failed()) return { deployId, plans, applied, steps, cibChanged: false, ok: false };
  step(await waitForQuorum(first));
  if (failed()) return { deployId, plans, applied, steps, cibChanged: false, ok: false };

  emit({ type: 'phase', phase: 'cib' });
  const cib = await planCibPush(first.transport, input.cib);
  let pushed: { changed: boolean; patch: string; after?: string } = { changed: false, patch: '' };
  const saved = `${backupDir}/${CIB_BACKUP_NAME}`;
  if (cib.changed) {
    // On record before the push, so that a rollback finds the saved configuration even
    // when the deploy stops between the push and the version it then records.
    const base = { deployId, node: first.node };
    await recordCibPush(first.transport, backupDir, base, { saved, before: cib.version });
    try {
      pushed = await pushCib(first.transport, input.cib, cib.version, saved);
    } finally {
      // Refused or found nothing to do: this deploy did not change the CIB after all.
      if (!pushed.changed) await dropCibPush(first.transport, backupDir).catch(() => undefined);
    }
    if (pushed.changed)
      await recordCibPush(first.transport, backupDir, base, {
        saved,
        before: cib.version,
        ...(pushed.after ? { after: pushed.after } : {}),
      });
  }
  step({
    step: 'cib',
    node: first.node,
    outcome: pushed.changed ? 'done' : 'unchanged',
    detail: pushed.changed
      ? `pushed the configuration as a patch; the one it replaced is kept in ${saved} for a rollback`
      : 'the live configuration already matches',
  });
  return { deployId, plans, cib, applied, steps, cibChanged: pushed.changed, ok: true };
}
