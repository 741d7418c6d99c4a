import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { constants } from 'node:os';
import { LocalFiles } from './localFiles.ts';
import type { RemoteFiles } from './remoteFiles.ts';
import type { ExecOptions, ExecResult, Transport } from './transport.ts';
import { TransportError } from './transportError.ts';

/**
 * Runs commands on this machine through /bin/sh, with the same contract as the SSH
 * transport, so simulate and check run the very same remote operations locally.
 */
export class LocalTransport implements Transport {
  readonly name = 'local';
  #closed = false;
  #files: LocalFiles | undefined;
  /** Commands still running: closing hangs up on them, as closing an SSH connection does. */
  readonly #running = new Set<ChildProcess>();

  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    if (this.#closed) {
      return Promise.reject(
        new TransportError('closed', 'the local transport is closed', { target: this.name }),
      );
    }
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'] });
      this.#running.add(child);
      child.once('exit', () => this.#running.delete(child));
      const out: Buffer[] = [];
      const errOut: Buffer[] = [];
      let timedOut = false;
      const timer =
        opts.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              child.kill('SIGKILL');
            }, opts.timeoutMs);
      child.once('spawn', () => opts.onStarted?.());
      child.stdout.on('data', opts.onStdout ?? ((d: Buffer) => out.push(d)));
      child.stderr.on('data', (d: Buffer) => errOut.push(d));
      // A command that does not read its input closes the pipe early; that is not an error.
      child.stdin.on('error', () => undefined);
      child.on('error', (e) => {
        if (timer) clearTimeout(timer);
        reject(
          new TransportError('unreachable', `cannot run /bin/sh: ${e.message}`, {
            target: this.name,
            cause: e,
          }),
        );
      });
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        if (timedOut) {
          reject(
            new TransportError('timeout', `local command ran longer than ${opts.timeoutMs} ms`, {
              target: this.name,
            }),
          );
          return;
        }
        resolve({
          code: code ?? 128 + (signal ? constants.signals[signal] : 0),
          ...(signal ? { signal: signal.replace(/^SIG/, '') } : {}),
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(errOut).toString('utf8'),
        });
      });
      const stdin = opts.stdin;
      if (stdin instanceof Readable) stdin.pipe(child.stdin);
      else child.stdin.end(stdin);
    });
  }

  async files(): Promise<RemoteFiles | undefined> {
    if (this.#closed)
      throw new TransportError('closed', 'the local transport is closed', { target: this.name });
    // One file service per transport, as an SSH connection has one SFTP session.
    this.#files ??= new LocalFiles();
    return this.#files;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const child of this.#running) child.stdin?.end();
  }
}
