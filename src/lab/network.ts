import { setTimeout as delay } from 'node:timers/promises';
import type { Design } from '../model/types.ts';
import type { LabTools } from './hostCheck.ts';
import { overlaps, parseCidr } from './ipv4.ts';
import { LabError } from './labError.ts';
import type { LabBridge } from './labState.ts';
import type { PlannedNode } from './labPlan.ts';
import { POLL_INTERVAL_MS } from './poll.ts';
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

/** How long a failed removal may take to turn out harmless (the kernel finishing a teardown). */
const GONE_GRACE_MS = 5_000;

/**
 * Runs one `ip … del`. Removing what is already gone is not an error: the kernel deletes a
 * veth with its peer's namespace, and does so after `ip netns del` has returned, so a check
 * made just before the removal can be stale. A failure counts only if the thing is still
 * there once the kernel has had a moment to finish; then the error says what and why.
 */
async function removeUnlessGone(
  tools: LabTools,
  args: readonly string[],
  exists: () => Promise<boolean>,
): Promise<void> {
  const result = await tryRun(tools.ip, args);
  if (result.code === 0) return;
  const deadline = Date.now() + GONE_GRACE_MS;
  for (;;) {
    if (!(await exists())) return;
    if (Date.now() >= deadline) break;
    await delay(POLL_INTERVAL_MS);
  }
  throw new LabError(
    `${tools.ip} ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`,
  );
}

/** Removes whatever of a node's network exists; missing pieces are fine. */
export async function deleteNodeNetwork(
  tools: LabTools,
  netns: string,
  hostIfs: readonly string[],
): Promise<void> {
  if (await netnsExists(tools, netns))
    await removeUnlessGone(tools, ['netns', 'del', netns], () => netnsExists(tools, netns));
  // Deleting the namespace deletes the veth ends inside it and so their host peers; a veth
  // made before its namespace move may linger, so remove each one still listed.
  for (const name of hostIfs)
    if (await linkExists(tools, name))
      await removeUnlessGone(tools, ['link', 'del', name], () => linkExists(tools, name));
}

export async function deleteBridge(tools: LabTools, name: string): Promise<void> {
  if (await linkExists(tools, name))
    await removeUnlessGone(tools, ['link', 'del', name], () => linkExists(tools, name));
}
