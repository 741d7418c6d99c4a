import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where labs live unless the caller says otherwise: one folder per cluster. */
export const DEFAULT_LAB_BASE = '/var/lib/clusterwright/lab';

export type LabNodeRunState = 'starting' | 'running' | 'killed';

export interface LabLink {
  readonly network: string;
  /** The veth end in the host namespace, enslaved to the network's bridge. */
  readonly hostIf: string;
  /** The veth end inside the node's namespace. */
  readonly nodeIf: string;
  readonly address: string;
  readonly prefix: number;
}

export interface LabNodeState {
  readonly name: string;
  /** The name corosync and Pacemaker know the node by. */
  readonly hostname: string;
  readonly netns: string;
  /** This node's private folders, bind-mounted over the daemons' state paths inside it. */
  readonly dir: string;
  readonly links: readonly LabLink[];
  readonly sshAddress: string;
  readonly sshPort: number;
  /** The node's SSH host public key ("ssh-ed25519 AAAA…"), to pin on first contact. */
  readonly hostKey: string;
  state: LabNodeRunState;
  /** Host PIDs: `unshare` and the node's init (PID 1 inside the node). */
  unsharePid?: number;
  initPid?: number;
}

export interface LabBridge {
  readonly name: string;
  readonly network: string;
  readonly cidr: string;
  /** The host's own address on this bridge, when the host reaches the nodes through it. */
  readonly hostAddress?: string;
}

/** Everything a lab made, written as it is made so `lab down` can undo a half-made lab. */
export interface LabState {
  readonly version: 1;
  readonly cluster: string;
  readonly stateDir: string;
  readonly createdAt: string;
  /** Private key of the lab's SSH key (root on every node accepts it). */
  readonly keyPath: string;
  bridges: LabBridge[];
  nodes: LabNodeState[];
  warnings: string[];
}

export const STATE_FILE = 'lab.json';

export function labDirOf(cluster: string, baseDir = DEFAULT_LAB_BASE): string {
  return join(baseDir, cluster);
}

export async function saveLabState(state: LabState): Promise<void> {
  await mkdir(state.stateDir, { recursive: true, mode: 0o755 });
  const file = join(state.stateDir, STATE_FILE);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

export async function readLabState(stateDir: string): Promise<LabState | undefined> {
  let text: string;
  try {
    text = await readFile(join(stateDir, STATE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const state = JSON.parse(text) as LabState;
  return state.version === 1 ? state : undefined;
}

/** Every lab recorded under a base folder. */
export async function listLabs(baseDir = DEFAULT_LAB_BASE): Promise<LabState[]> {
  let entries: string[];
  try {
    entries = await readdir(baseDir);
  } catch {
    return [];
  }
  const states = await Promise.all(entries.sort().map((e) => readLabState(join(baseDir, e))));
  return states.filter((s): s is LabState => s !== undefined);
}
