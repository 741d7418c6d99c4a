import { describe, expect, it } from 'vitest';
import { renderCib } from '../../src/generators/pacemaker/cib.ts';
import type { PacemakerConfig, Resource } from '../../src/generators/pacemaker/config.ts';
import { pacemakerConfig } from '../../src/generators/pacemaker/fromDesign.ts';
import type { Placement, SimulationResult } from '../../src/simulate/crmSimulate.ts';
import { simulatePlacement } from '../../src/simulate/crmSimulate.ts';
import { loadTemplate, templateNames } from '../support/designs.ts';
import { requireTool } from '../support/tools.ts';

/** One line per top-level resource, like the summaries of Pacemaker's cts-scheduler tests. */
function summary(config: PacemakerConfig, result: SimulationResult): string[] {
  return config.resources.map((r) => {
    const p = result.placements[r.id];
    const nodes = p?.nodes.join(' ') || 'Stopped';
    const promoted =
      p?.promoted !== undefined ? ` (Promoted: ${p.promoted.join(' ') || 'none'})` : '';
    return `${r.id}: ${nodes}${promoted}`;
  });
}

/** Resources the cluster must run with these survivors; a fence device cannot run on its target. */
function mustRun(config: PacemakerConfig, survivors: readonly string[]): Resource[] {
  return config.resources.filter((r) => {
    if (r.kind !== 'primitive' || r.agent.class !== 'stonith') return true;
    const banned = new Set(
      config.constraints.flatMap((c) =>
        c.kind === 'location' && c.rsc === r.id && c.score === '-INFINITY' ? [c.node] : [],
      ),
    );
    return survivors.some((n) => !banned.has(n));
  });
}

function expectPlaced(
  config: PacemakerConfig,
  result: SimulationResult,
  survivors: readonly string[],
): void {
  for (const r of mustRun(config, survivors)) {
    const p: Placement | undefined = result.placements[r.id];
    expect(p?.nodes.length, `${r.id} is not placed`).toBeGreaterThan(0);
    for (const n of p?.nodes ?? [])
      expect(survivors, `${r.id} placed on a failed node`).toContain(n);
    if (r.kind === 'clone' && r.promotable)
      expect(p?.promoted?.length, `${r.id} not promoted`).toBeGreaterThan(0);
    if (r.kind === 'group') {
      for (const m of r.members)
        expect(result.placements[m.id]?.nodes, `${m.id} not with its group`).toEqual(p?.nodes);
    }
  }
}

describe.each(templateNames())('crm_simulate on %s', (template) => {
  const design = loadTemplate(template);
  const config = pacemakerConfig(design);
  const cib = renderCib(config);
  const nodes = config.nodes.map((n) => n.uname);

  it('places every resource with all nodes up, and again after each single node failure', async () => {
    requireTool('crm_simulate', 'pacemaker-cli-utils');
    const lines = [`# ${template}: placements computed by crm_simulate`, '', '## all nodes up'];
    const allUp = await simulatePlacement(cib, { up: nodes, down: [] });
    expectPlaced(config, allUp, nodes);
    lines.push(...summary(config, allUp));
    for (const failed of nodes) {
      const result = await simulatePlacement(cib, { up: nodes, down: [], fail: failed });
      const survivors = nodes.filter((n) => n !== failed);
      expectPlaced(config, result, survivors);
      lines.push('', `## after ${failed} fails`, ...summary(config, result));
    }
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot(
      `../generators/pacemaker/__expected__/${template}.placements.txt`,
    );
  });
});
