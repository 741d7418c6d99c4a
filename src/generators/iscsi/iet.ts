import type { Design, IscsiTarget } from '../../model/types.ts';
import { secretPlaceholder } from '../bundleFile.ts';
import { iscsiWord } from '../escape/iscsi.ts';
import { generatedBy } from '../header.ts';
import { lunDevice } from './topology.ts';

const w = (v: string): string => iscsiWord(v, 'IET');

/** ietd.conf holds every IET target of a node, one `Target` stanza each. */
export function ietdConf(design: Design, targets: readonly IscsiTarget[], element: string): string {
  const lines = [`# ${generatedBy(element)}`];
  for (const t of targets) {
    lines.push(`Target ${w(t.iqn)}`);
    if (t.chap)
      lines.push(`\tIncomingUser ${w(t.chap.user)} ${w(secretPlaceholder(t.chap.secret))}`);
    for (const lun of t.luns) {
      lines.push(`\tLun ${lun.number} Path=${w(lunDevice(design, lun.backing))},Type=blockio`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * initiators.allow: which initiators may see each target. A target without a list is
 * closed to everyone (`ALL` would open it to every initiator that can reach the portal).
 */
export function ietInitiatorsAllow(targets: readonly IscsiTarget[], element: string): string {
  const lines = [`# ${generatedBy(element)}`];
  for (const t of targets) {
    if (t.allowedInitiators.length > 0) {
      lines.push(`${w(t.iqn)} ${t.allowedInitiators.map(w).join(', ')}`);
    }
  }
  return lines.join('\n') + '\n';
}
