import { command } from '../quote.ts';
import type { ExecOptions, ExecResult, Transport } from '../transport/transport.ts';

/**
 * Runs a constant POSIX sh script with its values as positional parameters
 * (`sh -c SCRIPT NAME ARG…`), so values are never spliced into the script text and the
 * script runs under sh whatever the user's login shell is.
 */
export function runScript(
  t: Transport,
  name: string,
  script: string,
  args: readonly string[],
  opts?: ExecOptions,
): Promise<ExecResult> {
  return t.exec(command(['sh', '-c', script, name, ...args]), opts);
}
