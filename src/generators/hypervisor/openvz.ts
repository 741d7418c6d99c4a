import type { Design, Vm } from '../../model/types.ts';
import { openvzKey, openvzValue } from '../escape/openvz.ts';
import { generatedBy } from '../header.ts';
import { MAC_PREFIX, derivedMac } from './mac.ts';
import { vmBridge } from './placement.ts';

const PAGES_PER_MIB = 256; // 4 KiB pages

export function containerId(vm: Vm): number {
  if (vm.ctid === undefined) {
    throw new Error(`OpenVZ container "${vm.name}" has no ctid: set ctid (101 or more) on the VM`);
  }
  return vm.ctid;
}

/**
 * The legacy vzctl CTID.conf (VSwap style). ONBOOT is no: Pacemaker's ManageVE starts the
 * container where its private area (the first disk, mounted at VE_PRIVATE) is.
 */
export function openvzConf(design: Design, vm: Vm): string {
  const ctid = containerId(vm);
  const entries: [string, string][] = [
    ['ONBOOT', 'no'],
    ['VE_ROOT', `/vz/root/${ctid}`],
    ['VE_PRIVATE', `/vz/private/${ctid}`],
    ...(vm.osTemplate !== undefined ? [['OSTEMPLATE', vm.osTemplate] as [string, string]] : []),
    ['HOSTNAME', vm.name],
    ['CPUS', String(vm.vcpus)],
    // Memory is a hard limit with no swap beyond it.
    ['PHYSPAGES', `0:${vm.memoryMiB * PAGES_PER_MIB}`],
    ['SWAPPAGES', '0:0'],
  ];
  const bridge = vmBridge(design, vm);
  if (bridge) {
    const netif = [
      'ifname=eth0',
      `mac=${vm.mac ?? derivedMac(MAC_PREFIX.openvz, vm.name)}`,
      `host_ifname=veth${ctid}.0`,
      `host_mac=${derivedMac(MAC_PREFIX.openvz, `${vm.name}/host`)}`,
      `bridge=${bridge}`,
    ];
    entries.push(['NETIF', netif.join(',')]);
  }
  const lines = entries.map(([k, v]) => `${openvzKey(k)}=${openvzValue(v)}`);
  return [`# ${generatedBy(vm.name)}`, ...lines].join('\n') + '\n';
}
