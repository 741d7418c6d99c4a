import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Design } from '../model/types.ts';
import type { HostProbe, LabTools } from './hostCheck.ts';
import { checkLabHost } from './hostCheck.ts';
import { teardownLab } from './labDown.ts';
import { LabError } from './labError.ts';
import { labInitialCib } from './labCib.ts';
import { planLab } from './labPlan.ts';
import type { LabNodeState, LabState } from './labState.ts';
import { labDirOf, readLabState, saveLabState } from './labState.ts';
import {
  checkNoRouteClash,
  createBridge,
  createNodeNetwork,
  linkExists,
  netnsExists,
} from './network.ts';
import { nodeInitScript, writeNodeFiles } from './nodeFiles.ts';
import { isAlive, startNodeInit } from './nodeProcess.ts';
import { nodeStoppedError } from './nodeStopped.ts';
import { waitForOnline, waitForSsh } from './readiness.ts';
import { runInNode } from './inNode.ts';
import { run } from './run.ts';

export interface LabUpOptions {
  /** The corosync.conf each node gets; the lab does not generate configuration itself. */
  readonly corosyncConf: (nodeName: string) => string;
  /** /etc/corosync/authkey for every node, when the corosync.conf uses crypto. */
  readonly authkey?: Uint8Array;
  /** Folder holding one lab folder per cluster (default /var/lib/clusterwright/lab). */
  readonly baseDir?: string;
  /** This lab's own folder, instead of `<baseDir>/<cluster>`. */
  readonly stateDir?: string;
  /** How long to wait for every node online in Pacemaker (default 180 s). */
  readonly timeoutMs?: number;
  readonly probe?: HostProbe;
  readonly log?: (line: string) => void;
}

export interface LabUpResult {
  readonly state: LabState;
  /** Pacemaker's own warnings about the lab cluster (for instance fencing being off). */
  readonly warnings: readonly string[];
}

/** The last lines of a node's init, corosync and Pacemaker logs, for an error message. */
async function logTail(node: LabNodeState): Promise<string> {
  const files = ['init.log', 'var-log/cluster/corosync.log', 'var-log/pacemaker/pacemaker.log'];
  const parts = await Promise.all(
    files.map(async (f) => {
      const text = await readFile(join(node.dir, f), 'utf8').catch(() => '');
      const lines = text.trimEnd().split('\n').slice(-4).filter(Boolean);
      return lines.length > 0
        ? `  ${node.name} ${f}:\n${lines.map((l) => `    ${l}`).join('\n')}`
        : '';
    }),
  );
  return parts.filter(Boolean).join('\n');
}

/** Pacemaker's configuration warnings, as `crm_verify --live-check` prints them in a node. */
export async function pacemakerWarnings(tools: LabTools, node: LabNodeState): Promise<string[]> {
  const result = await runInNode(tools, node, tools.crm_verify, ['--live-check', '-VV'], {
    timeoutMs: 20_000,
  });
  return (
    `${result.stdout}\n${result.stderr}`
      .split('\n')
      // -VV prints "(function) <tab>warning: text"; keep the level and the text.
      .map((l) => l.replace(/^\([^)]*\)\s*/, '').trim())
      .filter((l) => /^(warning|error):/i.test(l))
      .map((l) => l.replace(/\s+/g, ' '))
  );
}

/**
 * Starts one lab node per design node, joined by one bridge per design network, and waits
 * until every node is online in Pacemaker. On any failure it removes what it made.
 */
export async function labUp(design: Design, options: LabUpOptions): Promise<LabUpResult> {
  const t0 = Date.now();
  const say = options.log ?? (() => undefined);
  const log = (line: string): void => say(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${line}`);
  const tools = await checkLabHost(options.probe);
  const cluster = design.cluster.name;
  const stateDir = resolve(options.stateDir ?? labDirOf(cluster, options.baseDir));
  // The folder's path goes into sshd_config and the init script; keep it to plain characters.
  if (!/^\/[A-Za-z0-9._+@/-]*$/.test(stateDir))
    throw new LabError(
      `lab folder ${JSON.stringify(stateDir)} has characters a lab cannot use in paths; choose a folder named with letters, digits and . _ + @ - only`,
    );
  if (await readLabState(stateDir))
    throw new LabError(
      `a lab for cluster "${cluster}" already exists in ${stateDir}; take it down first: clusterwright lab down`,
    );
  const plan = planLab(design, stateDir);
  await checkNoRouteClash(tools, design);
  for (const node of plan.nodes)
    if (await netnsExists(tools, node.netns))
      throw new LabError(
        `network namespace ${node.netns} already exists; remove it: ip netns del ${node.netns}`,
      );
  for (const b of plan.bridges)
    if (await linkExists(tools, b.name))
      throw new LabError(`interface ${b.name} already exists; remove it: ip link del ${b.name}`);

  await mkdir(stateDir, { recursive: true, mode: 0o755 });
  const keyPath = join(stateDir, 'lab_key');
  await rm(keyPath, { force: true });
  await rm(`${keyPath}.pub`, { force: true });
  await run(tools['ssh-keygen'], [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    `clusterwright-lab-${cluster}`,
    '-f',
    keyPath,
  ]);
  const labPublicKey = await readFile(`${keyPath}.pub`, 'utf8');
  const state: LabState = {
    version: 1,
    cluster,
    stateDir,
    createdAt: new Date().toISOString(),
    keyPath,
    bridges: [],
    nodes: [],
    warnings: [],
  };
  await saveLabState(state);
  log('host checked, lab key made');
  try {
    for (const bridge of plan.bridges) {
      state.bridges.push(bridge);
      await saveLabState(state);
      await createBridge(tools, bridge);
    }
    // Node folders first (only files under the lab folder), then every node's network and
    // init side by side: the nodes do not depend on each other until corosync meets.
    const hostKeys = await Promise.all(
      plan.nodes.map(async (planned) => {
        await mkdir(planned.dir, { recursive: true, mode: 0o755 });
        await writeFile(
          join(planned.dir, 'init.sh'),
          nodeInitScript(tools, planned.dir, planned.hostname),
          { mode: 0o755 },
        );
        return writeNodeFiles(tools, {
          dir: planned.dir,
          corosyncConf: options.corosyncConf(planned.name),
          labPublicKey,
          initialCib: labInitialCib(design.cluster.pacemaker.stonithEnabled),
          ...(options.authkey ? { authkey: options.authkey } : {}),
        });
      }),
    );
    plan.nodes.forEach((planned, i) =>
      state.nodes.push({ ...planned, sshPort: 22, hostKey: hostKeys[i] ?? '', state: 'starting' }),
    );
    await saveLabState(state);
    log('node folders, host keys and init scripts written');
    await Promise.all(
      plan.nodes.map((planned) => createNodeNetwork(tools, planned, state.bridges)),
    );
    log('bridges, namespaces and veths ready');
    await writeFile(
      join(stateDir, 'known_hosts'),
      state.nodes.map((n) => `${n.sshAddress} ${n.hostKey}\n`).join(''),
      { mode: 0o644 },
    );
    // Every start settles before any failure is reported, so the teardown below never races
    // a node still starting, and when several nodes fail the first in design order is named.
    const started = await Promise.allSettled(
      state.nodes.map(async (node) => {
        const pids = await startNodeInit(tools, node);
        node.unsharePid = pids.unsharePid;
        node.initPid = pids.initPid;
        log(`started lab node ${node.name} (init pid ${pids.initPid})`);
      }),
    );
    await saveLabState(state);
    if (started.some((r) => r.status === 'rejected'))
      for (const [i, node] of state.nodes.entries()) {
        const result = started[i];
        if (result?.status === 'rejected') throw result.reason;
        // Seen starting, but gone since: the same failure, only noticed by another check.
        if (!(await isAlive(node.initPid))) throw nodeStoppedError(node);
      }
    const deadline = Date.now() + (options.timeoutMs ?? 180_000);
    await waitForSsh(state.nodes, deadline);
    log('sshd answers on every node; waiting for Pacemaker');
    await waitForOnline(state.nodes, deadline, tools);
    log('every node is online in Pacemaker');
    for (const node of state.nodes) node.state = 'running';
    const first = state.nodes[0] as LabNodeState;
    if (!design.cluster.pacemaker.stonithEnabled) {
      // A lab has no fencing hardware; the design already says fencing is off.
      const set = await runInNode(tools, first, tools.crm_attribute, [
        '--type',
        'crm_config',
        '--name',
        'stonith-enabled',
        '--update',
        'false',
      ]);
      if (set.code !== 0)
        throw new LabError(`could not set stonith-enabled=false in the lab: ${set.stderr.trim()}`);
    }
    state.warnings = await pacemakerWarnings(tools, first);
    await saveLabState(state);
    return { state, warnings: state.warnings };
  } catch (e) {
    // The lab folder goes with the teardown: keep what the nodes said in the error.
    const tails = (await Promise.all(state.nodes.map((n) => logTail(n)))).filter((t) => t !== '');
    // What could not be removed matters as much as why the lab failed: say both.
    const leftover = await teardownLab(tools, state).then(
      () => [],
      (t: unknown) => [t instanceof Error ? t.message : String(t)],
    );
    if (leftover.length > 0 || (e instanceof LabError && tails.length > 0))
      throw new LabError(
        [e instanceof Error ? e.message : String(e), ...tails, ...leftover].join('\n'),
        { cause: e },
      );
    throw e;
  }
}
