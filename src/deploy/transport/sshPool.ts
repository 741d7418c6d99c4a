import type { Duplex } from 'node:stream';
import type { RemoteFiles } from './remoteFiles.ts';
import type { SshConnectOptions, SshTransport } from './sshTransport.ts';
import { connectSsh } from './sshTransport.ts';
import type { ExecOptions, ExecResult } from './transport.ts';
import { TransportError } from './transportError.ts';

/**
 * Open SSH connections kept between uses, as OpenSSH's ControlPersist keeps its masters:
 * the app deploys, watches and deploys again over the same connection (and SFTP session)
 * to each node instead of paying the handshake each time. A connection left unused for
 * `idleMs` is closed; one that dies is forgotten. The CLI, one deploy per process, has no
 * use for it.
 */
export interface SshPoolOptions {
  /** How long an unused connection stays open (default 60 s). */
  readonly idleMs?: number;
  /** Opens a connection (tests count them); default connectSsh. */
  readonly connect?: (options: SshConnectOptions) => Promise<SshTransport>;
}

interface Entry {
  readonly transport: Promise<SshTransport>;
  leases: number;
  idle?: NodeJS.Timeout;
}

/** Same target, same user, same way of proving who we are: the same connection. */
function keyOf(o: SshConnectOptions): string {
  const a = o.auth;
  const auth = [
    a.privateKeyPath ?? '',
    a.agent === true ? '$SSH_AUTH_SOCK' : a.agent || '',
    a.password ? 'password' : '',
  ].join('|');
  const jump = o.jump ? `via ${keyOf(o.jump)}` : '';
  return `${o.username}@${o.host}:${o.port ?? 22} ${auth} ${jump}`;
}

export class SshPool {
  readonly #entries = new Map<string, Entry>();
  readonly #idleMs: number;
  readonly #connect: (options: SshConnectOptions) => Promise<SshTransport>;

  constructor(options: SshPoolOptions = {}) {
    this.#idleMs = options.idleMs ?? 60_000;
    this.#connect = options.connect ?? connectSsh;
  }

  /**
   * A connection for these options: an open one when there is one, else a new one (its
   * host key checked as usual). Closing what this returns hands it back to the pool.
   */
  async acquire(options: SshConnectOptions): Promise<SshTransport> {
    const key = keyOf(options);
    let entry = this.#entries.get(key);
    if (!entry) {
      const transport = this.#connect(options);
      const made: Entry = { transport, leases: 0 };
      entry = made;
      this.#entries.set(key, made);
      transport.then(
        (t) =>
          void t.whenClosed().then(() => {
            if (this.#entries.get(key) === made) this.#entries.delete(key);
            if (made.idle) clearTimeout(made.idle);
          }),
        () => {
          if (this.#entries.get(key) === made) this.#entries.delete(key);
        },
      );
    }
    const e = entry;
    e.leases++;
    if (e.idle) clearTimeout(e.idle);
    delete e.idle;
    let t: SshTransport;
    try {
      t = await e.transport;
    } catch (err) {
      e.leases--;
      throw err;
    }
    return new Lease(t, () => this.#release(key, e));
  }

  #release(key: string, e: Entry): void {
    e.leases--;
    if (e.leases > 0 || this.#entries.get(key) !== e) return;
    e.idle = setTimeout(() => {
      if (this.#entries.get(key) === e && e.leases === 0) {
        this.#entries.delete(key);
        void e.transport.then((t) => t.close());
      }
    }, this.#idleMs);
    e.idle.unref();
  }

  /** How many connections are open or opening. */
  get size(): number {
    return this.#entries.size;
  }

  /** Closes every connection (leases still out fail from then on). */
  async closeAll(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    for (const e of entries) if (e.idle) clearTimeout(e.idle);
    await Promise.all(
      entries.map((e) => e.transport.then((t) => t.close()).catch(() => undefined)),
    );
  }
}

/** A borrowed connection: everything goes to the pooled one; close hands it back once. */
class Lease implements SshTransport {
  readonly name: string;
  readonly #t: SshTransport;
  #release: (() => void) | undefined;

  constructor(t: SshTransport, release: () => void) {
    this.#t = t;
    this.name = t.name;
    this.#release = release;
  }

  #closed(): TransportError {
    return new TransportError('closed', `the connection to ${this.name} was handed back`, {
      target: this.name,
    });
  }

  exec(command: string, opts?: ExecOptions): Promise<ExecResult> {
    if (!this.#release) return Promise.reject(this.#closed());
    return this.#t.exec(command, opts);
  }

  files(): Promise<RemoteFiles | undefined> {
    if (!this.#release) return Promise.reject(this.#closed());
    return this.#t.files();
  }

  whenClosed(): Promise<TransportError | undefined> {
    return this.#t.whenClosed();
  }

  forwardOut(host: string, port: number): Promise<Duplex> {
    return this.#t.forwardOut(host, port);
  }

  async close(): Promise<void> {
    const r = this.#release;
    this.#release = undefined;
    r?.();
  }
}
