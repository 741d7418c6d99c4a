// N+M analysis time: a 32-node N+3 design, every combination of up to 3 failures
// (32 + 496 + 4,960 = 5,488 placements). Prints the median wall and CPU time of several runs
// and the load average, as the machine is often shared.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildPatternDesign } from '../src/patterns/buildPattern.ts';
import { validateDesign } from '../src/validate/validate.ts';

const runs = Number(process.env.RUNS ?? 5);
const design = buildPatternDesign({ pattern: 'n-plus-m', nodes: 32, spares: 3 });
const wall: number[] = [];
const cpu: number[] = [];
let problems = 0;
for (let i = 0; i < runs; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  problems = validateDesign(design).filter((d) => d.severity === 'error').length;
  wall.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
console.log(
  `N+M analysis, 32 nodes, M=3, ${design.vms.length} VMs, ${runs} runs, node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} CPUs; ${problems} error(s); goal < 1000 ms`,
);
console.log(
  `  wall median ${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)} ms), CPU median ${median(cpu).toFixed(0)} ms (min ${Math.min(...cpu).toFixed(0)} ms)`,
);
