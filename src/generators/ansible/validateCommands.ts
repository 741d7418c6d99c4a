import type { Design } from '../../model/types.ts';
import type { BundleFile } from '../bundleFile.ts';

/** How drbdadm is called for a DRBD version: 8.4 files go to the 8.4 parser Debian ships. */
export const DRBDADM: Readonly<Record<'9' | '8.4', string>> = {
  '9': 'drbdadm',
  '8.4': '/usr/lib/drbd/drbdadm-84',
};

/** The DRBD version a node's DRBD file is written for (global_common.conf follows its resources). */
export function drbdVersionOf(design: Design, file: BundleFile): '9' | '8.4' {
  const own = design.drbd.find((r) => r.name === file.element);
  if (own) return own.version;
  const onNode = design.drbd.filter((r) => file.node !== undefined && r.nodes.includes(file.node));
  return onNode.length > 0 && onNode.every((r) => r.version === '8.4') ? '8.4' : '9';
}

/**
 * The command Ansible's copy module runs on the new file (`%s`) before it replaces the old
 * one, or undefined when no tool can check the file offline on the node. corosync -t works
 * because the file is checked on its own node (its address is local) after the authkey is
 * in place.
 */
export function validateCommand(design: Design, file: BundleFile): string | undefined {
  switch (file.kind) {
    case 'drbd':
      return `${DRBDADM[drbdVersionOf(design, file)]} -c %s dump all`;
    case 'corosync':
      return 'corosync -c %s -t';
    case 'libvirt':
      return 'virt-xml-validate %s domain';
    case 'iscsi-tgt':
      return 'tgt-admin -c %s -p';
    default:
      return shellValidate(file.content);
  }
}

/** Scripts are checked by the shell that runs them: `sh -n` or `bash -n`. */
function shellValidate(content: string): string | undefined {
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(content);
  if (!shebang) return undefined;
  const interpreter = shebang[1] === '/usr/bin/env' ? shebang[2] : shebang[1];
  if (interpreter === undefined) return undefined;
  const name = interpreter.slice(interpreter.lastIndexOf('/') + 1);
  if (name === 'sh' || name === 'bash') return `${name} -n %s`;
  return undefined;
}
