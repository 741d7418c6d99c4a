import { join } from 'node:path';
import type { HostProbe } from './hostCheck.ts';
import { checkLabHost } from './hostCheck.ts';
import type { LabLocation } from './findLab.ts';
import { labsAt } from './findLab.ts';
import type { LabNodeRunState } from './labState.ts';
import { isAlive, netnsPids } from './nodeProcess.ts';
import { shellQuote } from '../deploy/quote.ts';

export interface LabNodeStatus {
  readonly cluster: string;
  readonly name: string;
  /** What is true now: a node recorded running whose init died is reported killed. */
  readonly state: LabNodeRunState;
  readonly sshAddress: string;
  readonly sshPort: number;
  /** Every process in the node's network namespace. */
  readonly pids: readonly number[];
  readonly initPid?: number;
  /** A command line that logs in as root with the lab key, the host key pinned. */
  readonly ssh: string;
}

export interface LabStatus {
  readonly cluster: string;
  readonly stateDir: string;
  readonly keyPath: string;
  readonly knownHostsPath: string;
  readonly createdAt: string;
  readonly warnings: readonly string[];
  readonly nodes: readonly LabNodeStatus[];
}

export function sshCommand(
  keyPath: string,
  knownHosts: string,
  address: string,
  port: number,
): string {
  const q = shellQuote;
  return `ssh -i ${q(keyPath)} -o UserKnownHostsFile=${q(knownHosts)} -o StrictHostKeyChecking=yes${port === 22 ? '' : ` -p ${port}`} root@${address}`;
}

/** Every lab found and each node's state as it is now (checked against the processes). */
export async function labStatus(
  options: LabLocation & { readonly probe?: HostProbe } = {},
): Promise<LabStatus[]> {
  const tools = await checkLabHost(options.probe);
  const labs = await labsAt(options);
  return Promise.all(
    labs.map(async (lab) => {
      const knownHostsPath = join(lab.stateDir, 'known_hosts');
      const nodes = await Promise.all(
        lab.nodes.map(async (n): Promise<LabNodeStatus> => {
          const alive = await isAlive(n.initPid);
          const state: LabNodeRunState = alive ? n.state : 'killed';
          return {
            cluster: lab.cluster,
            name: n.name,
            state,
            sshAddress: n.sshAddress,
            sshPort: n.sshPort,
            pids: await netnsPids(tools, n.netns),
            ...(alive && n.initPid !== undefined ? { initPid: n.initPid } : {}),
            ssh: sshCommand(lab.keyPath, knownHostsPath, n.sshAddress, n.sshPort),
          };
        }),
      );
      return {
        cluster: lab.cluster,
        stateDir: lab.stateDir,
        keyPath: lab.keyPath,
        knownHostsPath,
        createdAt: lab.createdAt,
        warnings: lab.warnings,
        nodes,
      };
    }),
  );
}
