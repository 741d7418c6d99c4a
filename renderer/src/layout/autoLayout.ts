import ElkModule from 'elkjs/lib/elk.bundled.js';
import type { ELK, ELKConstructorArguments } from 'elkjs/lib/elk-api.js';
import type { Design } from '../../../src/model/types.ts';
import { NODE_SIZE } from '../canvas/flowModel.ts';
import { placedElements } from '../design/elements.ts';
import { referencesOf } from '../design/references.ts';

/**
 * elkjs is CommonJS: a bundler hands over its constructor, Node (tests, benches) the module
 * object holding it as `default`. Accept both.
 */
type ElkClass = new (args?: ELKConstructorArguments) => ELK;
const Elk = ((ElkModule as unknown as { default?: ElkClass }).default ??
  ElkModule) as unknown as ElkClass;
const elk = new Elk();

/** Positions for every element from elkjs' layered layout, references pointing upwards (what an element builds on sits above it). */
export async function autoLayout(
  design: Design,
): Promise<Record<string, { x: number; y: number }>> {
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'UP',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
    },
    children: placedElements(design).map((e) => ({ id: e.name, ...NODE_SIZE })),
    edges: referencesOf(design).map((r, i) => ({
      id: `e${i}`,
      sources: [r.from],
      targets: [r.to],
    })),
  });
  const out: Record<string, { x: number; y: number }> = {};
  for (const child of graph.children ?? []) out[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  return out;
}
