import { chmod, chown, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabTools } from './hostCheck.ts';
import { LabError } from './labError.ts';
import { run } from './run.ts';
import { shellQuote } from '../deploy/quote.ts';

/** The node's private folders (under its lab folder) and the real paths they cover inside it. */
export const PRIVATE_DIRS = [
  ['etc-corosync', '/etc/corosync'],
  // Where deploys keep backups (src/deploy/deployId.ts), private for the same reason.
  ['deploy-backups', '/var/lib/clusterwright/backups'],
  ['var-lib-pacemaker', '/var/lib/pacemaker'],
  ['var-lib-corosync', '/var/lib/corosync'],
  ['var-log', '/var/log'],
  // root's own home, so what a deploy leaves in ~ stays on the node and the host's dotfiles
  // do not run in the node's shells.
  ['root-home', '/root'],
] as const;

/**
 * Upper and work folders of the overlay on /etc: deploys write /etc/drbd.d, /etc/libvirt,
 * /etc/clusterwright… on every node, and three nodes must not share one host folder. The
 * overlay gives each node its own /etc without copying the host's.
 */
const ETC_OVERLAY = ['etc-upper', 'etc-work'] as const;

const PACEMAKER_SUBDIRS = ['cib', 'pengine', 'blackbox', 'cores'];

interface Account {
  readonly uid: number;
  readonly gid: number;
}

/** hacluster:haclient, which Pacemaker's daemons run as and must own their state. */
async function haclusterAccount(): Promise<Account> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const group = await readFile('/etc/group', 'utf8');
  const user = passwd.split('\n').find((l) => l.startsWith('hacluster:'));
  const grp = group.split('\n').find((l) => l.startsWith('haclient:'));
  if (!user || !grp)
    throw new LabError(
      'user hacluster or group haclient is missing; they come with the pacemaker package: apt-get install pacemaker',
    );
  return { uid: Number(user.split(':')[2]), gid: Number(grp.split(':')[2]) };
}

export interface NodeFilesInput {
  readonly dir: string;
  readonly corosyncConf: string;
  readonly authkey?: Uint8Array;
  /** The lab key's public half, for root's authorized_keys on the node. */
  readonly labPublicKey: string;
  /** The CIB the node starts from (see labCib). */
  readonly initialCib: string;
}

/** Writes a node's private state folders, sshd config and host key; returns the host public key. */
export async function writeNodeFiles(tools: LabTools, input: NodeFilesInput): Promise<string> {
  const { dir } = input;
  const hacluster = await haclusterAccount();
  for (const name of [...PRIVATE_DIRS.map(([n]) => n), ...ETC_OVERLAY])
    await mkdir(join(dir, name), { recursive: true, mode: 0o755 });
  await mkdir(join(dir, 'etc-corosync', 'uidgid.d'), { recursive: true });
  // The bind mount needs its mount point on the host; an empty folder, made once.
  await mkdir('/var/lib/clusterwright/backups', { recursive: true, mode: 0o700 });
  await chmod(join(dir, 'root-home'), 0o700);
  for (const [from, to] of [
    ['/usr/share/base-files/dot.bashrc', '.bashrc'],
    ['/usr/share/base-files/dot.profile', '.profile'],
  ] as const)
    await copyFile(from, join(dir, 'root-home', to)).catch(() => undefined);
  await writeFile(join(dir, 'etc-corosync', 'corosync.conf'), input.corosyncConf, { mode: 0o644 });
  if (input.authkey) {
    await writeFile(join(dir, 'etc-corosync', 'authkey'), input.authkey, { mode: 0o400 });
    await chmod(join(dir, 'etc-corosync', 'authkey'), 0o400);
  }
  const pacemaker = join(dir, 'var-lib-pacemaker');
  await chown(pacemaker, hacluster.uid, hacluster.gid);
  for (const sub of PACEMAKER_SUBDIRS) {
    await mkdir(join(pacemaker, sub), { recursive: true });
    await chown(join(pacemaker, sub), hacluster.uid, hacluster.gid);
    await chmod(join(pacemaker, sub), 0o750);
  }
  const cib = join(pacemaker, 'cib', 'cib.xml');
  await writeFile(cib, input.initialCib, { mode: 0o600 });
  await chown(cib, hacluster.uid, hacluster.gid);
  for (const sub of ['pacemaker', 'cluster', 'crmsh']) {
    await mkdir(join(dir, 'var-log', sub), { recursive: true });
    await chown(join(dir, 'var-log', sub), hacluster.uid, hacluster.gid);
  }
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  await rm(hostKey, { force: true });
  await rm(`${hostKey}.pub`, { force: true });
  await run(tools['ssh-keygen'], [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    'clusterwright-lab',
    '-f',
    hostKey,
  ]);
  await writeFile(join(dir, 'authorized_keys'), `${input.labPublicKey.trim()}\n`, { mode: 0o600 });
  await writeFile(
    join(dir, 'sshd_config'),
    [
      // Everything on the command line's config file: the host's own sshd_config is not used.
      'Port 22',
      `HostKey ${hostKey}`,
      'PidFile /run/sshd.pid',
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      // The lab folder may sit under a world-writable temp folder.
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  return (await readFile(`${hostKey}.pub`, 'utf8')).trim();
}

/**
 * The node's init: PID 1 of its PID namespace. It mounts the private folders over the
 * daemons' paths, starts sshd, corosync and pacemakerd, then stays to reap orphans; when it
 * dies the kernel kills every process of the node.
 */
export function nodeInitScript(tools: LabTools, dir: string, hostname: string): string {
  const q = shellQuote;
  const binds = PRIVATE_DIRS.map(
    ([name, target]) => `mount --bind ${q(join(dir, name))} ${target}`,
  );
  return [
    '#!/bin/bash',
    'set -eu',
    'mount --make-rprivate /',
    // The node sees the host's /etc but writes only to its own copy (then the binds below).
    `mount -t overlay overlay -o ${q(`lowerdir=/etc,upperdir=${join(dir, 'etc-upper')},workdir=${join(dir, 'etc-work')}`)} /etc`,
    `echo ${q(hostname)} > /proc/sys/kernel/hostname`,
    ...binds,
    'mount -t tmpfs -o mode=0755 tmpfs /run',
    'mount -t tmpfs -o mode=1777 tmpfs /dev/shm',
    // /run was just wiped: pacemakerd wants /run/crm, sshd its privilege-separation folder.
    'mkdir -p /run/sshd /run/crm /run/corosync /var/log/crmsh',
    'chown hacluster:haclient /run/crm && chmod 0750 /run/crm',
    `${q(tools.sshd)} -f ${q(join(dir, 'sshd_config'))} -E /var/log/sshd.log`,
    `${q(tools.corosync)}`,
    // pacemakerd needs corosync's IPC answering; poll it (up to 30 s) instead of guessing.
    'for _ in $(seq 300); do',
    `  ${q(tools['corosync-cfgtool'])} -s >/dev/null 2>&1 && break`,
    '  sleep 0.1',
    'done',
    'export PCMK_logfile=/var/log/pacemaker/pacemaker.log PCMK_logfacility=none',
    `${q(tools.pacemakerd)} &`,
    'echo "node init: daemons started"',
    // Stay as PID 1; bash reaps orphaned children while it waits.
    'while :; do sleep infinity & wait $! || true; done',
    '',
  ].join('\n');
}
