import type { ClusterNode, Design, IscsiTarget } from '../../model/types.ts';
import { secretPlaceholder } from '../bundleFile.ts';
import { shellCommand } from '../escape/shell.ts';
import { generatedBy } from '../header.ts';
import { portalOf } from './topology.ts';

/** /etc/iscsi/initiatorname.iscsi: open-iscsi reads `InitiatorName=` up to the line end. */
export function initiatorNameFile(node: ClusterNode, iqn: string): string {
  if (/[\s#]/.test(iqn)) throw new Error(`node "${node.name}": not an initiator name: ${iqn}`);
  return `## ${generatedBy(node.name)}\nInitiatorName=${iqn}\n`;
}

/** Discovery and login, with CHAP settings when the target asks for them. */
export function loginScript(design: Design, target: IscsiTarget, element: string): string {
  const portal = portalOf(design, target);
  const node = ['iscsiadm', '-m', 'node', '-T', target.iqn, '-p', portal];
  const lines = [
    '#!/bin/sh',
    `# ${generatedBy(element)}`,
    'set -eu',
    shellCommand(['iscsiadm', '-m', 'discovery', '-t', 'sendtargets', '-p', portal]),
  ];
  if (target.chap) {
    const update = (name: string, value: string): string =>
      shellCommand([...node, '--op', 'update', '-n', name, '-v', value]);
    lines.push(
      update('node.session.auth.authmethod', 'CHAP'),
      update('node.session.auth.username', target.chap.user),
      update('node.session.auth.password', secretPlaceholder(target.chap.secret)),
    );
  }
  lines.push(shellCommand([...node, '--op', 'update', '-n', 'node.startup', '-v', 'automatic']));
  lines.push(shellCommand([...node, '--login']));
  return lines.join('\n') + '\n';
}
