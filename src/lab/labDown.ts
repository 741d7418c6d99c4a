import { readFile, rm } from 'node:fs/promises';
import type { HostProbe } from './hostCheck.ts';
import { checkLabHost } from './hostCheck.ts';
import { LabError } from './labError.ts';
import type { LabState } from './labState.ts';
import { labDirOf, readLabState } from './labState.ts';
import { deleteBridge, deleteNodeNetwork } from './network.ts';
import { isAlive, killNodeProcesses } from './nodeProcess.ts';
import type { LabTools } from './hostCheck.ts';

export interface LabDownOptions {
  readonly baseDir?: string;
  /** The lab folder itself, when it is not `<baseDir>/<cluster>`. */
  readonly stateDir?: string;
  readonly probe?: HostProbe;
}

/** Kills a recorded PID only if it is still the process the lab started (its command names the node folder). */
async function killRecorded(pid: number | undefined, nodeDir: string): Promise<void> {
  if (!(await isAlive(pid)) || pid === undefined) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes(nodeDir)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone meanwhile */
  }
}

/**
 * Undoes everything a lab state records, in reverse order; safe on a half-made lab and when
 * run again. Every step is tried even if one fails; the failures are reported together, and
 * the lab folder (with its state file) stays so `lab down` can be run again.
 */
export async function teardownLab(tools: LabTools, state: LabState): Promise<void> {
  const failures: string[] = [];
  const attempt = async (step: () => Promise<unknown>): Promise<void> => {
    try {
      await step();
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e));
    }
  };
  for (const node of state.nodes) {
    await attempt(() => killNodeProcesses(tools, node.netns));
    await attempt(() => killRecorded(node.initPid, node.dir));
    await attempt(() => killRecorded(node.unsharePid, node.dir));
    await attempt(() =>
      deleteNodeNetwork(
        tools,
        node.netns,
        node.links.map((l) => l.hostIf),
      ),
    );
  }
  for (const bridge of state.bridges) await attempt(() => deleteBridge(tools, bridge.name));
  if (failures.length > 0)
    throw new LabError(
      `lab "${state.cluster}" is not fully down:\n${failures.map((f) => `  ${f}`).join('\n')}\n` +
        `its state stays in ${state.stateDir}; fix the cause and run "clusterwright lab down" again`,
    );
  // Mounts live only in the nodes' own mount namespaces, which died with their processes.
  await rm(state.stateDir, { recursive: true, force: true });
}

/** Takes a lab down: processes, namespaces, veths, bridges, its folder. */
export async function labDown(cluster: string, options: LabDownOptions = {}): Promise<LabState> {
  const tools = await checkLabHost(options.probe);
  const stateDir = options.stateDir ?? labDirOf(cluster, options.baseDir);
  const state = await readLabState(stateDir);
  if (!state)
    throw new LabError(`no lab for cluster "${cluster}" in ${stateDir}; nothing to take down`);
  await teardownLab(tools, state);
  return state;
}
