import type { InputFile, VmFact } from './facts.ts';
import type { Notes } from './notes.ts';
import { ImportSyntaxError } from './notes.ts';
import { baseOf } from './paths.ts';

/**
 * The legacy OpenVZ container config (/etc/vz/conf/CTID.conf): shell `KEY="value"` lines.
 * The container id comes from the file name; name, OS template, CPUs and RAM from the keys.
 */
export function parseShellVars(
  text: string,
  file: string,
): { key: string; value: string; line: number }[] {
  const out: { key: string; value: string; line: number }[] = [];
  text.split('\n').forEach((raw, i) => {
    const s = raw.trim();
    if (s === '' || s.startsWith('#')) return;
    const m =
      /^([A-Za-z_][A-Za-z0-9_]*)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"'#;]*))\s*(?:#.*)?$/.exec(
        s,
      );
    if (!m)
      throw new ImportSyntaxError(file, i + 1, `"${s.slice(0, 40)}" is not a KEY="value" line`);
    out.push({
      key: m[1] ?? '',
      value: m[2]?.replace(/\\(.)/g, '$1') ?? m[3] ?? m[4] ?? '',
      line: i + 1,
    });
  });
  return out;
}

/** `2G`, `512M`, `1048576` (4 KiB pages) in the vzctl style → MiB. */
function vzMemoryMiB(text: string): number | undefined {
  const limit = text.includes(':') ? (text.split(':')[1] ?? '') : text;
  const m = /^(\d+)([KMGT]?)$/i.exec(limit);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toUpperCase();
  const mib =
    unit === 'K'
      ? n / 1024
      : unit === 'M'
        ? n
        : unit === 'G'
          ? n * 1024
          : unit === 'T'
            ? n * 1024 * 1024
            : (n * 4) / 1024;
  return Math.round(mib);
}

export function importOpenvz(file: InputFile, notes: Notes): VmFact {
  const vars = parseShellVars(file.content, file.path);
  const idText = /^(\d+)\.conf$/.exec(baseOf(file.path))?.[1];
  const veid = vars.find((v) => v.key === 'VEID')?.value;
  const ctid = Number(idText ?? veid);
  if (!Number.isInteger(ctid))
    throw new ImportSyntaxError(
      file.path,
      1,
      'an OpenVZ config must be named CTID.conf (like 101.conf)',
    );
  const key = `vm:file:${file.path}`;
  const get = (k: string): string | undefined => vars.find((v) => v.key === k)?.value;
  const vm: VmFact = {
    name: get('NAME') ?? get('HOSTNAME')?.split('.')[0] ?? `ct${ctid}`,
    key,
    source: { file: file.path },
    from: 'openvz',
    hypervisor: 'openvz',
    disks: [],
    ctid,
    configPath: file.path,
  };
  for (const { key: k, value, line } of vars) {
    const at = { file: file.path, line };
    switch (k) {
      case 'NAME':
      case 'VEID':
        break;
      case 'HOSTNAME':
        if (get('NAME') !== undefined && value.split('.')[0] !== get('NAME'))
          notes.add(at, `${vm.name}: HOSTNAME=${value} is not modelled`, {
            key,
            label: 'HOSTNAME',
          });
        break;
      case 'OSTEMPLATE':
        vm.osTemplate = value;
        break;
      case 'CPUS':
        if (/^\d+$/.test(value)) vm.vcpus = Number(value);
        break;
      case 'PHYSPAGES':
      case 'RAM': {
        const mib = vzMemoryMiB(value);
        if (mib !== undefined) vm.memoryMiB = mib;
        else notes.add(at, `${vm.name}: ${k}=${value} is not understood`, { key });
        break;
      }
      case 'VE_PRIVATE':
      case 'VE_ROOT':
        if (!new RegExp(`^/vz/(private|root)/(\\$VEID|${ctid})$`).test(value))
          notes.add(
            at,
            `${vm.name}: ${k}=${value} is not modelled (the model uses /vz/private/${ctid})`,
            { key, label: k },
          );
        break;
      case 'NETIF': {
        const bridge = /(?:^|[,;])bridge=([^,;]+)/.exec(value)?.[1];
        const mac = /(?:^|[,;])mac=([^,;]+)/.exec(value)?.[1];
        if (bridge) vm.bridge = bridge;
        if (mac) vm.mac = mac.toLowerCase();
        break;
      }
      default:
        notes.add(at, `${vm.name}: ${k}=${value} is not modelled`, { key, label: k });
    }
  }
  return vm;
}
