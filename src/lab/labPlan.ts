import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Design } from '../model/types.ts';
import { lastFreeAddress, parseCidr } from './ipv4.ts';
import type { LabBridge, LabLink } from './labState.ts';
import { LabError } from './labError.ts';

export interface PlannedNode {
  readonly name: string;
  readonly hostname: string;
  readonly netns: string;
  readonly dir: string;
  readonly links: readonly LabLink[];
  readonly sshAddress: string;
}

export interface LabPlan {
  readonly bridges: readonly LabBridge[];
  readonly nodes: readonly PlannedNode[];
}

/**
 * Names every interface and namespace of a lab. Interface names must fit Linux's 15
 * characters, so they are a short hash of the lab folder plus indexes: the same lab always
 * gets the same names (a new process can find them) and two labs never share one.
 */
export function planLab(design: Design, stateDir: string): LabPlan {
  const tag = `cw${createHash('sha256').update(stateDir).digest('hex').slice(0, 6)}`;
  if (design.nodes.length === 0)
    throw new LabError(`design "${design.cluster.name}" has no nodes; add nodes before a lab`);
  if (design.networks.length === 0)
    throw new LabError(
      `design "${design.cluster.name}" has no networks; a lab needs at least one to join its nodes`,
    );
  if (design.nodes.length > 99 || design.networks.length > 99)
    throw new LabError('a lab holds at most 99 nodes and 99 networks');
  const hostNet = design.networks.find((n) => n.role === 'management') ?? design.networks[0];
  const bridges = design.networks.map((net, w): LabBridge => {
    if (net !== hostNet) return { name: `${tag}b${w}`, network: net.name, cidr: net.cidr };
    const used = new Set(
      design.nodes.map((n) => n.addresses[net.name]).filter((a): a is string => a !== undefined),
    );
    for (const f of design.floatingIps) if (f.network === net.name) used.add(f.address);
    const hostAddress = lastFreeAddress(parseCidr(net.cidr), used);
    if (!hostAddress)
      throw new LabError(
        `network "${net.name}" (${net.cidr}) has no free address left for the host to reach the lab nodes; use a larger network`,
      );
    return { name: `${tag}b${w}`, network: net.name, cidr: net.cidr, hostAddress };
  });
  const nodes = design.nodes.map((node, i): PlannedNode => {
    const links: LabLink[] = [];
    design.networks.forEach((net, w) => {
      const address = node.addresses[net.name];
      if (address)
        links.push({
          network: net.name,
          hostIf: `${tag}n${i}w${w}`,
          nodeIf: `eth${w}`,
          address,
          prefix: parseCidr(net.cidr).prefix,
        });
    });
    const sshAddress = node.addresses[hostNet?.name ?? ''];
    if (!sshAddress || !hostNet)
      throw new LabError(
        `node "${node.name}" has no address on network "${hostNet?.name}", which the host uses to reach lab nodes over SSH; give it one`,
      );
    return {
      name: node.name,
      hostname: node.hostname ?? node.name,
      netns: `${tag}-${node.name}`,
      dir: join(stateDir, 'nodes', node.name),
      links,
      sshAddress,
    };
  });
  return { bridges, nodes };
}
