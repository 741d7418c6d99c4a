import type { InputFile, VmFact } from './facts.ts';
import type { Notes } from './notes.ts';
import { ImportSyntaxError } from './notes.ts';
import type { XmlElement } from './xml.ts';
import { kid, kids, parseXml } from './xml.ts';

const UNIT_BYTES: Readonly<Record<string, number>> = {
  b: 1,
  bytes: 1,
  kb: 1000,
  k: 1024,
  kib: 1024,
  mb: 1000 ** 2,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  tb: 1000 ** 4,
  t: 1024 ** 4,
  tib: 1024 ** 4,
};

/** libvirt's memory units (KiB when none is given) → MiB. */
function memoryMiB(el: XmlElement | undefined): number | undefined {
  if (!el || !/^\d+$/.test(el.text.trim())) return undefined;
  const unit = UNIT_BYTES[(el.attrs.unit ?? 'KiB').toLowerCase()];
  return unit === undefined ? undefined : Math.round((Number(el.text.trim()) * unit) / 1024 ** 2);
}

/**
 * A libvirt domain XML (KVM, or Xen through libvirt) → a VM: vcpus, memory, block disks (a
 * DRBD device or an iSCSI LUN), the bridge it attaches to and its MAC. Every other element
 * of the domain is listed in one note.
 */
export function importLibvirt(file: InputFile, notes: Notes): VmFact {
  const { name: rootName, root } = parseXml(file.content, file.path);
  if (rootName !== 'domain')
    throw new ImportSyntaxError(file.path, 1, `expected a libvirt <domain>, found <${rootName}>`);
  const name = kid(root, 'name')?.text.trim() ?? '';
  if (name === '') throw new ImportSyntaxError(file.path, 1, 'the <domain> has no <name>');
  const key = `vm:file:${file.path}`;
  const src = { file: file.path };
  const note = (what: string, label?: string): void =>
    notes.add(src, `domain ${name}: ${what}`, { key, ...(label !== undefined ? { label } : {}) });
  const type = root.attrs.type ?? 'kvm';
  const vm: VmFact = {
    name,
    key,
    source: src,
    from: 'libvirt',
    hypervisor: type === 'xen' ? 'xen' : 'kvm',
    toolstack: 'libvirt',
    disks: [],
    configPath: file.path,
  };
  if (type !== 'kvm' && type !== 'xen' && type !== 'qemu')
    note(`domain type "${type}" is not modelled; imported as KVM`, `type ${type}`);
  const mem = memoryMiB(kid(root, 'memory'));
  if (mem !== undefined) vm.memoryMiB = mem;
  const current = memoryMiB(kid(root, 'currentMemory'));
  if (current !== undefined && current !== mem)
    note(`currentMemory ${current} MiB (balloon below memory) is not modelled`, 'currentMemory');
  const vcpu = kid(root, 'vcpu')?.text.trim() ?? '';
  if (/^\d+$/.test(vcpu)) vm.vcpus = Number(vcpu);

  const skipped: string[] = [];
  for (const child of Object.keys(root.children)) {
    if (!['name', 'memory', 'currentMemory', 'vcpu', 'devices'].includes(child))
      skipped.push(child);
  }
  const devices = kid(root, 'devices');
  for (const dev of Object.keys(devices?.children ?? {})) {
    if (dev !== 'disk' && dev !== 'interface') skipped.push(`devices/${dev}`);
  }
  for (const disk of kids(devices, 'disk')) {
    const source = kid(disk, 'source');
    const device = disk.attrs.device ?? 'disk';
    if (device !== 'disk') {
      note(`a ${device} device is not modelled`, device);
    } else if (disk.attrs.type === 'block' && source?.attrs.dev) {
      vm.disks.push({ path: source.attrs.dev, source: src });
    } else if (
      disk.attrs.type === 'network' &&
      source?.attrs.protocol === 'iscsi' &&
      source.attrs.name
    ) {
      vm.disks.push({ path: `iscsi:${source.attrs.name}`, source: src });
    } else {
      note(
        `disk ${source?.attrs.file ?? source?.attrs.dev ?? source?.attrs.name ?? '?'} (type ${disk.attrs.type ?? '?'}) is neither a DRBD device nor an iSCSI LUN; not modelled`,
        'disk',
      );
    }
  }
  const interfaces = kids(devices, 'interface');
  for (const [i, iface] of interfaces.entries()) {
    const bridge = kid(iface, 'source')?.attrs.bridge;
    if (i > 0) {
      note(
        `interface ${i + 1} (${bridge ?? iface.attrs.type ?? '?'}) is not modelled: a VM has one network`,
        'extra interface',
      );
      continue;
    }
    if (iface.attrs.type === 'bridge' && bridge) vm.bridge = bridge;
    else
      note(
        `interface of type ${iface.attrs.type ?? '?'} is not modelled (only bridges)`,
        'interface',
      );
    const mac = kid(iface, 'mac')?.attrs.address?.toLowerCase();
    if (mac !== undefined) vm.mac = mac;
  }
  if (skipped.length > 0)
    note(`elements not modelled (generate writes its own): ${skipped.join(', ')}`);
  return vm;
}
