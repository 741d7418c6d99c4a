import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabState } from '../../src/lab/labState.ts';
import type { ClusterOperation } from '../../src/services/liveContract.ts';
import { createServices } from '../../src/services/services.ts';
import { labLeftovers } from './support/leftovers.ts';
import {
  downLab,
  inLabNode,
  requireLab,
  runningOn,
  settled,
  trioCopy,
  upAndDeploy,
  waitForCrmMon,
} from './support/liveLab.ts';

/**
 * Every operation the canvas offers, run through the services' cluster.operate on a lab
 * deployed with the three-node template, and checked in crm_mon read inside a lab node.
 */
const TRIO = trioCopy('vz-ops', 3);
const api = createServices();
const SESSION = 'operations-lab-test';

async function operate(operation: ClusterOperation): Promise<string> {
  const planned = await api['cluster.operate']({
    designFile: TRIO.file,
    lab: true,
    session: SESSION,
    operation,
    dryRun: true,
  });
  const r = await api['cluster.operate']({
    designFile: TRIO.file,
    lab: true,
    session: SESSION,
    operation,
    dryRun: false,
    expectCommand: planned.command,
  });
  expect(r.command).toBe(planned.command);
  expect(r.code, `${r.command} on ${r.ranOn}: ${r.stderr}`).toBe(0);
  return r.command;
}

async function constraints(lab: LabState): Promise<string> {
  const r = await inLabNode(lab, 'vz1', 'cibadmin', ['--query', '--scope', 'constraints']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('cluster operations on a lab (real corosync + pacemaker)', () => {
  let lab: LabState | undefined;

  afterAll(async () => {
    await api['status.stop']({ session: SESSION });
    if (lab) await downLab(TRIO);
    rmSync(TRIO.dir, { recursive: true, force: true });
  });

  it('standby/online, move/clear (a container and a DRBD promotion), cleanup', async () => {
    requireLab();
    lab = await upAndDeploy(TRIO);
    const first = await waitForCrmMon(lab, 'every node online, every resource running', (s) =>
      settled(s),
    );

    // Standby empties a node; online lets it run resources again.
    const victim = runningOn(first, 'dns')[0]!;
    expect(await operate({ kind: 'node-standby', node: victim })).toBe(
      `crm_attribute --type nodes --node ${victim} --name standby --update on`,
    );
    await waitForCrmMon(lab, `${victim} in standby with dns moved off it`, (s) => {
      const n = s.nodes.find((x) => x.name === victim);
      const on = runningOn(s, 'dns');
      return n?.standby === true && on.length === 1 && on[0] !== victim;
    });
    await operate({ kind: 'node-online', node: victim });
    const back = await waitForCrmMon(
      lab,
      `${victim} out of standby`,
      (s) => s.nodes.find((x) => x.name === victim)?.standby === false && settled(s),
    );

    // Move the container group to a node it is not on, then clear the constraint it left.
    const from = runningOn(back, 'dns')[0]!;
    const to = ['vz1', 'vz2', 'vz3'].find((n) => n !== from)!;
    expect(await operate({ kind: 'resource-move', resource: 'dns', node: to })).toBe(
      `crm_resource --move --resource dns_group --node ${to}`,
    );
    await waitForCrmMon(lab, `dns on ${to}`, (s) => runningOn(s, 'dns')[0] === to);
    expect(await constraints(lab)).toMatch(/id="cli-prefer-dns_group"/);
    await operate({ kind: 'resource-clear', resource: 'dns' });
    expect(await constraints(lab)).not.toMatch(/cli-prefer-dns_group/);
    // Stickiness keeps it where it was moved once the constraint is gone.
    const cleared = await waitForCrmMon(lab, 'a settled cluster after clear', (s) => settled(s));
    expect(runningOn(cleared, 'dns')).toEqual([to]);

    // A promotable clone moves its promoted role.
    const promotedOn = runningOn(cleared, 'ct-proxy')[0]!;
    const promoteTo = ['vz1', 'vz2', 'vz3'].find((n) => n !== promotedOn)!;
    expect(await operate({ kind: 'resource-move', resource: 'ct-proxy', node: promoteTo })).toBe(
      `crm_resource --move --resource ct-proxy_clone --node ${promoteTo} --promoted`,
    );
    await waitForCrmMon(
      lab,
      `ct-proxy promoted on ${promoteTo}`,
      (s) => runningOn(s, 'ct-proxy')[0] === promoteTo,
    );
    await operate({ kind: 'resource-clear', resource: 'ct-proxy' });
    expect(await constraints(lab)).not.toMatch(/cli-prefer-ct-proxy_clone/);

    // A failure recorded by Pacemaker, then cleaned up from the canvas.
    const ipOn = runningOn(await waitForCrmMon(lab, 'settled', (s) => settled(s)), 'dns-ip')[0]!;
    const failed = await inLabNode(lab, 'vz1', 'crm_resource', [
      '--fail',
      '--resource',
      'dns-ip',
      '--node',
      ipOn,
    ]);
    expect(failed.code, failed.stderr).toBe(0);
    await waitForCrmMon(lab, 'a failure of dns-ip', (s) =>
      s.failures.some((f) => f.resource === 'dns-ip'),
    );
    expect(await operate({ kind: 'resource-cleanup', resource: 'dns-ip' })).toBe(
      'crm_resource --cleanup --resource dns-ip',
    );
    await waitForCrmMon(
      lab,
      'no failure of dns-ip after cleanup',
      (s) => !s.failures.some((f) => f.resource === 'dns-ip') && settled(s),
    );

    // An unknown name is refused before anything runs.
    await expect(
      api['cluster.operate']({
        designFile: TRIO.file,
        lab: true,
        operation: { kind: 'node-standby', node: 'vz9' },
        dryRun: false,
      }),
    ).rejects.toThrow(/no node named "vz9" in the design \(nodes: vz1, vz2, vz3\)/);

    await api['status.stop']({ session: SESSION });
    await downLab(TRIO);
    const made = lab;
    lab = undefined;
    expect(labLeftovers(made)).toEqual([]);
  }, 600_000);
});
