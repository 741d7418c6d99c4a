import { spawn } from 'node:child_process';

export interface CommandResult {
  /** Exit code, or -1 when the command could not start or was killed. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  /** Added to this process' environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Runs one command from an argv array (never through a shell) and collects its output. */
export function runCommand(
  argv: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error('runCommand: empty argv');
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) =>
      resolvePromise({ code: -1, stdout: '', stderr: `${command}: ${e.message}` }),
    );
    child.on('close', (code, signal) => {
      const stderr = Buffer.concat(err).toString('utf8');
      resolvePromise({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        // A timeout shows as a signal; say so rather than fail with no output.
        stderr: signal
          ? `${stderr}\n${command} was stopped by ${signal} after ${timeoutMs} ms`
          : stderr,
      });
    });
  });
}
