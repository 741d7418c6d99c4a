import type { Design } from '../model/types.ts';
import type { LabTools } from './hostCheck.ts';
import { overlaps, parseCidr } from './ipv4.ts';
import { LabError } from './labError.ts';
import type { LabBridge } from './labState.ts';
import type { PlannedNode } from './labPlan.ts';
import { run, tryRun } from './run.ts';

/**
 * A lab bridge with a host address adds a route on the host; refuse when a design network
 * overlaps one the host already routes, so the lab never captures real traffic.
 */
export async function checkNoRouteClash(tools: LabTools, design: Design): Promise<void> {
  const routes = JSON.parse(await run(tools.ip, ['-j', '-4', 'route', 'show', 'table', 'all'])) as {
    dst?: string;
    dev?: string;
  }[];
  for (const net of design.networks) {
    const ours = parseCidr(net.cidr);
    for (const r of routes) {
      if (!r.dst || r.dst === 'default' || !/^\d/.test(r.dst)) continue;
      if (overlaps(ours, parseCidr(r.dst.includes('/') ? r.dst : `${r.dst}/32`)))
        throw new LabError(
          `network "${net.name}" (${net.cidr}) overlaps ${r.dst}, which this host already routes via ${r.dev ?? '?'}; ` +
            'a lab must not take over real traffic: give the network a free range, or run "clusterwright lab down" for an old lab',
        );
    }
  }
}

export async function linkExists(tools: LabTools, name: string): Promise<boolean> {
  return (await tryRun(tools.ip, ['link', 'show', 'dev', name])).code === 0;
}

export async function netnsExists(tools: LabTools, name: string): Promise<boolean> {
  const out = await run(tools.ip, ['netns', 'list']);
  return out.split('\n').some((l) => l.split(' ')[0] === name);
}

export async function createBridge(tools: LabTools, bridge: LabBridge): Promise<void> {
  await run(tools.ip, ['link', 'add', 'name', bridge.name, 'type', 'bridge']);
  await run(tools.ip, ['link', 'set', bridge.name, 'up']);
  if (bridge.hostAddress)
    await run(tools.ip, [
      'addr',
      'add',
      `${bridge.hostAddress}/${parseCidr(bridge.cidr).prefix}`,
      'dev',
      bridge.name,
    ]);
}

/** The node's network namespace, one veth per design network it sits on, its addresses. */
export async function createNodeNetwork(
  tools: LabTools,
  node: PlannedNode,
  bridges: readonly LabBridge[],
): Promise<void> {
  await run(tools.ip, ['netns', 'add', node.netns]);
  await run(tools.ip, ['-n', node.netns, 'link', 'set', 'lo', 'up']);
  for (const link of node.links) {
    const bridge = bridges.find((b) => b.network === link.network);
    if (!bridge) throw new LabError(`no lab bridge for network "${link.network}"`);
    await run(tools.ip, [
      'link',
      'add',
      link.hostIf,
      'type',
      'veth',
      'peer',
      'name',
      link.nodeIf,
      'netns',
      node.netns,
    ]);
    await run(tools.ip, ['link', 'set', link.hostIf, 'master', bridge.name, 'up']);
    await run(tools.ip, [
      '-n',
      node.netns,
      'addr',
      'add',
      `${link.address}/${link.prefix}`,
      'dev',
      link.nodeIf,
    ]);
    await run(tools.ip, ['-n', node.netns, 'link', 'set', link.nodeIf, 'up']);
  }
}

/** Removes whatever of a node's network exists; missing pieces are fine. */
export async function deleteNodeNetwork(
  tools: LabTools,
  netns: string,
  hostIfs: readonly string[],
): Promise<void> {
  if (await netnsExists(tools, netns)) await run(tools.ip, ['netns', 'del', netns]);
  // Deleting the namespace deletes the veth ends inside it and so their host peers; a veth
  // made before its namespace move may linger, so check each one.
  for (const name of hostIfs) await deleteLink(tools, name);
}

/**
 * The kernel tears a deleted namespace down asynchronously, so a veth seen a moment ago may
 * be gone by the time it is deleted: only a link that is still there is a failure.
 */
async function deleteLink(tools: LabTools, name: string): Promise<void> {
  if (!(await linkExists(tools, name))) return;
  const r = await tryRun(tools.ip, ['link', 'del', name]);
  if (r.code !== 0 && (await linkExists(tools, name)))
    throw new LabError(`${tools.ip} link del ${name} failed (exit ${r.code}): ${r.stderr.trim()}`);
}

export async function deleteBridge(tools: LabTools, name: string): Promise<void> {
  if (await linkExists(tools, name)) await run(tools.ip, ['link', 'del', name]);
}
