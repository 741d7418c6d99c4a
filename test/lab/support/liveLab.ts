import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLabHost } from '../../../src/lab/hostCheck.ts';
import { runInNode } from '../../../src/lab/inNode.ts';
import { labDirOf, readLabState } from '../../../src/lab/labState.ts';
import type { LabState } from '../../../src/lab/labState.ts';
import { pollUntil } from '../../../src/lab/poll.ts';
import { parseCrmMon } from '../../../src/monitor/parsers/crmMon.ts';
import type { PacemakerStatus } from '../../../src/monitor/status.ts';
import { deployDesign } from '../../../src/services/deploy.ts';
import { createLabService } from '../../../src/services/lab.ts';
import { templatePathOf } from '../../support/designs.ts';
import { requireRoot, requireTool } from '../../support/tools.ts';

/**
 * The three-node template as the live tests deploy it to a lab: under its own cluster name
 * and on networks of its own (`slot` picks them), written to a file of its own, so each test
 * or bench can run beside the others and beside test/lab/deployLab.test.ts.
 */
export interface Trio {
  readonly file: string;
  readonly cluster: string;
  /** The temporary folder holding the file; remove it when done. */
  readonly dir: string;
}

export function trioCopy(cluster: string, slot: number): Trio {
  if (!Number.isInteger(slot) || slot < 1 || slot > 9) throw new Error('slot is 1 to 9');
  const base = 100 + slot * 10;
  const text = readFileSync(templatePathOf('three-node-drbd9-openvz'), 'utf8')
    .replace(/^( {2}name: )vz-trio$/m, `$1${cluster}`)
    .replaceAll('10.30.0.', `10.${base}.0.`)
    .replaceAll('10.31.0.', `10.${base + 1}.0.`)
    .replaceAll('10.97.0.', `10.${base + 2}.0.`)
    .replaceAll('192.168.70.', `192.168.${base}.`);
  if (!text.includes(`name: ${cluster}`)) throw new Error('the template lost its cluster name');
  const dir = mkdtempSync(join(tmpdir(), `cw-${cluster}-`));
  const file = join(dir, 'design.yaml');
  writeFileSync(file, text);
  return { file, cluster, dir };
}
/** Every primitive of the template's lab CIB (fencing stand-ins included). */
export const TRIO_PRIMITIVES = [
  'ct-dns',
  'ct-proxy',
  'dns',
  'dns_private',
  'proxy',
  'proxy_private',
  'dns-ip',
  'ipmi-vz1',
  'ipmi-vz2',
  'ipmi-vz3',
];

export function requireLab(): void {
  requireRoot('the lab makes network namespaces and runs corosync and pacemaker');
  requireTool('corosync', 'corosync');
  requireTool('pacemakerd', 'pacemaker');
}

/** Lab up and deploy --lab through the services, as the UI's users would have done. */
export async function upAndDeploy(trio: Trio): Promise<LabState> {
  await createLabService().up(trio.file);
  const state = await readLabState(labDirOf(trio.cluster));
  if (!state) throw new Error(`lab up left no state in ${labDirOf(trio.cluster)}`);
  const deployed = await deployDesign({ designFile: trio.file, lab: true, dryRun: false });
  if (!deployed.ok)
    throw new Error(
      `deploy --lab failed: ${deployed.steps
        .filter((s) => s.outcome === 'failed')
        .map((s) => `${s.node}: ${s.step}: ${s.detail}`)
        .join('; ')}`,
    );
  return state;
}

export async function downLab(trio: Trio): Promise<void> {
  await createLabService().down(trio.file);
}

/** crm_mon as a lab node's own Pacemaker reports it, read inside the node (no SSH). */
export async function crmMonIn(lab: LabState, node?: string): Promise<PacemakerStatus> {
  const fresh = (await readLabState(lab.stateDir)) ?? lab;
  const target = fresh.nodes.find(
    (n) => n.state === 'running' && (node === undefined || n.name === node),
  );
  if (!target) throw new Error(`no running lab node${node ? ` named ${node}` : ''}`);
  const r = await runInNode(await checkLabHost(), target, 'crm_mon', [
    '--one-shot',
    '--inactive',
    '--output-as=xml',
  ]);
  if (r.code !== 0) throw new Error(`crm_mon in ${target.name} failed: ${r.stderr}`);
  return parseCrmMon(r.stdout);
}

/** Runs a command inside a running lab node (for faults the UI does not offer). */
export async function inLabNode(
  lab: LabState,
  node: string,
  command: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const fresh = (await readLabState(lab.stateDir)) ?? lab;
  const target = fresh.nodes.find((n) => n.name === node);
  if (!target) throw new Error(`no lab node ${node}`);
  return runInNode(await checkLabHost(), target, command, args);
}

/** Nodes a primitive runs on in its main role (Promoted for a promotable clone). */
export function runningOn(s: PacemakerStatus, id: string): string[] {
  const own = s.resources.filter((r) => r.id === id);
  const promotable = own.some((r) => r.role === 'Promoted' || r.role === 'Unpromoted');
  return own
    .filter((r) => r.role === (promotable ? 'Promoted' : 'Started'))
    .flatMap((r) => [...r.runningOn])
    .sort();
}

/** Every node online and every primitive running (promoted where promotable). */
export function settled(s: PacemakerStatus, nodes = 3): boolean {
  return (
    s.nodes.filter((n) => n.online && !n.standby).length === nodes &&
    TRIO_PRIMITIVES.every((id) => runningOn(s, id).length === 1)
  );
}

export function waitForCrmMon(
  lab: LabState,
  what: string,
  ok: (s: PacemakerStatus) => boolean,
  timeoutMs = 90_000,
): Promise<PacemakerStatus> {
  let last: PacemakerStatus | undefined;
  return pollUntil(
    async () => {
      last = await crmMonIn(lab).catch(() => undefined);
      return last && ok(last) ? last : undefined;
    },
    Date.now() + timeoutMs,
    () =>
      `crm_mon did not show ${what} within ${timeoutMs / 1000} s; last: ${JSON.stringify(
        last && { nodes: last.nodes, resources: last.resources, failures: last.failures },
      )}`,
  );
}
