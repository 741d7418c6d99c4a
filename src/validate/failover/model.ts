import type { Design, Drbd, IscsiTarget, Vm } from '../../model/types.ts';
import type { DesignIndex } from '../designIndex.ts';
import { indexDesign } from '../designIndex.ts';
import type { ResourceKind } from './types.ts';

/**
 * The placement model: every Pacemaker resource a design yields, grouped into units that must
 * share a node (a VM with the promoted side of its DRBD disk, an iSCSI target with its portal
 * IP, explicit INFINITY colocations, service dependencies). The analysis places units, not
 * resources, so a colocation is never split.
 */

export interface Member {
  readonly name: string;
  readonly kind: ResourceKind;
  /** A single-primary DRBD resource takes part in a unit as its promoted instance. */
  readonly promoted: boolean;
}

export interface Unit {
  readonly id: number;
  readonly members: readonly Member[];
  /** Node indexes that can host every member, ignoring failures and capacity; sorted. */
  readonly feasible: readonly number[];
  /** Why `feasible` is empty, in the user's words. */
  readonly whyNone: string;
  /** Node index of the first VM's preferredNode that the unit can use, or -1. */
  readonly preferred: number;
  /**
   * It holds the promoted side of a DRBD resource. Pacemaker then picks among equally scored
   * nodes by promoting the clone instance listed first, not by load.
   */
  readonly promotes: boolean;
  /**
   * Its guest may fail over to two or more spares, so the Pacemaker generator places the
   * guest first and promotes DRBD where it runs (leadsStorage there): the guest's node is
   * chosen by the placement strategy, not by promotion order.
   */
  readonly leadsStorage: boolean;
  /** Location constraint scores, node index → summed score (bans are already removed). */
  readonly scores: ReadonlyMap<number, number>;
  /** Extra score of each spare node once a failure has happened (units with a VM). */
  readonly spareScores: ReadonlyMap<number, number>;
  readonly vcpus: number;
  readonly memoryMiB: number;
  /** DRBD resources with quorum that must keep it for the unit to run. */
  readonly quorumDrbd: readonly Drbd[];
  /** Node indexes of each of those resources, in the same order. */
  readonly quorumNodes: readonly (readonly number[])[];
  /** Units that must be running for this one to run (the iSCSI targets its disks are on). */
  readonly needs: readonly number[];
  /** Units it may never share a node with (-INFINITY colocations). */
  readonly anti: readonly number[];
}

export interface CloneSet {
  readonly name: string;
  readonly kind: ResourceKind;
  readonly nodes: readonly number[];
}

export interface PlacementModel {
  readonly index: DesignIndex;
  readonly nodeNames: readonly string[];
  readonly spare: Uint8Array;
  readonly cpus: Float64Array;
  readonly memoryMiB: Float64Array;
  /** Units in placement order (those others need first, then preferred ones, then the rest). */
  readonly units: readonly Unit[];
  /** Resource name → the unit holding it. */
  readonly unitOf: ReadonlyMap<string, number>;
  /** Cloned services: one instance on every live node that can run them. */
  readonly clones: readonly CloneSet[];
  /** Dual-primary DRBD resources: promoted wherever their consumers run. */
  readonly dualPrimary: readonly Drbd[];
  /** DRBD resource → the units that use it (for dual-primary promotion). */
  readonly drbdConsumers: ReadonlyMap<string, readonly number[]>;
}

const INFINITY_SCORE = 1_000_000;
/** What the Pacemaker generator gives a VM's preferred node (PREFERRED_NODE_SCORE there). */
export const PREFERRED_NODE_SCORE = 50;
/** What it gives every spare a VM may use (SPARE_NODE_SCORE there): the first failover target. */
export const SPARE_NODE_SCORE = 25;

class UnionFind {
  private readonly parent: number[] = [];
  add(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }
  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root] ?? root;
    while (this.parent[x] !== root) {
      const next = this.parent[x] ?? root;
      this.parent[x] = root;
      x = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

function has(sorted: readonly number[], x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] ?? 0;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Intersection of two ascending node-index lists, ascending; cheap when one is short. */
function intersect(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a === b) return a;
  const [small, big] = a.length <= b.length ? [a, b] : [b, a];
  const out: number[] = [];
  if (small.length * 8 < big.length) {
    for (const x of small) if (has(big, x)) out.push(x);
    return out;
  }
  let i = 0;
  let j = 0;
  while (i < small.length && j < big.length) {
    const x = small[i] ?? 0;
    const y = big[j] ?? 0;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/**
 * Sorts a short list of node indexes in place: insertion sort, as the lists here hold a
 * handful of nodes and Array#sort allocates for every call.
 */
function sortAscending(list: number[]): number[] {
  for (let i = 1; i < list.length; i++) {
    const x = list[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (list[j] ?? 0) > x) {
      list[j + 1] = list[j] ?? 0;
      j--;
    }
    list[j + 1] = x;
  }
  return list;
}

/** The list without repeats, first occurrence first; short lists (the usual) skip the Set. */
function unique<T>(list: readonly T[]): T[] {
  if (list.length > 16) return [...new Set(list)];
  const out: T[] = [];
  for (const x of list) if (!out.includes(x)) out.push(x);
  return out;
}

const cache = new WeakMap<Design, PlacementModel>();

export function placementModel(design: Design): PlacementModel {
  const cached = cache.get(design);
  if (cached) return cached;
  const model = buildModel(design, indexDesign(design));
  cache.set(design, model);
  return model;
}

function buildModel(design: Design, index: DesignIndex): PlacementModel {
  const nodeNames = design.nodes.map((n) => n.name);
  const allNodes = nodeNames.map((_, i) => i);
  const ix = (names: readonly string[]): number[] => {
    const out: number[] = [];
    for (const n of names) {
      const i = index.nodeIndex.get(n);
      if (i !== undefined && !out.includes(i)) out.push(i);
    }
    return sortAscending(out);
  };
  const nodesWithAddressOn = new Map<string, number[]>();
  design.nodes.forEach((node, i) => {
    for (const net of Object.keys(node.addresses)) {
      const list = nodesWithAddressOn.get(net) ?? [];
      list.push(i);
      nodesWithAddressOn.set(net, list);
    }
  });
  const onNetwork = (net: string): number[] => nodesWithAddressOn.get(net) ?? [];
  const hypervisorNodes = new Map<string, number[]>();
  design.nodes.forEach((node, i) => {
    for (const hv of new Set(node.hypervisors)) {
      const list = hypervisorNodes.get(hv) ?? [];
      list.push(i);
      hypervisorNodes.set(hv, list);
    }
  });

  // Location constraints: bans and scores per resource.
  const bans = new Map<string, Set<number>>();
  const scores = new Map<string, Map<number, number>>();
  for (const c of design.constraints) {
    if (c.kind !== 'location') continue;
    const n = index.nodeIndex.get(c.node);
    if (n === undefined) continue;
    if (c.score === '-INFINITY') {
      const set = bans.get(c.resource) ?? new Set<number>();
      set.add(n);
      bans.set(c.resource, set);
    } else {
      const s = c.score === 'INFINITY' ? INFINITY_SCORE : c.score;
      const map = scores.get(c.resource) ?? new Map<number, number>();
      map.set(n, (map.get(n) ?? 0) + s);
      scores.set(c.resource, map);
    }
  }

  /** Nodes that can reach an iSCSI target's LUNs: an initiator, and a path to the portal. */
  const targetReach = (t: IscsiTarget): readonly number[] => {
    let nodes: readonly number[] = ix([...(index.initiatorNodes.get(t.name) ?? [])]);
    const portal = t.portal !== undefined ? index.floatingIps.get(t.portal) : undefined;
    if (portal) nodes = intersect(nodes, onNetwork(portal.network));
    return nodes;
  };

  interface Raw {
    member: Member;
    feasible: readonly number[];
    whyNone: string;
    vm?: Vm;
    quorumDrbd: Drbd[];
    needsTargets: string[];
  }
  const raws: Raw[] = [];
  const uf = new UnionFind();
  const rawOf = new Map<string, number>();
  const add = (raw: Raw): number => {
    const id = uf.add();
    raws.push(raw);
    rawOf.set(raw.member.name, id);
    return id;
  };
  const withQuorum = (d: Drbd | undefined): Drbd[] => (d && d.quorum !== 'off' ? [d] : []);

  const dualPrimary: Drbd[] = [];
  for (const d of design.drbd) {
    if (d.dualPrimary) {
      dualPrimary.push(d);
      continue;
    }
    add({
      member: { name: d.name, kind: 'drbd', promoted: true },
      feasible: ix(d.nodes),
      whyNone: `DRBD resource ${d.name} has no nodes`,
      quorumDrbd: withQuorum(d),
      needsTargets: [],
    });
  }
  for (const t of design.iscsiTargets) {
    const backing = t.luns.flatMap((l) =>
      l.backing.kind === 'drbd' ? [index.drbd.get(l.backing.resource)] : [],
    );
    let feasible: readonly number[] = t.nodes
      ? ix(t.nodes)
      : backing[0]
        ? ix(backing[0].nodes)
        : allNodes;
    let whyNone = 'it has no nodes to run on';
    for (const d of backing) {
      if (!d || feasible.length === 0) continue;
      feasible = intersect(feasible, ix(d.nodes));
      if (feasible.length === 0) whyNone = `none of its nodes holds DRBD resource ${d.name}`;
    }
    add({
      member: { name: t.name, kind: 'iscsi-target', promoted: false },
      feasible,
      whyNone,
      quorumDrbd: backing.flatMap(withQuorum),
      needsTargets: [],
    });
  }
  for (const vm of design.vms) {
    let feasible: readonly number[] = hypervisorNodes.get(vm.hypervisor) ?? [];
    let whyNone = `no node runs ${vm.hypervisor}`;
    const quorumDrbd: Drbd[] = [];
    const needsTargets: string[] = [];
    for (const disk of vm.disks) {
      if (feasible.length === 0) break;
      if (disk.kind === 'drbd') {
        const d = index.drbd.get(disk.resource);
        if (!d) continue;
        feasible = intersect(feasible, ix(d.nodes));
        quorumDrbd.push(...withQuorum(d));
        if (feasible.length === 0)
          whyNone = `no node that runs ${vm.hypervisor} holds its DRBD resource ${d.name}`;
      } else {
        const t = index.targets.get(disk.target);
        if (!t) continue;
        feasible = intersect(feasible, targetReach(t));
        needsTargets.push(t.name);
        if (feasible.length === 0)
          whyNone = `no node that runs ${vm.hypervisor} has an initiator for iSCSI target ${t.name} and a path to its portal`;
      }
    }
    add({
      member: { name: vm.name, kind: 'vm', promoted: false },
      feasible,
      whyNone,
      vm,
      quorumDrbd: unique(quorumDrbd),
      needsTargets,
    });
  }
  for (const ip of design.floatingIps) {
    add({
      member: { name: ip.name, kind: 'floating-ip', promoted: false },
      feasible: onNetwork(ip.network),
      whyNone: `no node has an address on network ${ip.network}`,
      quorumDrbd: [],
      needsTargets: [],
    });
  }
  for (const fs of design.filesystems) {
    const dev = fs.device;
    let feasible: readonly number[] = allNodes;
    let whyNone = 'there are no nodes';
    const quorumDrbd: Drbd[] = [];
    const needsTargets: string[] = [];
    if (dev.kind === 'drbd') {
      const d = index.drbd.get(dev.resource);
      feasible = d ? ix(d.nodes) : [];
      quorumDrbd.push(...withQuorum(d));
      whyNone = `DRBD resource ${dev.resource} has no nodes`;
    } else if (dev.kind === 'iscsi') {
      const t = index.targets.get(dev.target);
      feasible = t ? targetReach(t) : [];
      needsTargets.push(dev.target);
      whyNone = `no node has an initiator for iSCSI target ${dev.target} and a path to its portal`;
    }
    add({
      member: { name: fs.name, kind: 'filesystem', promoted: false },
      feasible,
      whyNone,
      quorumDrbd,
      needsTargets,
    });
  }
  const clones: CloneSet[] = [];
  for (const s of design.services) {
    const banned = bans.get(s.name);
    if (s.clone) {
      clones.push({
        name: s.name,
        kind: 'service',
        nodes: banned ? allNodes.filter((n) => !banned.has(n)) : allNodes,
      });
      continue;
    }
    add({
      member: { name: s.name, kind: 'service', promoted: false },
      feasible: allNodes,
      whyNone: 'there are no nodes',
      quorumDrbd: [],
      needsTargets: [],
    });
  }
  // Apply location bans to each resource.
  for (const raw of raws) {
    const banned = bans.get(raw.member.name);
    if (!banned || raw.feasible.length === 0) continue;
    raw.feasible = raw.feasible.filter((n) => !banned.has(n));
    if (raw.feasible.length === 0)
      raw.whyNone = 'location constraints ban it from every node it could run on';
  }

  // Colocations: storage, portals, dependencies and INFINITY constraints.
  const join = (a: string, b: string): void => {
    const ra = rawOf.get(a);
    const rb = rawOf.get(b);
    if (ra !== undefined && rb !== undefined) uf.union(ra, rb);
  };
  const drbdUsers = new Map<string, string[]>();
  const uses = (user: string, drbd: string): void => {
    const list = drbdUsers.get(drbd) ?? [];
    list.push(user);
    drbdUsers.set(drbd, list);
    join(user, drbd);
  };
  for (const t of design.iscsiTargets) {
    if (t.portal !== undefined) join(t.name, t.portal);
    for (const lun of t.luns) if (lun.backing.kind === 'drbd') uses(t.name, lun.backing.resource);
  }
  for (const vm of design.vms)
    for (const disk of vm.disks) if (disk.kind === 'drbd') uses(vm.name, disk.resource);
  for (const fs of design.filesystems)
    if (fs.device.kind === 'drbd') uses(fs.name, fs.device.resource);
  for (const s of design.services) for (const dep of s.dependsOn) join(s.name, dep);
  const antiPairs: [string, string][] = [];
  for (const c of design.constraints) {
    if (c.kind !== 'colocation') continue;
    if (c.score === 'INFINITY') join(c.resource, c.with);
    else if (c.score === '-INFINITY') antiPairs.push([c.resource, c.with]);
  }

  // Group into units.
  const groups = new Map<number, number[]>();
  raws.forEach((_, id) => {
    const root = uf.find(id);
    const list = groups.get(root) ?? [];
    list.push(id);
    groups.set(root, list);
  });
  interface Draft extends Omit<Unit, 'id' | 'needs' | 'anti' | 'quorumNodes'> {
    needsTargets: string[];
    rank: number;
    first: number;
  }
  const drafts: Draft[] = [];
  for (const ids of groups.values()) {
    const members = ids.map((id) => raws[id] as Raw);
    let feasible = members[0]?.feasible ?? [];
    let whyNone = members[0]?.whyNone ?? '';
    for (const m of members.slice(1)) {
      if (feasible.length === 0) break;
      feasible = intersect(feasible, m.feasible);
      if (feasible.length === 0)
        whyNone =
          m.feasible.length === 0
            ? `${m.member.name}, which must run with it, cannot run anywhere: ${m.whyNone}`
            : `the resources that must run together (${members.map((x) => x.member.name).join(', ')}) have no node in common`;
    }
    const unitScores = new Map<number, number>();
    for (const m of members) {
      const s = scores.get(m.member.name);
      if (s) for (const [n, v] of s) unitScores.set(n, (unitScores.get(n) ?? 0) + v);
    }
    let preferred = -1;
    for (const m of members) {
      const p = m.vm?.preferredNode;
      const pi = p !== undefined ? index.nodeIndex.get(p) : undefined;
      if (pi !== undefined && has(feasible, pi)) {
        // As the Pacemaker generator writes it: a location score, not an absolute rule.
        unitScores.set(pi, (unitScores.get(pi) ?? 0) + PREFERRED_NODE_SCORE);
        if (preferred < 0) preferred = pi;
      }
    }
    const promotes = members.some((m) => m.member.promoted);
    // Spares stay free while all is well, and are the first choice once something fails.
    const spareScores = new Map<number, number>();
    if (members.some((m) => m.vm))
      for (const n of feasible)
        if (design.nodes[n]?.spare && n !== preferred) spareScores.set(n, SPARE_NODE_SCORE);
    const leadsStorage =
      promotes &&
      spareScores.size >= 2 &&
      members.every(
        (m) =>
          !m.vm?.disks.some((k) => k.kind === 'drbd' && index.drbd.get(k.resource)?.dualPrimary),
      );
    const needsTargets = members.flatMap((m) => m.needsTargets);
    const isTargetUnit = members.some((m) => m.member.kind === 'iscsi-target');
    drafts.push({
      members: members.map((m) => m.member),
      feasible,
      whyNone,
      preferred,
      scores: unitScores,
      vcpus: members.reduce((sum, m) => sum + (m.vm?.vcpus ?? 0), 0),
      memoryMiB: members.reduce((sum, m) => sum + (m.vm?.memoryMiB ?? 0), 0),
      quorumDrbd: unique(members.flatMap((m) => m.quorumDrbd)),
      needsTargets,
      promotes,
      leadsStorage,
      spareScores,
      rank: isTargetUnit ? 0 : preferred >= 0 ? 1 : 2,
      first: ids[0] ?? 0,
    });
  }
  // Guests in the order Pacemaker assigns them: it compares resources' scores node by node,
  // so the guests of the first node come first. After several failures this decides
  // which displaced guest gets which spare.
  drafts.sort(
    (a, b) =>
      a.rank - b.rank || (a.rank === 1 ? a.preferred - b.preferred : 0) || a.first - b.first,
  );
  const unitOf = new Map<string, number>();
  drafts.forEach((d, id) => {
    for (const m of d.members) unitOf.set(m.name, id);
  });
  const antiOf = new Map<number, Set<number>>();
  for (const [a, b] of antiPairs) {
    const ua = unitOf.get(a);
    const ub = unitOf.get(b);
    if (ua === undefined || ub === undefined || ua === ub) continue;
    (antiOf.get(ua) ?? antiOf.set(ua, new Set()).get(ua))?.add(ub);
    (antiOf.get(ub) ?? antiOf.set(ub, new Set()).get(ub))?.add(ua);
  }
  const units: Unit[] = drafts.map((d, id) => ({
    id,
    members: d.members,
    feasible: d.feasible,
    whyNone: d.whyNone,
    preferred: d.preferred,
    promotes: d.promotes,
    leadsStorage: d.leadsStorage,
    spareScores: d.spareScores,
    scores: d.scores,
    vcpus: d.vcpus,
    memoryMiB: d.memoryMiB,
    quorumDrbd: d.quorumDrbd,
    quorumNodes: d.quorumDrbd.map((r) => ix(r.nodes)),
    needs: unique(
      d.needsTargets.flatMap((t) => {
        const u = unitOf.get(t);
        return u === undefined || u === id ? [] : [u];
      }),
    ),
    anti: [...(antiOf.get(id) ?? [])],
  }));
  const drbdConsumers = new Map<string, number[]>();
  for (const [drbd, users] of drbdUsers) {
    drbdConsumers.set(
      drbd,
      unique(users.flatMap((u) => (unitOf.has(u) ? [unitOf.get(u) as number] : []))),
    );
  }
  return {
    index,
    nodeNames,
    spare: Uint8Array.from(design.nodes, (n) => (n.spare ? 1 : 0)),
    cpus: Float64Array.from(design.nodes, (n) => n.capacity.cpus),
    memoryMiB: Float64Array.from(design.nodes, (n) => n.capacity.memoryMiB),
    units,
    unitOf,
    clones,
    dualPrimary,
    drbdConsumers,
  };
}
