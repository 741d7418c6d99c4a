import { connect } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import type { LabTools } from './hostCheck.ts';
import { checkLabHost } from './hostCheck.ts';
import { runInNode } from './inNode.ts';
import type { LabNodeState } from './labState.ts';
import { pollUntil } from './poll.ts';
import { isAlive } from './nodeProcess.ts';
import { nodeStoppedError } from './nodeStopped.ts';

export interface PacemakerNodeView {
  readonly name: string;
  readonly online: boolean;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'node' || name === 'resource',
});

/** The node list of `crm_mon --output-as=xml`; undefined when the output is not a CIB view. */
export function parseCrmMonNodes(xml: string): PacemakerNodeView[] | undefined {
  let doc: { 'pacemaker-result'?: { nodes?: { node?: { name: string; online: string }[] } } };
  try {
    doc = parser.parse(xml) as typeof doc;
  } catch {
    return undefined;
  }
  const nodes = doc['pacemaker-result']?.nodes?.node;
  if (!nodes) return undefined;
  return nodes.map((n) => ({ name: n.name, online: n.online === 'true' }));
}

/** `crm_mon --one-shot --output-as=xml` inside a node; the raw XML, or undefined if it failed. */
export async function crmMonXml(
  tools: LabTools,
  node: Pick<LabNodeState, 'name' | 'initPid'>,
): Promise<string | undefined> {
  const result = await runInNode(tools, node, tools.crm_mon, ['--one-shot', '--output-as=xml'], {
    timeoutMs: 10_000,
  });
  return result.code === 0 ? result.stdout : undefined;
}

export function tcpPortOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A node whose init died will never become ready: say so at once instead of at the deadline. */
async function assertAlive(node: LabNodeState): Promise<void> {
  if (!(await isAlive(node.initPid))) throw nodeStoppedError(node);
}

/** Waits until every node's sshd accepts connections from the host. */
export async function waitForSsh(nodes: readonly LabNodeState[], deadline: number): Promise<void> {
  for (const node of nodes)
    await pollUntil(
      async () => {
        if (await tcpPortOpen(node.sshAddress, node.sshPort)) return true;
        await assertAlive(node);
        return undefined;
      },
      deadline,
      `sshd of lab node "${node.name}" did not answer on ${node.sshAddress}:${node.sshPort}; see ${node.dir}/init.log and ${node.dir}/var-log/sshd.log`,
    );
}

/**
 * Waits until each of `nodes` sees all of them online in Pacemaker (crm_mon inside the
 * node). `deadline` is a time in epoch milliseconds.
 */
export async function waitForOnline(
  nodes: readonly LabNodeState[],
  deadline: number,
  tools?: LabTools,
): Promise<void> {
  const t = tools ?? (await checkLabHost());
  const wanted = nodes.map((n) => n.hostname);
  let lastView = 'no answer from crm_mon yet';
  await pollUntil(
    async () => {
      for (const node of nodes) {
        await assertAlive(node);
        const xml = await crmMonXml(t, node);
        const view = xml ? parseCrmMonNodes(xml) : undefined;
        if (!view) {
          lastView = `crm_mon on ${node.name} gave no node list yet`;
          return undefined;
        }
        const offline = wanted.filter((w) => !view.some((v) => v.name === w && v.online));
        if (offline.length > 0) {
          lastView = `${node.name} sees ${offline.join(', ')} offline`;
          return undefined;
        }
      }
      return true;
    },
    deadline,
    () =>
      `lab nodes ${wanted.join(', ')} were not all online in Pacemaker in time (${lastView}); see each node's var-log/pacemaker/pacemaker.log and var-log/cluster/ in ${nodes[0]?.dir ?? 'the lab folder'}/..`,
  );
}
