import type { PlacementModel, Unit } from './model.ts';
import { clusterQuorate, drbdHasQuorum } from './quorum.ts';
import type { UnplacedCause } from './types.ts';

/**
 * The core of the placement model: unit → node, computed for a set of live nodes. The healthy
 * placement is computed once; a failure only re-places what it touches (resources stay where
 * they are, as resource-stickiness makes Pacemaker do), so checking every failure is cheap.
 */
export interface Assignment {
  /** Node index → 1 when up, 0 when down. */
  readonly alive: readonly number[];
  readonly quorate: boolean;
  /** Unit id → node index, or -1 when it has no place. */
  readonly node: PerUnit<number>;
  readonly cause: PerUnit<UnplacedCause | undefined>;
  readonly reason: PerUnit<string | undefined>;
  /** Room and resource count left on each node. */
  readonly cpuFree: readonly number[];
  readonly memFree: readonly number[];
  readonly count: readonly number[];
  /** Units this assignment may differ on from the healthy one, in placement order. */
  readonly touched: readonly number[];
}

/** A value for each unit, by unit id. */
export interface PerUnit<T> {
  at(unit: number): T;
}

/**
 * Per-unit values of a placement. The healthy placement owns a full array; a failure keeps
 * only the units it re-places, on top of the healthy array, so checking hundreds of failures
 * does not copy a value for every unit each time.
 */
class UnitValues<T> implements PerUnit<T> {
  private readonly base: T[];
  /** Undefined while this owns `base` and writes into it. */
  private readonly changes: Map<number, T> | undefined;

  private constructor(base: T[], changes: Map<number, T> | undefined) {
    this.base = base;
    this.changes = changes;
  }

  /** Values of their own, starting at `initial` for every unit. */
  static filled<T>(units: number, initial: T): UnitValues<T> {
    return new UnitValues(new Array<T>(units).fill(initial), undefined);
  }

  /** Changes on top of another placement's values, which stay as they are. */
  static over<T>(under: UnitValues<T>): UnitValues<T> {
    return new UnitValues(under.base, new Map());
  }

  at(unit: number): T {
    const changes = this.changes;
    if (changes !== undefined && changes.size > 0 && changes.has(unit))
      return changes.get(unit) as T;
    return this.base[unit] as T;
  }

  set(unit: number, value: T): void {
    if (this.changes === undefined) this.base[unit] = value;
    else this.changes.set(unit, value);
  }
}

/**
 * Per-node values are plain arrays, not typed ones: each failure copies them, and small
 * typed arrays are slow to allocate (each has its own backing store).
 */
interface State {
  /** Re-placing after a failure (as opposed to the first placement of a healthy cluster). */
  failover: boolean;
  alive: number[];
  node: UnitValues<number>;
  cpuFree: number[];
  memFree: number[];
  count: number[];
  cause: UnitValues<UnplacedCause | undefined>;
  reason: UnitValues<string | undefined>;
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
  s.node.set(unit.id, n);
  s.cpuFree[n] = (s.cpuFree[n] ?? 0) - unit.vcpus;
  s.memFree[n] = (s.memFree[n] ?? 0) - unit.memoryMiB;
  s.count[n] = (s.count[n] ?? 0) + unit.members.length;
  s.cause.set(unit.id, undefined);
  s.reason.set(unit.id, undefined);
}

function release(unit: Unit, s: State): void {
  const n = s.node.at(unit.id);
  if (n < 0) return;
  s.node.set(unit.id, -1);
  s.cpuFree[n] = (s.cpuFree[n] ?? 0) + unit.vcpus;
  s.memFree[n] = (s.memFree[n] ?? 0) + unit.memoryMiB;
  s.count[n] = (s.count[n] ?? 0) - unit.members.length;
}

function refuse(unit: Unit, s: State, cause: UnplacedCause, reason: string): void {
  s.node.set(unit.id, -1);
  s.cause.set(unit.id, cause);
  s.reason.set(unit.id, reason);
}

/** Whether one of `units` runs on node `n` (a loop: this runs for every candidate node). */
function runsAny(units: readonly number[], s: State, n: number): boolean {
  for (let i = 0; i < units.length; i++) if (s.node.at(units[i] ?? -1) === n) return true;
  return false;
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
    if (s.node.at(need) < 0) {
      const names = model.units[need]?.members.map((m) => m.name).join(', ') ?? '';
      return refuse(unit, s, 'storage', `its storage (${names}) has nowhere to run`);
    }
  }
  const strategy = design.cluster.pacemaker.placementStrategy;
  let anyAlive = false;
  let blockedByAnti = false;
  let best = -1;
  // Indexed loops in here: for…of allocated an iterator result per candidate node.
  const feasible = unit.feasible;
  for (let i = 0; i < feasible.length; i++) {
    const n = feasible[i] ?? -1;
    if (s.alive[n] !== 1) continue;
    anyAlive = true;
    if (runsAny(unit.anti, s, n)) {
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

function freshState(model: PlacementModel, alive: number[]): State {
  const units = model.units.length;
  return {
    failover: false,
    alive,
    node: UnitValues.filled(units, -1),
    cpuFree: Array.from(model.cpus),
    memFree: Array.from(model.memoryMiB),
    count: new Array<number>(model.nodeNames.length).fill(0),
    cause: UnitValues.filled<UnplacedCause | undefined>(units, undefined),
    reason: UnitValues.filled<string | undefined>(units, undefined),
  };
}

function assignmentOf(s: State, quorate: boolean, touched: readonly number[]): Assignment {
  const { alive, node, cpuFree, memFree, count, cause, reason } = s;
  return { alive, node, cpuFree, memFree, count, cause, reason, quorate, touched };
}

/** The healthy placement, with its state kept for the failures to start from. */
interface Healthy {
  readonly assignment: Assignment;
  readonly state: State;
}

const healthyCache = new WeakMap<PlacementModel, Healthy>();

/** Where everything runs with every node up. */
export function healthyAssignment(model: PlacementModel): Assignment {
  return healthyPlacement(model).assignment;
}

function healthyPlacement(model: PlacementModel): Healthy {
  const cached = healthyCache.get(model);
  if (cached) return cached;
  const alive = new Array<number>(model.nodeNames.length).fill(1);
  const s = freshState(model, alive);
  const quorate = clusterQuorate(model.index.design, model.nodeNames.length);
  if (quorate) for (const unit of model.units) placeUnit(model, unit, s);
  else for (const unit of model.units) refuse(unit, s, 'cluster-quorum', noQuorum(model));
  const result = {
    assignment: assignmentOf(
      s,
      quorate,
      model.units.map((u) => u.id),
    ),
    state: s,
  };
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
    const n = healthy.node.at(unit.id);
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
  const { assignment: healthy, state: base } = healthyPlacement(model);
  if (failed.length === 0) return healthy;
  const alive = healthy.alive.slice();
  // A plain array would grow on an index out of range; the node indexes are the model's own.
  for (const n of failed) if (n >= 0 && n < alive.length) alive[n] = 0;
  let up = 0;
  for (let i = 0; i < alive.length; i++) up += alive[i] ?? 0;
  const quorate = clusterQuorate(model.index.design, up);
  const policy = model.index.design.cluster.pacemaker.noQuorumPolicy;
  const s: State = {
    failover: true,
    alive,
    node: UnitValues.over(base.node),
    cpuFree: base.cpuFree.slice(),
    memFree: base.memFree.slice(),
    count: base.count.slice(),
    cause: UnitValues.over(base.cause),
    reason: UnitValues.over(base.reason),
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
    const n = s.node.at(unit.id);
    if (n >= 0 && failedSet.has(n)) return true;
    // Still running on a live node: it stays unless its DRBD resources lost quorum.
    for (let q = 0; q < unit.quorumDrbd.length; q++) {
      const d = unit.quorumDrbd[q];
      let up = 0;
      for (const x of unit.quorumNodes[q] ?? []) up += alive[x] ?? 0;
      if (d && !drbdHasQuorum(d, up)) return true;
    }
    for (const u of unit.needs) if (healthy.node.at(u) !== s.node.at(u)) return true;
    return false;
  };
  for (const id of touched) {
    const unit = model.units[id];
    if (!unit) continue;
    if (healthy.node.at(unit.id) < 0 && healthy.cause.at(unit.id) !== 'cluster-quorum') continue;
    if (!quorate && policy !== 'ignore') {
      const n = s.node.at(unit.id);
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
  return assignmentOf(s, quorate, touched);
}
