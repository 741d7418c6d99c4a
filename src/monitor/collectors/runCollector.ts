import { runScript } from '../../deploy/remote/runScript.ts';
import type { ExecResult, Transport } from '../../deploy/transport/transport.ts';
import type { Collected } from '../status.ts';

/**
 * Every collector script starts with this: the sbin folders a non-login shell may miss, and
 * `absent WHY`, which says on stdout that the tool, its kernel module or its daemon is not
 * there and stops. The collector turns that line into `{ state: 'absent' }`.
 */
export const COLLECTOR_PRELUDE =
  'PATH=$PATH:/usr/sbin:/sbin; absent() { printf "cw-absent: %s\\n" "$*"; exit 0; }; ';

const ABSENT = 'cw-absent: ';

export interface CollectOptions {
  /** The command is killed and the collector fails after this long. */
  readonly timeoutMs: number;
}

/**
 * Runs one collector script (constant text, values as positional parameters) and reads its
 * output with `read`. A transport error (connection lost, timeout) is thrown for the caller
 * to judge the node by; a bad exit or unreadable output is this collector's failure only.
 */
export async function runCollector<T>(
  t: Transport,
  name: string,
  script: string,
  args: readonly string[],
  options: CollectOptions,
  read: (r: ExecResult) => Collected<T>,
): Promise<Collected<T>> {
  const r = await runScript(t, name, COLLECTOR_PRELUDE + script, args, {
    timeoutMs: options.timeoutMs,
  });
  if (r.code === 0 && r.stdout.startsWith(ABSENT))
    return { state: 'absent', reason: r.stdout.slice(ABSENT.length).trim() };
  try {
    return read(r);
  } catch (e) {
    const message = (e as Error).message;
    return { state: 'failed', error: message.startsWith(name) ? message : `${name}: ${message}` };
  }
}

/** The failure of a tool that exited non-zero: its own words, or its exit code. */
export function failedRun<T>(tool: string, r: ExecResult): Collected<T> {
  const said = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' ').trim();
  return { state: 'failed', error: `${tool} exited ${r.code}${said ? `: ${said}` : ''}` };
}
