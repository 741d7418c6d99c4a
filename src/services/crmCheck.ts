import { renderCib } from '../generators/pacemaker/cib.ts';
import { pacemakerConfig } from '../generators/pacemaker/fromDesign.ts';
import { nodeHostname } from '../model/elements.ts';
import type { Design } from '../model/types.ts';
import { simulatePlacement } from '../simulate/crmSimulate.ts';
import type { FailureAnalysis } from '../validate/failover/types.ts';

/** A resource that our placement model and Pacemaker's scheduler put on different nodes. */
export interface PlacementDifference {
  readonly resource: string;
  /** Where it runs (DRBD: where it is promoted), by our model and by crm_simulate. */
  readonly ours: readonly string[];
  readonly crm: readonly string[];
}

/**
 * Runs crm_simulate on the CIB the Pacemaker generator writes for the design, fails the same
 * node, and lists every resource it places differently from our analysis.
 */
export async function compareWithCrmSimulate(
  design: Design,
  analysis: FailureAnalysis,
): Promise<PlacementDifference[]> {
  const [fail, ...more] = analysis.failed;
  if (fail === undefined || more.length > 0)
    throw new Error('the crm_simulate check takes exactly one failed node');
  const host = new Map(design.nodes.map((n) => [n.name, nodeHostname(n)]));
  const nameOf = new Map(design.nodes.map((n) => [nodeHostname(n), n.name]));
  const sim = await simulatePlacement(renderCib(pacemakerConfig(design)), {
    up: design.nodes.map((n) => nodeHostname(n)),
    down: [],
    fail: host.get(fail) ?? fail,
  });
  const out: PlacementDifference[] = [];
  const seen = new Set<string>();
  for (const p of analysis.placements) {
    if (seen.has(p.resource)) continue;
    seen.add(p.resource);
    const drbd = p.kind === 'drbd';
    const ours = analysis.placements
      .filter((q) => q.resource === p.resource && (!drbd || q.role === 'promoted'))
      .map((q) => q.node)
      .sort();
    const placed = sim.placements[drbd ? `${p.resource}_clone` : p.resource];
    const crm = [...((drbd ? placed?.promoted : placed?.nodes) ?? [])]
      .map((h) => nameOf.get(h) ?? h)
      .sort();
    if (JSON.stringify(ours) !== JSON.stringify(crm)) out.push({ resource: p.resource, ours, crm });
  }
  return out;
}
