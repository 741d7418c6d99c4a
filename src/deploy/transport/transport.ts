import type { Readable } from 'node:stream';

/** How a remote (or local) command is run. */
export interface ExecOptions {
  /** The command's standard input: bytes, or a stream piped in (then ended). */
  readonly stdin?: string | Uint8Array | Readable;
  /** Gives up after this long with TransportError 'timeout'; the command is killed. */
  readonly timeoutMs?: number;
}

/** What a finished command returned. A non-zero `code` is a result, not an error. */
export interface ExecResult {
  /** Exit status; 128 + n when the command died of signal n (as a shell reports it). */
  readonly code: number;
  /** The signal name when the command was killed by a signal. */
  readonly signal?: string;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * One way to run commands on a machine: SSH to a node, or this machine. Every remote
 * operation (src/deploy/remote/) goes through `exec`; the command string must be built
 * with `command`, `sh` or `shellQuote` from quote.ts.
 */
export interface Transport {
  /** `user@host:port`, or `local`; for messages and logs. */
  readonly name: string;
  /**
   * Runs one command through the login shell. Rejects only when the command could not be
   * run to its end (TransportError: connection lost, timeout); its exit code is a result.
   */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Closes the connection; later `exec` calls reject with kind 'closed'. */
  close(): Promise<void>;
}
