import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BundleFile } from '../../src/generators/bundleFile.ts';
import { requireRoot, requireTool, runTool } from './tools.ts';

/**
 * Helpers that run the real Debian tools on generated files (see shared/reference/oracles.md).
 * Each returns the tool's status and output; tests assert on them.
 */
export interface ToolResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Writes node files under `root/<node>/<absolute path>` and returns the path of each. */
export function writeBundleFiles(
  root: string,
  files: readonly BundleFile[],
): Map<BundleFile, string> {
  const out = new Map<BundleFile, string>();
  for (const f of files) {
    const path = join(root, f.node ?? '_cluster', f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content, { mode: f.mode });
    out.set(f, path);
  }
  return out;
}

/**
 * Runs a command as root in a fresh network namespace whose loopback carries `addresses`
 * (so drbdadm and corosync find "their" IPs) and, optionally, a private mount namespace
 * with `binds` (host dir → path) mounted over real paths. Nothing leaves the namespaces.
 */
function inNamespaces(
  addresses: readonly string[],
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; binds?: readonly [string, string][] } = {},
): ToolResult {
  requireRoot('it creates network namespaces (unshare -n) to give the node its addresses');
  requireTool('unshare', 'util-linux');
  requireTool('ip', 'iproute2');
  const binds = options.binds ?? [];
  const script = [
    'set -e',
    'ip link set lo up',
    'for a in $CW_ADDRS; do ip addr add "$a/32" dev lo; done',
    'while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do mount --bind "$1" "$2"; shift 2; done',
    'shift',
    'exec "$@"',
  ].join('\n');
  const unshareArgs = binds.length > 0 ? ['-m', '-n'] : ['-n'];
  return runTool(
    'unshare',
    [...unshareArgs, 'sh', '-c', script, 'sh', ...binds.flat(), '--', command, ...args],
    { env: { ...process.env, ...options.env, CW_ADDRS: addresses.join(' ') } },
  );
}

/**
 * `drbdadm -c drbd.conf dump all` as node `hostname`, where drbd.conf includes the node's
 * generated files (global_common.conf first). 8.4 resources go through drbdadm-84.
 */
export function drbdDump(options: {
  readonly dir: string;
  readonly files: readonly string[];
  readonly hostname: string;
  readonly addresses: readonly string[];
  readonly version: '9' | '8.4';
}): ToolResult {
  const drbdadm =
    options.version === '9'
      ? requireTool('drbdadm', 'drbd-utils')
      : requireTool('/usr/lib/drbd/drbdadm-84', 'drbd-utils');
  const conf = join(options.dir, 'drbd.conf');
  writeFileSync(conf, options.files.map((f) => `include "${f}";\n`).join(''));
  return inNamespaces(options.addresses, drbdadm, ['-c', conf, 'dump', 'all'], {
    env: { __DRBD_NODE__: options.hostname },
  });
}

/**
 * `corosync -c FILE -t` as the node owning `address`. With crypto, corosync reads
 * /etc/corosync/authkey: a fresh random key in `dir` is bind-mounted over /etc/corosync
 * in a private mount namespace, so the generated file is checked unchanged.
 */
export function corosyncCheck(options: {
  readonly dir: string;
  readonly conf: string;
  readonly address: string;
}): ToolResult {
  const corosync = requireTool('corosync', 'corosync');
  const etc = join(options.dir, 'etc-corosync');
  mkdirSync(etc, { recursive: true });
  writeFileSync(join(etc, 'authkey'), randomBytes(256), { mode: 0o400 });
  return inNamespaces([options.address], corosync, ['-c', options.conf, '-t'], {
    binds: [[etc, '/etc/corosync']],
  });
}

export function virtXmlValidate(file: string): ToolResult {
  return runTool(requireTool('virt-xml-validate', 'libvirt-clients'), [file, 'domain']);
}

/** tgt-admin's pretend mode prints the tgtadm commands a config turns into (weak check). */
export function tgtAdminPretend(file: string): ToolResult {
  return runTool(requireTool('tgt-admin', 'tgt'), ['-c', file, '-e', '-p']);
}
