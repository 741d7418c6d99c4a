import type { ClusterNode, Design, Vm } from '../../model/types.ts';
import { drbdVolumeDevice, findDrbd } from '../drbd/devices.ts';
import { lunByPath } from '../iscsi/topology.ts';
import { lookup } from '../lookup.ts';

/**
 * The nodes a guest may run on: those that reach every one of its disks (the DRBD
 * resource's nodes, or the nodes logged into the iSCSI target) and run its hypervisor.
 */
export function vmHosts(design: Design, vm: Vm): ClusterNode[] {
  const initiators = lookup(design).initiatorNodes;
  return design.nodes.filter(
    (node) =>
      node.hypervisors.includes(vm.hypervisor) &&
      vm.disks.every((disk) =>
        disk.kind === 'drbd'
          ? findDrbd(design, disk.resource).nodes.includes(node.name)
          : (initiators.get(disk.target)?.has(node.name) ?? false),
      ),
  );
}

/** The block device of each disk, as the hosts see it, in the guest's disk order. */
export function vmDiskDevices(design: Design, vm: Vm): string[] {
  return vm.disks.map((disk) =>
    disk.kind === 'drbd'
      ? drbdVolumeDevice(design, disk.resource, disk.volume)
      : lunByPath(design, disk.target, disk.lun),
  );
}

/** Guest disk names: vda, vdb, … vdz, vdaa, … (the kernel's sd/vd/xvd naming). */
export function diskTarget(prefix: string, index: number): string {
  let suffix = '';
  let n = index;
  do {
    suffix = String.fromCharCode(97 + (n % 26)) + suffix;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `${prefix}${suffix}`;
}

/** The Linux bridge of the guest's network, when it has one. */
export function vmBridge(design: Design, vm: Vm): string | undefined {
  if (vm.network === undefined) return undefined;
  return design.networks.find((n) => n.name === vm.network)?.bridge;
}
