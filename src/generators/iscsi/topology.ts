import type { ClusterNode, Design, IscsiTarget } from '../../model/types.ts';
import { findDrbd } from '../drbd/devices.ts';
import { drbdVolumeDevice } from '../drbd/devices.ts';
import { lookup } from '../lookup.ts';
import { findNode } from '../nodes.ts';

export function findTarget(design: Design, name: string): IscsiTarget {
  const t = lookup(design).targets.get(name);
  if (!t) throw new Error(`iSCSI target "${name}" is referenced but not in the design`);
  return t;
}

/**
 * The nodes that may host a target: its own list, else the nodes that hold every one of its
 * DRBD backings (a target can only run where its volumes can be promoted).
 */
export function targetHosts(design: Design, target: IscsiTarget): ClusterNode[] {
  if (target.nodes) return target.nodes.map((n) => findNode(design, n));
  let names: readonly string[] | undefined;
  for (const lun of target.luns) {
    if (lun.backing.kind !== 'drbd') continue;
    const resNodes = findDrbd(design, lun.backing.resource).nodes;
    names = names === undefined ? resNodes : names.filter((n) => resNodes.includes(n));
  }
  return (names ?? []).map((n) => findNode(design, n));
}

/** The address initiators use: the portal's floating IP, else the first host's storage address. */
export function portalAddress(design: Design, target: IscsiTarget): string {
  if (target.portal !== undefined) {
    const ip = lookup(design).floatingIps.get(target.portal);
    if (!ip)
      throw new Error(
        `iSCSI target "${target.name}": portal "${target.portal}" is not a floating IP of the design`,
      );
    return ip.address;
  }
  const storageNets = design.networks.filter((n) => n.role === 'storage').map((n) => n.name);
  for (const host of targetHosts(design, target)) {
    for (const net of [...storageNets, ...design.cluster.corosync.links]) {
      const address = host.addresses[net];
      if (address !== undefined) return address;
    }
  }
  throw new Error(
    `iSCSI target "${target.name}" has no portal address: set its portal to a floating IP`,
  );
}

export function portalOf(design: Design, target: IscsiTarget): string {
  return `${portalAddress(design, target)}:${target.port}`;
}

/** The block device a LUN exports, on the node hosting the target. */
export function lunDevice(design: Design, backing: IscsiTarget['luns'][number]['backing']): string {
  return backing.kind === 'drbd'
    ? drbdVolumeDevice(design, backing.resource, backing.volume)
    : backing.path;
}

/** Where an initiator node sees a LUN once logged in (udev's by-path link). */
export function lunByPath(design: Design, targetName: string, lun: number): string {
  const target = findTarget(design, targetName);
  return `/dev/disk/by-path/ip-${portalOf(design, target)}-iscsi-${target.iqn}-lun-${lun}`;
}

/** Nodes that log into a target through an initiator element. */
export function initiatorNodes(design: Design, targetName: string): ClusterNode[] {
  const names = lookup(design).initiatorNodes.get(targetName) ?? [];
  return [...names].map((n) => findNode(design, n));
}
