import type { LabTools } from './hostCheck.ts';
import { LabError } from './labError.ts';
import type { LabNodeState } from './labState.ts';
import type { RunResult } from './run.ts';
import { tryRun } from './run.ts';

/**
 * Runs a command inside a lab node: its network, mount, UTS and PID namespaces, where its
 * corosync, Pacemaker IPC and private state are. Used for checks that must not depend on SSH.
 */
export function runInNode(
  tools: LabTools,
  node: Pick<LabNodeState, 'name' | 'initPid'>,
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number; input?: string } = {},
): Promise<RunResult> {
  if (node.initPid === undefined)
    throw new LabError(`lab node "${node.name}" is not running; revive it first`);
  return tryRun(
    tools.nsenter,
    [
      '--target',
      String(node.initPid),
      '--mount',
      '--uts',
      '--pid',
      '--net',
      '--',
      command,
      ...args,
    ],
    options,
  );
}
