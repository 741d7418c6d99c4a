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

/** Undoes everything a lab state records, in reverse order; safe on a half-made lab. */
export async function teardownLab(tools: LabTools, state: LabState): Promise<void> {
  for (const node of state.nodes) {
    await killNodeProcesses(tools, node.netns).catch(() => undefined);
    await killRecorded(node.initPid, node.dir);
    await killRecorded(node.unsharePid, node.dir);
    await deleteNodeNetwork(
      tools,
      node.netns,
      node.links.map((l) => l.hostIf),
    );
  }
  for (const bridge of state.bridges) await deleteBridge(tools, bridge.name);
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
