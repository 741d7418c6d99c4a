import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BundleFile } from '../../src/generators/bundleFile.ts';
import { shellCommand, shellQuote } from '../../src/generators/escape/shell.ts';
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

/** One command to run inside the namespaces, as the node owning `addresses`. */
export interface NamespaceJob {
  readonly addresses: readonly string[];
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs jobs as root in one fresh network namespace (creating one costs far more than the
 * tools themselves): before each job, loopback carries only that job's addresses, so
 * drbdadm and corosync find "their" node. Optionally a private mount namespace with
 * `binds` (host dir → path) over real paths. Nothing leaves the namespaces.
 */
export function inNamespaces(
  dir: string,
  jobs: readonly NamespaceJob[],
  binds: readonly (readonly [string, string])[] = [],
): ToolResult[] {
  requireRoot('it creates network namespaces (unshare -n) to give each node its addresses');
  requireTool('unshare', 'util-linux');
  requireTool('ip', 'iproute2');
  const out = (i: number, ext: string): string => join(dir, `job-${i}.${ext}`);
  const lines = ['set -e', 'ip link set lo up'];
  for (const [from, to] of binds) lines.push(shellCommand(['mount', '--bind', from, to]));
  jobs.forEach((job, i) => {
    lines.push('ip addr flush dev lo');
    for (const a of job.addresses)
      lines.push(shellCommand(['ip', 'addr', 'add', `${a}/32`, 'dev', 'lo']));
    const env = Object.entries(job.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)}`);
    lines.push(
      `rc=0; ${[...env, shellCommand([job.command, ...job.args])].join(' ')} >${shellQuote(out(i, 'out'))} 2>${shellQuote(out(i, 'err'))} || rc=$?`,
      `echo "$rc" >${shellQuote(out(i, 'rc'))}`,
    );
  });
  const script = join(dir, 'jobs.sh');
  writeFileSync(script, lines.join('\n') + '\n');
  const run = runTool('unshare', [...(binds.length > 0 ? ['-m'] : []), '-n', 'sh', script]);
  if (run.status !== 0) throw new Error(`namespace jobs failed: ${run.stderr}`);
  return jobs.map((_, i) => ({
    status: Number(readFileSync(out(i, 'rc'), 'utf8')),
    stdout: readFileSync(out(i, 'out'), 'utf8'),
    stderr: readFileSync(out(i, 'err'), 'utf8'),
  }));
}

/**
 * `drbdadm -c drbd.conf dump all` as node `hostname`, where drbd.conf includes the node's
 * generated files (global_common.conf first). 8.4 resources go through drbdadm-84.
 */
export function drbdDumpJob(options: {
  readonly dir: string;
  readonly files: readonly string[];
  readonly hostname: string;
  readonly addresses: readonly string[];
  readonly version: '9' | '8.4';
}): NamespaceJob {
  const drbdadm =
    options.version === '9'
      ? requireTool('drbdadm', 'drbd-utils')
      : requireTool('/usr/lib/drbd/drbdadm-84', 'drbd-utils');
  mkdirSync(options.dir, { recursive: true });
  const conf = join(options.dir, `drbd-${options.version}.conf`);
  writeFileSync(conf, options.files.map((f) => `include "${f}";\n`).join(''));
  return {
    addresses: options.addresses,
    command: drbdadm,
    args: ['-c', conf, 'dump', 'all'],
    env: { __DRBD_NODE__: options.hostname },
  };
}

/** `corosync -c FILE -t` as the node owning `address` (run it with corosyncEtcBind). */
export function corosyncJob(conf: string, address: string): NamespaceJob {
  return {
    addresses: [address],
    command: requireTool('corosync', 'corosync'),
    args: ['-c', conf, '-t'],
  };
}

/**
 * With crypto, corosync -t reads /etc/corosync/authkey. This makes a fresh random key in
 * `dir`, to bind-mount over /etc/corosync in the jobs' private mount namespace, so the
 * generated file is checked unchanged and the host's /etc is never touched.
 */
export function corosyncEtcBind(dir: string): [string, string] {
  const etc = join(dir, 'etc-corosync');
  mkdirSync(etc, { recursive: true });
  writeFileSync(join(etc, 'authkey'), randomBytes(256), { mode: 0o400 });
  return [etc, '/etc/corosync'];
}

/** corosync -t on each (file, node address) pair, in one namespace. */
export function corosyncCheck(
  dir: string,
  runs: readonly { readonly conf: string; readonly address: string }[],
): ToolResult[] {
  return inNamespaces(
    dir,
    runs.map((r) => corosyncJob(r.conf, r.address)),
    [corosyncEtcBind(dir)],
  );
}

export function virtXmlValidate(file: string): ToolResult {
  return runTool(requireTool('virt-xml-validate', 'libvirt-clients'), [file, 'domain']);
}

/** tgt-admin's pretend mode prints the tgtadm commands a config turns into (weak check). */
export function tgtAdminPretend(file: string): ToolResult {
  return runTool(requireTool('tgt-admin', 'tgt'), ['-c', file, '-e', '-p']);
}
