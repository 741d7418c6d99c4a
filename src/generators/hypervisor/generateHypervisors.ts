import type { Design, Vm } from '../../model/types.ts';
import { assertNever } from '../../model/types.ts';
import type { BundleFile, FileKind } from '../bundleFile.ts';
import { libvirtDomain } from './libvirt.ts';
import { containerId, openvzConf } from './openvz.ts';
import { vmHosts } from './placement.ts';
import { xlConfig } from './xl.ts';

/** The guest's configuration on every node that may run it. */
export function generateHypervisors(design: Design): BundleFile[] {
  return design.vms.flatMap((vm) => {
    const file = guestFile(design, vm);
    return vmHosts(design, vm).map((node) => ({
      node: node.name,
      mode: 0o644,
      element: vm.name,
      ...file,
    }));
  });
}

function guestFile(design: Design, vm: Vm): { path: string; content: string; kind: FileKind } {
  const hv = vm.hypervisor;
  switch (hv) {
    case 'kvm':
      return {
        path: `/etc/libvirt/qemu/${vm.name}.xml`,
        content: libvirtDomain(design, vm, 'kvm'),
        kind: 'libvirt',
      };
    case 'xen':
      return vm.toolstack === 'xl'
        ? { path: `/etc/xen/${vm.name}.cfg`, content: xlConfig(design, vm), kind: 'xen-xl' }
        : {
            path: `/etc/libvirt/qemu/${vm.name}.xml`,
            content: libvirtDomain(design, vm, 'xen'),
            kind: 'libvirt',
          };
    case 'openvz':
      return {
        path: `/etc/vz/conf/${containerId(vm)}.conf`,
        content: openvzConf(design, vm),
        kind: 'openvz',
      };
    default:
      return assertNever(hv, 'hypervisor');
  }
}
