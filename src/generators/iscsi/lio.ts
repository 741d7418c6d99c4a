import type { Design, IscsiTarget } from '../../model/types.ts';
import { secretPlaceholder } from '../bundleFile.ts';
import { iscsiWord } from '../escape/iscsi.ts';
import { generatedBy } from '../header.ts';
import { lunDevice, portalAddress } from './topology.ts';

const w = (v: string): string => iscsiWord(v, 'targetcli');

/** A `key=value` argument; the key is ours, the value is checked. */
const kv = (key: string, value: string | number): string => `${key}=${w(String(value))}`;

/** One targetcli command: a path and its words, each word checked (or built by kv). */
function command(path: string, ...words: string[]): string {
  return [w(path), ...words].join(' ');
}

export function backstoreName(target: IscsiTarget, lun: number): string {
  return `${target.name}-lun${lun}`;
}

/** A script for `targetcli < file`: backstores, target, LUNs, ACLs, portal, save. */
export function targetcliScript(design: Design, target: IscsiTarget): string {
  const tpg = `/iscsi/${target.iqn}/tpg1`;
  const lines = [`# ${generatedBy(target.name)}`];
  for (const lun of target.luns) {
    lines.push(
      command(
        '/backstores/block',
        'create',
        kv('name', backstoreName(target, lun.number)),
        kv('dev', lunDevice(design, lun.backing)),
      ),
    );
  }
  lines.push(command('/iscsi', 'create', w(target.iqn)));
  for (const lun of target.luns) {
    lines.push(
      command(
        `${tpg}/luns`,
        'create',
        w(`/backstores/block/${backstoreName(target, lun.number)}`),
        kv('lun', lun.number),
      ),
    );
  }
  // targetcli adds a 0.0.0.0 portal by itself; listen only on the portal address instead.
  lines.push(command(`${tpg}/portals`, 'delete', '0.0.0.0', '3260'));
  lines.push(
    command(`${tpg}/portals`, 'create', w(portalAddress(design, target)), w(String(target.port))),
  );
  for (const initiator of target.allowedInitiators) {
    lines.push(command(`${tpg}/acls`, 'create', w(initiator)));
    if (target.chap) {
      lines.push(
        command(
          `${tpg}/acls/${initiator}`,
          'set',
          'auth',
          kv('userid', target.chap.user),
          kv('password', secretPlaceholder(target.chap.secret)),
        ),
      );
    }
  }
  lines.push(command(tpg, 'set', 'attribute', kv('authentication', target.chap ? 1 : 0)));
  if (target.allowedInitiators.length === 0) {
    // No list: any initiator that reaches the portal may log in (demo mode), read-write.
    lines.push(
      command(
        tpg,
        'set',
        'attribute',
        kv('generate_node_acls', 1),
        kv('demo_mode_write_protect', 0),
      ),
    );
  }
  lines.push(command('/', 'saveconfig'));
  return lines.join('\n') + '\n';
}
