import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pacemakerConfig } from '../../src/generators/pacemaker/fromDesign.ts';
import { nodeHostname } from '../../src/model/elements.ts';
import type { Design } from '../../src/model/types.ts';
import type { PatternOptions } from '../../src/patterns/buildPattern.ts';
import { buildPatternDesign } from '../../src/patterns/buildPattern.ts';
import { analyseFailure, nodeCombinations } from '../../src/validate/failover/analyse.ts';
import { validateDesign } from '../../src/validate/validate.ts';
import { requireTool } from '../support/tools.ts';
import { concurrencyLimit, scenarioRunner } from './crmScenarios.ts';
import type { Placements } from './patternPromise.ts';
import {
  brokenPromises,
  byNodeName,
  modelDisagreements,
  promisedFailures,
  summarySection,
} from './patternPromise.ts';

/**
 * Sizes: every pattern at its smallest size, a middle one and 16 nodes; N+M with M = 1, 2
 * and 3. Each case is simulated for every combination of up to M failures (M = the spares of
 * N+M, 1 for the others), so the cost grows with C(n, M): N+3 is taken at 8 nodes (92
 * combinations) and 16 nodes at N+2 (136); N+3 at 16 nodes would be 696 runs, several
 * minutes of crm_simulate on two cores. N-to-N at 16 nodes has one guest per node: its DRBD
 * resources span all 16 nodes, and with the default two guests per node the first placement
 * alone costs crm_simulate over a minute of CPU.
 */
const CASES: readonly PatternOptions[] = [
  { pattern: 'active-passive', nodes: 2 },
  { pattern: 'active-passive', nodes: 5 },
  { pattern: 'active-passive', nodes: 16 },
  { pattern: 'active-active', nodes: 2 },
  { pattern: 'active-active', nodes: 4 },
  { pattern: 'active-active', nodes: 16 },
  { pattern: 'n-plus-1', nodes: 3 },
  { pattern: 'n-plus-1', nodes: 5 },
  { pattern: 'n-plus-1', nodes: 16 },
  { pattern: 'n-plus-m', nodes: 3, spares: 1 },
  { pattern: 'n-plus-m', nodes: 5, spares: 2 },
  { pattern: 'n-plus-m', nodes: 8, spares: 3 },
  { pattern: 'n-plus-m', nodes: 16, spares: 2 },
  { pattern: 'n-to-1', nodes: 2 },
  { pattern: 'n-to-1', nodes: 4 },
  { pattern: 'n-to-1', nodes: 16 },
  { pattern: 'n-to-n', nodes: 2 },
  { pattern: 'n-to-n', nodes: 5 },
  { pattern: 'n-to-n', nodes: 16, vms: 16 },
];

/** Simulations run two at a time: the machine has two cores. */
const CONCURRENCY = 2;

const caseName = (c: PatternOptions): string =>
  `${c.pattern}-${c.nodes}${c.spares !== undefined ? `-m${c.spares}` : ''}${c.vms !== undefined ? `-vms${c.vms}` : ''}`;

interface CaseResult {
  readonly design: Design;
  readonly combinations: number;
  /** Per scenario ("all nodes up" or the failed nodes): what breaks the promise. */
  readonly broken: readonly string[];
  readonly disagreements: readonly string[];
  /** The derived placement against crm_simulate's own execution (-S), for one scenario. */
  readonly executedMismatch: readonly string[];
  readonly summary: string;
}

/** Every combination of 1..m failed nodes, by node name, in node order. */
function failureSets(design: Design, m: number): string[][] {
  const out: string[][] = [];
  for (let k = 1; k <= m; k++) out.push(...nodeCombinations(design, k));
  return out;
}

async function simulateCase(
  tool: string,
  attributeTool: string,
  options: PatternOptions,
  dir: string,
  limit: ReturnType<typeof concurrencyLimit>,
): Promise<CaseResult> {
  const design = buildPatternDesign(options);
  const config = pacemakerConfig(design);
  const host = new Map(design.nodes.map((n) => [n.name, nodeHostname(n)]));
  const hosts = (names: readonly string[]): string[] => names.map((n) => host.get(n) ?? n);
  await mkdir(dir, { recursive: true });
  const runner = await scenarioRunner(tool, attributeTool, config, dir, limit);
  const m = promisedFailures(design);
  const sets = failureSets(design, m);
  const allUp = byNodeName(design, runner.allUp.placements);
  const results = await Promise.all(
    sets.map(async (failed) => byNodeName(design, (await runner.fail(hosts(failed))).placements)),
  );
  const broken: string[] = [];
  const disagreements: string[] = [];
  const spares = design.nodes.filter((n) => n.spare).map((n) => n.name);
  const summary = [
    `# ${caseName(options)}: ${design.cluster.description}`,
    `# spares: ${spares.join(' ') || 'none'}; every combination of up to ${m} failure${m === 1 ? '' : 's'}, placed by crm_simulate`,
  ];
  const scenario = (failed: readonly string[], placements: Placements): void => {
    const label = failed.length === 0 ? 'all nodes up' : `after ${failed.join(' ')} fail`;
    for (const b of brokenPromises(design, failed, placements)) broken.push(`${label}: ${b}`);
    for (const d of modelDisagreements(design, placements, analyseFailure(design, failed)))
      disagreements.push(`${label}: ${d}`);
    summary.push('', ...summarySection(design, failed, placements, allUp));
  };
  scenario([], allUp);
  sets.forEach((failed, i) => scenario(failed, results[i] ?? {}));

  // N-to-1 fails back: once its node returns, a guest leaves the shared standby for home.
  if (options.pattern === 'n-to-1') {
    const first = design.nodes[0]?.name ?? '';
    const back = byNodeName(design, (await runner.failThenRejoin(hosts([first]))).placements);
    for (const b of brokenPromises(design, [], back)) broken.push(`after ${first} returns: ${b}`);
    summary.push(
      '',
      ...summarySection(
        design,
        [first],
        back,
        allUp,
        `${first} fails, then returns`,
        '(every guest back where it was)',
      ),
    );
  }

  // The transition applied by hand against crm_simulate's own execution of it, for the
  // first combination of the most failures.
  const sample = sets.find((s) => s.length === m) ?? [];
  const executed = byNodeName(design, (await runner.failExecuted(hosts(sample))).placements);
  const derived = results[sets.indexOf(sample)] ?? {};
  const executedMismatch = Object.keys(executed)
    .filter((id) => JSON.stringify(executed[id]) !== JSON.stringify(derived[id]))
    .map(
      (id) =>
        `${id}: derived ${JSON.stringify(derived[id])}, executed ${JSON.stringify(executed[id])}`,
    );
  return {
    design,
    combinations: sets.length,
    broken,
    disagreements,
    executedMismatch,
    summary: summary.join('\n') + '\n',
  };
}

describe('crm_simulate places every guest as its pattern promises, for every combination of up to M failures', () => {
  const root = mkdtempSync(join(tmpdir(), 'cw-patterns-sim-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const results = new Map<string, CaseResult>();

  beforeAll(async () => {
    const tool = requireTool('crm_simulate', 'pacemaker-cli-utils');
    const attributeTool = requireTool('crm_attribute', 'pacemaker-cli-utils');
    const limit = concurrencyLimit(CONCURRENCY);
    await Promise.all(
      CASES.map(async (c) =>
        results.set(
          caseName(c),
          await simulateCase(tool, attributeTool, c, join(root, caseName(c)), limit),
        ),
      ),
    );
  }, 1_200_000);

  for (const c of CASES) {
    it(`${caseName(c)}`, async () => {
      const r = results.get(caseName(c));
      expect(r, 'simulated in beforeAll').toBeDefined();
      if (!r) return;
      expect(validateDesign(r.design).filter((d) => d.severity === 'error')).toEqual([]);
      expect(r.combinations).toBeGreaterThan(0);
      expect(r.broken).toEqual([]);
      expect(r.disagreements).toEqual([]);
      expect(r.executedMismatch).toEqual([]);
      await expect(r.summary).toMatchFileSnapshot(`__expected__/${caseName(c)}.txt`);
    });
  }
});
