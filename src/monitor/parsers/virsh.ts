import type { VmStatus } from '../status.ts';

export class VirshParseError extends Error {}

/**
 * Parses `virsh list --all`, a table whose columns line up under their headings:
 *
 *  Id   Name     State
 * -------------------------
 *  1    web      running
 *  -    db       shut off
 *
 * Cells are cut at the heading positions, so a name or state with spaces stays whole.
 */
export function parseVirshList(text: string): VmStatus[] {
  const lines = text.split('\n');
  const rule = lines.findIndex((l) => /^-{5,}\s*$/.test(l.trim()));
  const header = rule > 0 ? (lines[rule - 1] ?? '') : '';
  const nameAt = header.indexOf('Name');
  const stateAt = header.indexOf('State');
  if (rule < 0 || nameAt < 0 || stateAt < nameAt)
    throw new VirshParseError('not the output of virsh list: no "Id Name State" table');
  const out: VmStatus[] = [];
  for (const line of lines.slice(rule + 1)) {
    if (line.trim() === '') continue;
    const name = line.slice(nameAt, stateAt).trim();
    const state = line.slice(stateAt).trim();
    if (name !== '' && state !== '') out.push({ name, state });
  }
  return out;
}

/** Parses `virsh domstate --reason`: "shut off (crashed)" → state and reason. */
export function parseDomstate(text: string): { state: string; reason?: string } {
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  const m = /^(.*?)\s*\(([^()]*)\)$/.exec(line);
  if (!m) return { state: line };
  return { state: m[1] ?? '', ...(m[2] ? { reason: m[2] } : {}) };
}
