import type { StepResult } from './bringUp.ts';
import type { NodeConnection } from './bringUp.ts';
import { runScript } from './remote/runScript.ts';

/**
 * The packages step: which of the packages a node needs (Debian names, from the Ansible
 * generator's list) it lacks, and the command that installs them on its distribution.
 * Nothing is installed: a node without a package mirror, or with its own way of installing,
 * is the user's to decide; the deploy stops before writing anything.
 */
export type PackageFamily = 'debian' | 'rpm-dnf' | 'suse' | 'unknown';

/** A distribution as /etc/os-release names it. */
export interface OsRelease {
  readonly id: string;
  readonly idLike: readonly string[];
  readonly prettyName?: string;
}

/**
 * Debian package names as RHEL/Fedora (dnf, with EPEL and ELRepo where noted in the
 * README) and SUSE call them; undefined where the distribution ships no such package.
 */
const RPM_NAMES: Readonly<Record<string, { dnf?: string; suse?: string }>> = {
  corosync: { dnf: 'corosync', suse: 'corosync' },
  pacemaker: { dnf: 'pacemaker', suse: 'pacemaker' },
  'pacemaker-cli-utils': { dnf: 'pacemaker-cli', suse: 'pacemaker-cli' },
  'resource-agents': { dnf: 'resource-agents', suse: 'resource-agents' },
  'fence-agents': { dnf: 'fence-agents-all', suse: 'fence-agents' },
  'drbd-utils': { dnf: 'drbd-utils', suse: 'drbd-utils' },
  'libvirt-daemon-system': { dnf: 'libvirt-daemon', suse: 'libvirt-daemon' },
  'libvirt-clients': { dnf: 'libvirt-client', suse: 'libvirt-client' },
  'qemu-system-x86': { dnf: 'qemu-kvm', suse: 'qemu-kvm' },
  'xen-utils': { suse: 'xen-tools' },
  'xen-system-amd64': { suse: 'xen' },
  tgt: { dnf: 'scsi-target-utils', suse: 'tgt' },
  'targetcli-fb': { dnf: 'targetcli', suse: 'targetcli-fb' },
  'open-iscsi': { dnf: 'iscsi-initiator-utils', suse: 'open-iscsi' },
};

/** The names to ask the node's package manager about. */
export function namesFor(family: PackageFamily, debian: readonly string[]): string[] {
  if (family === 'debian' || family === 'unknown') return [...debian];
  const key = family === 'suse' ? 'suse' : 'dnf';
  return debian.flatMap((d) => {
    const n = RPM_NAMES[d]?.[key];
    return n ? [n] : [];
  });
}

/** Debian packages with no counterpart on the family (the user has to find another way). */
export function unavailableOn(family: PackageFamily, debian: readonly string[]): string[] {
  if (family === 'debian' || family === 'unknown') return [];
  const key = family === 'suse' ? 'suse' : 'dnf';
  return debian.filter((d) => !RPM_NAMES[d]?.[key]);
}

/** The command that installs `names` (already in the family's spelling). */
export function installCommand(family: PackageFamily, names: readonly string[]): string {
  const list = [...names].sort().join(' ');
  switch (family) {
    case 'debian':
    case 'unknown':
      return `apt-get install -y ${list}`;
    case 'rpm-dnf':
      return `dnf install -y ${list}`;
    case 'suse':
      return `zypper install -y ${list}`;
  }
}

/** What the check script printed: `os ID ID_LIKE…`, `pm dpkg|dnf|suse|none`, `have NAME`. */
export function parsePackageCheck(stdout: string): {
  os: OsRelease;
  manager: 'dpkg' | 'dnf' | 'suse' | 'none';
  installed: Set<string>;
  /** Who the login is on the node (uid and name), when the node said. */
  user?: { uid: number; name: string };
} {
  const lines = stdout.split('\n');
  const uidLine = /^uid (\d+) (\S+)$/.exec(lines.find((l) => l.startsWith('uid ')) ?? '');
  const osLine = (lines.find((l) => l.startsWith('os ')) ?? 'os unknown').split(' ').slice(1);
  const pm = lines.find((l) => l.startsWith('pm '))?.slice(3);
  return {
    os: { id: osLine[0] || 'unknown', idLike: osLine.slice(1).filter((x) => x !== '') },
    manager: pm === 'dpkg' || pm === 'dnf' || pm === 'suse' ? pm : 'none',
    installed: new Set(lines.filter((l) => l.startsWith('have ')).map((l) => l.slice(5))),
    ...(uidLine ? { user: { uid: Number(uidLine[1]), name: uidLine[2] as string } } : {}),
  };
}

/*
 * Arguments: the Debian names, `--dnf`, the dnf names, `--suse`, the SUSE names. The node's
 * package manager picks its list (dpkg first: Debian can have rpm installed too), and one
 * dpkg-query or rpm run answers for every name.
 */
const CHECK = `
echo "uid $(id -u) $(id -un)"
. /etc/os-release 2>/dev/null
echo "os \${ID:-unknown} \${ID_LIKE:-}"
query() {
  want=$1; shift; n=$#; cur=deb; i=0
  while [ $i -lt $n ]; do
    a=$1; shift; i=$((i + 1))
    case $a in
    --dnf) cur=dnf ;;
    --suse) cur=suse ;;
    *) if [ "$cur" = "$want" ]; then set -- "$@" "$a"; fi ;;
    esac
  done
  [ $# -gt 0 ] || return 0
  if [ "$want" = deb ]; then
    dpkg-query -W -f='\${db:Status-Status} \${Package}\\n' "$@" 2>/dev/null | sed -n 's/^installed /have /p'
  else
    rpm -q --qf 'have %{NAME}\\n' "$@" 2>/dev/null | grep '^have '
  fi
  return 0
}
if command -v dpkg-query >/dev/null 2>&1 && [ -s /var/lib/dpkg/status ]; then
  echo "pm dpkg"; query deb "$@"
elif command -v rpm >/dev/null 2>&1 && command -v zypper >/dev/null 2>&1; then
  echo "pm suse"; query suse "$@"
elif command -v rpm >/dev/null 2>&1; then
  echo "pm dnf"; query dnf "$@"
else
  echo "pm none"
fi
exit 0`;

/**
 * Checks a node's packages in one command. `debianPackages` are what the node needs, by
 * their Debian names; other distributions get theirs.
 */
export async function checkPackages(
  c: NodeConnection,
  debianPackages: readonly string[],
): Promise<StepResult> {
  const r = await runScript(c.transport, 'cw-packages', CHECK, [
    ...debianPackages,
    '--dnf',
    ...namesFor('rpm-dnf', debianPackages),
    '--suse',
    ...namesFor('suse', debianPackages),
  ]);
  const seen = parsePackageCheck(r.stdout);
  // Everything after this step writes /etc and runs cibadmin, drbdadm and systemctl: root's
  // work. Say so now, before any file is touched, rather than fail half-way.
  if (seen.user && seen.user.uid !== 0) {
    return {
      step: 'packages',
      node: c.node,
      outcome: 'failed',
      detail: `logged in as ${seen.user.name} (uid ${seen.user.uid}), but a deploy needs root on the node (it writes /etc and runs cibadmin and drbdadm); set ssh.user of node ${c.node} to root and allow root logins by key (PermitRootLogin prohibit-password): logging in as another user and using sudo is not supported`,
    };
  }
  const osName = [seen.os.id, ...seen.os.idLike].join('/');
  if (seen.manager === 'none') {
    return {
      step: 'packages',
      node: c.node,
      outcome: 'unchanged',
      detail: `no dpkg or rpm on this node (${osName}): packages not checked; it needs ${debianPackages.join(', ')} (Debian names)`,
    };
  }
  const family: PackageFamily =
    seen.manager === 'dpkg' ? 'debian' : seen.manager === 'suse' ? 'suse' : 'rpm-dnf';
  const names = namesFor(family, debianPackages);
  const missing = names.filter((n) => !seen.installed.has(n));
  const none = unavailableOn(family, debianPackages);
  if (missing.length === 0 && none.length === 0) {
    return {
      step: 'packages',
      node: c.node,
      outcome: 'unchanged',
      detail: `all ${names.length} packages present`,
    };
  }
  const fix = missing.length > 0 ? installCommand(family, missing) : undefined;
  return {
    step: 'packages',
    node: c.node,
    outcome: 'failed',
    detail: [
      missing.length > 0 ? `missing ${missing.join(', ')}; install them with: ${fix}` : '',
      none.length > 0
        ? `${osName} has no package for ${none.join(', ')} (Debian names); install them another way`
        : '',
    ]
      .filter((x) => x !== '')
      .join('. '),
    ...(fix ? { fix } : {}),
  };
}
