/**
 * How long after Pacemaker reports a failover the live canvas shows it (run as root):
 * `npx tsx bench/live-gap.ts [--runs N]`.
 *
 * A lab deployed with the three-node template, the real renderer in Debian's Chromium
 * through the web host, Live on. Each run kills the node running the container "dns" and
 * measures, on the same clock:
 *  - Pacemaker: crm_mon polled back to back inside a surviving lab node (no SSH); the moment
 *    is the middle of the first call that shows dns started on another node;
 *  - UI: a MutationObserver in the page, the moment the dns card's overlay names that node.
 * The gap is UI minus Pacemaker. The victim is revived and everything settles between runs.
 * Also printed: the bench process's CPU (web host + services + SSH) per second of Live, and
 * the SSH connections it holds (they should stay at one per reachable node).
 */
import { readFileSync, rmSync } from 'node:fs';
import { checkLabHost } from '../src/lab/hostCheck.ts';
import { runInNode } from '../src/lab/inNode.ts';
import { readLabState } from '../src/lab/labState.ts';
import type { LabState } from '../src/lab/labState.ts';
import { parseCrmMon } from '../src/monitor/parsers/crmMon.ts';
import { labKill, labRevive } from '../src/lab/labFaults.ts';
import { buildRenderer, clickToolbar, openApp } from '../test/e2e/support/app.ts';
import type { Session } from '../test/e2e/support/app.ts';
import {
  crmMonIn,
  downLab,
  requireLab,
  runningOn,
  settled,
  trioCopy,
  upAndDeploy,
  waitForCrmMon,
} from '../test/lab/support/liveLab.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** Established TCP connections from this host's namespace to port 22 (the lab's sshd). */
function sshConnections(): number {
  const rows = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1);
  return rows.filter((r) => {
    const f = r.trim().split(/\s+/);
    return f[2]?.endsWith(':0016') && f[3] === '01';
  }).length;
}

/** The first moment crm_mon inside `survivor` shows dns started off `victim`. */
async function pacemakerSees(lab: LabState, survivor: string, victim: string): Promise<number> {
  const tools = await checkLabHost();
  const node = (await readLabState(lab.stateDir))?.nodes.find((n) => n.name === survivor);
  if (!node) throw new Error(`no lab node ${survivor}`);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const before = Date.now();
    const r = await runInNode(tools, node, 'crm_mon', [
      '--one-shot',
      '--inactive',
      '--output-as=xml',
    ]);
    const after = Date.now();
    if (r.code !== 0) continue;
    const on = runningOn(parseCrmMon(r.stdout), 'dns');
    if (on.length === 1 && on[0] !== victim) return (before + after) / 2;
  }
  throw new Error('Pacemaker did not move dns within 120 s');
}

async function main(): Promise<void> {
  requireLab();
  const trio = trioCopy('vz-gap', 5);
  const root = await buildRenderer();
  let session: Session | undefined;
  let lab: LabState | undefined;
  const rows: { gap: number; failover: number; victim: string }[] = [];
  try {
    lab = await upAndDeploy(trio);
    await waitForCrmMon(lab, 'a settled cluster', (s) => settled(s));
    session = await openApp(root);
    const { page } = session;
    await clickToolbar(page, 'toolbar-open');
    await page.getByTestId('path-input').fill(trio.file);
    await page.getByTestId('path-ok').click();
    await page.getByTestId('live-lab').check();
    await page.getByTestId('toolbar-live').click();
    await page.locator('[data-testid="overlay-dns"][data-state="running"]').waitFor();
    const cpuStart = process.cpuUsage();
    const wallStart = Date.now();
    console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.log(`SSH connections with Live on: ${sshConnections()}`);

    for (let run = 1; run <= RUNS; run++) {
      const crm = await crmMonIn(lab);
      const victim = runningOn(crm, 'dns')[0];
      if (!victim) throw new Error('dns runs nowhere');
      const survivor = ['vz1', 'vz2', 'vz3'].find((n) => n !== victim)!;
      // A string, not a function: tsx's name-keeping helpers do not exist in the page.
      const uiSees = page.evaluate(`new Promise((resolve) => {
        const victim = ${JSON.stringify(victim)};
        const moved = () => {
          const on = document.querySelector('[data-testid="overlay-dns"]')?.getAttribute('data-on');
          if (on && on !== victim) { resolve(Date.now()); return true; }
          return false;
        };
        if (moved()) return;
        const observer = new MutationObserver(() => { if (moved()) observer.disconnect(); });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      })`) as Promise<number>;
      const killedAt = Date.now();
      const both = Promise.all([pacemakerSees(lab, survivor, victim), uiSees]);
      // Handled here too, so a failure while the kill runs cannot skip the lab's teardown.
      both.catch(() => undefined);
      await labKill(victim, { stateDir: lab.stateDir });
      const [tPcmk, tUi] = await both;
      rows.push({ gap: tUi - tPcmk, failover: tPcmk - killedAt, victim });
      console.log(
        `run ${run}: killed ${victim}; Pacemaker moved dns after ${((tPcmk - killedAt) / 1000).toFixed(1)} s; UI showed it ${((tUi - tPcmk) / 1000).toFixed(2)} s later; SSH connections ${sshConnections()}`,
      );
      await labRevive(victim, { stateDir: lab.stateDir });
      await waitForCrmMon(lab, 'a settled cluster after revive', (s) => settled(s));
      await page
        .locator(`[data-testid="overlay-${victim}"][data-state="online"]`)
        .waitFor({ timeout: 60_000 });
    }
    const cpu = process.cpuUsage(cpuStart);
    const seconds = (Date.now() - wallStart) / 1000;
    console.log('');
    console.log(`runs: ${rows.length}`);
    console.log(
      `median gap Pacemaker → UI: ${(median(rows.map((r) => r.gap)) / 1000).toFixed(2)} s (goal < 2 s)`,
    );
    console.log(
      `min / max gap: ${(Math.min(...rows.map((r) => r.gap)) / 1000).toFixed(2)} / ${(Math.max(...rows.map((r) => r.gap)) / 1000).toFixed(2)} s`,
    );
    console.log(
      `median kill → Pacemaker moved dns: ${(median(rows.map((r) => r.failover)) / 1000).toFixed(1)} s`,
    );
    console.log(
      `bench process CPU while Live: ${((cpu.user + cpu.system) / 1000 / seconds).toFixed(0)} ms per second over ${seconds.toFixed(0)} s (web host, services, SSH, Playwright; not Chromium nor the in-node crm_mon children)`,
    );
    console.log(`SSH connections at the end: ${sshConnections()}`);
    console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    await session?.close();
    if (lab) await downLab(trio);
    rmSync(root, { recursive: true, force: true });
    rmSync(trio.dir, { recursive: true, force: true });
  }
}

await main();
