// crm_simulate's cost per run on a pattern's CIB, which decides how many failure combinations
// test/patterns/simulate.test.ts can afford: the first placement with and without startup
// probes, then one combination of failures planned (-R) against executed (-S). Prints medians
// of wall time and of crm_simulate's CPU time (user + system, read from this process's
// reaped-children counters).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderCib } from '../src/generators/pacemaker/cib.ts';
import { pacemakerConfig } from '../src/generators/pacemaker/fromDesign.ts';
import { buildPatternDesign } from '../src/patterns/buildPattern.ts';
import { withStatus } from '../src/simulate/crmSimulate.ts';

const runs = Number(process.env.RUNS ?? 3);
const nodes = Number(process.env.NODES ?? 16);
const spares = Number(process.env.SPARES ?? 2);

/** CPU seconds of reaped children: cutime + cstime of /proc/self/stat, in clock ticks. */
function childCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function measure(label: string, times: number, args: () => string[]): void {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < times; i++) {
    const c0 = childCpu();
    const t0 = performance.now();
    execFileSync('crm_simulate', args(), { stdio: ['ignore', 'ignore', 'pipe'] });
    wall.push(performance.now() - t0);
    cpu.push(childCpu() - c0);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
  console.log(
    `${label}: median ${(median(wall) / 1000).toFixed(2)} s wall, ${median(cpu).toFixed(2)} s CPU over ${times} run(s)`,
  );
}

const design = buildPatternDesign({ pattern: 'n-plus-m', nodes, spares });
const config = pacemakerConfig(design);
const up = config.nodes.map((n) => n.uname);
const dir = mkdtempSync(join(tmpdir(), 'cw-bench-sim-'));
try {
  const withProbes = join(dir, 'probes.xml');
  const noProbes = join(dir, 'no-probes.xml');
  const placed = join(dir, 'placed.xml');
  writeFileSync(withProbes, withStatus(renderCib(config), { up, down: [] }));
  const off = { name: 'enable-startup-probes', value: 'false' };
  const quiet = { ...config, properties: [...config.properties, off] };
  writeFileSync(noProbes, withStatus(renderCib(quiet), { up, down: [] }));
  console.log(
    `N+${spares}, ${nodes} nodes, ${design.vms.length} VMs (load ${readFileSync('/proc/loadavg', 'utf8').trim()})`,
  );
  measure('first placement, startup probes on (-S)', 1, () => ['-x', withProbes, '-S']);
  measure('first placement, startup probes off (-S)', runs, () => [
    ...['-x', noProbes, '-S', '-O', placed],
  ]);
  const fail = up.slice(0, spares).flatMap((n) => ['-f', n]);
  measure(`${spares} nodes fail, transition planned (-R)`, runs * 3, () => [
    ...['-x', placed, '-R', ...fail],
  ]);
  measure(`${spares} nodes fail, transition executed (-S)`, runs, () => [
    ...['-x', placed, '-S', ...fail],
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
