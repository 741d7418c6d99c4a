import { readFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Readable } from 'node:stream';
import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import type { HostKeyVerifier } from '../hostKeys.ts';
import { checkHostName } from '../quote.ts';
import type { RemoteFiles } from './remoteFiles.ts';
import { REQUIRED_SFTP_EXTENSIONS, SftpFiles } from './sftpFiles.ts';
import type { ExecOptions, ExecResult, Transport } from './transport.ts';
import { TransportError } from './transportError.ts';

const { Client, utils } = ssh2;
type SshClient = InstanceType<typeof Client>;

/** How to prove who we are. Secrets come from callbacks so they are never stored. */
export interface SshAuth {
  /** A private key file (OpenSSH, PEM or PPK). */
  readonly privateKeyPath?: string;
  /** Asked only when the key file is encrypted; never stored. */
  readonly passphrase?: (keyPath: string) => Promise<string | undefined> | string | undefined;
  /** Password authentication; asked once before connecting, never stored. */
  readonly password?: () => Promise<string | undefined> | string | undefined;
  /** An SSH agent: its socket path, or true for $SSH_AUTH_SOCK. */
  readonly agent?: string | boolean;
}

export interface SshConnectOptions {
  readonly host: string;
  readonly port?: number;
  readonly username: string;
  readonly auth: SshAuth;
  readonly hostKeys: HostKeyVerifier;
  /** Reach this host through another one (its sshd opens the TCP connection for us). */
  readonly jump?: SshConnectOptions;
  /** Give up on a connection that has not authenticated after this long (default 8 s). */
  readonly readyTimeoutMs?: number;
  /** A keepalive every this often (default 2 s) … */
  readonly keepaliveIntervalMs?: number;
  /** … and the connection declared dead after this many unanswered (default 3). */
  readonly keepaliveCountMax?: number;
}

/** An authenticated SSH connection to one node. */
export interface SshTransport extends Transport {
  /** Resolves when the connection has ended, with why when it was not closed by us. */
  whenClosed(): Promise<TransportError | undefined>;
  /** Opens a TCP stream from the node to host:port (used for jump hosts). */
  forwardOut(host: string, port: number): Promise<Duplex>;
}

/** Connects, checks the host key, authenticates. Rejects with a TransportError. */
export async function connectSsh(options: SshConnectOptions): Promise<SshTransport> {
  const host = checkHostName(options.host);
  const port = options.port ?? 22;
  if (options.username === '' || options.username.startsWith('-')) {
    throw new Error(`refusing SSH user "${options.username}" for ${host}: give a Unix user name`);
  }
  const target = `${options.username}@${host}:${port}`;
  const auth = await credentials(options.auth, target);

  let jump: SshTransport | undefined;
  // Our own socket (or the jump host's channel), so our ready timer can cut it.
  let sock: Duplex;
  if (options.jump) {
    jump = await connectSsh(options.jump);
    try {
      sock = await jump.forwardOut(host, port);
    } catch (e) {
      await jump.close();
      throw e;
    }
  } else {
    sock = new Socket();
  }

  const preferred = (await options.hostKeys.preferredAlgorithms(
    host,
    port,
  )) as ServerHostKeyAlgorithm[];
  const readyMs = options.readyTimeoutMs ?? 8_000;
  let timedOut = false;
  const readyTimer = pausableTimer(readyMs, () => {
    timedOut = true;
    sock.destroy();
  });
  let hostKeyError: TransportError | undefined;
  const config: ConnectConfig = {
    host,
    port,
    username: options.username,
    // ssh2's own timer would also run while a user reads a fingerprint; ours pauses then.
    readyTimeout: 0,
    keepaliveInterval: options.keepaliveIntervalMs ?? 2_000,
    keepaliveCountMax: options.keepaliveCountMax ?? 3,
    ...auth,
    sock,
    ...(preferred.length > 0
      ? { algorithms: { serverHostKey: { prepend: preferred, append: [], remove: [] } } }
      : {}),
    hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
      readyTimer.pause();
      options.hostKeys.verify(host, port, key, target).then(
        () => {
          readyTimer.restart();
          verify(true);
        },
        (e: unknown) => {
          hostKeyError =
            e instanceof TransportError
              ? e
              : new TransportError(
                  'hostkey-unknown',
                  `cannot check the host key of ${target}: ${String(e)}`,
                  { target, cause: e },
                );
          verify(false);
        },
      );
    },
  };

  const client = new Client();
  const timeoutError = () =>
    new TransportError('timeout', `${target} did not complete the SSH login within ${readyMs} ms`, {
      target,
    });
  try {
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => {
        cleanup();
        client.end();
        sock.destroy();
        reject(hostKeyError ?? (timedOut ? timeoutError() : mapSshError(e, target)));
      };
      const onClose = () => {
        cleanup();
        reject(
          hostKeyError ??
            (timedOut
              ? timeoutError()
              : new TransportError('closed', `${target} closed the connection before login`, {
                  target,
                })),
        );
      };
      const onReady = () => {
        cleanup();
        resolve();
      };
      const cleanup = () => {
        client.off('error', onError).off('close', onClose).off('ready', onReady);
      };
      client.on('error', onError).on('close', onClose).on('ready', onReady);
      readyTimer.restart();
      // connect() resets `write` to Socket's own, so the coalescing goes on after it.
      if (sock instanceof Socket) coalescedWrites(sock.setNoDelay(true).connect({ host, port }));
      client.connect(config);
    });
  } catch (e) {
    await jump?.close();
    throw e;
  } finally {
    readyTimer.pause();
  }
  return new SshConnection(client, target, jump);
}

/**
 * ssh2 writes each packet to the socket on its own: a batch of pipelined SFTP requests
 * became one system call and one TCP segment per request (with TCP_NODELAY on). Writes
 * made in the same tick are corked and leave together when it ends: the same bytes, as
 * soon as before, in a fraction of the calls.
 */
function coalescedWrites(sock: Socket): Socket {
  const write = sock.write.bind(sock) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = () => {
    corked = false;
    sock.uncork();
  };
  sock.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      sock.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  }) as Socket['write'];
  return sock;
}

/** A timeout that can be paused (while a host key is being confirmed) and restarted. */
function pausableTimer(ms: number, onFire: () => void): { pause(): void; restart(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    pause() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    restart() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(onFire, ms);
    },
  };
}

async function credentials(auth: SshAuth, target: string): Promise<Partial<ConnectConfig>> {
  const out: Partial<ConnectConfig> = {};
  if (auth.privateKeyPath !== undefined) {
    const keyPath = auth.privateKeyPath;
    let key: Buffer;
    try {
      key = await readFile(keyPath);
    } catch (e) {
      throw new TransportError(
        'auth',
        `cannot read the SSH key ${keyPath} for ${target}: ${(e as Error).message}`,
        {
          target,
          cause: e,
        },
      );
    }
    let parsed = utils.parseKey(key);
    if (parsed instanceof Error && /passphrase/i.test(parsed.message)) {
      const passphrase = await auth.passphrase?.(keyPath);
      if (passphrase === undefined) {
        throw new TransportError(
          'auth',
          `the SSH key ${keyPath} is encrypted and no passphrase was given`,
          {
            target,
          },
        );
      }
      parsed = utils.parseKey(key, passphrase);
      if (parsed instanceof Error) {
        throw new TransportError('auth', `wrong passphrase for the SSH key ${keyPath}`, { target });
      }
      out.passphrase = passphrase;
    } else if (parsed instanceof Error) {
      throw new TransportError('auth', `${keyPath} is not an SSH private key: ${parsed.message}`, {
        target,
      });
    }
    out.privateKey = key;
  }
  if (auth.agent !== undefined && auth.agent !== false) {
    const agent = auth.agent === true ? process.env.SSH_AUTH_SOCK : auth.agent;
    if (!agent) {
      throw new TransportError('auth', `no SSH agent for ${target}: SSH_AUTH_SOCK is not set`, {
        target,
      });
    }
    out.agent = agent;
  }
  if (auth.password) {
    const password = await auth.password();
    if (password !== undefined) out.password = password;
  }
  if (out.privateKey === undefined && out.agent === undefined && out.password === undefined) {
    throw new TransportError(
      'auth',
      `no credentials for ${target}: give a key file, an agent or a password`,
      {
        target,
      },
    );
  }
  return out;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTDOWN',
]);

/** ssh2 errors carry a `level`; socket errors a `code`. Both become a TransportError. */
export function mapSshError(e: Error, target: string): TransportError {
  const { level, code } = e as Error & { level?: string; code?: string };
  const details = { target, cause: e };
  if (level === 'client-authentication' || level === 'agent') {
    return new TransportError(
      'auth',
      `${target} refused every credential offered (${e.message}): check the key is in the user's authorized_keys`,
      details,
    );
  }
  if (level === 'client-timeout') {
    return new TransportError(
      'timeout',
      `${target} did not answer in time (${e.message})`,
      details,
    );
  }
  if (level === 'client-dns' || (code !== undefined && UNREACHABLE.has(code))) {
    return new TransportError(
      'unreachable',
      `cannot reach ${target} (${code ?? e.message}): is the node up and its sshd running?`,
      details,
    );
  }
  return new TransportError('closed', `the connection to ${target} failed: ${e.message}`, details);
}

class SshConnection implements SshTransport {
  readonly name: string;
  readonly #client: SshClient;
  readonly #jump: SshTransport | undefined;
  #failure: TransportError | undefined;
  #ended = false;
  #closedByUs = false;
  readonly #closed: Promise<TransportError | undefined>;
  readonly #pending = new Set<(e: TransportError) => void>();
  #files: Promise<RemoteFiles | undefined> | undefined;

  constructor(client: SshClient, target: string, jump: SshTransport | undefined) {
    this.name = target;
    this.#client = client;
    this.#jump = jump;
    client.on('error', (e: Error) => {
      this.#failure ??= mapSshError(e, target);
    });
    this.#closed = new Promise((resolve) => {
      client.on('close', () => {
        this.#ended = true;
        const reason = this.#closedByUs ? undefined : this.#lostError();
        for (const reject of this.#pending) reject(this.#lostError());
        this.#pending.clear();
        void this.#jump?.close();
        resolve(reason);
      });
    });
  }

  #lostError(): TransportError {
    return (
      this.#failure ??
      new TransportError(
        'closed',
        this.#closedByUs
          ? `the connection to ${this.name} is closed`
          : `the connection to ${this.name} was lost`,
        {
          target: this.name,
        },
      )
    );
  }

  whenClosed(): Promise<TransportError | undefined> {
    return this.#closed;
  }

  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    if (this.#ended) return Promise.reject(this.#lostError());
    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let channel: ClientChannel | undefined;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        this.#pending.delete(fail);
        fn();
      };
      const fail = (e: TransportError) => {
        settle(() => reject(e));
        if (opts.stdin instanceof Readable) opts.stdin.destroy();
      };
      this.#pending.add(fail);
      if (opts.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          channel?.signal('KILL');
          channel?.close();
          fail(
            new TransportError(
              'timeout',
              `command on ${this.name} ran longer than ${opts.timeoutMs} ms`,
              { target: this.name },
            ),
          );
        }, opts.timeoutMs);
      }
      this.#client.exec(command, (err, stream) => {
        if (err) {
          fail(
            this.#ended
              ? this.#lostError()
              : new TransportError(
                  'closed',
                  `${this.name} refused to run a command: ${err.message}`,
                  { target: this.name, cause: err },
                ),
          );
          return;
        }
        channel = stream;
        if (settled) {
          stream.close();
          return;
        }
        // ssh2 calls back once the server accepted the exec request: the command runs.
        opts.onStarted?.();
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let code: number | undefined;
        let signal: string | undefined;
        const onStdout = opts.onStdout;
        stream.on('data', onStdout ?? ((d: Buffer) => out.push(d)));
        stream.stderr.on('data', (d: Buffer) => errOut.push(d));
        stream.on('exit', (c: number | null, s?: string) => {
          if (typeof c === 'number') code = c;
          if (s) signal = s;
        });
        stream.on('error', () => {
          /* the connection's own error or close decides the outcome */
        });
        stream.on('close', () => {
          if (code === undefined && signal === undefined) {
            // No exit status: the connection went away under the command. Let the
            // client's error/close (which say why) arrive first.
            setImmediate(() => fail(this.#lostError()));
            return;
          }
          const result: ExecResult = {
            code: code ?? 128 + signalNumber(signal),
            ...(signal ? { signal } : {}),
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(errOut).toString('utf8'),
          };
          settle(() => resolve(result));
        });
        const stdin = opts.stdin;
        if (stdin instanceof Readable) {
          stdin.on('error', (e) => {
            stream.close();
            fail(
              new TransportError(
                'closed',
                `the input for a command on ${this.name} failed: ${e.message}`,
                { target: this.name, cause: e },
              ),
            );
          });
          stdin.pipe(stream);
        } else if (stdin !== undefined) {
          stream.end(stdin);
        } else {
          stream.end();
        }
      });
    });
  }

  files(): Promise<RemoteFiles | undefined> {
    if (this.#ended) return Promise.reject(this.#lostError());
    this.#files ??= new Promise((resolve, reject) => {
      this.#client.sftp((err, sftp) => {
        if (err) {
          // A server without the subsystem refuses it; a dead connection is an error.
          if (this.#ended) reject(this.#lostError());
          else resolve(undefined);
          return;
        }
        // ssh2 keeps the extensions the server announced in a field it does not type.
        const announced = (sftp as unknown as { _extensions?: Record<string, unknown> })
          ._extensions;
        if (!announced || !REQUIRED_SFTP_EXTENSIONS.every((x) => x in announced)) {
          sftp.end();
          resolve(undefined);
          return;
        }
        sftp.on('error', () => {
          /* each request reports its own failure */
        });
        sftp.on('close', () => {
          this.#files = undefined;
        });
        resolve(
          new SftpFiles(sftp, this.name, () =>
            this.#ended
              ? this.#lostError()
              : new TransportError('closed', `the SFTP session to ${this.name} ended`, {
                  target: this.name,
                }),
          ),
        );
      });
    });
    return this.#files;
  }

  forwardOut(host: string, port: number): Promise<Duplex> {
    checkHostName(host);
    return new Promise((resolve, reject) => {
      this.#client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => {
        if (err) {
          reject(
            new TransportError(
              'unreachable',
              `the jump host ${this.name} could not reach ${host}:${port}: ${err.message}`,
              { target: `${host}:${port}`, cause: err },
            ),
          );
        } else {
          resolve(stream);
        }
      });
    });
  }

  async close(): Promise<void> {
    if (!this.#ended) {
      this.#closedByUs = true;
      this.#client.end();
    }
    await this.#closed;
    await this.#jump?.close();
  }
}

const SIGNALS: Record<string, number> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  KILL: 9,
  SEGV: 11,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
};

function signalNumber(signal: string | undefined): number {
  return (signal && SIGNALS[signal]) || 0;
}
