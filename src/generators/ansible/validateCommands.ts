import type { Design } from '../../model/types.ts';
import type { BundleFile } from '../bundleFile.ts';
import { lookup } from '../lookup.ts';

/** How drbdadm is called for a DRBD version: 8.4 files go to the 8.4 parser Debian ships. */
export const DRBDADM: Readonly<Record<'9' | '8.4', string>> = {
  '9': 'drbdadm',
  '8.4': '/usr/lib/drbd/drbdadm-84',
};

/** The DRBD version a node's DRBD file is written for (global_common.conf follows its resources). */
export function drbdVersionOf(design: Design, file: BundleFile): '9' | '8.4' {
  const { drbd, drbdOfNode } = lookup(design);
  const own = drbd.get(file.element);
  if (own) return own.version;
  const onNode = (file.node !== undefined ? drbdOfNode.get(file.node) : undefined) ?? [];
  return onNode.length > 0 && onNode.every((r) => r.version === '8.4') ? '8.4' : '9';
}

/**
 * The commands Ansible's copy module runs on a new file (`%s`) before it replaces the old
 * one. corosync -t works there because the file is checked on its own node (its address is
 * local) after the authkey is in place. site.yml holds this table once; each file in the
 * inventory names its row, which keeps the inventory small for big clusters.
 */
export const VALIDATE_COMMANDS = {
  drbd9: `${DRBDADM['9']} -c %s dump all`,
  drbd84: `${DRBDADM['8.4']} -c %s dump all`,
  corosync: 'corosync -c %s -t',
  libvirt: 'virt-xml-validate %s domain',
  tgt: 'tgt-admin -c %s -p',
  sh: 'sh -n %s',
  bash: 'bash -n %s',
} as const;

export type ValidateKey = keyof typeof VALIDATE_COMMANDS;

/** Which validate command applies to a file, or undefined when no tool checks it offline. */
export function validateKey(design: Design, file: BundleFile): ValidateKey | undefined {
  switch (file.kind) {
    case 'drbd':
      return drbdVersionOf(design, file) === '9' ? 'drbd9' : 'drbd84';
    case 'corosync':
      return 'corosync';
    case 'libvirt':
      return 'libvirt';
    case 'iscsi-tgt':
      return 'tgt';
    default:
      return shellOf(file.content);
  }
}

/** Scripts are checked by the shell that runs them: `sh -n` or `bash -n`. */
function shellOf(content: string): 'sh' | 'bash' | undefined {
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(content);
  if (!shebang) return undefined;
  const interpreter = shebang[1] === '/usr/bin/env' ? shebang[2] : shebang[1];
  const name = interpreter?.slice(interpreter.lastIndexOf('/') + 1);
  return name === 'sh' || name === 'bash' ? name : undefined;
}
