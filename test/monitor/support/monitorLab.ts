import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from '../../../src/deploy/quote.ts';
import type { Transport } from '../../../src/deploy/transport/transport.ts';
import { labDown } from '../../../src/lab/labDown.ts';
import type { LabState } from '../../../src/lab/labState.ts';
import { labUp } from '../../../src/lab/labUp.ts';
import type { Design } from '../../../src/model/types.ts';
import { connectLab } from '../../../src/services/connect.ts';
import { testCorosyncConf } from '../../lab/support/corosyncConf.ts';
import { LAB_TRIO, loadFixture } from '../../lab/support/fixtures.ts';
import { requireRoot, requireTool } from '../../support/tools.ts';

/** The lab fixture under a name and networks of its own, so it never meets another lab. */
export function monitorLabDesign(cluster: string, subnet: number): Design {
  const base = loadFixture(LAB_TRIO);
  const [ring0, mgmt] = base.networks;
  if (!ring0 || !mgmt) throw new Error('the lab fixture lost its networks');
  return {
    ...base,
    cluster: { ...base.cluster, name: cluster },
    networks: [
      { ...ring0, cidr: `172.30.${subnet}.0/24` },
      { ...mgmt, cidr: `172.30.${subnet + 1}.0/24` },
    ],
    nodes: base.nodes.map((n, i) => ({
      ...n,
      name: `${cluster}-${String.fromCharCode(97 + i)}`,
      addresses: { ring0: `172.30.${subnet}.${11 + i}`, mgmt: `172.30.${subnet + 1}.${11 + i}` },
    })),
  };
}

/** Where the Dummy stand-in for a VM keeps its state file: removing it fails its monitor. */
export const VM_STATE_FILE = '/run/cw-vm-web.state';

/**
 * Resources like a small HA cluster's, with Pacemaker's own test agents: a promotable
 * clone (Stateful, as DRBD), a VM stand-in (Dummy, monitored every 2 s) preferring the
 * first node, and a group that follows the VM. Each element is one `cibadmin --create`.
 */
export function monitorLabCib(
  first: string,
  third: string,
): { resources: string[]; constraints: string[] } {
  const monitor = (id: string) =>
    `<operations><op id="${id}-monitor" name="monitor" interval="2s" timeout="20s"/></operations>`;
  return {
    resources: [
      '<clone id="drbd-r0-clone"><meta_attributes id="drbd-r0-clone-meta">' +
        '<nvpair id="drbd-r0-clone-promotable" name="promotable" value="true"/>' +
        '<nvpair id="drbd-r0-clone-promoted-max" name="promoted-max" value="1"/>' +
        '<nvpair id="drbd-r0-clone-clone-max" name="clone-max" value="2"/></meta_attributes>' +
        '<primitive id="drbd-r0" class="ocf" provider="pacemaker" type="Stateful">' +
        '<operations><op id="drbd-r0-mon-p" name="monitor" interval="3s" role="Promoted"/>' +
        '<op id="drbd-r0-mon-u" name="monitor" interval="4s" role="Unpromoted"/></operations>' +
        '</primitive></clone>',
      '<primitive id="vm-web" class="ocf" provider="pacemaker" type="Dummy">' +
        `<instance_attributes id="vm-web-params"><nvpair id="vm-web-state" name="state" value="${VM_STATE_FILE}"/></instance_attributes>` +
        `${monitor('vm-web')}</primitive>`,
      '<group id="web-group">' +
        `<primitive id="web-ip" class="ocf" provider="pacemaker" type="Dummy">${monitor('web-ip')}</primitive>` +
        `<primitive id="web-fs" class="ocf" provider="pacemaker" type="Dummy">${monitor('web-fs')}</primitive>` +
        '</group>',
    ],
    constraints: [
      `<rsc_location id="vm-prefers-first" rsc="vm-web" node="${first}" score="50"/>`,
      `<rsc_location id="drbd-not-third" rsc="drbd-r0-clone" node="${third}" score="-INFINITY"/>`,
      '<rsc_colocation id="web-with-vm" rsc="web-group" with-rsc="vm-web" score="INFINITY"/>',
    ],
  };
}

export interface MonitorLab {
  readonly design: Design;
  readonly state: LabState;
  readonly baseDir: string;
  down(): Promise<void>;
}

/** Runs one command on a lab node over SSH (the transport and the quoting of deploy). */
export async function onNode(t: Transport, argv: readonly string[]): Promise<string> {
  const r = await t.exec(command(argv), { timeoutMs: 30_000 });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} on ${t.name}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Starts a three-node lab and loads the resources above into its CIB. */
export async function startMonitorLab(cluster: string, subnet: number): Promise<MonitorLab> {
  requireRoot('the lab makes network namespaces and runs corosync and pacemaker');
  requireTool('corosync', 'corosync');
  requireTool('pacemakerd', 'pacemaker');
  const design = monitorLabDesign(cluster, subnet);
  const baseDir = mkdtempSync(join(tmpdir(), 'cw-monlab-'));
  const { state } = await labUp(design, { corosyncConf: testCorosyncConf(design), baseDir });
  const down = async () => {
    // A veth can vanish between lab down's check and its delete (the kernel removes a
    // namespace's veth peers on its own time); a second pass takes down what is left.
    await labDown(cluster, { baseDir }).catch(() => labDown(cluster, { baseDir }));
    rmSync(baseDir, { recursive: true, force: true });
  };
  try {
    const names = state.nodes.map((n) => n.hostname);
    const [first, , third] = names;
    if (!first || !third) throw new Error('the monitor lab needs three nodes');
    const [c] = await connectLab(state, [state.nodes[0]!.name]);
    try {
      // The lab starts from a pacemaker-3.0 CIB; Promoted/Unpromoted need the current schema.
      await onNode(c!.transport, ['cibadmin', '--upgrade', '--force']);
      const cib = monitorLabCib(first, third);
      for (const [scope, elements] of [
        ['resources', cib.resources],
        ['constraints', cib.constraints],
      ] as const)
        for (const xml of elements)
          await onNode(c!.transport, ['cibadmin', '--create', '--scope', scope, '--xml-text', xml]);
    } finally {
      await c!.transport.close();
    }
  } catch (e) {
    await down();
    throw e;
  }
  return { design, state, baseDir, down };
}
