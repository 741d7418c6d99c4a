import type { Design, IscsiTarget } from '../../model/types.ts';
import { secretPlaceholder } from '../bundleFile.ts';
import { iscsiWord } from '../escape/iscsi.ts';
import { generatedBy } from '../header.ts';
import { lunDevice } from './topology.ts';

/** A targets.conf block: `<name arg>` … `</name>`, or a `key value` line. */
type TgtStatement =
  | { readonly key: string; readonly values: readonly string[] }
  | { readonly block: string; readonly arg: string; readonly body: readonly TgtStatement[] };

function render(s: TgtStatement, depth: number): string[] {
  const indent = '\t'.repeat(depth);
  if ('key' in s)
    return [`${indent}${s.key} ${s.values.map((v) => iscsiWord(v, 'tgt')).join(' ')}`];
  return [
    `${indent}<${s.block} ${iscsiWord(s.arg, 'tgt')}>`,
    ...s.body.flatMap((b) => render(b, depth + 1)),
    `${indent}</${s.block}>`,
  ];
}

/** tgt keeps LUN 0 for its controller, so backing stores are numbered from 1. */
export function tgtConf(design: Design, target: IscsiTarget): string {
  const body: TgtStatement[] = [];
  for (const lun of target.luns) {
    if (lun.number === 0) {
      throw new Error(
        `iSCSI target "${target.name}" uses tgt, which keeps LUN 0 for its controller: number its LUNs from 1`,
      );
    }
    body.push({
      block: 'backing-store',
      arg: lunDevice(design, lun.backing),
      body: [{ key: 'lun', values: [String(lun.number)] }],
    });
  }
  for (const initiator of target.allowedInitiators) {
    body.push({ key: 'initiator-name', values: [initiator] });
  }
  if (target.chap) {
    body.push({
      key: 'incominguser',
      values: [target.chap.user, secretPlaceholder(target.chap.secret)],
    });
  }
  const lines = render({ block: 'target', arg: target.iqn, body }, 0);
  return [`# ${generatedBy(target.name)}`, ...lines].join('\n') + '\n';
}
