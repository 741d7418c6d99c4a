import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/monitor/nodePool.ts';
import { NodePool } from '../../src/monitor/nodePool.ts';
import type { NodePlan } from '../../src/monitor/probePlan.ts';
import { StatusWatch, probeAll } from '../../src/monitor/watch.ts';
import { pollUntil } from '../../src/lab/poll.ts';
import type { Design } from '../../src/model/types.ts';
import { assembleReport } from '../../src/services/status.ts';
import { connectTo } from '../deploy/connect.ts';
import { LAB_TRIO, loadFixture } from '../lab/support/fixtures.ts';
import type { SshTestHosts } from '../support/sshHosts.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { ProbeLog } from './support/probeLog.ts';

/**
 * The monitor against real sshd hosts in network namespaces: every collector over SSH, and
 * what happens when a host dies or hangs. These hosts run no Pacemaker and have no DRBD
 * module: what the collectors say about that is part of what is tested.
 */
const hosts = useSshHosts(3);
const tempDir = useTempDir('cw-monitor-');
const NODES = ['h0', 'h1', 'h2'];
const VIRSH_NODE = fileURLToPath(new URL('./fixtures/virsh-test-node.xml', import.meta.url));

function connectors(set: SshTestHosts, dir: string): Map<string, Connector> {
  return new Map(
    NODES.map((node, i) => [
      node,
      () =>
        connectTo(set.host(i), dir, {
          keepaliveIntervalMs: 1000,
          keepaliveCountMax: 3,
          readyTimeoutMs: 4000,
        }),
    ]),
  );
}

function designOf(): Design {
  const base = loadFixture(LAB_TRIO);
  return { ...base, nodes: base.nodes.map((n, i) => ({ ...n, name: NODES[i]! })) };
}

const toolOnThisMachine = (tool: string) =>
  ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) => existsSync(join(d, tool)));

/** Connections the client ended itself (an SSH disconnect message, not a dropped socket). */
function disconnectsOf(set: SshTestHosts, i: number): number {
  const log = readFileSync(join(set.dir, `host${i}`, 'sshd.log'), 'utf8');
  return log.split('\n').filter((l) => /Received disconnect from/.test(l)).length;
}

/** sshd's own log of logins (sshd -e writes it per host): the server's count, not ours. */
function loginsOf(set: SshTestHosts, i: number): number {
  const log = readFileSync(join(set.dir, `host${i}`, 'sshd.log'), 'utf8');
  return log.split('\n').filter((l) => /Accepted publickey for root/.test(l)).length;
}

let stopAfter: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopAfter?.();
  stopAfter = undefined;
});

describe('collectors over real SSH', () => {
  it('one round on three hosts: crm_mon, DRBD 9 and 8.4, virsh, iSCSI, each with its verdict', async () => {
    const plans: NodePlan[] = [
      { node: 'h0', drbd: { version: '9' }, vms: { uri: `test://${VIRSH_NODE}` }, iscsi: true },
      {
        node: 'h1',
        drbd: { version: '8.4', minors: new Map([[0, { name: 'r0', volume: 0, peer: 'h0' }]]) },
      },
      { node: 'h2' },
    ];
    const pool = new NodePool(connectors(hosts(), tempDir()));
    stopAfter = () => pool.closeAll();
    const [h0, h1, h2] = await probeAll(pool, plans, 20_000);

    for (const p of [h0!, h1!, h2!]) {
      expect(p.reachable, p.error).toBe(true);
      // No Pacemaker runs on these hosts: crm_mon says so, in its own words.
      expect(p.crm).toMatchObject({ state: 'failed', error: expect.stringMatching(/^crm_mon: /) });
    }
    const noModule = {
      state: 'absent',
      reason: 'the DRBD kernel module is not loaded (no /proc/drbd)',
    };
    if (!existsSync('/proc/drbd')) {
      expect(h0!.drbd).toEqual(
        toolOnThisMachine('drbdsetup')
          ? noModule
          : { state: 'absent', reason: 'drbdsetup is not installed (drbd-utils)' },
      );
      expect(h1!.drbd).toEqual(noModule);
    } else {
      expect(h0!.drbd?.state).not.toBe('absent');
    }
    expect(h0!.vms).toEqual({
      state: 'ok',
      value: [
        { name: 'web', state: 'running' },
        { name: 'mail', state: 'paused', reason: 'unknown' },
        { name: 'crashy', state: 'crashed', reason: 'unknown' },
        { name: 'db', state: 'shut off' },
      ],
    });
    expect(h0!.iscsi).toEqual(
      toolOnThisMachine('iscsiadm')
        ? { state: 'ok', value: [] }
        : { state: 'absent', reason: 'iscsiadm is not installed (open-iscsi)' },
    );
    expect(h2).not.toHaveProperty('drbd');
    expect(h2).not.toHaveProperty('vms');

    const report = assembleReport(designOf(), new Map([h0!, h1!, h2!].map((p) => [p.node, p])));
    expect(report.error).toMatch(/^no node gave a cluster view: crm_mon: Not connected/);
    expect(report.nodes.map((n) => [n.name, n.online, n.reachable])).toEqual([
      ['h0', false, true],
      ['h1', false, true],
      ['h2', false, true],
    ]);
    expect(report.resources).toEqual([]);
    expect(report.nodes[0]!.vms?.state).toBe('ok');
  });

  it('a virsh that cannot reach libvirt is that collector failing, not the node', async () => {
    const pool = new NodePool(connectors(hosts(), tempDir()));
    stopAfter = () => pool.closeAll();
    const [p] = await probeAll(
      pool,
      [{ node: 'h0', vms: { uri: 'test:///no/such/file.xml' } }],
      20_000,
    );
    expect(p!.reachable).toBe(true);
    expect(p!.vms).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^virsh list exited 1/),
    });
  });
});

describe('when hosts die or hang', () => {
  const plans: NodePlan[] = NODES.map((node) => ({ node }));

  it('keeps one connection per host across rounds; a killed host is unreachable, the rest go on', async () => {
    const set = hosts();
    const logins = [0, 1, 2].map((i) => loginsOf(set, i));
    const pool = new NodePool(connectors(set, tempDir()));
    const log = new ProbeLog();
    const watch = new StatusWatch(pool, plans, { intervalMs: 200, timeoutMs: 10_000 }, log.add);
    stopAfter = () => watch.stop();
    watch.start();

    for (const node of NODES) await log.more(node, 5, 0, `five rounds of ${node}`);
    expect(pool.openCount()).toBe(3);
    expect([...pool.connectCounts().values()]).toEqual([1, 1, 1]);
    expect([0, 1, 2].map((i) => loginsOf(set, i) - logins[i]!)).toEqual([1, 1, 1]);

    await set.host(1).killAll();
    const mark = log.probes.length;
    const lost = await log.next((p) => p.node === 'h1' && !p.reachable, 'h1 unreachable', mark);
    expect(['closed', 'unreachable']).toContain(lost.errorKind);
    // The others keep answering, on the connections they had.
    const after = log.probes.length;
    for (const node of ['h0', 'h2']) {
      const rounds = await log.more(node, 5, after, `five more rounds of ${node}`);
      expect(rounds.every((p) => p.reachable)).toBe(true);
    }
    expect(log.of('h1', after).every((p) => !p.reachable)).toBe(true);

    await set.host(1).startSshd();
    await log.next((p) => p.node === 'h1' && p.reachable, 'h1 back', log.probes.length);
    expect(Object.fromEntries(pool.connectCounts())).toEqual({ h0: 1, h1: 2, h2: 1 });
    expect(pool.openCount()).toBe(3);
  });

  it('a host that stops answering costs its own rounds only, then shows as timed out', async () => {
    const set = hosts();
    const pool = new NodePool(connectors(set, tempDir()));
    const log = new ProbeLog();
    // A round may take 30 s: far longer than the others need for many rounds of their own.
    const watch = new StatusWatch(pool, plans, { intervalMs: 200, timeoutMs: 30_000 }, log.add);
    stopAfter = async () => {
      set.host(2).setLink(true);
      await watch.stop();
    };
    watch.start();
    for (const node of NODES) await log.more(node, 2, 0, `two rounds of ${node}`);

    set.host(2).setLink(false);
    const mark = log.probes.length;
    // While h2's round hangs, h0 and h1 go on round after round.
    for (const node of ['h0', 'h1']) await log.more(node, 8, mark, `eight rounds of ${node}`);
    const hung = await log.next((p) => p.node === 'h2', 'h2 ends its hung round', mark);
    const othersBefore = log.probes
      .slice(mark, log.probes.indexOf(hung))
      .filter((p) => p.node !== 'h2');
    expect(othersBefore.length).toBeGreaterThanOrEqual(16);
    expect(othersBefore.every((p) => p.reachable)).toBe(true);
    expect(hung).toMatchObject({ reachable: false, errorKind: 'timeout' });

    set.host(2).setLink(true);
    await log.next((p) => p.node === 'h2' && p.reachable, 'h2 back', log.probes.length);
    expect(pool.openCount()).toBe(3);
  });

  it('one look with a host that never answers: the others are reported, it is timed out', async () => {
    const set = hosts();
    set.host(0).setLink(false);
    const pool = new NodePool(connectors(set, tempDir()));
    stopAfter = async () => {
      set.host(0).setLink(true);
      await pool.closeAll();
    };
    const [h0, h1, h2] = await probeAll(pool, plans, 2000);
    expect(h0).toMatchObject({ reachable: false, errorKind: 'timeout' });
    expect(h0!.error).toMatch(/did not complete the SSH login in time/);
    expect([h1!.reachable, h2!.reachable]).toEqual([true, true]);
    const report = assembleReport(designOf(), new Map([h0!, h1!, h2!].map((p) => [p.node, p])));
    expect(report.unreachable.map((u) => u.node)).toEqual(['h0']);
    // Closing does not wait for the login still hanging; it closes itself if it ever lands.
    await pool.closeAll();
    expect(pool.openCount()).toBe(0);
  });

  it('stop closes every connection, and each host sees its client say goodbye', async () => {
    const set = hosts();
    const pool = new NodePool(connectors(set, tempDir()));
    const log = new ProbeLog();
    const watch = new StatusWatch(pool, plans, { intervalMs: 200, timeoutMs: 10_000 }, log.add);
    watch.start();
    for (const node of NODES) await log.more(node, 2, 0, `two rounds of ${node}`);
    const before = [0, 1, 2].map((i) => disconnectsOf(set, i));
    await watch.stop();
    expect(pool.openCount()).toBe(0);
    const ended = await pollUntil(
      async () => {
        const now = [0, 1, 2].map((i) => disconnectsOf(set, i) - before[i]!);
        return now.every((n) => n >= 1) ? now : undefined;
      },
      Date.now() + 10_000,
      'every host to log the end of its connection',
    );
    expect(ended).toEqual([1, 1, 1]);
    const rounds = log.probes.length;
    await watch.stop();
    expect(log.probes.length).toBe(rounds);
  });
});
