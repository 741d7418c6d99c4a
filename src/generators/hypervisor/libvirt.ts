import type { Design, Vm } from '../../model/types.ts';
import { generatedBy } from '../header.ts';
import { MAC_PREFIX, derivedMac } from './mac.ts';
import { diskTarget, vmBridge, vmDiskDevices } from './placement.ts';
import type { XmlElement } from './xml.ts';
import { el, renderXml, textEl } from './xml.ts';

/** A libvirt domain for a KVM guest, or a Xen HVM guest run through libvirt. */
export function libvirtDomain(design: Design, vm: Vm, type: 'kvm' | 'xen'): string {
  const kvm = type === 'kvm';
  const disks = vmDiskDevices(design, vm).map((dev, i) =>
    el(
      'disk',
      { type: 'block', device: 'disk' },
      kvm
        ? el('driver', { name: 'qemu', type: 'raw', cache: 'none', io: 'native' })
        : el('driver', { name: 'phy' }),
      el('source', { dev }),
      el(
        'target',
        kvm
          ? { dev: diskTarget('vd', i), bus: 'virtio' }
          : { dev: diskTarget('xvd', i), bus: 'xen' },
      ),
    ),
  );
  const bridge = vmBridge(design, vm);
  const nics: XmlElement[] = bridge
    ? [
        el(
          'interface',
          { type: 'bridge' },
          el('mac', { address: vm.mac ?? derivedMac(MAC_PREFIX[type], vm.name) }),
          el('source', { bridge }),
          ...(kvm ? [el('model', { type: 'virtio' })] : []),
        ),
      ]
    : [];
  const os = kvm
    ? el(
        'os',
        {},
        textEl('type', 'hvm', { arch: 'x86_64', machine: 'pc' }),
        el('boot', { dev: 'hd' }),
      )
    : el(
        'os',
        {},
        textEl('type', 'hvm', { arch: 'x86_64', machine: 'xenfv' }),
        textEl('loader', '/usr/lib/xen/boot/hvmloader'),
        el('boot', { dev: 'hd' }),
      );
  const domain = el(
    'domain',
    { type },
    textEl('name', vm.name),
    ...(vm.description !== undefined ? [textEl('description', vm.description)] : []),
    textEl('memory', vm.memoryMiB, { unit: 'MiB' }),
    textEl('currentMemory', vm.memoryMiB, { unit: 'MiB' }),
    textEl('vcpu', vm.vcpus, { placement: 'static' }),
    os,
    el('features', {}, el('acpi'), el('apic'), ...(kvm ? [] : [el('pae')])),
    textEl('on_poweroff', 'destroy'),
    textEl('on_reboot', 'restart'),
    textEl('on_crash', 'restart'),
    el(
      'devices',
      {},
      ...(kvm ? [textEl('emulator', '/usr/bin/qemu-system-x86_64')] : []),
      ...disks,
      ...nics,
      el('serial', { type: 'pty' }),
      el('console', { type: 'pty' }),
      el('graphics', { type: 'vnc', port: -1, autoport: 'yes', listen: '127.0.0.1' }),
    ),
  );
  return renderXml(generatedBy(vm.name), domain);
}
