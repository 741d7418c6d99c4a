import type { PlacementModel, Unit } from './model.ts';
import { clusterQuorate, drbdHasQuorum } from './quorum.ts';
import type { UnplacedCause } from './types.ts';

/**
 * The core of the placement model: unit → node, computed for a set of live nodes. The healthy
 * placement is computed once; a failure only re-places what it touches (resources stay where
 * they are, as resource-stickiness makes Pacemaker do), so checking every failure is cheap.
 */
export interface Assignment {
  readonly alive: Uint8Array;
  readonly quorate: boolean;
  /** Unit id → node index, or -1 when it has no place. */
  readonly node: Int32Array;
  readonly cause: readonly (UnplacedCause | undefined)[];
  readonly reason: readonly (string | undefined)[];
  /** Room and resource count left on each node. */
  readonly cpuFree: Float64Array;
  readonly memFree: Float64Array;
  readonly count: Float64Array;
  /** Units this assignment may differ on from the healthy one, in placement order. */
  readonly touched: readonly number[];
}

interface State {
  /** Re-placing after a failure (as opposed to the first placement of a healthy cluster). */
  failover: boolean;
  alive: Uint8Array;
  node: Int32Array;
  cpuFree: Float64Array;
  memFree: Float64Array;
  count: Float64Array;
  cause: (UnplacedCause | undefined)[];
  reason: (string | undefined)[];
}

function better(
  model: PlacementModel,
  unit: Unit,
  s: State,
  strategy: string,
  a: number,
  b: number,
): boolean {
  const sa = score(unit, s, a);
  const sb = score(unit, s, b);
  if (sa !== sb) return sa > sb;
  // While all is well, spares are kept free until nothing else can take the load.
  if (!s.failover) {
    const spa = model.spare[a] ?? 0;
    const spb = model.spare[b] ?? 0;
    if (spa !== spb) return spa < spb;
  }
  // After a failure the DRBD instances already run everywhere; Pacemaker promotes the first
  // listed one among equals rather than balancing load (unless the guest leads its storage).
  if (unit.promotes && !unit.leadsStorage && s.failover) return a < b;
  if (strategy === 'balanced') {
    const fa = (s.memFree[a] ?? 0) / (model.memoryMiB[a] ?? 1);
    const fb = (s.memFree[b] ?? 0) / (model.memoryMiB[b] ?? 1);
    if (fa !== fb) return fa > fb;
  } else if (strategy === 'minimal') {
    const ca = s.count[a] ?? 0;
    const cb = s.count[b] ?? 0;
    if (ca !== cb) return ca > cb;
  } else {
    const ca = s.count[a] ?? 0;
    const cb = s.count[b] ?? 0;
    if (ca !== cb) return ca < cb;
  }
  return a < b;
}

function score(unit: Unit, s: State, n: number): number {
  let total = unit.scores.size > 0 ? (unit.scores.get(n) ?? 0) : 0;
  if (s.failover && unit.spareScores.size > 0) total += unit.spareScores.get(n) ?? 0;
  return total;
}

function fits(unit: Unit, s: State, n: number): boolean {
  return (s.cpuFree[n] ?? 0) >= unit.vcpus && (s.memFree[n] ?? 0) >= unit.memoryMiB;
}

function take(unit: Unit, s: State, n: number): void {
  s.node[unit.id] = n;
  s.cpuFree[n] = (s.cpuFree[n] ?? 0) - unit.vcpus;
  s.memFree[n] = (s.memFree[n] ?? 0) - unit.memoryMiB;
  s.count[n] = (s.count[n] ?? 0) + unit.members.length;
  s.cause[unit.id] = undefined;
  s.reason[unit.id] = undefined;
}

function release(unit: Unit, s: State): void {
  const n = s.node[unit.id] ?? -1;
  if (n < 0) return;
  s.node[unit.id] = -1;
  s.cpuFree[n] = (s.cpuFree[n] ?? 0) + unit.vcpus;
  s.memFree[n] = (s.memFree[n] ?? 0) + unit.memoryMiB;
  s.count[n] = (s.count[n] ?? 0) - unit.members.length;
}

function refuse(unit: Unit, s: State, cause: UnplacedCause, reason: string): void {
  s.node[unit.id] = -1;
  s.cause[unit.id] = cause;
  s.reason[unit.id] = reason;
}

function placeUnit(model: PlacementModel, unit: Unit, s: State): void {
  const { design } = model.index;
  if (unit.feasible.length === 0) return refuse(unit, s, 'no-node', unit.whyNone);
  for (let q = 0; q < unit.quorumDrbd.length; q++) {
    const d = unit.quorumDrbd[q];
    const members = unit.quorumNodes[q] ?? [];
    let up = 0;
    for (const n of members) up += s.alive[n] ?? 0;
    if (d && !drbdHasQuorum(d, up))
      return refuse(
        unit,
        s,
        'drbd-quorum',
        `DRBD resource ${d.name} lost quorum (${d.quorum}): too few of its nodes are up`,
      );
  }
  for (const need of unit.needs) {
    if ((s.node[need] ?? -1) < 0) {
      const names = model.units[need]?.members.map((m) => m.name).join(', ') ?? '';
      return refuse(unit, s, 'storage', `its storage (${names}) has nowhere to run`);
    }
  }
  const strategy = design.cluster.pacemaker.placementStrategy;
  let anyAlive = false;
  let blockedByAnti = false;
  let best = -1;
  for (const n of unit.feasible) {
    if (s.alive[n] !== 1) continue;
    anyAlive = true;
    if (unit.anti.some((u) => s.node[u] === n)) {
      blockedByAnti = true;
      continue;
    }
    if (!fits(unit, s, n)) continue;
    if (best < 0 || better(model, unit, s, strategy, n, best)) best = n;
  }
  if (best >= 0) return take(unit, s, best);
  if (!anyAlive) return refuse(unit, s, 'no-node', 'none of the nodes that can run it is up');
  if (blockedByAnti)
    return refuse(
      unit,
      s,
      'anti-colocation',
      'the nodes with room already run a resource it must not share a node with',
    );
  return refuse(
    unit,
    s,
    'capacity',
    `no live node that can run it has ${unit.vcpus} vCPUs and ${unit.memoryMiB} MiB free`,
  );
}

function freshState(model: PlacementModel, alive: Uint8Array): State {
  const units = model.units.length;
  return {
    failover: false,
    alive,
    node: new Int32Array(units).fill(-1),
    cpuFree: model.cpus.slice(),
    memFree: model.memoryMiB.slice(),
    count: new Float64Array(model.nodeNames.length),
    cause: new Array<UnplacedCause | undefined>(units).fill(undefined),
    reason: new Array<string | undefined>(units).fill(undefined),
  };
}

const healthyCache = new WeakMap<PlacementModel, Assignment>();

/** Where everything runs with every node up. */
export function healthyAssignment(model: PlacementModel): Assignment {
  const cached = healthyCache.get(model);
  if (cached) return cached;
  const alive = new Uint8Array(model.nodeNames.length).fill(1);
  const s = freshState(model, alive);
  const quorate = clusterQuorate(model.index.design, model.nodeNames.length);
  if (quorate) for (const unit of model.units) placeUnit(model, unit, s);
  else for (const unit of model.units) refuse(unit, s, 'cluster-quorum', noQuorum(model));
  const { failover: _healthy, ...rest } = s;
  const result: Assignment = { ...rest, quorate, touched: model.units.map((u) => u.id) };
  healthyCache.set(model, result);
  return result;
}

interface Exposure {
  /** Node index → units a failure of that node can disturb (they run there or need its vote). */
  readonly byNode: readonly (readonly number[])[];
  /** Unit → units that need it running (VMs on an iSCSI target). */
  readonly dependents: ReadonlyMap<number, readonly number[]>;
}

const exposureCache = new WeakMap<PlacementModel, Exposure>();

/** Which units each node's failure can affect, so a failure only looks at those. */
function exposure(model: PlacementModel): Exposure {
  const cached = exposureCache.get(model);
  if (cached) return cached;
  const healthy = healthyAssignment(model);
  const byNode: number[][] = model.nodeNames.map(() => []);
  const dependents = new Map<number, number[]>();
  for (const unit of model.units) {
    const n = healthy.node[unit.id] ?? -1;
    if (n >= 0) byNode[n]?.push(unit.id);
    for (const nodes of unit.quorumNodes)
      for (const i of nodes) if (i !== n) byNode[i]?.push(unit.id);
    for (const need of unit.needs) {
      const list = dependents.get(need) ?? [];
      list.push(unit.id);
      dependents.set(need, list);
    }
  }
  const result = { byNode, dependents };
  exposureCache.set(model, result);
  return result;
}

function noQuorum(model: PlacementModel): string {
  const policy = model.index.design.cluster.pacemaker.noQuorumPolicy;
  return `the surviving nodes have no quorum, and no-quorum-policy=${policy} stops resources`;
}

/** Where everything runs once the given nodes (indexes) are down. */
export function assignAfterFailure(model: PlacementModel, failed: readonly number[]): Assignment {
  const healthy = healthyAssignment(model);
  if (failed.length === 0) return healthy;
  const alive = healthy.alive.slice();
  for (const n of failed) alive[n] = 0;
  let up = 0;
  for (const a of alive) up += a;
  const quorate = clusterQuorate(model.index.design, up);
  const policy = model.index.design.cluster.pacemaker.noQuorumPolicy;
  const s: State = {
    failover: true,
    alive,
    node: healthy.node.slice(),
    cpuFree: healthy.cpuFree.slice(),
    memFree: healthy.memFree.slice(),
    count: healthy.count.slice(),
    cause: healthy.cause.slice(),
    reason: healthy.reason.slice(),
  };
  const failedSet = new Set(failed);
  const touchedUnits = (): number[] => {
    if (!quorate && policy !== 'ignore') return healthy.touched as number[];
    const { byNode, dependents } = exposure(model);
    const set = new Set<number>();
    for (const n of failed) for (const u of byNode[n] ?? []) set.add(u);
    for (const u of [...set]) for (const d of dependents.get(u) ?? []) set.add(d);
    return [...set].sort((a, b) => a - b);
  };
  const touched = touchedUnits();
  const mustMove = (unit: Unit): boolean => {
    const n = s.node[unit.id] ?? -1;
    if (n >= 0 && failedSet.has(n)) return true;
    // Still running on a live node: it stays unless its DRBD resources lost quorum.
    for (let q = 0; q < unit.quorumDrbd.length; q++) {
      const d = unit.quorumDrbd[q];
      let up = 0;
      for (const x of unit.quorumNodes[q] ?? []) up += alive[x] ?? 0;
      if (d && !drbdHasQuorum(d, up)) return true;
    }
    return unit.needs.some((u) => healthy.node[u] !== s.node[u]);
  };
  for (const id of touched) {
    const unit = model.units[id];
    if (!unit) continue;
    if ((healthy.node[unit.id] ?? -1) < 0 && healthy.cause[unit.id] !== 'cluster-quorum') continue;
    if (!quorate && policy !== 'ignore') {
      const n = s.node[unit.id] ?? -1;
      // freeze keeps what still runs on the survivors; every other policy stops it all.
      if (policy === 'freeze' && n >= 0 && alive[n] === 1) continue;
      release(unit, s);
      refuse(unit, s, 'cluster-quorum', noQuorum(model));
      continue;
    }
    if (!mustMove(unit)) continue;
    release(unit, s);
    placeUnit(model, unit, s);
  }
  const { failover: _failover, ...rest } = s;
  return { ...rest, quorate, touched };
}
