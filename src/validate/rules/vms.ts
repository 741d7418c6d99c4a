import type { Diagnostic } from '../../model/diagnostic.ts';
import type { Design } from '../../model/types.ts';
import type { DesignIndex } from '../designIndex.ts';
import { diag, listing } from '../diag.ts';
import { placementModel } from '../failover/model.ts';
import type { Rule } from '../rule.ts';

/** Names of the members of ascending list `all` that are not in ascending list `some`. */
function namesMissingFrom(
  all: readonly number[],
  some: readonly number[],
  names: readonly string[],
): string[] {
  if (some.length === all.length) return [];
  const out: string[] = [];
  let j = 0;
  // Indexed loops: validation runs once per edit, often before the JIT has optimised it, and
  // for…of then allocates an iterator result per element.
  for (let i = 0; i < all.length; i++) {
    const x = all[i] ?? -1;
    while (j < some.length && (some[j] ?? 0) < x) j++;
    if (some[j] !== x) out.push(names[x] ?? '');
  }
  return out;
}

/** Virtual machines and containers: where they can run, their storage and their identity. */
export const vmsRule: Rule = {
  codes: [
    'vm-no-node',
    'vm-storage-missing',
    'vm-exceeds-node',
    'vm-live-migration-single-primary',
    'vm-preferred-hypervisor',
    'vm-preferred-storage',
    'vm-preferred-spare',
    'vm-openvz-ctid-missing',
    'vm-ctid-duplicate',
    'vm-ctid-not-openvz',
    'vm-toolstack-not-xen',
    'vm-network-no-bridge',
    'vm-mac-duplicate',
    'vm-no-disk',
  ],
  check(design: Design, index: DesignIndex): Diagnostic[] {
    const out: Diagnostic[] = [];
    const model = placementModel(design);
    // Hypervisor → ascending node indexes that run it.
    const hvNodes = new Map<string, number[]>();
    design.nodes.forEach((n, i) => {
      for (const hv of new Set(n.hypervisors)) {
        const list = hvNodes.get(hv) ?? [];
        list.push(i);
        hvNodes.set(hv, list);
      }
    });
    const names = (ix: readonly number[]): string[] => ix.map((n) => model.nodeNames[n] ?? '');
    const ctids = new Map<number, string>();
    const macs = new Map<string, string>();
    design.vms.forEach((vm, i) => {
      const at = (...rest: (string | number)[]): (string | number)[] => ['vms', i, ...rest];
      const unit = model.units[model.unitOf.get(vm.name) ?? -1];
      const candidates = hvNodes.get(vm.hypervisor) ?? [];
      if (unit && unit.feasible.length === 0) {
        out.push(
          diag(
            'vm-no-node',
            'error',
            [vm.name],
            at(),
            `no node can run ${vm.hypervisor} guest "${vm.name}": ${unit.whyNone}`,
            `give a node the ${vm.hypervisor} hypervisor together with the VM's storage (DRBD resource nodes or an iSCSI initiator)`,
          ),
        );
      } else {
        // Nodes that run its hypervisor but lack its storage (or are banned, or miss a colocated
        // resource's needs): failover will never use them.
        const lacking = unit ? namesMissingFrom(candidates, unit.feasible, model.nodeNames) : [];
        if (lacking.length > 0) {
          out.push(
            diag(
              'vm-storage-missing',
              // Often deliberate (DRBD pairs towards a spare); failover-stranded warns when it
              // leaves a VM nowhere to go.
              'info',
              [vm.name].concat(lacking),
              at('disks'),
              `"${vm.name}" can only fail over to ${listing(names(unit?.feasible ?? []))}: ${listing(lacking)} ${lacking.length === 1 ? 'runs' : 'run'} ${vm.hypervisor} but ${lacking.length === 1 ? 'lacks' : 'lack'} its storage (or what it must run with)`,
              `add ${listing(lacking)} to its DRBD resources or give ${lacking.length === 1 ? 'it' : 'them'} an iSCSI initiator for its target, or accept the smaller failover set`,
            ),
          );
        }
        let maxCpu = 0;
        let maxMem = 0;
        for (const n of unit?.feasible ?? []) {
          maxCpu = Math.max(maxCpu, model.cpus[n] ?? 0);
          maxMem = Math.max(maxMem, model.memoryMiB[n] ?? 0);
        }
        if (unit && (vm.vcpus > maxCpu || vm.memoryMiB > maxMem)) {
          out.push(
            diag(
              'vm-exceeds-node',
              'error',
              [vm.name],
              vm.vcpus > maxCpu ? at('vcpus') : at('memoryMiB'),
              `"${vm.name}" needs ${vm.vcpus} vCPUs and ${vm.memoryMiB} MiB, but the largest node it can run on has ${maxCpu} CPUs and ${maxMem} MiB`,
              'make the VM smaller or give a node that can run it more capacity',
            ),
          );
        }
      }
      if (vm.liveMigration) {
        const single = vm.disks.flatMap((d) =>
          d.kind === 'drbd' && index.drbd.get(d.resource)?.dualPrimary === false
            ? [d.resource]
            : [],
        );
        if (single.length > 0) {
          out.push(
            diag(
              'vm-live-migration-single-primary',
              'error',
              [vm.name, ...single],
              at('liveMigration'),
              `"${vm.name}" migrates live, but its DRBD ${single.length === 1 ? 'resource' : 'resources'} ${listing(single)} ${single.length === 1 ? 'is' : 'are'} single-primary: during the migration both nodes must write`,
              `set dualPrimary: true (with protocol C) on ${listing(single)}, or turn liveMigration off`,
            ),
          );
        }
      }
      if (vm.preferredNode !== undefined) {
        const node = index.nodes.get(vm.preferredNode);
        if (node && !node.hypervisors.includes(vm.hypervisor)) {
          out.push(
            diag(
              'vm-preferred-hypervisor',
              'error',
              [vm.name, node.name],
              at('preferredNode'),
              `"${vm.name}" prefers node "${node.name}", which does not run ${vm.hypervisor}`,
              `add ${vm.hypervisor} to ${node.name}'s hypervisors, or prefer a node that runs it`,
            ),
          );
        } else if (
          node &&
          unit &&
          unit.feasible.length > 0 &&
          !unit.feasible.includes(index.nodeIndex.get(node.name) ?? -1)
        ) {
          out.push(
            diag(
              'vm-preferred-storage',
              'error',
              [vm.name, node.name],
              at('preferredNode'),
              `"${vm.name}" prefers node "${node.name}", which lacks its storage (or what it must run with), so it can never run there`,
              `prefer one of ${listing(names(unit.feasible))}, or give ${node.name} the VM's storage`,
            ),
          );
        }
        if (node?.spare) {
          out.push(
            diag(
              'vm-preferred-spare',
              'warning',
              [vm.name, node.name],
              at('preferredNode'),
              `"${vm.name}" prefers node "${node.name}", a spare: the spare is then busy when a failure needs it`,
              'prefer a regular node, or stop marking this node as a spare',
            ),
          );
        }
      }
      if (vm.hypervisor === 'openvz') {
        if (vm.ctid === undefined) {
          out.push(
            diag(
              'vm-openvz-ctid-missing',
              'error',
              [vm.name],
              at(),
              `OpenVZ container "${vm.name}" has no ctid: its config file and the ManageVE agent need one`,
              'set ctid to a free number of 101 or more',
            ),
          );
        }
        if (vm.toolstack !== undefined) {
          out.push(
            diag(
              'vm-toolstack-not-xen',
              'error',
              [vm.name],
              at('toolstack'),
              `OpenVZ container "${vm.name}" sets toolstack ${vm.toolstack}, which only applies to Xen guests`,
              'remove toolstack',
            ),
          );
        }
      } else {
        if (vm.ctid !== undefined) {
          out.push(
            diag(
              'vm-ctid-not-openvz',
              'warning',
              [vm.name],
              at('ctid'),
              `"${vm.name}" is a ${vm.hypervisor} guest with a ctid, which only OpenVZ containers use`,
              'remove ctid',
            ),
          );
        }
        if (vm.toolstack === 'xl' && vm.hypervisor !== 'xen') {
          out.push(
            diag(
              'vm-toolstack-not-xen',
              'error',
              [vm.name],
              at('toolstack'),
              `"${vm.name}" is a ${vm.hypervisor} guest but uses the xl toolstack, which runs Xen guests only`,
              'remove toolstack (KVM guests run through libvirt)',
            ),
          );
        }
      }
      if (vm.ctid !== undefined) {
        const other = ctids.get(vm.ctid);
        if (other !== undefined) {
          out.push(
            diag(
              'vm-ctid-duplicate',
              'error',
              [vm.name, other],
              at('ctid'),
              `containers "${other}" and "${vm.name}" share ctid ${vm.ctid}: on one node they would be the same container`,
              'give each container its own ctid',
            ),
          );
        } else ctids.set(vm.ctid, vm.name);
      }
      if (vm.network !== undefined) {
        const net = index.networks.get(vm.network);
        if (net && net.bridge === undefined) {
          out.push(
            diag(
              'vm-network-no-bridge',
              'error',
              [vm.name, net.name],
              at('network'),
              `"${vm.name}" attaches to network "${net.name}", which has no bridge to plug its interface into`,
              `set bridge on network ${net.name} (like br0)`,
            ),
          );
        }
      }
      if (vm.mac !== undefined) {
        const other = macs.get(vm.mac);
        if (other !== undefined) {
          out.push(
            diag(
              'vm-mac-duplicate',
              'error',
              [vm.name, other],
              at('mac'),
              `"${other}" and "${vm.name}" have the same MAC address ${vm.mac}`,
              'give each VM its own MAC address, or leave mac out to derive one from the name',
            ),
          );
        } else macs.set(vm.mac, vm.name);
      }
      if (vm.disks.length === 0) {
        out.push(
          diag(
            'vm-no-disk',
            'warning',
            [vm.name],
            at('disks'),
            `"${vm.name}" has no replicated disk: after a failover it starts on another node without its data`,
            'add a disk on a DRBD volume or an iSCSI LUN',
          ),
        );
      }
    });
    return out;
  },
};
