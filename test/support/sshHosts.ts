import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { requireRoot, requireTool } from './tools.ts';

/**
 * SSH test hosts: each one a network namespace joined by a veth pair to a bridge in the
 * host namespace, running a real `/usr/sbin/sshd -D` with its own host key. The hosts of
 * one set share a /24 inside 10.213.0.0/16 that only exists in our namespaces; the bridge
 * (10.213.<n>.1) is the host namespace's way in. Namespaces share the file system with
 * this machine, so what a test writes "remotely" it can read back locally.
 */
export interface SshTestHost {
  /** The network namespace name. */
  readonly netns: string;
  readonly address: string;
  readonly port: number;
  readonly username: string;
  /** The client key the hosts accept (shared by the set). */
  readonly privateKeyPath: string;
  /** The host key's fingerprint as OpenSSH prints it (`SHA256:…`); changes after regenerateHostKey. */
  hostKeyFingerprint(): string;
  hostKeyType(): string;
  /** The host's public key line (`ssh-ed25519 AAAA… comment`), e.g. for a known_hosts file. */
  hostPublicKey(): string;
  /** Pid of the listening sshd, if running. */
  sshdPid(): number | undefined;
  /** Kills every process in the namespace (listener and sessions) by pid. */
  killAll(signal?: NodeJS.Signals): Promise<void>;
  /** Kills only the sshd processes (listener and per-connection), leaving their commands. */
  killSshd(signal?: NodeJS.Signals): Promise<void>;
  /** Starts sshd again (after killAll/killSshd) and waits until it accepts connections. */
  startSshd(): Promise<void>;
  /** Makes a new host key and restarts sshd with it. */
  regenerateHostKey(): Promise<void>;
  /** Takes the host's link down or up: packets to it vanish, as with a pulled cable. */
  setLink(up: boolean): void;
  /** Pids of every process in the namespace. */
  pids(): number[];
  /**
   * Where this machine sees the host's file at `path` (through the running sshd's mount
   * namespace, so a private folder shows the host's own copy).
   */
  fileOnHost(path: string): string;
}

export interface SshTestHosts {
  readonly hosts: readonly SshTestHost[];
  /** Host number i (from 0); throws if the set has fewer. */
  host(i: number): SshTestHost;
  /** The client private key (ed25519, no passphrase) and its public line. */
  readonly privateKeyPath: string;
  readonly publicKey: string;
  /** root's password on the hosts (only inside their mount namespaces, see startSshd). */
  readonly password: string;
  readonly dir: string;
  cleanup(): Promise<void>;
}

const SUBNET_PREFIX = '10.213';
const SSHD = '/usr/sbin/sshd';
/** Debian's SFTP server (openssh-sftp-server, a dependency of openssh-server). */
const SFTP_SERVER = '/usr/lib/openssh/sftp-server';

export interface SshHostOptions {
  /**
   * Serve the SFTP subsystem as a stock Debian sshd does (default true); false makes a
   * host like a hardened one without it, where deploy falls back to shell commands.
   */
  readonly sftp?: boolean;
  /**
   * Folders each host gets a private copy of (an overlay on this machine's, e.g. `/etc`):
   * what a deploy writes there stays on that host, so hosts can take a bundle's real paths.
   * Read a host's view with `fileOnHost`.
   */
  readonly privateDirs?: readonly string[];
}

function run(cmd: string, args: readonly string[], input?: string): string {
  return execFileSync(cmd, args, {
    encoding: 'utf8',
    ...(input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] } : { input }),
  });
}

function tryRun(cmd: string, args: readonly string[]): boolean {
  try {
    run(cmd, args);
    return true;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function netnsPids(netns: string): number[] {
  try {
    return run('ip', ['netns', 'pids', netns])
      .split('\n')
      .filter((l) => /^\d+$/.test(l.trim()))
      .map(Number);
  } catch {
    return [];
  }
}

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Polls `check` every 20 ms until it returns true or the deadline passes. */
async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: address, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.setTimeout(500, () => done(false));
  });
}

async function killPids(pids: readonly number[], signal: NodeJS.Signals): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
  await waitFor(`pids ${pids.join(' ')} to exit`, () => pids.every((p) => !alive(p)), 5_000).catch(
    () => {
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    },
  );
}

/**
 * Namespaces left by a test process that died before its cleanup ran: their name carries
 * the owner's pid, so a later run removes them (and only them).
 */
function sweepStale(): void {
  let names: string[];
  try {
    names = run('ip', ['netns', 'list'])
      .split('\n')
      .map((l) => l.split(' ')[0] ?? '');
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^cwssh-(\d+)-(\d+)-\d+$/.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    for (const pid of netnsPids(name)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    tryRun('ip', ['netns', 'del', name]);
    tryRun('ip', ['link', 'del', `cwsb${m[2]}`]);
  }
}

/** Claims a free /24: creating the bridge fails if another run holds that number. */
function claimSubnet(): number {
  for (let attempt = 0; attempt < 200; attempt++) {
    const n = 1 + Math.floor(Math.random() * 250);
    const used = run('ip', ['-4', '-o', 'addr', 'show', 'to', `${SUBNET_PREFIX}.${n}.0/24`]);
    if (used.trim() !== '') continue;
    if (tryRun('ip', ['link', 'add', `cwsb${n}`, 'type', 'bridge'])) return n;
  }
  throw new Error(`no free ${SUBNET_PREFIX}.<n>.0/24 subnet for SSH test hosts`);
}

function fingerprintOf(pubFile: string): { fingerprint: string; type: string } {
  // "256 SHA256:abc… comment (ED25519)"
  const out = run('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile]).trim();
  const parts = out.split(' ');
  const type = (parts[parts.length - 1] ?? '').replace(/[()]/g, '');
  return { fingerprint: parts[1] ?? '', type: type === 'ED25519' ? 'ssh-ed25519' : type };
}

/** Starts `count` SSH test hosts. Requires root (namespaces, sshd). */
export async function startSshHosts(
  count: number,
  options: SshHostOptions = {},
): Promise<SshTestHosts> {
  const sftp = options.sftp ?? true;
  const privateDirs = options.privateDirs ?? [];
  for (const d of privateDirs) {
    if (!/^\/[A-Za-z0-9_./-]+$/.test(d) || d.includes('..'))
      throw new Error(`private folder "${d}": give a plain absolute path`);
  }
  requireRoot('SSH test hosts live in network namespaces with their own sshd');
  requireTool(SSHD, 'openssh-server');
  requireTool('ssh-keygen', 'openssh-client');
  requireTool('ip', 'iproute2');
  requireTool('unshare', 'util-linux');
  requireTool('openssl', 'openssl');
  if (sftp) requireTool(SFTP_SERVER, 'openssh-sftp-server');
  sweepStale();
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  const dir = mkdtempSync(join(tmpdir(), 'cw-sshhosts-'));
  const privateKeyPath = join(dir, 'id_ed25519');
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cw-test', '-f', privateKeyPath]);
  const publicKey = readFileSync(`${privateKeyPath}.pub`, 'utf8').trim();
  const authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(join(dir, 'empty-bashrc'), '');
  // A shadow file whose root has a known password, bind-mounted for the hosts' sshd only.
  const password = `pw-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const hash = run('openssl', ['passwd', '-6', '-stdin'], password).trim();
  const shadow = readFileSync('/etc/shadow', 'utf8')
    .split('\n')
    .map((l) => (l.startsWith('root:') ? l.replace(/^root:[^:]*:/, `root:${hash}:`) : l))
    .join('\n');
  writeFileSync(join(dir, 'shadow'), shadow, { mode: 0o640 });
  execFileSync('install', ['-m', '0600', `${privateKeyPath}.pub`, authorizedKeys]);

  const n = claimSubnet();
  const bridge = `cwsb${n}`;
  const hosts: (SshTestHost & { destroy(): Promise<void> })[] = [];
  try {
    run('ip', ['addr', 'add', `${SUBNET_PREFIX}.${n}.1/24`, 'dev', bridge]);
    run('ip', ['link', 'set', bridge, 'up']);
    for (let i = 0; i < count; i++)
      hosts.push(await startHost(dir, n, i, authorizedKeys, sftp, privateDirs));
  } catch (e) {
    for (const h of hosts) await h.destroy();
    tryRun('ip', ['link', 'del', bridge]);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    hosts,
    host(i: number) {
      const h = hosts[i];
      if (!h) throw new Error(`there are only ${hosts.length} SSH test hosts, no host ${i}`);
      return h;
    },
    privateKeyPath,
    publicKey,
    password,
    dir,
    async cleanup() {
      for (const h of hosts) await h.destroy();
      tryRun('ip', ['link', 'del', bridge]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startHost(
  setDir: string,
  n: number,
  i: number,
  authorizedKeys: string,
  sftp: boolean,
  privateDirs: readonly string[],
): Promise<SshTestHost & { destroy(): Promise<void> }> {
  const netns = `cwssh-${process.pid}-${n}-${i}`;
  const hostVeth = `cws${n}h${i}`;
  const nsVeth = `cws${n}n${i}`;
  const address = `${SUBNET_PREFIX}.${n}.${10 + i}`;
  const port = 22;
  const dir = join(setDir, `host${i}`);
  mkdirSync(dir);
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  let child: ReturnType<typeof spawn> | undefined;
  let key = { fingerprint: '', type: '' };

  const makeHostKey = () => {
    rmSync(hostKey, { force: true });
    rmSync(`${hostKey}.pub`, { force: true });
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', netns, '-f', hostKey]);
    key = fingerprintOf(`${hostKey}.pub`);
  };

  run('ip', ['netns', 'add', netns]);
  run('ip', ['link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', nsVeth]);
  run('ip', ['link', 'set', nsVeth, 'netns', netns]);
  run('ip', ['link', 'set', hostVeth, 'master', `cwsb${n}`]);
  run('ip', ['link', 'set', hostVeth, 'up']);
  const inNs = (...args: string[]) => run('ip', ['netns', 'exec', netns, ...args]);
  inNs('ip', 'link', 'set', 'lo', 'up');
  inNs('ip', 'link', 'set', nsVeth, 'name', 'eth0');
  inNs('ip', 'addr', 'add', `${address}/24`, 'dev', 'eth0');
  inNs('ip', 'link', 'set', 'eth0', 'up');
  makeHostKey();
  // Upper and work folders of each private overlay; they outlive sshd restarts.
  const overlays = privateDirs.map((d, k) => {
    const upper = join(dir, `private${k}`, 'upper');
    const work = join(dir, `private${k}`, 'work');
    mkdirSync(upper, { recursive: true });
    mkdirSync(work, { recursive: true });
    return `mount -t overlay overlay -o lowerdir=${d},upperdir=${upper},workdir=${work} ${d} || exit 95; `;
  });

  const startSshd = async () => {
    const log = openSync(join(dir, 'sshd.log'), 'a');
    // Each host also gets its own mount namespace, where an empty file hides this
    // machine's /root/.bashrc: bash reads it for every command sshd runs, and a developer
    // machine's one (pyenv init…) costs more than a second per command. A test host
    // should behave like a clean node. A copy of /etc/shadow there gives root a test
    // password; the machine's own root account is untouched.
    const c = spawn(
      'ip',
      [
        'netns',
        'exec',
        netns,
        'unshare',
        '--mount',
        '--propagation',
        'private',
        '--',
        'sh',
        '-c',
        overlays.join('') +
          'mount --bind "$0/shadow" /etc/shadow || exit 96; ' +
          'if [ -e /root/.bashrc ]; then mount --bind "$0/empty-bashrc" /root/.bashrc || exit 97; fi; ' +
          'exec "$@"',
        setDir,
        SSHD,
        '-D',
        '-e',
        '-f',
        '/dev/null',
        '-o',
        `HostKey=${hostKey}`,
        '-o',
        `PidFile=${join(dir, 'sshd.pid')}`,
        '-o',
        `AuthorizedKeysFile=${authorizedKeys}`,
        '-o',
        'StrictModes=no',
        '-o',
        `ListenAddress=${address}:${port}`,
        '-o',
        'PermitRootLogin=yes',
        '-o',
        'UsePAM=no',
        '-o',
        'PasswordAuthentication=yes',
        '-o',
        'KbdInteractiveAuthentication=no',
        '-o',
        'PrintMotd=no',
        '-o',
        'MaxStartups=200',
        '-o',
        'MaxSessions=100',
        ...(sftp ? ['-o', `Subsystem=sftp ${SFTP_SERVER}`] : []),
      ],
      { stdio: ['ignore', 'ignore', log] },
    );
    closeSync(log);
    child = c;
    let exited = false;
    c.once('exit', () => {
      exited = true;
    });
    await waitFor(`sshd on ${address}:${port} (netns ${netns})`, async () => {
      if (exited) {
        const text = readFileSync(join(dir, 'sshd.log'), 'utf8');
        throw new Error(`sshd in ${netns} exited at start:\n${text}`);
      }
      return accepts(address, port);
    });
  };

  const killAll = async (signal: NodeJS.Signals = 'SIGKILL') => {
    await killPids(netnsPids(netns), signal);
    child = undefined;
  };

  await startSshd();
  return {
    netns,
    address,
    port,
    username: 'root',
    privateKeyPath: join(setDir, 'id_ed25519'),
    hostKeyFingerprint: () => key.fingerprint,
    hostKeyType: () => key.type,
    hostPublicKey: () => readFileSync(`${hostKey}.pub`, 'utf8').trim(),
    sshdPid: () => (child?.exitCode === null ? child.pid : undefined),
    pids: () => netnsPids(netns),
    fileOnHost(path: string) {
      const pid = child?.exitCode === null ? child.pid : undefined;
      if (pid === undefined)
        throw new Error(`sshd of ${netns} is not running: no view of its files`);
      return `/proc/${pid}/root${path}`;
    },
    killAll,
    async killSshd(signal: NodeJS.Signals = 'SIGKILL') {
      await killPids(
        netnsPids(netns).filter((p) => commOf(p) === 'sshd' || commOf(p).startsWith('sshd')),
        signal,
      );
      child = undefined;
    },
    startSshd,
    async regenerateHostKey() {
      await killAll();
      makeHostKey();
      await startSshd();
    },
    setLink(up: boolean) {
      inNs('ip', 'link', 'set', 'eth0', up ? 'up' : 'down');
    },
    async destroy() {
      await killAll();
      tryRun('ip', ['netns', 'del', netns]);
      tryRun('ip', ['link', 'del', hostVeth]);
    },
  };
}

/**
 * Vitest helper: starts the hosts once for the file and removes them after it.
 * Returns a getter because the hosts exist only once beforeAll has run.
 */
export function useSshHosts(count: number, options: SshHostOptions = {}): () => SshTestHosts {
  let set: SshTestHosts | undefined;
  beforeAll(async () => {
    set = await startSshHosts(count, options);
  });
  afterAll(async () => {
    await set?.cleanup();
  });
  return () => {
    if (!set) throw new Error('SSH test hosts are not started (used outside a test?)');
    return set;
  };
}
