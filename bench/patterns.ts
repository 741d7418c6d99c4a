// N+M analysis time: a 32-node N+3 design, every combination of up to 3 failures
// (32 + 496 + 4,960 = 5,488 placements). Prints the median of several runs.
import { performance } from 'node:perf_hooks';
import { buildPatternDesign } from '../src/patterns/buildPattern.ts';
import { validateDesign } from '../src/validate/validate.ts';

const runs = Number(process.env.RUNS ?? 5);
const design = buildPatternDesign({ pattern: 'n-plus-m', nodes: 32, spares: 3 });
const times: number[] = [];
let problems = 0;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  problems = validateDesign(design).filter((d) => d.severity === 'error').length;
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? 0;
console.log(
  `N+M analysis, 32 nodes, M=3, ${design.vms.length} VMs: median ${median.toFixed(0)} ms over ${runs} runs (min ${times[0]?.toFixed(0)} ms); ${problems} error(s); goal < 1000 ms`,
);
