import type { Edge, Node } from '@xyflow/react';
import type { Diagnostic, Severity } from '../../../src/model/diagnostic.ts';
import type { Design } from '../../../src/model/types.ts';
import { placedElements } from '../design/elements.ts';
import type { Placeable } from '../design/kinds.ts';
import { PLACEABLE } from '../design/kinds.ts';
import { referencesOf } from '../design/references.ts';

/** The size the canvas cards are drawn at (styles.css keeps to it), for layout and centring. */
export const NODE_SIZE = { width: 180, height: 64 } as const;

export interface ElementNodeData extends Record<string, unknown> {
  readonly collection: Placeable;
  readonly name: string;
  readonly summary: string;
  readonly problems: number;
  readonly worst: Severity | null;
}

export type ElementFlowNode = Node<ElementNodeData, 'element'>;

interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where an element sits: its saved position, or a row per kind for elements never placed. */
export function positionOf(design: Design, name: string): Point | undefined {
  const saved = design.layout[name];
  if (saved) return saved;
  for (const [row, collection] of PLACEABLE.entries()) {
    const index = (design[collection] as readonly { readonly name: string }[]).findIndex(
      (e) => e.name === name,
    );
    if (index >= 0) return { x: index * (NODE_SIZE.width + 40), y: row * (NODE_SIZE.height + 60) };
  }
  return undefined;
}

const RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

/** Problems per element name, for the badges. */
export function problemsByElement(
  diagnostics: readonly Diagnostic[],
): Map<string, { count: number; worst: Severity }> {
  const out = new Map<string, { count: number; worst: Severity }>();
  for (const d of diagnostics) {
    for (const name of d.elements) {
      const prev = out.get(name);
      const worst = prev && RANK[prev.worst] >= RANK[d.severity] ? prev.worst : d.severity;
      out.set(name, { count: (prev?.count ?? 0) + 1, worst });
    }
  }
  return out;
}

/** One line under the name: what matters most about the element at a glance. */
export function summaryOf(design: Design, collection: Placeable, index: number): string {
  switch (collection) {
    case 'networks': {
      const n = design.networks[index];
      return n ? `${n.cidr} · ${n.role}` : '';
    }
    case 'nodes': {
      const n = design.nodes[index];
      return n ? `${n.capacity.cpus} CPU · ${Math.round(n.capacity.memoryMiB / 1024)} GiB` : '';
    }
    case 'drbd': {
      const d = design.drbd[index];
      return d ? `DRBD ${d.version} · ${d.nodes.length} nodes · port ${d.port}` : '';
    }
    case 'iscsiTargets': {
      const t = design.iscsiTargets[index];
      return t ? `${t.implementation} · ${t.luns.length} LUN` : '';
    }
    case 'iscsiInitiators': {
      const i = design.iscsiInitiators[index];
      return i ? `${i.node || '?'} → ${i.target || '?'}` : '';
    }
    case 'vms': {
      const v = design.vms[index];
      return v ? `${v.hypervisor} · ${v.vcpus} vCPU · ${v.memoryMiB} MiB` : '';
    }
    case 'floatingIps':
      return design.floatingIps[index]?.address ?? '';
    case 'filesystems': {
      const f = design.filesystems[index];
      return f ? `${f.fstype} on ${f.mountpoint}` : '';
    }
    case 'services': {
      const s = design.services[index];
      return s ? (s.agent.class === 'systemd' ? s.agent.unit : `ocf:${s.agent.type}`) : '';
    }
    case 'fencing': {
      const f = design.fencing[index];
      return f ? `${f.kind} · ${f.targets.length} node(s)` : '';
    }
  }
}

/** The canvas' nodes, derived from the design: the model is the truth, the canvas a view. */
export function toFlowNodes(
  design: Design,
  selection: readonly string[],
  dragging: Readonly<Record<string, Point>>,
  measured: Readonly<Record<string, { width: number; height: number }>>,
  diagnostics: readonly Diagnostic[],
): ElementFlowNode[] {
  const problems = problemsByElement(diagnostics);
  const selected = new Set(selection);
  return placedElements(design).map(({ collection, index, name }) => {
    const p = problems.get(name);
    const size = measured[name];
    return {
      id: name,
      type: 'element',
      position: dragging[name] ?? positionOf(design, name) ?? { x: 0, y: 0 },
      selected: selected.has(name),
      ...(size ? { measured: size } : {}),
      data: {
        collection,
        name,
        summary: summaryOf(design, collection, index),
        problems: p?.count ?? 0,
        worst: p?.worst ?? null,
      },
    };
  });
}

/** The canvas' edges: one per reference, from the element that holds it. */
export function toFlowEdges(design: Design): Edge[] {
  return referencesOf(design).map((r) => ({
    id: `${r.from}>${r.to}:${r.role}`,
    source: r.from,
    target: r.to,
    label: r.role,
    data: { role: r.role },
  }));
}
