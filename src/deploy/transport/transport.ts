import type { Readable } from 'node:stream';
import type { RemoteFiles } from './remoteFiles.ts';

/** How a remote (or local) command is run. */
export interface ExecOptions {
  /** The command's standard input: bytes, or a stream piped in (then ended). */
  readonly stdin?: string | Uint8Array | Readable;
  /** Gives up after this long with TransportError 'timeout'; the command is killed. */
  readonly timeoutMs?: number;
  /**
   * Called once the machine has started the command (its process exists), before it ends:
   * what is sent after that on the same connection reaches the node after the command.
   */
  readonly onStarted?: () => void;
  /**
   * Receives the command's output as it arrives, instead of `stdout` in the result (which is
   * then ''): a helper that lives as long as the connection answers its requests this way.
   */
  readonly onStdout?: (chunk: Buffer) => void;
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
 * command (src/deploy/remote/) goes through `exec`; the command string must be built
 * with `command`, `sh` or `shellQuote` from quote.ts. File transfers may instead go
 * through `files()`, whose requests carry paths as data and never meet a shell.
 */
export interface Transport {
  /** `user@host:port`, or `local`; for messages and logs. */
  readonly name: string;
  /**
   * Runs one command through the login shell. Rejects only when the command could not be
   * run to its end (TransportError: connection lost, timeout); its exit code is a result.
   */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /**
   * The machine's file service (SFTP over SSH), opened once and shared by every caller;
   * undefined when the node offers none (its sshd has no SFTP subsystem), and callers
   * then fall back to commands through `exec`.
   */
  files(): Promise<RemoteFiles | undefined>;
  /** Closes the connection; later `exec` calls reject with kind 'closed'. */
  close(): Promise<void>;
}
