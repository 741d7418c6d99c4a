/**
 * What changed in a cluster between two status reports, as timeline events: a node lost or
 * joined, a resource that failed over, a promotion, a failed action. Pure: the caller keeps
 * the memory it returns and hands it back with the next report.
 */

/** The part of a status report the events are read from (`clusterwright status --json`). */
export interface StatusSnapshot {
  readonly collectedAt: string;
  readonly nodes: readonly {
    readonly name: string;
    readonly online: boolean;
    readonly standby: boolean;
    readonly unclean: boolean;
    readonly reachable: boolean;
  }[];
  readonly resources: readonly {
    readonly id: string;
    readonly role: string;
    readonly running_on: readonly string[];
  }[];
  readonly failures: readonly {
    readonly resource: string;
    readonly operation: string;
    readonly node: string;
    readonly exitReason: string;
    readonly exitCode: number;
  }[];
  /** Set when no node's crm_mon answered: the resources are then unknown, not stopped. */
  readonly error?: string;
}

export type StatusEvent =
  | { readonly kind: 'node-lost'; readonly node: string }
  | { readonly kind: 'node-joined'; readonly node: string }
  | { readonly kind: 'node-unclean'; readonly node: string }
  | { readonly kind: 'node-standby'; readonly node: string }
  | { readonly kind: 'node-resumed'; readonly node: string }
  | { readonly kind: 'node-unreachable'; readonly node: string }
  | { readonly kind: 'node-reachable'; readonly node: string }
  | {
      readonly kind: 'failover';
      readonly resource: string;
      readonly from: string;
      readonly to: string;
      /** True when the node it left is no longer online: a failover, not a planned move. */
      readonly nodeLost: boolean;
    }
  | { readonly kind: 'promoted'; readonly resource: string; readonly node: string }
  | { readonly kind: 'demoted'; readonly resource: string; readonly node: string }
  | { readonly kind: 'resource-stopped'; readonly resource: string; readonly from: string }
  | { readonly kind: 'resource-started'; readonly resource: string; readonly node: string }
  | {
      readonly kind: 'resource-failed';
      readonly resource: string;
      readonly node: string;
      readonly operation: string;
      readonly reason: string;
    };

/** What the next call needs from the previous one: its report and where each resource last ran. */
export interface StatusMemory {
  readonly snapshot: StatusSnapshot;
  /** Resource id → the nodes of its main role (Promoted for promotable clones) when last active. */
  readonly lastOn: Readonly<Record<string, readonly string[]>>;
  /** Resource ids ever seen with a Promoted or Unpromoted role. */
  readonly promotable: readonly string[];
}

const ACTIVE = new Set(['Started', 'Promoted', 'Unpromoted', 'Migrating', 'Stopping']);

function nodesWith(s: StatusSnapshot, id: string, roles: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const r of s.resources)
    if (r.id === id && roles.has(r.role)) for (const n of r.running_on) out.add(n);
  return [...out].sort();
}

const PROMOTED = new Set(['Promoted']);
const STARTED = new Set(['Started', 'Migrating', 'Stopping']);

/** Where a resource runs in its main role: promoted instances, or started ones. */
function mainNodes(s: StatusSnapshot, id: string, promotable: boolean): string[] {
  return nodesWith(s, id, promotable ? PROMOTED : STARTED);
}

const failureKey = (f: StatusSnapshot['failures'][number]): string =>
  `${f.resource}\u0000${f.operation}\u0000${f.node}`;

function nodeEvents(prev: StatusSnapshot, next: StatusSnapshot): StatusEvent[] {
  const out: StatusEvent[] = [];
  const before = new Map(prev.nodes.map((n) => [n.name, n]));
  // Without crm_mon's answer, online says nothing: only reachability is known.
  const membership = prev.error === undefined && next.error === undefined;
  for (const n of next.nodes) {
    const p = before.get(n.name);
    if (!p) continue;
    if (membership) {
      if (p.online && !n.online) out.push({ kind: 'node-lost', node: n.name });
      if (!p.online && n.online) out.push({ kind: 'node-joined', node: n.name });
      if (!p.unclean && n.unclean) out.push({ kind: 'node-unclean', node: n.name });
      if (!p.standby && n.standby) out.push({ kind: 'node-standby', node: n.name });
      if (p.standby && !n.standby && n.online) out.push({ kind: 'node-resumed', node: n.name });
    }
    if (p.reachable && !n.reachable) out.push({ kind: 'node-unreachable', node: n.name });
    if (!p.reachable && n.reachable) out.push({ kind: 'node-reachable', node: n.name });
  }
  return out;
}

function resourceIds(s: StatusSnapshot): string[] {
  return [...new Set(s.resources.map((r) => r.id))];
}

/**
 * The events between the previous collect (its memory; undefined for the first) and this
 * report, and the memory for the next call. A resource that stops on one node and starts on
 * another over several reports is one failover: the memory remembers where it last ran.
 */
export function statusEvents(
  prev: StatusMemory | undefined,
  next: StatusSnapshot,
): { readonly events: StatusEvent[]; readonly memory: StatusMemory } {
  const promotable = new Set(prev?.promotable ?? []);
  for (const r of next.resources)
    if (r.role === 'Promoted' || r.role === 'Unpromoted') promotable.add(r.id);
  // No answer from crm_mon: keep what we knew, report only reachability.
  if (next.error !== undefined) {
    const events = prev ? nodeEvents(prev.snapshot, next) : [];
    return {
      events,
      memory: { snapshot: next, lastOn: prev?.lastOn ?? {}, promotable: [...promotable] },
    };
  }
  const lastOn: Record<string, readonly string[]> = { ...(prev?.lastOn ?? {}) };
  const events: StatusEvent[] = [];
  const base = prev?.snapshot.error === undefined ? prev?.snapshot : undefined;
  if (prev) events.push(...nodeEvents(prev.snapshot, next));
  const online = new Set(next.nodes.filter((n) => n.online).map((n) => n.name));
  const ids = new Set([...resourceIds(next), ...(base ? resourceIds(base) : [])]);
  for (const id of ids) {
    const isPromotable = promotable.has(id);
    const now = mainNodes(next, id, isPromotable);
    const last = lastOn[id] ?? [];
    if (prev) {
      if (isPromotable && base) {
        const was = nodesWith(base, id, PROMOTED);
        for (const n of now)
          if (!was.includes(n)) events.push({ kind: 'promoted', resource: id, node: n });
        for (const n of was)
          if (!now.includes(n) && online.has(n))
            events.push({ kind: 'demoted', resource: id, node: n });
      }
      const wasActive = base ? mainNodes(base, id, isPromotable).length > 0 : last.length > 0;
      const [from] = last;
      const [to] = now;
      // A promotable clone that lost its promoted instance still runs: that is no stop.
      const stillRuns = isPromotable && nodesWith(next, id, ACTIVE).length > 0;
      if (now.length === 0 && wasActive && from !== undefined) {
        if (!stillRuns) events.push({ kind: 'resource-stopped', resource: id, from });
      } else if (last.length === 1 && now.length === 1 && from !== undefined && to !== undefined) {
        if (from !== to)
          events.push({ kind: 'failover', resource: id, from, to, nodeLost: !online.has(from) });
        else if (!wasActive) events.push({ kind: 'resource-started', resource: id, node: to });
      } else if (now.length > 0 && !wasActive && last.length === 0)
        for (const n of now) events.push({ kind: 'resource-started', resource: id, node: n });
    }
    if (now.length > 0) lastOn[id] = now;
  }
  const known = new Set(base?.failures.map(failureKey) ?? []);
  if (prev)
    for (const f of next.failures)
      if (!known.has(failureKey(f)))
        events.push({
          kind: 'resource-failed',
          resource: f.resource,
          node: f.node,
          operation: f.operation,
          reason: f.exitReason || `exit code ${f.exitCode}`,
        });
  return { events, memory: { snapshot: next, lastOn, promotable: [...promotable] } };
}

/** One line for the timeline and the desktop notification. */
export function describeEvent(e: StatusEvent): string {
  switch (e.kind) {
    case 'node-lost':
      return `node ${e.node} lost (offline)`;
    case 'node-joined':
      return `node ${e.node} joined (online)`;
    case 'node-unclean':
      return `node ${e.node} is unclean: Pacemaker lost it and has not fenced it yet`;
    case 'node-standby':
      return `node ${e.node} is in standby`;
    case 'node-resumed':
      return `node ${e.node} left standby`;
    case 'node-unreachable':
      return `node ${e.node} cannot be reached over SSH`;
    case 'node-reachable':
      return `node ${e.node} answers over SSH again`;
    case 'failover':
      return `${e.resource} ${e.nodeLost ? 'failed over' : 'moved'} from ${e.from} to ${e.to}`;
    case 'promoted':
      return `${e.resource} promoted on ${e.node}`;
    case 'demoted':
      return `${e.resource} demoted on ${e.node}`;
    case 'resource-stopped':
      return `${e.resource} stopped (was on ${e.from})`;
    case 'resource-started':
      return `${e.resource} started on ${e.node}`;
    case 'resource-failed':
      return `${e.resource}: ${e.operation} failed on ${e.node}: ${e.reason}`;
  }
}
