import type { Transport } from '../../deploy/transport/transport.ts';
import { parseDomstate, parseVirshList } from '../parsers/virsh.ts';
import type { Collected, VmStatus } from '../status.ts';
import type { CollectOptions } from './runCollector.ts';
import { failedRun, runCollector } from './runCollector.ts';

// The system URIs need the libvirt daemon's read-only socket (libvirtd or a modular
// virtqemud/virtxend); without one, virsh would only say it cannot connect.
const LIST =
  'uri=$1; ' +
  'command -v virsh >/dev/null 2>&1 || absent "virsh is not installed (libvirt-clients)"; ' +
  'case $uri in *:///system) found=; ' +
  'for s in /run/libvirt/*-sock-ro /var/run/libvirt/*-sock-ro; do [ -S "$s" ] && found=1; done; ' +
  '[ -n "$found" ] || absent "no libvirt daemon runs (no /run/libvirt/*-sock-ro)";; esac; ' +
  'exec virsh -r -c "$uri" list --all';

const DOMSTATE =
  'uri=$1; shift; i=0; ' +
  'for d; do printf "cw-domstate %s\\n" "$i"; i=$((i+1)); ' +
  'virsh -r -c "$uri" domstate --reason --domain "$d" 2>&1; done';

/** States whose reason says what happened: paused (migrating, I/O error…) and the odd ones. */
const WANTS_REASON = (state: string): boolean => state !== 'running' && state !== 'shut off';

/**
 * The domains libvirt knows on this node with their state, and for a paused or otherwise
 * odd domain why (a second command, only when there is one: a monitor runs this often).
 */
export async function collectVms(
  t: Transport,
  uri: string,
  options: CollectOptions,
): Promise<Collected<VmStatus[]>> {
  const started = Date.now();
  const listed = await runCollector<VmStatus[]>(t, 'virsh', LIST, [uri], options, (r) =>
    r.code === 0 ? { state: 'ok', value: parseVirshList(r.stdout) } : failedRun('virsh list', r),
  );
  if (listed.state !== 'ok') return listed;
  const odd = listed.value.filter((v) => WANTS_REASON(v.state));
  if (odd.length === 0) return listed;
  const timeoutMs = Math.max(1, options.timeoutMs - (Date.now() - started));
  const reasons = await runCollector<Map<number, string>>(
    t,
    'virsh-domstate',
    DOMSTATE,
    [uri, ...odd.map((v) => v.name)],
    { timeoutMs },
    (r) => ({ state: 'ok', value: sections(r.stdout) }),
  );
  if (reasons.state !== 'ok') return listed;
  return {
    state: 'ok',
    value: listed.value.map((v) => {
      const i = odd.indexOf(v);
      const text = i < 0 ? undefined : reasons.value.get(i);
      if (text === undefined || /^error:/m.test(text)) return v;
      const { state, reason } = parseDomstate(text);
      return { name: v.name, state: state || v.state, ...(reason ? { reason } : {}) };
    }),
  };
}

/** "cw-domstate N" lines split the output into each domain's answer. */
function sections(text: string): Map<number, string> {
  const out = new Map<number, string>();
  let current: number | undefined;
  for (const line of text.split('\n')) {
    const m = /^cw-domstate (\d+)$/.exec(line);
    if (m) current = Number(m[1]);
    else if (current !== undefined) out.set(current, `${out.get(current) ?? ''}${line}\n`);
  }
  return out;
}
