import type { Design } from '../../model/types.ts';
import type { Assignment } from './assign.ts';
import { assignAfterFailure, healthyAssignment } from './assign.ts';
import type { PlacementModel } from './model.ts';
import { placementModel } from './model.ts';
import type { FailoverAction, FailureAnalysis, Placement, Unplaced } from './types.ts';

export class UnknownNodeError extends Error {}

function nodeIndexes(model: PlacementModel, failed: readonly string[]): number[] {
  return failed.map((name) => {
    const i = model.index.nodeIndex.get(name);
    if (i === undefined)
      throw new UnknownNodeError(
        `no node named "${name}" in the design (nodes: ${model.nodeNames.join(', ') || 'none'})`,
      );
    return i;
  });
}

/** Every k-node subset of the design's nodes, in node order: the failures N+M must survive. */
export function* nodeCombinations(design: Design, k: number): Generator<string[]> {
  const names = design.nodes.map((n) => n.name);
  if (k < 0 || k > names.length) return;
  const pick = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    yield pick.map((i) => names[i] as string);
    let i = k - 1;
    while (i >= 0 && pick[i] === names.length - k + i) i--;
    if (i < 0) return;
    pick[i] = (pick[i] ?? 0) + 1;
    for (let j = i + 1; j < k; j++) pick[j] = (pick[j - 1] ?? 0) + 1;
  }
}

/** Where every resource runs after the given nodes fail, and what the cluster does to get there. */
export function analyseFailure(design: Design, failed: readonly string[]): FailureAnalysis {
  const model = placementModel(design);
  const failedIx = [...new Set(nodeIndexes(model, failed))];
  return describe(model, healthyAssignment(model), assignAfterFailure(model, failedIx), failed);
}

/** The analysis for each given combination of failed nodes. */
export function analyseFailures(
  design: Design,
  combinations: Iterable<readonly string[]>,
): FailureAnalysis[] {
  const out: FailureAnalysis[] = [];
  for (const failed of combinations) out.push(analyseFailure(design, failed));
  return out;
}

/** One analysis per node: what happens when that node alone fails. */
export function analyseAllSingleFailures(design: Design): FailureAnalysis[] {
  return analyseFailures(design, nodeCombinations(design, 1));
}

/** DRBD resource → the node indexes where it is promoted (one, or two when dual-primary). */
type Promotions = ReadonlyMap<string, readonly number[]>;

const promotionsCache = new WeakMap<Assignment, Promotions>();

/** Where each DRBD resource is promoted in an assignment; the healthy one's is kept. */
function promotedAt(model: PlacementModel, a: Assignment): Promotions {
  const cached = promotionsCache.get(a);
  if (cached) return cached;
  const map = new Map<string, number[]>();
  for (const unit of model.units) {
    const n = a.node.at(unit.id);
    if (n < 0) continue;
    for (const m of unit.members) if (m.promoted) map.set(m.name, [n]);
  }
  // Dual-primary: promoted where its users run, then on the first other live nodes, two at most.
  for (const d of model.dualPrimary) {
    const nodes: number[] = [];
    const promote = (n: number): void => {
      if (nodes.length < 2 && !nodes.includes(n)) nodes.push(n);
    };
    for (const u of model.drbdConsumers.get(d.name) ?? []) {
      const n = a.node.at(u);
      if (n >= 0) promote(n);
    }
    for (const name of d.nodes) {
      const n = model.index.nodeIndex.get(name);
      if (n !== undefined && a.alive[n] === 1) promote(n);
    }
    map.set(d.name, nodes);
  }
  if (a === healthyAssignment(model)) promotionsCache.set(a, map);
  return map;
}

function describe(
  model: PlacementModel,
  before: Assignment,
  after: Assignment,
  failed: readonly string[],
): FailureAnalysis {
  const names = model.nodeNames;
  const nodeName = (i: number): string => names[i] ?? '?';
  const placements: Placement[] = [];
  const unplaced: Unplaced[] = [];
  const stops: FailoverAction[] = [];
  const demotes: FailoverAction[] = [];
  const promotes: FailoverAction[] = [];
  const moves: FailoverAction[] = [];
  const starts: FailoverAction[] = [];
  let vcpus = 0;
  let memoryMiB = 0;

  const promotedBefore = promotedAt(model, before);
  const promotedAfter = promotedAt(model, after);

  for (const unit of model.units) {
    const was = before.node.at(unit.id);
    const now = after.node.at(unit.id);
    for (const m of unit.members) {
      if (m.promoted) continue;
      if (now >= 0) {
        placements.push({ resource: m.name, kind: m.kind, node: nodeName(now), role: 'started' });
      } else {
        const vm = m.kind === 'vm' ? model.index.vms.get(m.name) : undefined;
        unplaced.push({
          resource: m.name,
          kind: m.kind,
          cause: after.cause.at(unit.id) ?? 'no-node',
          reason: after.reason.at(unit.id) ?? 'it has no place',
          vcpus: vm?.vcpus ?? 0,
          memoryMiB: vm?.memoryMiB ?? 0,
        });
        if (after.cause.at(unit.id) === 'capacity') {
          vcpus += vm?.vcpus ?? 0;
          memoryMiB += vm?.memoryMiB ?? 0;
        }
      }
      if (was >= 0 && now >= 0 && was !== now)
        moves.push({ action: 'move', resource: m.name, from: nodeName(was), to: nodeName(now) });
      else if (was >= 0 && now < 0)
        stops.push({ action: 'stop', resource: m.name, node: nodeName(was) });
      else if (was < 0 && now >= 0)
        starts.push({ action: 'start', resource: m.name, node: nodeName(now) });
    }
  }
  for (const d of model.index.design.drbd) {
    const wasP = promotedBefore.get(d.name) ?? [];
    const nowP = promotedAfter.get(d.name) ?? [];
    for (const nodeName_ of d.nodes) {
      const i = model.index.nodeIndex.get(nodeName_);
      if (i === undefined) continue;
      if (after.alive[i] === 1) {
        placements.push({
          resource: d.name,
          kind: 'drbd',
          node: nodeName_,
          role: nowP.includes(i) ? 'promoted' : 'unpromoted',
        });
        if (nowP.includes(i) && !wasP.includes(i))
          promotes.push({ action: 'promote', resource: d.name, node: nodeName_ });
        if (!nowP.includes(i) && wasP.includes(i))
          demotes.push({ action: 'demote', resource: d.name, node: nodeName_ });
      } else if (before.alive[i] === 1) {
        stops.push({ action: 'stop', resource: d.name, node: nodeName_ });
      }
    }
    // A single-primary resource that can no longer be promoted anywhere.
    const u = model.unitOf.get(d.name);
    if (u !== undefined && after.node.at(u) < 0) {
      unplaced.push({
        resource: d.name,
        kind: 'drbd',
        cause: after.cause.at(u) ?? 'no-node',
        reason: `cannot be promoted: ${after.reason.at(u) ?? 'it has no place'}`,
        vcpus: 0,
        memoryMiB: 0,
      });
    }
  }
  const policy = model.index.design.cluster.pacemaker.noQuorumPolicy;
  const clonesRun = after.quorate || policy === 'ignore' || policy === 'freeze';
  for (const clone of model.clones) {
    for (const n of clone.nodes) {
      if (after.alive[n] === 1 && clonesRun)
        placements.push({
          resource: clone.name,
          kind: clone.kind,
          node: nodeName(n),
          role: 'started',
        });
      else if (before.alive[n] === 1)
        stops.push({ action: 'stop', resource: clone.name, node: nodeName(n) });
    }
  }
  const fences: FailoverAction[] = model.index.design.cluster.pacemaker.stonithEnabled
    ? failed.map((node) => ({ action: 'fence' as const, node }))
    : [];
  return {
    failed: [...failed],
    quorate: after.quorate,
    placements,
    unplaced,
    actions: [...fences, ...stops, ...demotes, ...promotes, ...moves, ...starts],
    shortfall: { vcpus, memoryMiB },
  };
}
