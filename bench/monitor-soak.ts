/**
 * Soak of the status watch (run as root, under the lab lock):
 *
 *   flock /tmp/cw-root-tests.lock npx tsx bench/monitor-soak.ts
 *
 * Starts a three-node lab (real corosync + Pacemaker) and runs the watch `clusterwright
 * status --watch` runs, for SOAK_SECONDS (default 3600), asking every node every
 * SOAK_INTERVAL_MS (default 2000). Every SOAK_SAMPLE_SECONDS (default 10) it samples this
 * process's RSS and heap and the SSH connections it holds, counted twice: by the pool, and
 * by the kernel (established TCP sockets of this process to port 22). With SOAK_CHAOS_SECONDS
 * set, one node is killed and revived that often, so reconnections are part of the soak.
 * It prints the samples, then start / median / end / slope per hour of each figure. With
 * SOAK_SNAPSHOTS=<folder> it writes a heap snapshot after the warm-up and one at the end:
 * `npx tsx bench/heap-diff.ts <folder>/warm.heapsnapshot <folder>/end.heapsnapshot` says
 * what grew.
 */
import { mkdirSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { labKill, labRevive } from '../src/lab/labFaults.ts';
import type { ClusterStatusReport } from '../src/services/status.ts';
import { watchStatusOfDesign } from '../src/services/status.ts';
import { startMonitorLab } from '../test/monitor/support/monitorLab.ts';

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0)
    throw new Error(`${name} must be a number, not ${process.env[name]}`);
  return v;
};
const SECONDS = num('SOAK_SECONDS', 3600);
const INTERVAL_MS = num('SOAK_INTERVAL_MS', 2000);
const SAMPLE_S = num('SOAK_SAMPLE_SECONDS', 10);
const CHAOS_S = num('SOAK_CHAOS_SECONDS', 0);
/** A folder for two heap snapshots (after the warm-up, at the end), for bench/heap-diff.ts. */
const SNAPSHOTS = process.env.SOAK_SNAPSHOTS;
const snapshot = (name: string) => {
  if (!SNAPSHOTS) return;
  mkdirSync(SNAPSHOTS, { recursive: true });
  gc?.();
  console.log(`heap snapshot: ${writeHeapSnapshot(join(SNAPSHOTS, `${name}.heapsnapshot`))}`);
};

/** Established TCP connections of this process to port 22, from /proc (the kernel's count). */
function sshSocketsOfThisProcess(): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  let n = 0;
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // rem_address is f[2] ("0A00020F:0016"), st is f[3] (01 = ESTABLISHED), inode f[9].
      if (f.length > 9 && f[2]?.endsWith(':0016') && f[3] === '01' && inodes.has(f[9]!)) n++;
    }
  }
  return n;
}

interface Sample {
  readonly t: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
  readonly poolConnections: number;
  readonly tcpConnections: number;
  readonly reports: number;
  readonly cpuMs: number;
}

const mib = (bytes: number) => bytes / (1024 * 1024);
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
/** Least-squares slope of y over t, per hour. */
const slopePerHour = (ts: readonly number[], ys: readonly number[]) => {
  const n = ts.length;
  const mt = ts.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (ts[i]! - mt) * (ys[i]! - my);
    den += (ts[i]! - mt) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 3600;
};

const gc = (globalThis as { gc?: () => void }).gc;
let warmSnapshotTaken = false;
// Ctrl-C or a kill ends the soak early, but still through the summary and lab down.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    interrupted = true;
  });
const lab = await startMonitorLab('cwsoak', 95);
let reports = 0;
let kills = 0;
let lastReport: ClusterStatusReport | undefined;
const samples: Sample[] = [];
const cpu0 = process.cpuUsage();
const started = Date.now();
const handle = await watchStatusOfDesign(
  lab.design,
  { lab: true, labBaseDir: lab.baseDir, intervalMs: INTERVAL_MS, timeoutMs: 5000 },
  (r) => {
    reports++;
    lastReport = r;
  },
);
try {
  console.log(
    `monitor soak: ${SECONDS} s, every node asked every ${INTERVAL_MS} ms, a sample every ${SAMPLE_S} s` +
      `${CHAOS_S ? `, a node killed and revived every ${CHAOS_S} s` : ''}; ${new Date().toISOString()}, load ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
  );
  console.log('     t s   RSS MiB  heap MiB  pool conns  tcp conns  reports  CPU ms');
  let nextChaos = CHAOS_S ? started + CHAOS_S * 1000 : Infinity;
  let victim = 0;
  while (!interrupted && Date.now() - started < SECONDS * 1000) {
    await new Promise((r) => setTimeout(r, SAMPLE_S * 1000));
    if (Date.now() >= nextChaos) {
      const node = lab.state.nodes[victim % lab.state.nodes.length]!.name;
      victim++;
      kills++;
      await labKill(node, { baseDir: lab.baseDir });
      await labRevive(node, { baseDir: lab.baseDir });
      nextChaos = Date.now() + CHAOS_S * 1000;
    }
    gc?.();
    const mem = process.memoryUsage();
    const used = process.cpuUsage(cpu0);
    const s: Sample = {
      t: (Date.now() - started) / 1000,
      rssMiB: mib(mem.rss),
      heapMiB: mib(mem.heapUsed),
      poolConnections: handle.openConnections(),
      tcpConnections: sshSocketsOfThisProcess(),
      reports,
      cpuMs: (used.user + used.system) / 1000,
    };
    samples.push(s);
    if (!warmSnapshotTaken && s.t >= Math.min(60, SECONDS / 3)) {
      warmSnapshotTaken = true;
      snapshot('warm');
    }
    console.log(
      `${s.t.toFixed(0).padStart(7)} ${s.rssMiB.toFixed(1).padStart(9)} ${s.heapMiB.toFixed(1).padStart(9)} ${String(s.poolConnections).padStart(11)} ${String(s.tcpConnections).padStart(10)} ${String(s.reports).padStart(8)} ${s.cpuMs.toFixed(0).padStart(7)}`,
    );
  }
} finally {
  snapshot('end');
  const made = [...handle.connectCounts()].map(([node, n]) => `${node} ${n}`).join(', ');
  await handle.stop();
  const afterStop = sshSocketsOfThisProcess();
  // The slope leaves out the first minute (module loading, the first connections, JIT).
  const warm = samples.filter((s) => s.t >= Math.min(60, SECONDS / 3));
  const row = (name: string, value: (s: Sample) => number, unit: string) => {
    const ys = samples.map(value);
    const slope = slopePerHour(
      warm.map((s) => s.t),
      warm.map(value),
    );
    console.log(
      `${name.padEnd(22)} start ${ys[0]?.toFixed(1)} ${unit}, median ${median(ys).toFixed(1)}, end ${ys.at(-1)?.toFixed(1)}, slope after warm-up ${slope.toFixed(2)} ${unit}/h`,
    );
  };
  if (samples.length > 1) {
    console.log(
      `\nsummary over ${samples.length} samples, ${reports} reports${gc ? ' (heap after a forced GC)' : ''}:`,
    );
    row('RSS', (s) => s.rssMiB, 'MiB');
    row('heap used', (s) => s.heapMiB, 'MiB');
    row('SSH conns (pool)', (s) => s.poolConnections, 'conns');
    row('SSH conns (kernel)', (s) => s.tcpConnections, 'conns');
    const last = samples.at(-1)!;
    console.log(
      `CPU ${(last.cpuMs / 1000).toFixed(1)} s over ${last.t.toFixed(0)} s of wall time (${((100 * last.cpuMs) / (last.t * 1000)).toFixed(1)} % of one core); SSH sockets left after stop: ${afterStop}; connections made per node: ${made} (${kills} kill(s)); last report from ${lastReport?.source ?? 'no node'}`,
    );
  }
  await lab.down();
}
