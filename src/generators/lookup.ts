import type {
  ClusterNode,
  Design,
  Drbd,
  FloatingIp,
  IscsiTarget,
  Network,
} from '../model/types.ts';

/**
 * Name → element maps of a design, so that generators look elements up instead of searching
 * lists (a 64-node design has hundreds of resources, each looked up once per node).
 */
export interface DesignLookup {
  readonly nodes: ReadonlyMap<string, ClusterNode>;
  readonly drbd: ReadonlyMap<string, Drbd>;
  readonly targets: ReadonlyMap<string, IscsiTarget>;
  readonly floatingIps: ReadonlyMap<string, FloatingIp>;
  readonly networks: ReadonlyMap<string, Network>;
  /** Target name → the names of the nodes with an initiator for it, first seen first. */
  readonly initiatorNodes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Node name → the DRBD resources it is in, in design order. */
  readonly drbdOfNode: ReadonlyMap<string, readonly Drbd[]>;
}

/** The first element of each name wins, as `find` over the list would. */
function byName<T extends { readonly name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.name)) map.set(item.name, item);
  return map;
}

const cache = new WeakMap<Design, DesignLookup>();

/** The lookup of a design; designs are immutable, so it is built once per design object. */
export function lookup(design: Design): DesignLookup {
  const cached = cache.get(design);
  if (cached) return cached;
  const initiatorNodes = new Map<string, Set<string>>();
  for (const i of design.iscsiInitiators) {
    const set = initiatorNodes.get(i.target);
    if (set) set.add(i.node);
    else initiatorNodes.set(i.target, new Set([i.node]));
  }
  const drbdOfNode = new Map<string, Drbd[]>();
  for (const r of design.drbd) {
    for (const n of new Set(r.nodes)) {
      const list = drbdOfNode.get(n);
      if (list) list.push(r);
      else drbdOfNode.set(n, [r]);
    }
  }
  const built: DesignLookup = {
    nodes: byName(design.nodes),
    drbd: byName(design.drbd),
    targets: byName(design.iscsiTargets),
    floatingIps: byName(design.floatingIps),
    networks: byName(design.networks),
    initiatorNodes,
    drbdOfNode,
  };
  cache.set(design, built);
  return built;
}
