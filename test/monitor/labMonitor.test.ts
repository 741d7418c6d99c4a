import { afterAll, describe, expect, it } from 'vitest';
import { labKill, labRevive } from '../../src/lab/labFaults.ts';
import type { ClusterStatusReport, StatusWatchHandle } from '../../src/services/status.ts';
import { statusOfDesign, watchStatusOfDesign } from '../../src/services/status.ts';
import { connectLab } from '../../src/services/connect.ts';
import type { MonitorLab } from './support/monitorLab.ts';
import { VM_STATE_FILE, onNode, startMonitorLab } from './support/monitorLab.ts';

/**
 * The monitor against a real corosync + Pacemaker lab: the watch keeps one SSH connection
 * per node, sees a failed monitor, sees a killed node go offline and its resources move
 * while the other nodes keep reporting, and takes the node back when it is revived.
 */
const startedOn = (r: ClusterStatusReport, id: string, role = 'Started'): string[] =>
  r.resources.filter((x) => x.id === id && x.role === role).flatMap((x) => x.running_on);

class Reports {
  readonly all: ClusterStatusReport[] = [];
  readonly #waiters = new Set<() => void>();
  readonly add = (r: ClusterStatusReport): void => {
    this.all.push(r);
    for (const w of [...this.#waiters]) w();
  };
  /** The first report from index `from` on that matches, as it arrives. */
  next(
    match: (r: ClusterStatusReport) => boolean,
    what: string,
    from = 0,
  ): Promise<ClusterStatusReport> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.all.slice(from).find(match);
        if (!hit) return;
        done();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        done();
        const last = this.all.at(-1);
        reject(new Error(`no report showed: ${what}; the last: ${JSON.stringify(last)}`));
      }, 120_000);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }
}

describe('status of a real lab cluster', () => {
  let lab: MonitorLab | undefined;
  let watch: StatusWatchHandle | undefined;
  afterAll(async () => {
    await watch?.stop();
    await lab?.down();
  });

  it('one look, then a watch through a failed monitor, a killed node and its revival', async () => {
    lab = await startMonitorLab('cwmon', 93);
    const { design, baseDir, state } = lab;
    const hostnames = state.nodes.map((n) => n.hostname);

    const once = await statusOfDesign(design, { lab: true, labBaseDir: baseDir });
    expect(
      once.nodes.map((n) => ({ name: n.name, online: n.online, reachable: n.reachable })),
    ).toEqual(design.nodes.map((n) => ({ name: n.name, online: true, reachable: true })));
    expect(once.source).toBeDefined();
    expect(once.nodes.every((n) => n.pacemaker?.state === 'ok')).toBe(true);

    const reports = new Reports();
    watch = await watchStatusOfDesign(
      design,
      { lab: true, labBaseDir: baseDir, intervalMs: 500, timeoutMs: 5000 },
      reports.add,
    );
    const running = await reports.next(
      (r) =>
        r.nodes.every((n) => n.online && n.reachable) &&
        startedOn(r, 'vm-web').length === 1 &&
        startedOn(r, 'web-fs').length === 1 &&
        startedOn(r, 'drbd-r0', 'Promoted').length === 1,
      'every node online and every resource started',
    );
    expect(running.quorum).toBe(true);
    expect(hostnames).toContain(running.dc);
    const host = startedOn(running, 'vm-web')[0]!;
    expect(startedOn(running, 'web-fs')).toEqual([host]);

    // A real monitor failure: the Dummy's state file goes away under it.
    const victim = state.nodes.find((n) => n.hostname === host)!;
    const [c] = await connectLab(state, [victim.name]);
    try {
      await onNode(c!.transport, ['rm', '-f', VM_STATE_FILE]);
    } finally {
      await c!.transport.close();
    }
    const failed = await reports.next(
      (r) => r.failures.some((f) => f.resource === 'vm-web'),
      'the failed monitor of vm-web',
      reports.all.length,
    );
    expect(failed.failures.find((f) => f.resource === 'vm-web')).toMatchObject({
      operation: 'monitor',
      node: host,
      exitCode: 7,
    });

    // Kill the node running the VM stand-in: it goes offline and unreachable, the VM moves.
    await labKill(victim.name, { baseDir });
    const mark = reports.all.length;
    const moved = await reports.next(
      (r) => {
        const node = r.nodes.find((n) => n.name === victim.name);
        const on = startedOn(r, 'vm-web');
        return (
          node?.online === false &&
          !node.reachable &&
          on.length === 1 &&
          on[0] !== host &&
          startedOn(r, 'web-fs').length === 1
        );
      },
      `${victim.name} offline, vm-web and its group on a survivor`,
      mark,
    );
    expect(moved.nodes.find((n) => n.name === victim.name)?.error).toBeTruthy();
    expect(moved.unreachable.map((u) => u.node)).toEqual([victim.name]);
    expect(startedOn(moved, 'web-fs')).toEqual(startedOn(moved, 'vm-web'));
    // The survivors never stopped answering, each over the connection it had from the start.
    expect(
      reports.all
        .slice(mark)
        .every((r) => r.nodes.filter((n) => n.name !== victim.name).every((n) => n.reachable)),
    ).toBe(true);
    const counts = watch.connectCounts();
    for (const n of state.nodes.filter((x) => x.name !== victim.name))
      expect(counts.get(n.name)).toBe(1);

    await labRevive(victim.name, { baseDir });
    await reports.next(
      (r) => r.nodes.every((n) => n.online && n.reachable),
      `${victim.name} back online`,
      reports.all.length,
    );
    expect(watch.connectCounts().get(victim.name)).toBe(2);
    expect(watch.openConnections()).toBe(3);

    await watch.stop();
    expect(watch.openConnections()).toBe(0);
    watch = undefined;
  }, 400_000);
});
