import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { LabHostError } from './labError.ts';

/** The host tools a lab runs, and the Debian package each one comes from. */
export const LAB_TOOLS = [
  ['ip', 'iproute2'],
  ['unshare', 'util-linux'],
  ['nsenter', 'util-linux'],
  ['corosync', 'corosync'],
  ['corosync-cfgtool', 'corosync'],
  ['pacemakerd', 'pacemaker'],
  ['crm_mon', 'pacemaker-cli-utils'],
  ['cibadmin', 'pacemaker-cli-utils'],
  ['crm_attribute', 'pacemaker-cli-utils'],
  ['crm_verify', 'pacemaker-cli-utils'],
  // Not run by the lab itself; its presence says the OCF resource agents are installed.
  ['ocf-tester', 'resource-agents'],
  ['sshd', 'openssh-server'],
  ['ssh-keygen', 'openssh-client'],
] as const;

export type LabTool = (typeof LAB_TOOLS)[number][0];
export type LabTools = Readonly<Record<LabTool, string>>;

/** What the lab asks of the host; tests pass their own to see the refusals. */
export interface HostProbe {
  readonly platform: NodeJS.Platform;
  readonly uid: number | undefined;
  /** Directories searched for the tools, in order. */
  readonly searchPath: readonly string[];
}

export function defaultHostProbe(): HostProbe {
  return {
    platform: process.platform,
    uid: process.getuid?.(),
    // Root's PATH usually has the sbin folders; add them in case it does not.
    searchPath: [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'].filter(
      (d) => d !== '',
    ),
  };
}

const INSTALL = 'apt-get install corosync pacemaker resource-agents openssh-server';

async function findTool(name: string, searchPath: readonly string[]): Promise<string | undefined> {
  for (const dir of searchPath) {
    const file = join(dir, name);
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      /* try the next folder */
    }
  }
  return undefined;
}

/**
 * Checks that this host can run a lab and returns the absolute path of every tool, so the
 * lab runs exactly what it checked. Throws a LabError saying what is missing and how to get it.
 */
export async function checkLabHost(probe: HostProbe = defaultHostProbe()): Promise<LabTools> {
  if (probe.platform !== 'linux')
    throw new LabHostError(
      `the lab needs Linux (network, mount and PID namespaces); this is ${probe.platform}. Run it on a Linux machine or VM.`,
    );
  if (probe.uid !== 0)
    throw new LabHostError(
      'the lab must run as root: it creates network namespaces, bridges and mounts, and starts corosync and pacemaker. Run it again with sudo.',
    );
  const found: Partial<Record<LabTool, string>> = {};
  const missing: string[] = [];
  const packages = new Set<string>();
  for (const [tool, pkg] of LAB_TOOLS) {
    const path = await findTool(tool, probe.searchPath);
    if (path) found[tool] = path;
    else {
      missing.push(`${tool} (${pkg})`);
      packages.add(pkg);
    }
  }
  if (missing.length > 0)
    throw new LabHostError(
      `the lab runs real cluster software and this machine lacks: ${missing.join(', ')}. ` +
        `Install it with: ${INSTALL}` +
        ([...packages].some((p) => !INSTALL.includes(p))
          ? ` (and ${[...packages].filter((p) => !INSTALL.includes(p)).join(' ')})`
          : ''),
    );
  return found as LabTools;
}
