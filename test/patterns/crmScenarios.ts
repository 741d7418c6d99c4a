import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderCib } from '../../src/generators/pacemaker/cib.ts';
import type { PacemakerConfig } from '../../src/generators/pacemaker/config.ts';
import type { Placement, SimAction, SimulationResult } from '../../src/simulate/crmSimulate.ts';
import { parseSimulation, withStatus } from '../../src/simulate/crmSimulate.ts';

/**
 * crm_simulate over one CIB: the first placement with every node up, then any set of nodes
 * failing from that placed state. Runs go through `limit`, so a suite bounds how many
 * crm_simulate processes it starts at once.
 */
export type Limit = <T>(job: () => Promise<T>) => Promise<T>;

/** At most `n` jobs at a time, in the order they were asked for. */
export function concurrencyLimit(n: number): Limit {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

function crmSimulate(tool: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(tool, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`crm_simulate ${args.join(' ')}: ${stderr.trim() || error.message}`))
        : resolve(stdout),
    ),
  );
}

/** Sets a transient node attribute in a CIB file, as an agent on that node would. */
function crmAttribute(
  tool: string,
  cibFile: string,
  node: string,
  name: string,
  value: string,
): Promise<void> {
  const args = ['--node', node, '--name', name, '--update', value, '--lifetime', 'reboot'];
  return new Promise((resolve, reject) =>
    execFile(tool, args, { env: { ...process.env, CIB_file: cibFile } }, (error, _out, stderr) =>
      error
        ? reject(new Error(`crm_attribute ${args.join(' ')}: ${stderr.trim() || error.message}`))
        : resolve(),
    ),
  );
}

/**
 * The configuration as simulated: startup probes off. Every probe of a fresh cluster finds
 * nothing running, so they change no placement, but they are most of the first transition
 * and their history makes every later crm_simulate run several times slower.
 */
export function simulatedCib(config: PacemakerConfig): string {
  return renderCib({
    ...config,
    properties: [...config.properties, { name: 'enable-startup-probes', value: 'false' }],
  });
}

export interface ScenarioRunner {
  /** Where everything runs once the cluster has placed it with every node up. */
  readonly allUp: SimulationResult;
  /** The scheduler's answer to these nodes failing at once: its transition, applied. */
  fail(nodes: readonly string[]): Promise<SimulationResult>;
  /** The same, with crm_simulate executing the transition itself (-S): slower, for checks. */
  failExecuted(nodes: readonly string[]): Promise<SimulationResult>;
  /**
   * The nodes fail and are fenced, come back and start their DRBD instances, which resync
   * and get their promotion scores back: the scheduler's answer to that.
   */
  failThenRejoin(nodes: readonly string[]): Promise<SimulationResult>;
}

export async function scenarioRunner(
  tool: string,
  attributeTool: string,
  config: PacemakerConfig,
  dir: string,
  limit: Limit,
): Promise<ScenarioRunner> {
  const input = join(dir, 'in.xml');
  const placed = join(dir, 'placed.xml');
  const nodes = config.nodes.map((n) => n.uname);
  const parents = cloneParents(config);
  await writeFile(input, withStatus(simulatedCib(config), { up: nodes, down: [] }));
  const allUp = parseSimulation(
    await limit(() => crmSimulate(tool, ['-x', input, '-S', '-O', placed, '--output-as=xml'])),
  );
  const failArgs = (failed: readonly string[]): string[] => failed.flatMap((n) => ['-f', n]);
  return {
    allUp,
    async fail(failed) {
      const out = await limit(() =>
        crmSimulate(tool, ['-x', placed, '-R', ...failArgs(failed), '--output-as=xml']),
      );
      const planned = parseSimulation(out);
      return {
        placements: afterTransition(planned.placements, planned.actions, parents),
        actions: planned.actions,
      };
    },
    async failExecuted(failed) {
      return parseSimulation(
        await limit(() =>
          crmSimulate(tool, ['-x', placed, '-S', ...failArgs(failed), '--output-as=xml']),
        ),
      );
    },
    async failThenRejoin(failed) {
      const down = join(dir, `failed-${failed.join('-')}.xml`);
      const back = join(dir, `rejoined-${failed.join('-')}.xml`);
      await limit(() =>
        crmSimulate(tool, ['-x', placed, '-S', ...failArgs(failed), '-O', down, '--output-as=xml']),
      );
      const up = failed.flatMap((n) => ['-u', n]);
      const started = parseSimulation(
        await limit(() =>
          crmSimulate(tool, ['-x', down, '-S', ...up, '-O', back, '--output-as=xml']),
        ),
      );
      // The returning nodes' DRBD instances have started; once resynced, DRBD's agent gives
      // them a promotion score again, as withStatus gave every node at first.
      for (const [id, p] of Object.entries(started.placements)) {
        if (p.promoted === undefined || !parents.has(id)) continue;
        for (const n of failed.filter((f) => p.nodes.includes(f)))
          await limit(() => crmAttribute(attributeTool, back, n, `master-${id}`, '10000'));
      }
      const planned = parseSimulation(
        await limit(() => crmSimulate(tool, ['-x', back, '-R', '--output-as=xml'])),
      );
      return {
        placements: afterTransition(planned.placements, planned.actions, parents),
        actions: planned.actions,
      };
    },
  };
}

interface Where {
  readonly nodes: Set<string>;
  readonly promoted: Set<string>;
  readonly promotable: boolean;
}

/** Primitive id → the clone it is the child of; a group member throws (not handled). */
export function cloneParents(config: PacemakerConfig): Map<string, string> {
  const parents = new Map<string, string>();
  for (const r of config.resources) {
    if (r.kind === 'clone') parents.set(r.child.id, r.id);
    if (r.kind === 'group')
      throw new Error(`group ${r.id}: applying transitions to groups is not handled here`);
  }
  return parents;
}

/**
 * Placements once a transition has run, from the placements before it and its summary
 * actions (crm_simulate -R): what `-S` prints as the revised status, without paying for
 * the simulated execution of every operation (most of crm_simulate's time on a big CIB).
 * An action names its node as `node` (start, stop), `source` (a change in place: promote,
 * demote, recover) or `source` and `dest` (move, migrate). A clone instance ("disk:1")
 * counts under its primitive and its clone alike, as in the status.
 */
export function afterTransition(
  before: Readonly<Record<string, Placement>>,
  actions: readonly SimAction[],
  parents: ReadonlyMap<string, string>,
): Record<string, Placement> {
  const where = new Map<string, Where>();
  for (const [id, p] of Object.entries(before)) {
    where.set(id, {
      nodes: new Set(p.nodes),
      promoted: new Set(p.promoted ?? []),
      promotable: p.promoted !== undefined,
    });
  }
  for (const a of actions) {
    const id = a.resource.replace(/:\d+$/, '');
    const parent = parents.get(id);
    const targets = parent === undefined ? [id] : [id, parent];
    const moves = a.dest !== undefined;
    const from = moves ? a.source : a.action === 'start' ? undefined : (a.node ?? a.source);
    const to = a.action === 'stop' ? undefined : moves ? a.dest : (a.node ?? a.source);
    for (const t of targets) {
      const w = where.get(t);
      if (!w) throw new Error(`a transition action names a resource not in the status: ${t}`);
      const wasPromoted = from !== undefined && w.promoted.has(from);
      if (from !== undefined) {
        w.nodes.delete(from);
        w.promoted.delete(from);
      }
      if (to === undefined) continue;
      w.nodes.add(to);
      if ((a.nextRole ?? (wasPromoted ? 'Promoted' : undefined)) === 'Promoted') w.promoted.add(to);
    }
  }
  return Object.fromEntries(
    [...where].map(([id, w]) => [
      id,
      { nodes: [...w.nodes].sort(), ...(w.promotable ? { promoted: [...w.promoted].sort() } : {}) },
    ]),
  );
}
