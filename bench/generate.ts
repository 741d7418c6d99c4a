/**
 * How long generateBundle takes (with the sha256 of the manifest, as `generate` runs it) for
 * designs of 2, 16 and 64 nodes, each node pair holding 4 DRBD resources and 8 KVM guests.
 * Each size runs in a child process of its own so that its peak memory is its own.
 *
 *   npx tsx bench/generate.ts            prints a table (median of several runs)
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkDesignData } from '../src/model/designFile.ts';
import type { Design, DesignInput } from '../src/model/types.ts';
import { generateAnsible } from '../src/generators/ansible/generateAnsible.ts';
import { TECHNOLOGY_GENERATORS } from '../src/generators/bundle.ts';
import { generateManifest } from '../src/generators/manifest.ts';
import { generateReadme } from '../src/generators/readme.ts';
import { bundleOf, sha256Hex } from '../src/services/bundle.ts';
import { validateDesign } from '../src/validate/validate.ts';

const SIZES = [2, 16, 64];
const RUNS = 21;
/** Warm-up until the JIT has settled: at least this many runs and this long. */
const WARMUP = 5;
const WARMUP_MS = 1500;

/** A valid design of `nodes` nodes (an even number), built pair by pair. */
export function benchDesign(nodes: number): Design {
  const octet = (i: number): number => 11 + i;
  const input: DesignInput = {
    schemaVersion: 2,
    cluster: {
      name: `bench-${nodes}`,
      corosync: { links: ['ring0', 'ring1'] },
      quorum: { twoNode: nodes === 2 },
    },
    networks: [
      { name: 'ring0', cidr: '10.10.0.0/24', role: 'cluster' },
      { name: 'ring1', cidr: '10.11.0.0/24', role: 'replication' },
      { name: 'public', cidr: '192.168.50.0/24', role: 'public', bridge: 'br0' },
      { name: 'mgmt', cidr: '10.99.0.0/24', role: 'management' },
    ],
    nodes: [],
    drbd: [],
    vms: [],
    fencing: [],
  };
  for (let i = 0; i < nodes; i++) {
    input.nodes!.push({
      name: `n${i}`,
      addresses: {
        ring0: `10.10.0.${octet(i)}`,
        ring1: `10.11.0.${octet(i)}`,
        public: `192.168.50.${octet(i)}`,
        mgmt: `10.99.0.${octet(i)}`,
      },
      ssh: { host: `10.99.0.${octet(i)}` },
      capacity: { cpus: 64, memoryMiB: 262144 },
      hypervisors: ['kvm'],
    });
    input.fencing!.push({
      name: `ipmi-n${i}`,
      kind: 'ipmi',
      targets: [`n${i}`],
      params: { ip: `10.98.0.${octet(i)}`, username: 'admin' },
      password: 'ipmi',
    });
  }
  let minor = 0;
  for (let p = 0; p < nodes / 2; p++) {
    const pair = [`n${2 * p}`, `n${2 * p + 1}`];
    for (let r = 0; r < 4; r++) {
      const name = `r${p}-${r}`;
      input.drbd!.push({
        name,
        nodes: pair,
        network: 'ring1',
        port: 7000 + p * 4 + r,
        fencing: 'resource-and-stonith',
        volumes: [0, 1].map((v) => ({
          number: v,
          minor: minor++,
          disk: `/dev/vg0/${name}-${v}`,
          sizeGiB: 20,
        })),
      });
    }
    for (let k = 0; k < 8; k++) {
      input.vms!.push({
        name: `vm${p}-${k}`,
        hypervisor: 'kvm',
        vcpus: 2,
        memoryMiB: 4096,
        disks: [{ kind: 'drbd', resource: `r${p}-${k >> 1}`, volume: k & 1 }],
        network: 'public',
        preferredNode: pair[k & 1],
      });
    }
  }
  const checked = checkDesignData(input);
  const problems = [
    ...checked.diagnostics,
    ...(checked.design ? validateDesign(checked.design) : []),
  ];
  const errors = problems.filter((d) => d.severity === 'error');
  if (!checked.design || errors.length > 0)
    throw new Error(
      `bench design of ${nodes} nodes is invalid: ${JSON.stringify(errors.slice(0, 3))}`,
    );
  return checked.design;
}

interface Figures {
  nodes: number;
  files: number;
  kib: number;
  medianMs: number;
  minMs: number;
  /** CPU time (user + system) of the median run: steadier than wall time on a busy machine. */
  medianCpuMs: number;
  maxRssMiB: number;
  /** Median CPU ms of each part of the bundle, to see where the time goes. */
  parts: Record<string, number>;
}

function warmUp(work: () => unknown): void {
  const until = performance.now() + WARMUP_MS;
  for (let i = 0; i < WARMUP || performance.now() < until; i++) work();
}

function medianCpuMs(work: () => unknown): number {
  warmUp(work);
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    work();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return cpu.sort((a, b) => a - b)[Math.floor(cpu.length / 2)]!;
}

function partsOf(design: Design): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const g of TECHNOLOGY_GENERATORS) parts[g.name] = medianCpuMs(() => g(design));
  const tech = TECHNOLOGY_GENERATORS.flatMap((g) => g(design));
  const nodeFiles = tech.filter((f) => f.node !== undefined);
  parts.ansible = medianCpuMs(() => generateAnsible(design, nodeFiles));
  parts.readme = medianCpuMs(() => generateReadme(design, tech));
  parts.manifest = medianCpuMs(() => generateManifest(design, tech, sha256Hex));
  return parts;
}

function measure(nodes: number): Figures {
  const design = benchDesign(nodes);
  let files = 0;
  let bytes = 0;
  warmUp(() => bundleOf(design));
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const bundle = bundleOf(design);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    files = bundle.files.length;
    bytes = bundle.files.reduce((n, f) => n + f.content.length, 0);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    nodes,
    files,
    kib: Math.round(bytes / 1024),
    medianMs: times[Math.floor(times.length / 2)]!,
    minMs: times[0]!,
    medianCpuMs: cpu[Math.floor(cpu.length / 2)]!,
    // maxRSS is in KiB: the peak of this child process, design building included.
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    parts: partsOf(design),
  };
}

const one = process.argv.indexOf('--one');
const isMain = process.argv[1] === fileURLToPath(import.meta.url);
if (!isMain) {
  // imported by another script for benchDesign
} else if (one >= 0) {
  process.stdout.write(JSON.stringify(measure(Number(process.argv[one + 1]))));
} else {
  const script = fileURLToPath(import.meta.url);
  // The machine is often shared: the load before and after says how far to trust wall times.
  const loadBefore = loadavg()[0] ?? NaN;
  const rows = SIZES.map(
    (n) =>
      JSON.parse(
        execFileSync(process.execPath, [...process.execArgv, script, '--one', String(n)], {
          encoding: 'utf8',
        }),
      ) as Figures,
  );
  const goal = (n: number): string => (n <= 2 ? '< 5 ms' : n >= 64 ? '< 200 ms' : '');
  console.log(
    `generateBundle (with sha256), median of ${RUNS} runs after ${WARMUP_MS} ms of warm-up, node ${process.version}, load average ${loadBefore.toFixed(1)} before and ${(loadavg()[0] ?? NaN).toFixed(1)} after on ${availableParallelism()} CPUs`,
  );
  console.log('| nodes | files | KiB | median ms | min ms | median CPU ms | peak RSS MiB | goal |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows)
    console.log(
      `| ${r.nodes} | ${r.files} | ${r.kib} | ${r.medianMs.toFixed(2)} | ${r.minMs.toFixed(2)} | ${r.medianCpuMs.toFixed(2)} | ${r.maxRssMiB.toFixed(0)} | ${goal(r.nodes)} |`,
    );
  const names = Object.keys(rows[0]!.parts);
  console.log('\nWhere the time goes: median CPU ms of each part');
  console.log(`| nodes | ${names.join(' | ')} |`);
  console.log(`| ---: |${names.map(() => ' ---: |').join('')}`);
  for (const r of rows)
    console.log(`| ${r.nodes} | ${names.map((n) => r.parts[n]!.toFixed(2)).join(' | ')} |`);
}
