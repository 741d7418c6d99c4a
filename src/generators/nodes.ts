import { nodeHostname } from '../model/elements.ts';
import type { ClusterNode, Design } from '../model/types.ts';
import { lookup } from './lookup.ts';

export function findNode(design: Design, name: string): ClusterNode {
  const node = lookup(design).nodes.get(name);
  if (!node) throw new Error(`node "${name}" is referenced but not in the design`);
  return node;
}

/** A node's address on a network, or a clear error naming both (validation catches it first). */
export function addressOn(node: ClusterNode, network: string, usedBy: string): string {
  const address = node.addresses[network];
  if (address === undefined) {
    throw new Error(
      `${usedBy} needs node "${node.name}" on network "${network}", but the node has no address there: add one under the node's addresses`,
    );
  }
  return address;
}

export { nodeHostname };
