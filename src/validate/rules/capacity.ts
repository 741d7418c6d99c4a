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
    if (!unit || (after.node[unit.id] ?? -1) >= 0) continue;
    if (before !== after && (before.node[unit.id] ?? -1) < 0) continue;
    if (!keep(after.cause[unit.id])) continue;
    names.push(...unit.members.filter((m) => !m.promoted).map((m) => m.name));
    reasons.add(after.reason[unit.id] ?? '');
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
  codes: ['capacity-exceeded', 'capacity-n1', 'failover-stranded'],
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
    return out;
  },
};
