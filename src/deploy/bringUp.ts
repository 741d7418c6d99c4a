import { createHash, randomBytes } from 'node:crypto';
import { runScript } from './remote/runScript.ts';
import { statRemoteFiles } from './remote/statFiles.ts';
import { writeRemoteFileAtomic } from './remote/writeFileAtomic.ts';
import type { Transport } from './transport/transport.ts';

/**
 * The bring-up steps after the files are in place. Each one looks at the node's state
 * first and does nothing when it is already as wanted, so a second deploy changes nothing.
 */
export type StepOutcome = 'done' | 'unchanged' | 'dry-run' | 'failed';

export interface StepResult {
  readonly step: string;
  readonly node: string;
  readonly outcome: StepOutcome;
  readonly detail: string;
  /** A command the user can run to fix a failed step (install the missing packages). */
  readonly fix?: string;
}

export interface NodeConnection {
  readonly node: string;
  readonly transport: Transport;
}

const AUTHKEY = '/etc/corosync/authkey';

/**
 * One corosync authkey on every node: kept when the nodes already share one, copied from
 * the node that has it, created (256 random bytes) only when none has.
 */
export async function ensureAuthkey(
  nodes: readonly NodeConnection[],
  dryRun: boolean,
): Promise<StepResult[]> {
  const states = await Promise.all(
    nodes.map(async (c) => (await statRemoteFiles(c.transport, [AUTHKEY]))[0]),
  );
  const present = states.flatMap((s, i) => (s?.kind === 'file' ? [{ i, sha: s.sha256 }] : []));
  const distinct = new Set(present.map((p) => p.sha));
  if (distinct.size > 1) {
    return nodes.map((c) => ({
      step: 'authkey',
      node: c.node,
      outcome: 'failed',
      detail:
        'nodes hold different corosync authkeys; remove the wrong ones by hand, then deploy again',
    }));
  }
  let key: Uint8Array;
  const source = present[0];
  if (source) {
    const holder = nodes[source.i] as NodeConnection;
    const r = await holder.transport.exec(`base64 -w0 ${AUTHKEY}`);
    if (r.code !== 0) throw new Error(`${holder.node}: cannot read ${AUTHKEY}: ${r.stderr.trim()}`);
    key = Buffer.from(r.stdout.trim(), 'base64');
  } else {
    key = randomBytes(256);
  }
  const sha = createHash('sha256').update(key).digest('hex');
  return Promise.all(
    nodes.map(async (c, i): Promise<StepResult> => {
      const s = states[i];
      if (s?.kind === 'file' && s.sha256 === sha)
        return {
          step: 'authkey',
          node: c.node,
          outcome: 'unchanged',
          detail: 'shared authkey in place',
        };
      if (dryRun)
        return {
          step: 'authkey',
          node: c.node,
          outcome: 'dry-run',
          detail: source ? 'would copy the cluster authkey' : 'would create the cluster authkey',
        };
      await writeRemoteFileAtomic(c.transport, {
        path: AUTHKEY,
        content: key,
        mode: 0o400,
        current: s ?? { kind: 'missing' },
      });
      return {
        step: 'authkey',
        node: c.node,
        outcome: 'done',
        detail: source ? 'copied the cluster authkey' : 'created the cluster authkey',
      };
    }),
  );
}

/**
 * DRBD: metadata created only where absent, then `drbdadm adjust`. A node without the DRBD
 * kernel module (a lab node) gets the dry runs instead, reported as such.
 */
export async function bringUpDrbd(
  c: NodeConnection,
  resources: readonly string[],
  dryRun: boolean,
): Promise<StepResult[]> {
  if (resources.length === 0) return [];
  const module = await c.transport.exec('test -e /proc/drbd || modprobe -n drbd 2>/dev/null');
  const real = module.code === 0 && !dryRun;
  return Promise.all(
    resources.map(async (res): Promise<StepResult> => {
      if (!real) {
        const r = await runScript(c.transport, 'cw-drbd-dry', 'drbdadm -d adjust "$1" 2>&1', [res]);
        const why = module.code === 0 ? 'dry run requested' : 'no DRBD kernel module on this node';
        return {
          step: `drbd ${res}`,
          node: c.node,
          outcome: r.code === 0 ? 'dry-run' : 'failed',
          detail: `${why}: ${r.stdout.trim().split('\n').slice(0, 6).join('; ')}`,
        };
      }
      const r = await runScript(
        c.transport,
        'cw-drbd-up',
        'drbdadm dump-md "$1" >/dev/null 2>&1 || drbdadm create-md --max-peers=7 "$1" </dev/null || exit 10; drbdadm adjust "$1"',
        [res],
      );
      return {
        step: `drbd ${res}`,
        node: c.node,
        outcome: r.code === 0 ? 'done' : 'failed',
        detail: r.code === 0 ? 'metadata present, resource adjusted' : r.stderr.trim(),
      };
    }),
  );
}

/** corosync and pacemaker running (started and enabled with systemd where it runs). */
export async function startCluster(c: NodeConnection, dryRun: boolean): Promise<StepResult> {
  const running = await c.transport.exec(
    'corosync-cfgtool -s >/dev/null 2>&1 && crm_mon --one-shot >/dev/null 2>&1',
  );
  if (running.code === 0)
    return {
      step: 'cluster',
      node: c.node,
      outcome: 'unchanged',
      detail: 'corosync and pacemaker running',
    };
  if (dryRun)
    return {
      step: 'cluster',
      node: c.node,
      outcome: 'dry-run',
      detail: 'would enable and start corosync and pacemaker',
    };
  const r = await c.transport.exec('systemctl enable --now corosync pacemaker');
  return {
    step: 'cluster',
    node: c.node,
    outcome: r.code === 0 ? 'done' : 'failed',
    detail:
      r.code === 0
        ? 'enabled and started corosync and pacemaker'
        : `could not start the cluster: ${r.stderr.trim()}`,
  };
}

/** Waits (on the node) until corosync reports quorum and Pacemaker has a DC. */
export async function waitForQuorum(c: NodeConnection, timeoutS = 120): Promise<StepResult> {
  const r = await runScript(
    c.transport,
    'cw-quorum',
    'i=0; while [ $i -lt $(( $1 * 5 )) ]; do corosync-quorumtool -s 2>/dev/null | grep -q "Quorate: *Yes" && crm_mon --one-shot 2>/dev/null | grep -q "Current DC: [^N]" && exit 0; i=$((i+1)); sleep 0.2; done; exit 1',
    [String(timeoutS)],
    { timeoutMs: (timeoutS + 10) * 1000 },
  );
  return {
    step: 'quorum',
    node: c.node,
    outcome: r.code === 0 ? 'unchanged' : 'failed',
    detail:
      r.code === 0
        ? 'the cluster is quorate with a DC'
        : `no quorum after ${timeoutS} s: check the corosync links`,
  };
}
