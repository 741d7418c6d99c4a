import type { Diagnostic } from '../../model/diagnostic.ts';
import type { Design } from '../../model/types.ts';
import type { DesignIndex } from '../designIndex.ts';
import { diag, listing } from '../diag.ts';
import { placementModel } from '../failover/model.ts';
import type { Rule } from '../rule.ts';

/** Constraints that no placement can ever satisfy. */
export const constraintsRule: Rule = {
  codes: [
    'constraint-self',
    'constraint-colocation-conflict',
    'constraint-location-conflict',
    'constraint-banned-everywhere',
    'constraint-order-cycle',
    'resource-no-node',
  ],
  check(design: Design, index: DesignIndex): Diagnostic[] {
    const out: Diagnostic[] = [];
    const model = placementModel(design);
    const bans = new Map<string, Set<string>>();
    const musts = new Map<string, Set<string>>();
    design.constraints.forEach((c, i) => {
      const at = (field: string): (string | number)[] => ['constraints', i, field];
      if (c.kind === 'colocation') {
        if (c.resource === c.with) {
          out.push(
            diag(
              'constraint-self',
              'error',
              [c.name, c.resource],
              at('with'),
              `colocation "${c.name}" places "${c.resource}" with itself`,
              'colocate it with another resource, or remove the constraint',
            ),
          );
        } else if (c.score === '-INFINITY') {
          const ua = model.unitOf.get(c.resource);
          if (ua !== undefined && ua === model.unitOf.get(c.with)) {
            const together = (model.units[ua]?.members ?? []).map((m) => m.name);
            out.push(
              diag(
                'constraint-colocation-conflict',
                'error',
                [c.name, c.resource, c.with],
                at('score'),
                `colocation "${c.name}" keeps "${c.resource}" away from "${c.with}", but other constraints, dependencies or shared storage force them onto one node (${listing(together)})`,
                'remove the -INFINITY colocation or the constraint that binds them together',
              ),
            );
          }
        }
      } else if (c.kind === 'order') {
        if (c.first === c.then) {
          out.push(
            diag(
              'constraint-self',
              'error',
              [c.name, c.first],
              at('then'),
              `order "${c.name}" starts "${c.first}" after itself`,
              'order it against another resource, or remove the constraint',
            ),
          );
        }
      } else {
        const map = c.score === '-INFINITY' ? bans : c.score === 'INFINITY' ? musts : undefined;
        if (map) {
          const set = map.get(c.resource) ?? new Set<string>();
          set.add(c.node);
          map.set(c.resource, set);
        }
        const other = c.score === '-INFINITY' ? musts : c.score === 'INFINITY' ? bans : undefined;
        if (other?.get(c.resource)?.has(c.node)) {
          out.push(
            diag(
              'constraint-location-conflict',
              'error',
              [c.name, c.resource, c.node],
              at('score'),
              `"${c.resource}" is both required on and banned from node "${c.node}"`,
              'keep one of the two location constraints',
            ),
          );
        }
      }
    });
    if (design.nodes.length > 0) {
      for (const [resource, banned] of bans) {
        if (banned.size < design.nodes.length) continue;
        const i = design.constraints.findIndex(
          (c) => c.kind === 'location' && c.resource === resource && c.score === '-INFINITY',
        );
        out.push(
          diag(
            'constraint-banned-everywhere',
            'error',
            [resource],
            ['constraints', i],
            `location constraints ban "${resource}" from every node: it can never run`,
            'remove the ban from at least one node',
          ),
        );
      }
    }
    out.push(...orderCycles(design, index));
    // Non-VM resources with nowhere to run (VMs have their own rule with more detail).
    for (const unit of model.units) {
      if (unit.feasible.length > 0) continue;
      for (const m of unit.members) {
        if (m.kind === 'vm' || m.kind === 'iscsi-target' || m.kind === 'drbd') continue;
        out.push(
          diag(
            'resource-no-node',
            'error',
            [m.name],
            index.pathOf(m.name),
            `"${m.name}" can run on no node: ${unit.whyNone}`,
            'relax what it must run with, or give a node what it needs',
          ),
        );
      }
    }
    return out;
  },
};

/** Mandatory orders and service dependencies form a graph; a cycle can never start. */
function orderCycles(design: Design, index: DesignIndex): Diagnostic[] {
  const edges = new Map<string, { to: string; via: string }[]>();
  const edge = (from: string, to: string, via: string): void => {
    const list = edges.get(from) ?? [];
    list.push({ to, via });
    edges.set(from, list);
  };
  for (const c of design.constraints)
    if (c.kind === 'order' && c.mandatory && c.first !== c.then) edge(c.first, c.then, c.name);
  for (const s of design.services) for (const dep of s.dependsOn) edge(dep, s.name, s.name);
  const out: Diagnostic[] = [];
  const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
  const reported = new Set<string>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    // Iterative DFS so a long dependency chain cannot overflow the stack.
    const stack: { node: string; next: number; via: string }[] = [
      { node: start, next: 0, via: '' },
    ];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      const list = edges.get(top.node) ?? [];
      if (top.next >= list.length) {
        state.set(top.node, 2);
        stack.pop();
        continue;
      }
      const e = list[top.next++] as { to: string; via: string };
      const s = state.get(e.to);
      if (s === undefined) {
        state.set(e.to, 1);
        stack.push({ node: e.to, next: 0, via: e.via });
      } else if (s === 1) {
        const from = stack.findIndex((f) => f.node === e.to);
        const cycle = stack.slice(from).map((f) => f.node);
        const vias = [...stack.slice(from + 1).map((f) => f.via), e.via];
        const key = [...cycle].sort().join(' ');
        if (reported.has(key)) continue;
        reported.add(key);
        out.push(
          diag(
            'constraint-order-cycle',
            'error',
            [...new Set([...vias, ...cycle])],
            index.pathOf(e.via),
            `start order goes round in a circle: ${[...cycle, e.to].join(' → ')}, so none of them can start`,
            `remove one of the orders or dependencies (${listing([...new Set(vias)])})`,
          ),
        );
      }
    }
  }
  return out;
}
