import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { labDirOf, readLabState } from '../../src/lab/labState.ts';
import type { LabState } from '../../src/lab/labState.ts';
import { pollUntil } from '../../src/lab/poll.ts';
import { connectLab, labOf } from '../../src/services/connect.ts';
import { importFromNodes } from '../../src/services/importRemote.ts';
import { carried } from '../importers/carried.ts';
import { loadTemplate, templatePathOf } from '../support/designs.ts';
import { requireRoot, requireTool } from '../support/tools.ts';
import { labLeftovers } from './support/leftovers.ts';

/**
 * The acceptance path of the lab, as a user types it: lab up a three-node template,
 * deploy to it through the normal deploy path, read the status, kill the node running a
 * VM stand-in, watch the VM move, revive the node, take the lab down.
 */
const DESIGN = templatePathOf('three-node-drbd9-openvz');
const CLUSTER = 'vz-trio';

interface Status {
  nodes: { name: string; online: boolean }[];
  resources: { id: string; role: string; running_on: string[] }[];
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function status(): Promise<Status> {
  const r = await cli(['status', DESIGN, '--lab', '--json']);
  return JSON.parse(r.out) as Status;
}

const startedOn = (s: Status, id: string): string[] =>
  s.resources
    .filter((r) => r.id === id && (r.role === 'Started' || r.role === 'Promoted'))
    .flatMap((r) => r.running_on);

describe('deploy to a lab and watch a failover (real corosync + pacemaker)', () => {
  let state: LabState | undefined;

  afterAll(async () => {
    // Leave nothing behind even when an assertion failed half-way.
    if (state) await cli(['lab', 'down', DESIGN]);
  });

  it('lab up, deploy --lab, status, kill, failover, revive, lab down', async () => {
    requireRoot('the lab makes network namespaces and runs corosync and pacemaker');
    requireTool('corosync', 'corosync');
    requireTool('pacemakerd', 'pacemaker');

    const up = await cli(['lab', 'up', DESIGN]);
    expect(up.code, up.err).toBe(0);
    state = await readLabState(labDirOf(CLUSTER));
    expect(state?.nodes.map((n) => n.name)).toEqual(['vz1', 'vz2', 'vz3']);

    const first = await cli(['deploy', DESIGN, '--lab']);
    expect(first.code, `${first.out}\n${first.err}`).toBe(0);
    expect(first.out).toMatch(/deployed .*CIB changed/);
    // DRBD has no kernel module in a lab node: its steps are dry runs, said so.
    expect(first.out).toMatch(/drbd ct-dns: dry-run — no DRBD kernel module/);

    // A second deploy finds nothing to do.
    const second = await cli(['deploy', DESIGN, '--lab']);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/0 file\(s\) changed, CIB unchanged/);

    // Importing from the lab nodes over SSH gives back the design that was deployed.
    const design = loadTemplate('three-node-drbd9-openvz');
    const connections = await connectLab(await labOf(design));
    try {
      const imported = await importFromNodes(
        connections.map((c) => ({ transport: c.transport, node: c.node })),
      );
      if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
      expect(imported.design.drbd.length).toBeGreaterThan(0);
      expect(carried(imported.design)).toEqual(carried(design));
    } finally {
      await Promise.all(connections.map((c) => c.transport.close()));
    }

    const everyResource = ['dns', 'proxy', 'dns-ip', 'dns_private', 'proxy_private'];
    const running = await pollUntil(
      async () => {
        const s = await status();
        return s.nodes.every((n) => n.online) &&
          everyResource.every((id) => startedOn(s, id).length === 1)
          ? s
          : undefined;
      },
      Date.now() + 90_000,
      'not every node online and every resource started within 90 s of the deploy',
    );
    expect(startedOn(running, 'ct-dns')).toHaveLength(1);
    const victim = startedOn(running, 'dns')[0]!;

    expect((await cli(['lab', 'kill', victim])).code).toBe(0);
    const after = await pollUntil(
      async () => {
        const s = await status();
        const on = startedOn(s, 'dns');
        return s.nodes.find((n) => n.name === victim)?.online === false &&
          on.length === 1 &&
          on[0] !== victim
          ? s
          : undefined;
      },
      Date.now() + 60_000,
      `the VM stand-in "dns" did not move off ${victim} within 60 s`,
    );
    expect(after.nodes.filter((n) => n.online)).toHaveLength(2);

    const revived = await cli(['lab', 'revive', victim]);
    expect(revived.code, revived.err).toBe(0);
    const back = await status();
    expect(back.nodes.every((n) => n.online)).toBe(true);

    const down = await cli(['lab', 'down', DESIGN]);
    expect(down.code, down.err).toBe(0);
    const made = state!;
    state = undefined;
    expect(labLeftovers(made)).toEqual([]);
  }, 400_000);
});
