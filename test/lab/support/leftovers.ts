import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { LabState } from '../../../src/lab/labState.ts';

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Everything of a lab still present on this host: namespaces, interfaces, live processes
 * or mounts (in any mount namespace) naming its folder, and the folder itself.
 */
export function labLeftovers(state: LabState): string[] {
  const left: string[] = [];
  const netns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0]);
  for (const n of state.nodes) if (netns.includes(n.netns)) left.push(`netns ${n.netns}`);
  const links = (
    JSON.parse(execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' })) as {
      ifname: string;
    }[]
  ).map((l) => l.ifname);
  const ours = [
    ...state.bridges.map((b) => b.name),
    ...state.nodes.flatMap((n) => n.links.map((l) => l.hostIf)),
  ];
  for (const name of ours) if (links.includes(name)) left.push(`interface ${name}`);
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const cmdline = read(`/proc/${pid}/cmdline`).replace(/\0/g, ' ');
    if (cmdline.includes(state.stateDir)) left.push(`process ${pid}: ${cmdline}`);
    if (read(`/proc/${pid}/mountinfo`).includes(state.stateDir))
      left.push(`mount in process ${pid}`);
  }
  if (read('/proc/self/mountinfo').includes(state.stateDir)) left.push('mount on the host');
  if (existsSync(state.stateDir)) left.push(`folder ${state.stateDir}`);
  return left;
}
