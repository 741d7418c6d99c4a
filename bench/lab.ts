/**
 * Lab timings, printed as medians (run as root): `npx tsx bench/lab.ts [--runs N]`.
 *  - lab up: from labUp() until every node is online in Pacemaker (crm_mon in each node);
 *  - failover: from labKill() of the node running an ocf:pacemaker:Dummy resource until
 *    crm_mon on a survivor shows the resource started on a survivor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLabHost } from '../src/lab/hostCheck.ts';
import { runInNode } from '../src/lab/inNode.ts';
import { labDown } from '../src/lab/labDown.ts';
import { labKill } from '../src/lab/labFaults.ts';
import { labUp } from '../src/lab/labUp.ts';
import { pollUntil } from '../src/lab/poll.ts';
import { crmMonXml } from '../src/lab/readiness.ts';
import type { Design } from '../src/model/types.ts';
import { testCorosyncConf } from '../test/lab/support/corosyncConf.ts';
import { startedOn } from '../test/lab/support/crmMon.ts';
import { LAB_TRIO, loadFixture } from '../test/lab/support/fixtures.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const SIZES = [3, 8];

/** The lab fixture widened to `n` nodes, on networks of its own so it never meets the tests' lab. */
function designOf(n: number): Design {
  const base = loadFixture(LAB_TRIO);
  const [template] = base.nodes;
  const [ring0, mgmt] = base.networks;
  if (!template || !ring0 || !mgmt) throw new Error('the lab fixture lost its nodes or networks');
  return {
    ...base,
    cluster: { ...base.cluster, name: `bench${n}` },
    networks: [
      { ...ring0, cidr: '172.30.81.0/24' },
      { ...mgmt, cidr: '172.30.82.0/24' },
    ],
    nodes: Array.from({ length: n }, (_, i) => ({
      ...template,
      name: `bn-${i + 1}`,
      addresses: { ring0: `172.30.81.${11 + i}`, mgmt: `172.30.82.${11 + i}` },
    })),
  };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function oneRun(n: number, baseDir: string): Promise<{ up: number; failover: number }> {
  const tools = await checkLabHost();
  const design = designOf(n);
  const started = Date.now();
  const { state } = await labUp(design, { corosyncConf: testCorosyncConf(design), baseDir });
  const up = Date.now() - started;
  try {
    const [first] = state.nodes;
    if (!first) throw new Error('the lab has no nodes');
    const created = await runInNode(tools, first, tools.cibadmin, [
      '--create',
      '--scope',
      'resources',
      '--xml-text',
      '<primitive id="bench" class="ocf" provider="pacemaker" type="Dummy">' +
        '<operations><op id="bench-monitor-5s" name="monitor" interval="5s"/></operations></primitive>',
    ]);
    if (created.code !== 0) throw new Error(`cibadmin: ${created.stderr}`);
    const victim = await pollUntil(
      async () => startedOn((await crmMonXml(tools, first)) ?? '', 'bench')[0],
      Date.now() + 60_000,
      'the Dummy resource did not start',
    );
    const survivor = state.nodes.find((x) => x.name !== victim);
    if (!survivor) throw new Error('no survivor');
    const killedAt = Date.now();
    await labKill(victim, { stateDir: state.stateDir });
    await pollUntil(
      async () => {
        const on = startedOn((await crmMonXml(tools, survivor)) ?? '', 'bench');
        return on.length === 1 && on[0] !== victim ? true : undefined;
      },
      Date.now() + 120_000,
      'the resource did not move to a survivor',
    );
    return { up, failover: Date.now() - killedAt };
  } finally {
    await labDown(design.cluster.name, { stateDir: state.stateDir });
  }
}

const baseDir = mkdtempSync(join(tmpdir(), 'cw-bench-lab-'));
try {
  console.log(`lab benchmark: ${RUNS} run(s) per size, ${new Date().toISOString()}`);
  for (const n of SIZES) {
    const ups: number[] = [];
    const failovers: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const { up, failover } = await oneRun(n, baseDir);
      ups.push(up);
      failovers.push(failover);
      console.log(
        `  ${n} nodes, run ${r + 1}: up ${seconds(up)}, kill → survivor ${seconds(failover)}`,
      );
    }
    console.log(
      `${n} nodes: lab up until all online median ${seconds(median(ups))}; lab kill → resource on survivor median ${seconds(median(failovers))}`,
    );
  }
} finally {
  rmSync(baseDir, { recursive: true, force: true });
}
