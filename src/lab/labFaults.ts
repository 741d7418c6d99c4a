import type { HostProbe } from './hostCheck.ts';
import { checkLabHost } from './hostCheck.ts';
import type { LabLocation } from './findLab.ts';
import { findLabNode } from './findLab.ts';
import { LabError } from './labError.ts';
import type { LabNodeState, LabState } from './labState.ts';
import { saveLabState } from './labState.ts';
import { isAlive, killNodeProcesses, startNodeInit } from './nodeProcess.ts';
import { waitForSsh } from './readiness.ts';

export interface LabFaultOptions extends LabLocation {
  readonly probe?: HostProbe;
}

/** Kills a lab node hard, like pulling its power: every process in it, init first. */
export async function labKill(
  node: string,
  options: LabFaultOptions = {},
): Promise<{ node: LabNodeState; killedPids: readonly number[] }> {
  const tools = await checkLabHost(options.probe);
  const { lab, node: target } = await findLabNode(node, options);
  const killedPids = await killNodeProcesses(tools, target.netns);
  target.state = 'killed';
  delete target.initPid;
  delete target.unsharePid;
  await saveLabState(lab);
  return { node: target, killedPids };
}

/**
 * Runs a killed node's init again and waits for its sshd; its corosync and Pacemaker then
 * rejoin on their own (wait with waitForOnline).
 */
export async function labRevive(
  node: string,
  options: LabFaultOptions & { readonly timeoutMs?: number } = {},
): Promise<{ lab: LabState; node: LabNodeState }> {
  const tools = await checkLabHost(options.probe);
  const { lab, node: target } = await findLabNode(node, options);
  if (await isAlive(target.initPid))
    throw new LabError(
      `lab node "${node}" is running; kill it first: clusterwright lab kill ${node}`,
    );
  // Whatever is left of an earlier life of the node goes first.
  await killNodeProcesses(tools, target.netns);
  const pids = await startNodeInit(tools, target);
  target.unsharePid = pids.unsharePid;
  target.initPid = pids.initPid;
  target.state = 'starting';
  await saveLabState(lab);
  await waitForSsh([target], Date.now() + (options.timeoutMs ?? 60_000));
  target.state = 'running';
  await saveLabState(lab);
  return { lab, node: target };
}
