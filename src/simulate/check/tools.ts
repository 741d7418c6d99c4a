import { access, constants } from 'node:fs/promises';

/** A real tool `check` may run, and the Debian package that provides it. */
export interface Tool {
  readonly name: string;
  readonly command: string;
  readonly debianPackage: string;
}

export const TOOLS = {
  drbdadm: { name: 'drbdadm', command: 'drbdadm', debianPackage: 'drbd-utils' },
  drbdadm84: {
    name: 'drbdadm-84',
    command: '/usr/lib/drbd/drbdadm-84',
    debianPackage: 'drbd-utils',
  },
  corosync: { name: 'corosync -t', command: 'corosync', debianPackage: 'corosync' },
  ip: { name: 'ip', command: 'ip', debianPackage: 'iproute2' },
  crmVerify: { name: 'crm_verify', command: 'crm_verify', debianPackage: 'pacemaker-cli-utils' },
  xmllint: { name: 'xmllint', command: 'xmllint', debianPackage: 'libxml2-utils' },
  virtXmlValidate: {
    name: 'virt-xml-validate',
    command: 'virt-xml-validate',
    debianPackage: 'libvirt-clients',
  },
  tgtAdmin: { name: 'tgt-admin', command: 'tgt-admin', debianPackage: 'tgt' },
  bash: { name: 'bash -n', command: 'bash', debianPackage: 'bash' },
  sh: { name: 'sh -n', command: 'sh', debianPackage: 'dash' },
  ansiblePlaybook: {
    name: 'ansible-playbook --syntax-check',
    command: 'ansible-playbook',
    debianPackage: 'ansible-core',
  },
} as const satisfies Record<string, Tool>;

const found = new Map<string, Promise<string | undefined>>();

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function search(command: string): Promise<string | undefined> {
  if (command.startsWith('/')) return (await isExecutable(command)) ? command : undefined;
  // sbin too: crm_verify and tgt-admin live there and a user's PATH may lack it.
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    if (await isExecutable(`${dir}/${command}`)) return `${dir}/${command}`;
  }
  return undefined;
}

/** The full path of a tool on this machine, or undefined when it is not installed. */
export function findTool(tool: Tool): Promise<string | undefined> {
  let p = found.get(tool.command);
  if (!p) {
    p = search(tool.command);
    found.set(tool.command, p);
  }
  return p;
}
