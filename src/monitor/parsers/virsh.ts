import type { VmStatus } from '../status.ts';

/**
 * Parses `virsh -r list --all`:
 *
 *  Id   Name    State
 * ------------------------
 *  1    web     running
 *  -    db      shut off
 */
export function parseVirshList(text: string): VmStatus[] {
  const lines = text.split('\n');
  const rule = lines.findIndex((l) => /^-{5,}/.test(l.trim()));
  if (rule < 0) return [];
  const out: VmStatus[] = [];
  for (const line of lines.slice(rule + 1)) {
    const m = /^\s*(\d+|-)\s+(\S+)\s+(.+?)\s*$/.exec(line);
    if (m) out.push({ name: m[2] ?? '', state: m[3] ?? '' });
  }
  return out;
}
