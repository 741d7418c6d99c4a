import type { PresentedHostKey } from '../deploy/hostKeys.ts';
import { HostKeyVerifier } from '../deploy/hostKeys.ts';
import { readRemoteFiles } from '../deploy/remote/readFiles.ts';
import { connectSsh } from '../deploy/transport/sshTransport.ts';
import { runScript } from '../deploy/remote/runScript.ts';
import type { Transport } from '../deploy/transport/transport.ts';
import type { InputFile } from '../importers/facts.ts';
import type { ImportResult } from '../importers/importFiles.ts';
import { importFiles } from '../importers/importFiles.ts';
import type { ImportError } from '../importers/notes.ts';
import { KNOWN_HOSTS } from './connect.ts';

/** Where each kind of configuration lives on a node (globs expanded by the node's sh). */
export const REMOTE_CONFIG_GLOBS: readonly string[] = [
  '/etc/corosync/corosync.conf',
  '/etc/drbd.conf',
  '/etc/drbd.d/*.conf',
  '/etc/drbd.d/*.res',
  '/etc/libvirt/qemu/*.xml',
  '/etc/xen/*.cfg',
  '/etc/vz/conf/[0-9]*.conf',
  '/etc/tgt/targets.conf',
  '/etc/tgt/conf.d/*.conf',
  '/etc/iet/ietd.conf',
  '/etc/ietd.conf',
  '/etc/iet/initiators.allow',
  '/etc/target/saveconfig.json',
  '/etc/iscsi/initiatorname.iscsi',
];

// Prints `uname -n`, then every regular file the globs (under $1, "" on a real node) match.
const LIST = `
root=$1; shift
uname -n
for g do
  for f in "$root"$g; do
    if [ -f "$f" ] && [ ! -L "$f" ]; then printf '%s\\n' "$f"; fi
  done
done`;

// The live CIB; a stopped cluster still has its last one on disk.
const CIB = `
root=$1
if [ -z "$root" ] && command -v cibadmin >/dev/null 2>&1 && cibadmin -Q 2>/dev/null; then exit 0; fi
f="$root/var/lib/pacemaker/cib/cib.xml"
if [ -f "$f" ]; then cat "$f"; exit 0; fi
exit 3`;

export interface RemoteNode {
  readonly transport: Transport;
  /**
   * Read under this folder instead of / (a node's files copied aside, a test). Empty on a
   * real node, where the CIB comes from `cibadmin -Q`.
   */
  readonly root?: string;
  /** The node's name; by default what `uname -n` says there. */
  readonly node?: string;
}

/**
 * Reads one node's configuration over a transport: the files of REMOTE_CONFIG_GLOBS and the
 * CIB. Paths are shown as `<transport>:/etc/…`; each file is tagged with the node's name.
 */
export async function readNodeConfig(
  remote: RemoteNode,
): Promise<{ node: string; files: InputFile[] }> {
  const t = remote.transport;
  const root = (remote.root ?? '').replace(/\/+$/, '');
  const listed = await runScript(t, 'cw-import-list', LIST, [root, ...REMOTE_CONFIG_GLOBS]);
  if (listed.code !== 0)
    throw new Error(`${t.name}: listing configuration files failed: ${listed.stderr.trim()}`);
  const [uname = t.name, ...paths] = listed.stdout.split('\n').filter((l) => l !== '');
  const node = remote.node ?? uname;
  const contents = await readRemoteFiles(t, paths);
  const shown = (p: string): string => `${t.name}:${p.slice(root.length)}`;
  const files: InputFile[] = paths.flatMap((p, i) => {
    const bytes = contents[i];
    return bytes === undefined ? [] : [{ path: shown(p), content: bytes.toString('utf8'), node }];
  });
  const cib = await runScript(t, 'cw-import-cib', CIB, [root]);
  if (cib.code === 0 && cib.stdout.trim().startsWith('<'))
    files.push({ path: `${t.name}:cibadmin -Q`, content: cib.stdout, node });
  return { node, files };
}

/**
 * Imports live nodes: each node's files and CIB, merged as importFiles merges files. A node
 * whose files cannot be read is an error naming it.
 */
export async function importFromNodes(nodes: readonly RemoteNode[]): Promise<ImportResult> {
  const files: InputFile[] = [];
  const errors: ImportError[] = [];
  for (const n of nodes) {
    try {
      files.push(...(await readNodeConfig(n)).files);
    } catch (e) {
      errors.push({ file: n.transport.name, message: (e as Error).message });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  // Every node holds the CIB; one is enough (the others would only be noted as extra).
  const [firstCib] = files.filter((f) => f.path.endsWith(':cibadmin -Q'));
  return importFiles(files.filter((f) => !f.path.endsWith(':cibadmin -Q') || f === firstCib));
}

export interface SshImportOptions {
  /** A private key file; without it the SSH agent ($SSH_AUTH_SOCK) is used. */
  readonly identity?: string;
  /** Asked when a node shows a host key nobody knows; true trusts and stores it. */
  readonly confirmHostKey?: (key: PresentedHostKey) => Promise<boolean> | boolean;
  readonly knownHostsFile?: string;
}

/** `ssh://user@host[:port]` → where to connect; undefined when it is not such a URL. */
export function parseSshUrl(url: string): { user: string; host: string; port: number } | undefined {
  const m =
    /^ssh:\/\/(?:([a-z_][a-z0-9_-]{0,31})@)?([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?\/?$/.exec(
      url,
    );
  if (!m) return undefined;
  const port = m[3] === undefined ? 22 : Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  return { user: m[1] ?? 'root', host: (m[2] ?? '').replace(/^\[|\]$/g, ''), port };
}

/** Connects to each `ssh://` node (host keys checked as deploy checks them) and imports. */
export async function importFromSsh(
  urls: readonly string[],
  options: SshImportOptions = {},
): Promise<ImportResult> {
  const hostKeys = new HostKeyVerifier({
    knownHostsFile: options.knownHostsFile ?? KNOWN_HOSTS,
    ...(options.confirmHostKey ? { confirm: options.confirmHostKey } : {}),
  });
  const transports: Transport[] = [];
  const errors: ImportError[] = [];
  try {
    for (const url of urls) {
      const target = parseSshUrl(url);
      if (!target) {
        errors.push({ file: url, message: 'not an ssh://user@host[:port] address' });
        continue;
      }
      try {
        transports.push(
          await connectSsh({
            host: target.host,
            port: target.port,
            username: target.user,
            auth: options.identity ? { privateKeyPath: options.identity } : { agent: true },
            hostKeys,
          }),
        );
      } catch (e) {
        errors.push({ file: url, message: `cannot connect: ${(e as Error).message}` });
      }
    }
    if (errors.length > 0) return { ok: false, errors };
    return await importFromNodes(transports.map((transport) => ({ transport })));
  } finally {
    await Promise.all(transports.map((t) => t.close()));
  }
}
