/**
 * Live soak (run as root): `npx tsx bench/live-soak.ts [--minutes 60]`.
 *
 * status.collect through the services every second, as the canvas polls, for the given time
 * on a lab deployed with the three-node template; a node is killed a third of the way in and
 * revived halfway, so connections drop and come back. Printed each minute: the process's RSS
 * and heap, the SSH connections it holds (established TCP to port 22), and the median
 * collect time. Memory and connections should stay flat.
 */
import { readFileSync, rmSync } from 'node:fs';
import { labKill, labRevive } from '../src/lab/labFaults.ts';
import { createServices } from '../src/services/services.ts';
import {
  downLab,
  requireLab,
  settled,
  trioCopy,
  upAndDeploy,
  waitForCrmMon,
} from '../test/lab/support/liveLab.ts';

const minutesArg = process.argv.indexOf('--minutes');
const MINUTES = minutesArg > 0 ? Number(process.argv[minutesArg + 1]) : 60;
const SESSION = 'live-soak-bench-session';

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

function sshConnections(): number {
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .filter((r) => {
      const f = r.trim().split(/\s+/);
      return f[2]?.endsWith(':0016') && f[3] === '01';
    }).length;
}

const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  requireLab();
  const trio = trioCopy('vz-soak', 6);
  const api = createServices();
  try {
    const lab = await upAndDeploy(trio);
    await waitForCrmMon(lab, 'a settled cluster', (s) => settled(s));
    console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.log('minute | RSS MiB | heap MiB | SSH conns | collects | median ms | offline nodes');
    const started = Date.now();
    const end = started + MINUTES * 60_000;
    const killAt = started + (MINUTES * 60_000) / 3;
    const reviveAt = started + (MINUTES * 60_000) / 2;
    let killed: string | undefined;
    let revived = false;
    let minute = 0;
    let times: number[] = [];
    let offline = 0;
    const cpu0 = process.cpuUsage();
    while (Date.now() < end) {
      const t0 = Date.now();
      const s = await api['status.collect']({ designFile: trio.file, lab: true, session: SESSION });
      times.push(Date.now() - t0);
      offline = s.report.nodes.filter((n) => !n.online).length;
      if (!killed && Date.now() >= killAt) {
        killed = 'vz3';
        await labKill(killed, { stateDir: lab.stateDir });
      } else if (killed && !revived && Date.now() >= reviveAt) {
        revived = true;
        await labRevive(killed, { stateDir: lab.stateDir });
      }
      const nowMinute = Math.floor((Date.now() - started) / 60_000);
      if (nowMinute > minute) {
        minute = nowMinute;
        const m = process.memoryUsage();
        console.log(
          `${String(minute).padStart(6)} | ${mib(m.rss).padStart(7)} | ${mib(m.heapUsed).padStart(8)} | ${String(sshConnections()).padStart(9)} | ${String(times.length).padStart(8)} | ${median(times).toFixed(0).padStart(9)} | ${offline}`,
        );
        times = [];
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - t0))));
    }
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `CPU of this process: ${((cpu.user + cpu.system) / 1000 / ((Date.now() - started) / 1000)).toFixed(0)} ms per second of Live`,
    );
    console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    await api['status.stop']({ session: SESSION });
    // Also after a failed deploy: lab down takes down whatever lab up made.
    await downLab(trio).catch((e: unknown) => console.error(`lab down: ${String(e)}`));
    rmSync(trio.dir, { recursive: true, force: true });
  }
}

await main();
