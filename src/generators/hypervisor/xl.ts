import type { Design, Vm } from '../../model/types.ts';
import { xlSpecValue, xlString } from '../escape/xl.ts';
import { generatedBy } from '../header.ts';
import { MAC_PREFIX, derivedMac } from './mac.ts';
import { diskTarget, vmBridge, vmDiskDevices } from './placement.ts';

type XlValue = string | number | readonly string[];

function renderValue(v: XlValue): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return xlString(v);
  return `[ ${v.map(xlString).join(', ')} ]`;
}

/** `key=value,…` inside a disk or vif spec string, each value checked. */
function spec(items: readonly (readonly [string, string])[]): string {
  return items.map(([k, v]) => `${k}=${xlSpecValue(v)}`).join(', ');
}

/**
 * An xl.cfg for a Xen HVM guest booting from its first disk. Disks use the keyword form
 * with `target=` last, as xl-disk-configuration(5) asks for paths holding `:` (by-path).
 */
export function xlConfig(design: Design, vm: Vm): string {
  const entries: [string, XlValue][] = [
    ['name', vm.name],
    ['type', 'hvm'],
    ['memory', vm.memoryMiB],
    ['vcpus', vm.vcpus],
    [
      'disk',
      vmDiskDevices(design, vm).map((dev, i) =>
        spec([
          ['format', 'raw'],
          ['vdev', diskTarget('xvd', i)],
          ['access', 'rw'],
          ['backendtype', 'phy'],
          ['target', dev],
        ]),
      ),
    ],
  ];
  const bridge = vmBridge(design, vm);
  if (bridge) {
    const mac = vm.mac ?? derivedMac(MAC_PREFIX.xen, vm.name);
    entries.push([
      'vif',
      [
        spec([
          ['mac', mac],
          ['bridge', bridge],
        ]),
      ],
    ]);
  }
  entries.push(
    ['boot', 'c'],
    ['on_poweroff', 'destroy'],
    ['on_reboot', 'restart'],
    ['on_crash', 'restart'],
  );
  const lines = entries.map(([k, v]) => `${k} = ${renderValue(v)}`);
  return [`# ${generatedBy(vm.name)}`, ...lines].join('\n') + '\n';
}
