import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabTools } from './hostCheck.ts';
import { LabError } from './labError.ts';
import type { LabNodeState } from './labState.ts';
import { nodeStoppedError } from './nodeStopped.ts';
import { run } from './run.ts';
import { pollUntil } from './poll.ts';

export interface NodePids {
  readonly unsharePid: number;
  readonly initPid: number;
}

async function childrenOf(pid: number): Promise<number[]> {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Runs the node's init in its own mount, UTS and PID namespaces inside its network
 * namespace, detached so the node outlives this process. Output goes to init.log.
 */
export async function startNodeInit(
  tools: LabTools,
  node: Pick<LabNodeState, 'name' | 'netns' | 'dir'>,
): Promise<NodePids> {
  const { netns, dir } = node;
  const log = await open(join(dir, 'init.log'), 'a', 0o644);
  try {
    const child = spawn(
      tools.ip,
      [
        'netns',
        'exec',
        netns,
        tools.unshare,
        '--mount',
        '--uts',
        '--pid',
        '--fork',
        '--mount-proc',
        '/bin/bash',
        join(dir, 'init.sh'),
      ],
      { detached: true, stdio: ['ignore', log.fd, log.fd] },
    );
    child.unref();
    const unsharePid = child.pid;
    if (unsharePid === undefined)
      throw new LabError(
        `could not run the init of lab node "${node.name}" (${tools.ip} netns exec ${netns} ${tools.unshare}); see ${join(dir, 'init.log')}`,
      );
    // unshare forks the node's PID 1; wait for it to appear as unshare's child. An init that
    // fails at once may be gone before it is seen: unshare then exits too, and that is the
    // same failure the later readiness checks report.
    const initPid = await pollUntil(
      async () => {
        const init = (await childrenOf(unsharePid))[0];
        if (init !== undefined) return init;
        if (!(await isAlive(unsharePid))) throw nodeStoppedError(node);
        return undefined;
      },
      Date.now() + 10_000,
      `the init of lab node "${node.name}" did not appear within 10 s (is the host overloaded?); see ${join(dir, 'init.log')} and try again`,
    );
    return { unsharePid, initPid };
  } finally {
    await log.close();
  }
}

export async function netnsPids(tools: LabTools, netns: string): Promise<number[]> {
  const out = await run(tools.ip, ['netns', 'pids', netns]).catch(() => '');
  return out.split(/\s+/).filter(Boolean).map(Number);
}

/** True when `pid` is PID 1 of a PID namespace below ours (a lab node's init). */
async function isNamespaceInit(pid: number): Promise<boolean> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const ids = /^NSpid:\s*(.*)$/m.exec(status)?.[1]?.trim().split(/\s+/) ?? [];
    return ids.length > 1 && ids[ids.length - 1] === '1';
  } catch {
    return false;
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/**
 * Kills a node hard: its init first (the kernel then kills the whole PID namespace), then
 * any process still in its network namespace. Returns the PIDs that were killed.
 */
export async function killNodeProcesses(tools: LabTools, netns: string): Promise<number[]> {
  const pids = await netnsPids(tools, netns);
  const inits: number[] = [];
  for (const pid of pids) if (await isNamespaceInit(pid)) inits.push(pid);
  for (const pid of inits) kill(pid);
  for (const pid of pids) if (!inits.includes(pid)) kill(pid);
  await pollUntil(
    async () => ((await netnsPids(tools, netns)).length === 0 ? true : undefined),
    Date.now() + 15_000,
    `processes of lab node ${netns} did not die`,
  );
  return pids;
}

export async function isAlive(pid: number | undefined): Promise<boolean> {
  if (pid === undefined) return false;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // A zombie has exited; only its parent has not collected it yet.
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}
