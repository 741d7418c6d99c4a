import type { FieldPath } from '../model/diagnostic.ts';
import type {
  ClusterNode,
  Design,
  Drbd,
  ElementCollection,
  FloatingIp,
  IscsiTarget,
  Network,
  Vm,
} from '../model/types.ts';
import type { Cidr } from './ipv4.ts';
import { parseCidr } from './ipv4.ts';

/**
 * Lookup maps built once per validation, so that rules stay linear in the size of the design
 * (validation runs on every edit in the UI).
 */
export interface DesignIndex {
  readonly design: Design;
  readonly nodes: ReadonlyMap<string, ClusterNode>;
  /** Node name → its position in design.nodes. */
  readonly nodeIndex: ReadonlyMap<string, number>;
  readonly networks: ReadonlyMap<string, Network>;
  readonly cidrs: ReadonlyMap<string, Cidr>;
  readonly drbd: ReadonlyMap<string, Drbd>;
  readonly targets: ReadonlyMap<string, IscsiTarget>;
  readonly floatingIps: ReadonlyMap<string, FloatingIp>;
  readonly vms: ReadonlyMap<string, Vm>;
  /** Node name → the fencing devices that can fence it. */
  readonly fencingOf: ReadonlyMap<string, readonly string[]>;
  /** Target name → the nodes that have an initiator for it. */
  readonly initiatorNodes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Element name → where it sits in the design file. */
  pathOf(name: string): FieldPath;
}

function byName<T extends { readonly name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(item.name, item);
  return map;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const cache = new WeakMap<Design, DesignIndex>();

/** The index of a design; designs are immutable, so it is built once per design object. */
export function indexDesign(design: Design): DesignIndex {
  const cached = cache.get(design);
  if (cached) return cached;
  const paths = new Map<string, FieldPath>();
  const collections: readonly ElementCollection[] = [
    'networks',
    'nodes',
    'drbd',
    'iscsiTargets',
    'iscsiInitiators',
    'vms',
    'floatingIps',
    'filesystems',
    'services',
    'fencing',
    'constraints',
  ];
  for (const collection of collections) {
    const items = design[collection] as readonly { readonly name: string }[];
    items.forEach((item, i) => {
      if (!paths.has(item.name)) paths.set(item.name, [collection, i]);
    });
  }
  const nodeIndex = new Map<string, number>();
  design.nodes.forEach((n, i) => nodeIndex.set(n.name, i));
  const cidrs = new Map<string, Cidr>();
  for (const net of design.networks) cidrs.set(net.name, parseCidr(net.cidr));
  const fencingOf = new Map<string, string[]>();
  for (const f of design.fencing) for (const t of new Set(f.targets)) pushTo(fencingOf, t, f.name);
  const initiatorNodes = new Map<string, Set<string>>();
  for (const ini of design.iscsiInitiators) {
    const set = initiatorNodes.get(ini.target) ?? new Set<string>();
    set.add(ini.node);
    initiatorNodes.set(ini.target, set);
  }
  const index: DesignIndex = {
    design,
    nodes: byName(design.nodes),
    nodeIndex,
    networks: byName(design.networks),
    cidrs,
    drbd: byName(design.drbd),
    targets: byName(design.iscsiTargets),
    floatingIps: byName(design.floatingIps),
    vms: byName(design.vms),
    fencingOf,
    initiatorNodes,
    pathOf: (name) => paths.get(name) ?? (name === design.cluster.name ? ['cluster'] : []),
  };
  cache.set(design, index);
  return index;
}
