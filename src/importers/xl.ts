import type { InputFile, VmFact } from './facts.ts';
import type { Notes } from './notes.ts';
import { ImportSyntaxError } from './notes.ts';
import type { XlValue } from './xlSyntax.ts';
import { parseXlCfg } from './xlSyntax.ts';

/** The device path of an xl disk spec: positional `phy:/dev/drbd1,xvda,w` or `target=…`. */
export function xlDiskTarget(spec: string): string | undefined {
  const parts = spec.split(',').map((p) => p.trim());
  const named = parts.find((p) => p.startsWith('target='));
  if (named) return named.slice('target='.length);
  const first = parts[0] ?? '';
  if (first.includes('=')) return undefined;
  return first.replace(/^(phy|file|tap:aio|tap2:aio|aio|raw|qcow2|vhd):/, '');
}

function show(v: XlValue): string {
  return Array.isArray(v)
    ? `[${v.map(show).join(', ')}]`
    : typeof v === 'string'
      ? `"${v}"`
      : String(v);
}

/** A Xen xl.cfg → a VM on the xl toolstack: name, memory, vcpus, disks, bridge and MAC. */
export function importXl(file: InputFile, notes: Notes): VmFact {
  const settings = parseXlCfg(file.content, file.path);
  const byKey = new Map(settings.map((s) => [s.key, s]));
  const name = byKey.get('name')?.value;
  if (typeof name !== 'string' || name === '')
    throw new ImportSyntaxError(file.path, 1, 'an xl.cfg needs name = "…"');
  const key = `vm:file:${file.path}`;
  const vm: VmFact = {
    name,
    key,
    source: { file: file.path },
    from: 'xl',
    hypervisor: 'xen',
    toolstack: 'xl',
    disks: [],
    configPath: file.path,
  };
  for (const s of settings) {
    const at = { file: file.path, line: s.line };
    const note = (what: string, label?: string): void =>
      notes.add(at, `${name}: ${what}`, { key, ...(label !== undefined ? { label } : {}) });
    const v = s.value;
    switch (s.key) {
      case 'name':
        break;
      case 'memory':
        if (typeof v === 'number') vm.memoryMiB = v;
        else note(`memory ${show(v)} is not a number`);
        break;
      case 'vcpus':
        if (typeof v === 'number') vm.vcpus = v;
        else note(`vcpus ${show(v)} is not a number`);
        break;
      case 'disk':
        for (const d of Array.isArray(v) ? v : [v]) {
          const target = typeof d === 'string' ? xlDiskTarget(d) : undefined;
          if (target?.startsWith('/dev/')) vm.disks.push({ path: target, source: at });
          else note(`disk ${show(d)} is not a block device; not modelled`, 'disk');
        }
        break;
      case 'vif': {
        const vifs = Array.isArray(v) ? v : [v];
        vifs.forEach((vif, n) => {
          if (n > 0 || typeof vif !== 'string') {
            note(`vif ${show(vif)} is not modelled: a VM has one network`, 'extra vif');
            return;
          }
          for (const part of vif.split(',').map((p) => p.trim())) {
            const [k, val] = part.split('=', 2);
            if (k === 'bridge' && val) vm.bridge = val;
            else if (k === 'mac' && val) vm.mac = val.toLowerCase();
            else if (part !== '') note(`vif option ${part} is not modelled`, `vif ${k ?? ''}`);
          }
        });
        break;
      }
      default:
        note(`${s.key} = ${show(v)} is not modelled`, s.key);
    }
  }
  return vm;
}
