import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fingerprintOf, keyTypeOf } from './hostKeyFingerprint.ts';
import { openSshKeysFor } from './openSshKnownHosts.ts';
import { TransportError } from './transport/transportError.ts';

/** A host key as a node presented it. */
export interface PresentedHostKey {
  readonly host: string;
  readonly port: number;
  readonly keyType: string;
  /** `SHA256:…`, as OpenSSH prints it. */
  readonly fingerprint: string;
}

interface KnownKey {
  readonly keyType: string;
  readonly fingerprint: string;
  /** Where it is recorded, for the message a changed key gets. */
  readonly source: string;
  readonly revoked?: boolean;
}

export interface HostKeyOptions {
  /**
   * Clusterwright's own known-hosts file, one `host:port SHA256:… keytype` per line.
   * Confirmed keys are appended here; it is created (mode 0600) when first needed.
   */
  readonly knownHostsFile: string;
  /** OpenSSH known_hosts files read (never written). Default: ~/.ssh/known_hosts. */
  readonly openSshKnownHosts?: readonly string[];
  /**
   * Asked when a host presents a key nobody knows: show the user the fingerprint and
   * return true to trust (and store) it. Without it unknown keys are refused.
   */
  readonly confirm?: (key: PresentedHostKey) => Promise<boolean> | boolean;
}

/** Host key algorithms ssh2 can negotiate, by the key type a known-hosts line names. */
const ALGORITHMS_OF: Record<string, readonly string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/**
 * Decides whether to trust the host key a node presents: known and equal → trusted;
 * known but different → TransportError 'hostkey-changed' (a hard failure); unknown →
 * trusted and stored only if `confirm` approves, else 'hostkey-unknown'.
 */
export class HostKeyVerifier {
  readonly #options: HostKeyOptions;
  /** Serialises confirmations and appends so two connections never race on the file. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: HostKeyOptions) {
    this.#options = options;
  }

  /** Every key on record for host:port, from our file and OpenSSH's. */
  async knownKeys(host: string, port: number): Promise<KnownKey[]> {
    const own = (await readOwnFile(this.#options.knownHostsFile))
      .filter((e) => e.host === host && e.port === port)
      .map((e) => ({
        keyType: e.keyType,
        fingerprint: e.fingerprint,
        source: `${this.#options.knownHostsFile}:${e.line}`,
      }));
    const files = this.#options.openSshKnownHosts ?? [join(homedir(), '.ssh', 'known_hosts')];
    const theirs: KnownKey[] = [];
    for (const f of files) {
      for (const k of await openSshKeysFor(f, host, port)) {
        theirs.push({ ...k, source: `${k.file}:${k.line}` });
      }
    }
    return [...own, ...theirs];
  }

  /**
   * Host key algorithms to ask for first, so a host with several keys presents the one on
   * record (as OpenSSH does) instead of looking changed.
   */
  async preferredAlgorithms(host: string, port: number): Promise<string[]> {
    const out: string[] = [];
    for (const k of await this.knownKeys(host, port)) {
      if (k.revoked) continue;
      for (const a of ALGORITHMS_OF[k.keyType] ?? []) if (!out.includes(a)) out.push(a);
    }
    return out;
  }

  /** Resolves when the key is trusted; rejects with a TransportError otherwise. */
  async verify(host: string, port: number, keyBlob: Uint8Array, target: string): Promise<void> {
    const presented: PresentedHostKey = {
      host,
      port,
      keyType: keyTypeOf(keyBlob),
      fingerprint: fingerprintOf(keyBlob),
    };
    const known = await this.knownKeys(host, port);
    const details = { target, fingerprint: presented.fingerprint, keyType: presented.keyType };
    const revoked = known.find((k) => k.revoked && k.fingerprint === presented.fingerprint);
    if (revoked) {
      throw new TransportError(
        'hostkey-changed',
        `${host}:${port} presented a REVOKED host key (${presented.keyType} ${presented.fingerprint}, revoked in ${revoked.source}); refusing to connect`,
        { ...details, knownFingerprints: [] },
      );
    }
    const trusted = known.filter((k) => !k.revoked);
    if (trusted.some((k) => k.fingerprint === presented.fingerprint)) return;
    if (trusted.length > 0) {
      const list = trusted.map((k) => `${k.keyType} ${k.fingerprint} (${k.source})`).join(', ');
      throw new TransportError(
        'hostkey-changed',
        `the host key of ${host}:${port} has CHANGED: it presented ${presented.keyType} ${presented.fingerprint}, but the key on record is ${list}. Someone may be intercepting the connection, or the node was reinstalled; if you are sure it was reinstalled, remove the old line and connect again.`,
        { ...details, knownFingerprints: trusted.map((k) => k.fingerprint) },
      );
    }
    await this.#confirmUnknown(presented, target);
  }

  #confirmUnknown(presented: PresentedHostKey, target: string): Promise<void> {
    const run = async () => {
      // Another connection may have stored it while we waited in the queue.
      const known = await this.knownKeys(presented.host, presented.port);
      if (known.some((k) => !k.revoked && k.fingerprint === presented.fingerprint)) return;
      const confirm = this.#options.confirm;
      if (!confirm || !(await confirm(presented))) {
        throw new TransportError(
          'hostkey-unknown',
          `the host key of ${presented.host}:${presented.port} is not known: ${presented.keyType} ${presented.fingerprint}. Check this fingerprint on the node (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) and confirm it to trust the node.`,
          { target, fingerprint: presented.fingerprint, keyType: presented.keyType },
        );
      }
      await storeHostKey(this.#options.knownHostsFile, presented);
    };
    const p = this.#queue.then(run);
    this.#queue = p.catch(() => undefined);
    return p;
  }
}

interface OwnEntry {
  readonly host: string;
  readonly port: number;
  readonly fingerprint: string;
  readonly keyType: string;
  readonly line: number;
}

async function readOwnFile(file: string): Promise<OwnEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: OwnEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [hostPort, fingerprint, keyType] = line.split(/\s+/);
    const colon = hostPort?.lastIndexOf(':') ?? -1;
    if (!hostPort || !fingerprint || !keyType || colon < 1) {
      throw new Error(
        `${file}:${i + 1}: cannot read this known-hosts line; expected "host:port SHA256:… keytype". Fix or delete the line.`,
      );
    }
    const host = hostPort.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
    out.push({ host, port: Number(hostPort.slice(colon + 1)), fingerprint, keyType, line: i + 1 });
  });
  return out;
}

/** Appends a confirmed key to Clusterwright's known-hosts file. */
export async function storeHostKey(file: string, key: PresentedHostKey): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const host = key.host.includes(':') ? `[${key.host}]` : key.host;
  await appendFile(file, `${host}:${key.port} ${key.fingerprint} ${key.keyType}\n`, {
    mode: 0o600,
  });
}
