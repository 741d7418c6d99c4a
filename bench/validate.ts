/**
 * How long validation takes on a large design: 200 nodes and 1,000 resources (300 DRBD
 * resources, 300 VMs, 250 floating IPs, 50 iSCSI targets, 100 services), with fencing,
 * constraints and the N+1 analysis over every node. Validation runs on every edit in the UI,
 * so the goal is a median under 20 ms. Run: npx tsx bench/validate.ts
 */
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkDesignData } from '../src/model/designFile.ts';
import type { Design } from '../src/model/types.ts';
import { analyseAllSingleFailures } from '../src/validate/failover/analyse.ts';
import { validateDesign } from '../src/validate/validate.ts';

const NODES = 200;
const DRBD = 300;
const VMS = 300;
const IPS = 200;
const TARGETS = 50;
const SERVICES = 100;

function ip(prefix: string, i: number): string {
  return `${prefix}.${Math.floor(i / 250)}.${(i % 250) + 2}`;
}

/** The bench design, built from scratch (also used to profile validation). */
export function largeDesign(): Design {
  const nodes = Array.from({ length: NODES }, (_, i) => ({
    name: `node${i}`,
    addresses: {
      ring0: ip('10.1', i),
      ring1: ip('10.2', i),
      public: ip('10.3', i),
      storage: ip('10.4', i),
    },
    capacity: { cpus: 64, memoryMiB: 262144 },
    hypervisors: ['kvm'],
    spare: i % 20 === 19,
    initiatorIqn: `iqn.2026-01.com.example:node${i}`,
  }));
  const members = (i: number, k: number) =>
    Array.from({ length: k }, (_, j) => `node${(i * 3 + j) % NODES}`);
  const drbd = Array.from({ length: DRBD }, (_, i) => ({
    name: `r${i}`,
    nodes: members(i, i % 3 === 0 ? 3 : 2),
    network: 'ring1',
    port: 7000 + i,
    protocol: 'C',
    quorum: i % 3 === 0 ? 'majority' : 'off',
    fencing: 'resource-and-stonith',
    volumes: [{ number: 0, minor: i, disk: `/dev/vg0/r${i}`, sizeGiB: 20 }],
  }));
  const vms = Array.from({ length: VMS }, (_, i) => ({
    name: `vm${i}`,
    hypervisor: 'kvm',
    vcpus: 2 + (i % 4),
    memoryMiB: 4096 * (1 + (i % 4)),
    disks: i < DRBD - TARGETS ? [{ kind: 'drbd', resource: `r${i}`, volume: 0 }] : [],
    network: 'public',
    preferredNode: `node${(i * 3) % NODES}`,
  }));
  const floatingIps = Array.from({ length: IPS + TARGETS }, (_, i) => ({
    name: `ip${i}`,
    address: ip(i < IPS ? '10.3' : '10.4', 1000 + i),
    network: i < IPS ? 'public' : 'storage',
  }));
  const iscsiTargets = Array.from({ length: TARGETS }, (_, i) => ({
    name: `t${i}`,
    iqn: `iqn.2026-01.com.example.san:t${i}`,
    implementation: 'lio',
    portal: `ip${IPS + i}`,
    luns: [{ number: 0, backing: { kind: 'drbd', resource: `r${DRBD - TARGETS + i}` } }],
    allowedInitiators: [`iqn.2026-01.com.example:node${(i * 7) % NODES}`],
  }));
  const iscsiInitiators = iscsiTargets.map((t, i) => ({
    name: `ini${i}`,
    node: `node${(i * 7) % NODES}`,
    target: t.name,
  }));
  const services = Array.from({ length: SERVICES }, (_, i) => ({
    name: `svc${i}`,
    agent: { class: 'systemd', unit: `svc${i}.service` },
    dependsOn: [`ip${i}`],
  }));
  const fencing = nodes.map((n, i) => ({
    name: `ipmi${i}`,
    kind: 'ipmi',
    targets: [n.name],
    params: { ip: ip('10.9', i) },
  }));
  const constraints = Array.from({ length: 100 }, (_, i) =>
    i % 2 === 0
      ? { kind: 'colocation', name: `c${i}`, resource: `ip${i}`, with: `vm${i}`, score: 'INFINITY' }
      : { kind: 'order', name: `c${i}`, first: `vm${i}`, then: `ip${i}` },
  );
  const raw = {
    schemaVersion: 2,
    cluster: {
      name: 'big',
      corosync: { links: ['ring0', 'ring1'] },
      quorum: { qdevice: { host: '10.1.250.1' } },
      pacemaker: { placementStrategy: 'balanced' },
    },
    networks: [
      { name: 'ring0', cidr: '10.1.0.0/16', role: 'cluster' },
      { name: 'ring1', cidr: '10.2.0.0/16', role: 'replication' },
      { name: 'public', cidr: '10.3.0.0/16', role: 'public', bridge: 'br0' },
      { name: 'storage', cidr: '10.4.0.0/16', role: 'storage' },
    ],
    nodes,
    drbd,
    iscsiTargets,
    iscsiInitiators,
    vms,
    floatingIps,
    services,
    fencing,
    constraints,
  };
  const checked = checkDesignData(raw);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (!checked.design || errors.length > 0)
    throw new Error(`bench design rejected by the model: ${JSON.stringify(errors.slice(0, 3))}`);
  return checked.design;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function main(): void {
  const base = largeDesign();
  const resources =
    base.drbd.length +
    base.vms.length +
    base.floatingIps.length +
    base.iscsiTargets.length +
    base.services.length;
  const RUNS = 31;
  // Warm-up until the JIT has settled: at least this many runs and this long (as
  // bench/generate.ts). On a shared machine the optimising compiler gets little CPU, and
  // ten runs alone left the first measured runs two to four times slower than the last.
  const WARMUP = 10;
  const WARMUP_MS = 2000;

  /** Wall-clock and CPU milliseconds of fn on a fresh copy of the design, after warm-up. */
  function measure(fn: (d: Design) => unknown): { wall: number[]; cpu: number[] } {
    // A fresh copy each run: the index and placement model are cached per design object,
    // and the UI validates a new design object after every edit.
    const until = performance.now() + WARMUP_MS;
    for (let run = 0; run < WARMUP || performance.now() < until; run++) fn(structuredClone(base));
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const design = structuredClone(base);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      fn(design);
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      wall.push(t1 - t0);
      cpu.push((c1.user + c1.system) / 1000);
    }
    return { wall, cpu };
  }

  const count = validateDesign(structuredClone(base)).length;
  const v = measure((d) => validateDesign(d));
  const f = measure((d) => analyseAllSingleFailures(d));
  const fmt = (xs: number[]) =>
    `median ${median(xs).toFixed(2)} ms (min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)})`;
  console.log(
    `design: ${base.nodes.length} nodes, ${resources} resources (${base.vms.length} VMs), ${count} diagnostics; ${RUNS} runs after ${WARMUP_MS} ms (and at least ${WARMUP} runs) of warm-up; node ${process.version}; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} CPUs`,
  );
  console.log(`validateDesign, all rules incl. N+1 over every node (goal < 20 ms):`);
  console.log(`  wall ${fmt(v.wall)}`);
  console.log(`  cpu  ${fmt(v.cpu)}`);
  console.log(
    `analyseAllSingleFailures, full placements and actions for ${base.nodes.length} failures:`,
  );
  console.log(`  wall ${fmt(f.wall)}`);
  console.log(`  cpu  ${fmt(f.cpu)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
