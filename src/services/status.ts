import type { JumpHost } from '../deploy/nodeConnection.ts';
import type { TransportErrorKind } from '../deploy/transport/transportError.ts';
import type { Connector } from '../monitor/nodePool.ts';
import { NodePool } from '../monitor/nodePool.ts';
import type { NodeProbe } from '../monitor/nodeProbe.ts';
import { probeNode, unreachableProbe } from '../monitor/nodeProbe.ts';
import { summariseResources } from '../monitor/parsers/crmMon.ts';
import type { NodePlan } from '../monitor/probePlan.ts';
import { probePlans } from '../monitor/probePlan.ts';
import type {
  Collected,
  DrbdResourceStatus,
  IscsiSession,
  PacemakerStatus,
  VmStatus,
} from '../monitor/status.ts';
import { StatusWatch, probeAll } from '../monitor/watch.ts';
import type { Design } from '../model/types.ts';
import type { Reached } from './connect.ts';
import { designConnectors, labConnectors, labOf } from './connect.ts';

export type { Collected };

/** One node as the status report shows it. */
export interface NodeStatusReport {
  readonly name: string;
  /** Online in Pacemaker's view (false when no node gave a view). */
  readonly online: boolean;
  readonly standby: boolean;
  readonly unclean: boolean;
  /** Our own SSH round to the node got through in its latest round. */
  readonly reachable: boolean;
  readonly maintenance?: boolean;
  readonly isDc?: boolean;
  /** Why the node could not be asked (connection refused, no answer in time…). */
  readonly error?: string;
  readonly errorKind?: TransportErrorKind;
  /** When this node's latest round ended (ISO 8601). */
  readonly checkedAt?: string;
  /** crm_mon on this node: its quorum and DC as it sees them, or why it gave no view. */
  readonly pacemaker?: Collected<{ readonly quorum?: boolean; readonly dc?: string }>;
  readonly drbd?: Collected<DrbdResourceStatus[]>;
  readonly vms?: Collected<VmStatus[]>;
  readonly iscsi?: Collected<IscsiSession[]>;
}

/** What `clusterwright status --json` prints and the canvas overlays. */
export interface ClusterStatusReport {
  readonly cluster: string;
  readonly collectedAt: string;
  /** The node whose crm_mon view this is. */
  readonly source?: string;
  readonly nodes: readonly NodeStatusReport[];
  readonly resources: readonly { id: string; role: string; running_on: string[] }[];
  readonly failures: PacemakerStatus['failures'];
  readonly failCounts?: PacemakerStatus['failCounts'];
  readonly quorum?: boolean;
  readonly dc?: string;
  readonly unreachable: Reached['unreachable'];
  readonly stonithEnabled?: boolean;
  readonly error?: string;
}

export interface StatusOptions {
  readonly lab: boolean;
  readonly labBaseDir?: string;
  readonly identity?: string;
  /** A jump host for every node, in place of the one a node's `ssh` block may name. */
  readonly jump?: JumpHost;
  /** Each node's round ends by then, answered or not (default 5 s). */
  readonly timeoutMs?: number;
}

export const DEFAULT_NODE_TIMEOUT_MS = 5_000;
export const DEFAULT_INTERVAL_MS = 2_000;

/**
 * The cluster view to show: the newest crm_mon view from a node with quorum (a node cut
 * off from the majority sees a cluster that is not the real one), else the newest of all.
 */
function pickView(
  design: Design,
  probes: ReadonlyMap<string, NodeProbe>,
): { node: string; status: PacemakerStatus } | undefined {
  const views = design.nodes.flatMap((n) => {
    const p = probes.get(n.name);
    return p?.crm?.state === 'ok' ? [{ node: n.name, at: p.at, status: p.crm.value }] : [];
  });
  const newest = (vs: typeof views) =>
    vs.reduce<(typeof views)[number] | undefined>((a, b) => (!a || b.at > a.at ? b : a), undefined);
  return newest(views.filter((v) => v.status.quorum === true)) ?? newest(views);
}

/** Why there is no cluster view: the one reason all nodes share, or a pointer to each node's. */
function whyNoView(design: Design, probes: ReadonlyMap<string, NodeProbe>): string {
  const reasons = design.nodes.map((n) => {
    const p = probes.get(n.name);
    if (!p) return 'not asked yet';
    if (!p.reachable) return `unreachable: ${p.error ?? 'no answer'}`;
    if (p.crm?.state === 'failed') return p.crm.error;
    if (p.crm?.state === 'absent') return p.crm.reason;
    return 'no view';
  });
  const distinct = [...new Set(reasons)];
  return distinct.length === 1
    ? `no node gave a cluster view: ${distinct[0]}`
    : `no node gave a cluster view (${design.nodes.map((n, i) => `${n.name}: ${reasons[i]}`).join('; ')})`;
}

/** The report from the latest round of each node. Pure: the same probes give the same report. */
export function assembleReport(
  design: Design,
  probes: ReadonlyMap<string, NodeProbe>,
  collectedAt: string = new Date().toISOString(),
): ClusterStatusReport {
  const view = pickView(design, probes);
  const status = view?.status;
  const nodes = design.nodes.map((n): NodeStatusReport => {
    const p = probes.get(n.name);
    const s = status?.nodes.find((x) => x.name === (n.hostname ?? n.name));
    const crm = p?.crm;
    return {
      name: n.name,
      online: s?.online ?? false,
      standby: s?.standby ?? false,
      unclean: s?.unclean ?? false,
      reachable: p?.reachable ?? false,
      ...(s ? { maintenance: s.maintenance, isDc: s.isDc } : {}),
      ...(!p
        ? { error: 'not asked yet' }
        : !p.reachable
          ? { error: p.error ?? 'unreachable', ...(p.errorKind ? { errorKind: p.errorKind } : {}) }
          : {}),
      ...(p ? { checkedAt: p.at } : {}),
      ...(crm
        ? {
            pacemaker:
              crm.state === 'ok'
                ? {
                    state: 'ok' as const,
                    value: {
                      ...(crm.value.quorum !== undefined ? { quorum: crm.value.quorum } : {}),
                      ...(crm.value.dc !== undefined ? { dc: crm.value.dc } : {}),
                    },
                  }
                : crm,
          }
        : {}),
      ...(p?.drbd ? { drbd: p.drbd } : {}),
      ...(p?.vms ? { vms: p.vms } : {}),
      ...(p?.iscsi ? { iscsi: p.iscsi } : {}),
    };
  });
  return {
    cluster: design.cluster.name,
    collectedAt,
    ...(view ? { source: view.node } : {}),
    nodes,
    resources: status ? summariseResources(status.resources) : [],
    failures: status?.failures ?? [],
    ...(status
      ? {
          failCounts: status.failCounts,
          ...(status.quorum !== undefined ? { quorum: status.quorum } : {}),
          ...(status.dc !== undefined ? { dc: status.dc } : {}),
        }
      : {}),
    unreachable: nodes.flatMap((n) =>
      n.reachable ? [] : [{ node: n.name, error: n.error ?? 'not asked yet' }],
    ),
    ...(status ? { stonithEnabled: status.stonithEnabled } : { error: whyNoView(design, probes) }),
  };
}

/** One round over connections already made (the nodes that could not be reached included). */
export async function collectStatus(
  design: Design,
  reached: Reached,
  timeoutMs: number = DEFAULT_NODE_TIMEOUT_MS,
): Promise<ClusterStatusReport> {
  const plans = new Map(probePlans(design).map((p) => [p.node, p]));
  const started = Date.now();
  const probes = await Promise.all([
    ...reached.connections.map((c) => {
      const plan: NodePlan = plans.get(c.node) ?? { node: c.node };
      return probeNode(c.transport, plan, started + timeoutMs, started);
    }),
    ...reached.unreachable.map((u) =>
      Promise.resolve(unreachableProbe(u.node, u.error, undefined, started)),
    ),
  ]);
  return assembleReport(design, new Map(probes.map((p) => [p.node, p])));
}

async function connectorsOf(
  design: Design,
  options: StatusOptions,
): Promise<ReadonlyMap<string, Connector>> {
  return options.lab
    ? labConnectors(await labOf(design, options.labBaseDir))
    : designConnectors(design, {
        ...(options.identity ? { identity: options.identity } : {}),
        ...(options.jump ? { jump: options.jump } : {}),
      });
}

/** One look at the cluster: every node asked at once, each within its timeout. */
export async function statusOfDesign(
  design: Design,
  options: StatusOptions,
): Promise<ClusterStatusReport> {
  const pool = new NodePool(await connectorsOf(design, options));
  try {
    const probes = await probeAll(
      pool,
      probePlans(design),
      options.timeoutMs ?? DEFAULT_NODE_TIMEOUT_MS,
    );
    return assembleReport(design, new Map(probes.map((p) => [p.node, p])));
  } finally {
    await pool.closeAll();
  }
}

export interface StatusWatchHandle {
  /** Stops asking and closes every connection. */
  stop(): Promise<void>;
  /** SSH connections open now. */
  openConnections(): number;
  /** Connections made to each node so far: 1 each while none broke. */
  connectCounts(): ReadonlyMap<string, number>;
}

/**
 * Watches the cluster: every node on its own loop over one kept connection, a report handed
 * to `onReport` once every node has had its first round (or its timeout) and again after
 * each later round of any node, so a node that hangs never holds the others' news back.
 */
export async function watchStatusOfDesign(
  design: Design,
  options: StatusOptions & { readonly intervalMs?: number },
  onReport: (report: ClusterStatusReport) => void,
): Promise<StatusWatchHandle> {
  const pool = new NodePool(await connectorsOf(design, options));
  const plans = probePlans(design);
  const latest = new Map<string, NodeProbe>();
  const watch = new StatusWatch(
    pool,
    plans,
    {
      intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
      timeoutMs: options.timeoutMs ?? DEFAULT_NODE_TIMEOUT_MS,
    },
    (probe) => {
      latest.set(probe.node, probe);
      if (latest.size === plans.length) onReport(assembleReport(design, latest));
    },
  );
  watch.start();
  return {
    stop: () => watch.stop(),
    openConnections: () => pool.openCount(),
    connectCounts: () => pool.connectCounts(),
  };
}
