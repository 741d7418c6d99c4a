import type { IscsiSession } from '../status.ts';

export class IscsiParseError extends Error {}

// open-iscsi's session_info_print_flat(): "tcp: [1] 10.0.0.1:3260,1 iqn.… (non-flash)";
// IPv6 portals are bracketed, and older versions add the "(non-flash)" suffix.
const SESSION =
  /^(\S+): \[(\d+)\] (?:\[([0-9A-Fa-f:.%\w-]+)\]|([^\s:]+)):(\d+),(-?\d+) (\S+)(?: \((?:non-)?flash\))?\s*$/;

/**
 * Parses `iscsiadm -m session` (print level 0). An initiator with no session prints
 * "iscsiadm: No active sessions." and exits 21: that is an empty list, handled by the
 * collector, not here.
 */
export function parseIscsiSessions(text: string): IscsiSession[] {
  const out: IscsiSession[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = SESSION.exec(line.trim());
    if (!m) throw new IscsiParseError(`not an iscsiadm -m session line: ${JSON.stringify(line)}`);
    out.push({
      transport: m[1] ?? '',
      sid: Number(m[2]),
      portal: m[3] ?? m[4] ?? '',
      port: Number(m[5]),
      tpgt: Number(m[6]),
      target: m[7] ?? '',
    });
  }
  return out;
}
