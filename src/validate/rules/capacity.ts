import type { Diagnostic } from '../../model/diagnostic.ts';
import type { Design } from '../../model/types.ts';
import { diag, listing } from '../diag.ts';
import type { Assignment } from '../failover/assign.ts';
import { assignAfterFailure, healthyAssignment } from '../failover/assign.ts';
import type { PlacementModel } from '../failover/model.ts';
import { placementModel } from '../failover/model.ts';
import type { Rule } from '../rule.ts';

/** What the units left out of an assignment need, and their names. */
function lost(
  model: PlacementModel,
  before: Assignment,
  after: Assignment,
  keep: (cause: string | undefined) => boolean,
): { names: string[]; vcpus: number; memoryMiB: number; reasons: string[] } {
  const names: string[] = [];
  const reasons = new Set<string>();
  let vcpus = 0;
  let memoryMiB = 0;
  for (const id of after.touched) {
    const unit = model.units[id];
    if (!unit || after.node.at(unit.id) >= 0) continue;
    if (before !== after && before.node.at(unit.id) < 0) continue;
    if (!keep(after.cause.at(unit.id))) continue;
    names.push(...unit.members.filter((m) => !m.promoted).map((m) => m.name));
    reasons.add(after.reason.at(unit.id) ?? '');
    vcpus += unit.vcpus;
    memoryMiB += unit.memoryMiB;
  }
  return { names, vcpus, memoryMiB, reasons: [...reasons] };
}

/**
 * Capacity, healthy and N+1: the placement model takes every single node down in turn and
 * asks whether the survivors can host everything. It reuses the healthy placement, so this
 * stays linear in the number of resources per failure.
 */
export const capacityRule: Rule = {
  codes: ['capacity-exceeded', 'capacity-n1', 'failover-stranded', 'capacity-n-plus-m'],
  check(design: Design): Diagnostic[] {
    const out: Diagnostic[] = [];
    const model = placementModel(design);
    const healthy = healthyAssignment(model);
    const over = lost(model, healthy, healthy, (c) => c === 'capacity');
    if (over.names.length > 0) {
      out.push(
        diag(
          'capacity-exceeded',
          'error',
          over.names,
          ['nodes'],
          `with every node up, ${listing(over.names)} ${over.names.length === 1 ? 'finds' : 'find'} no node with room: ${over.vcpus} vCPUs and ${over.memoryMiB} MiB have no place`,
          'add nodes or capacity, or make the VMs smaller',
        ),
      );
    }
    if (design.nodes.length < 2 || !healthy.quorate) return out;
    // A declared redundancy pattern promises to survive a node failure.
    const promised = design.cluster.pattern !== undefined;
    for (let n = 0; n < design.nodes.length; n++) {
      const node = model.nodeNames[n] ?? '';
      const after = assignAfterFailure(model, [n]);
      if (!after.quorate) continue; // the quorum rules already say so
      const short = lost(model, healthy, after, (c) => c === 'capacity');
      if (short.names.length > 0) {
        out.push(
          diag(
            'capacity-n1',
            promised ? 'error' : 'warning',
            [node, ...short.names],
            ['nodes', n],
            `after ${node} fails, ${short.vcpus} vCPUs and ${short.memoryMiB} MiB have no place (${listing(short.names)})`,
            promised
              ? `the ${design.cluster.pattern?.kind} pattern needs room for any one failure: add a spare node or capacity`
              : 'add a spare node or capacity so the survivors can host every VM',
          ),
        );
      }
      const stranded = lost(
        model,
        healthy,
        after,
        (c) => c !== 'capacity' && c !== 'cluster-quorum',
      );
      if (stranded.names.length > 0) {
        out.push(
          diag(
            'failover-stranded',
            'warning',
            [node, ...stranded.names],
            ['nodes', n],
            `after ${node} fails, ${listing(stranded.names)} cannot run anywhere: ${stranded.reasons.join('; ')}`,
            'give another live node what they need (storage, hypervisor, network), or a DRBD tiebreaker',
          ),
        );
      }
    }
    out.push(...simultaneousFailures(design, model, healthy));
    return out;
  },
};

/** Every way to pick k of n indexes, in lexicographic order. */
function* combinations(n: number, k: number): Generator<number[]> {
  const pick = Array.from({ length: k }, (_, i) => i);
  while (k <= n) {
    yield [...pick];
    let i = k - 1;
    while (i >= 0 && pick[i] === n - k + i) i--;
    if (i < 0) return;
    pick[i] = (pick[i] ?? 0) + 1;
    for (let j = i + 1; j < k; j++) pick[j] = (pick[j - 1] ?? 0) + 1;
  }
}

/**
 * N+M: a pattern with M spares promises to survive any M nodes failing at once. Every
 * combination of 2..M failures is placed; the first that leaves VMs without room is named
 * with its shortfall (single failures are checked above).
 */
function simultaneousFailures(
  design: Design,
  model: PlacementModel,
  healthy: Assignment,
): Diagnostic[] {
  const m = design.cluster.pattern?.spares ?? 0;
  const out: Diagnostic[] = [];
  for (let k = 2; k <= Math.min(m, model.nodeNames.length - 1); k++) {
    let broken = 0;
    let first: { nodes: string[]; short: ReturnType<typeof lost> } | undefined;
    for (const combo of combinations(model.nodeNames.length, k)) {
      const after = assignAfterFailure(model, combo);
      if (!after.quorate) continue; // the quorum rules speak to a lost majority
      const short = lost(model, healthy, after, (c) => c === 'capacity');
      if (short.names.length === 0) continue;
      broken++;
      first ??= { nodes: combo.map((i) => model.nodeNames[i] ?? ''), short };
    }
    if (first) {
      out.push(
        diag(
          'capacity-n-plus-m',
          'error',
          [...first.nodes, ...first.short.names],
          ['cluster', 'pattern', 'spares'],
          `the ${design.cluster.pattern?.kind} pattern promises to survive ${m} failures, but after ${listing(first.nodes)} fail together ${first.short.vcpus} vCPUs and ${first.short.memoryMiB} MiB have no place (${listing(first.short.names)})${broken > 1 ? `; ${broken - 1} other combination(s) of ${k} failures break it too` : ''}`,
          'add spare nodes or capacity, or promise fewer spares',
        ),
      );
      break;
    }
  }
  return out;
}
