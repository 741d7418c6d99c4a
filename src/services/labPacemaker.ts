import { checkLabHost } from '../lab/hostCheck.ts';
import { runInNode } from '../lab/inNode.ts';
import { readLabState } from '../lab/labState.ts';
import type { LabStatus } from '../lab/labStatus.ts';
import { parseCrmMon } from '../monitor/parsers/crmMon.ts';
import type { LabPacemakerView } from './labDeployContract.ts';

/**
 * Pacemaker's own view of a lab (crm_mon inside a running node): which nodes it sees
 * online and what runs where, so the fault panel shows a kill being noticed and the
 * resources moving. Undefined when no node answers (the lab is starting or all killed).
 */
export async function labPacemakerView(lab: LabStatus): Promise<LabPacemakerView | undefined> {
  const tools = await checkLabHost();
  const state = await readLabState(lab.stateDir);
  // Pacemaker names nodes by hostname; the panel by design node name.
  const nameOf = new Map((state?.nodes ?? []).map((n) => [n.hostname, n.name]));
  for (const node of lab.nodes) {
    if (node.state !== 'running' || node.initPid === undefined) continue;
    const r = await runInNode(
      tools,
      { name: node.name, initPid: node.initPid },
      tools.crm_mon,
      ['--one-shot', '--inactive', '--output-as=xml'],
      { timeoutMs: 5000 },
    ).catch(() => undefined);
    if (!r || r.code !== 0) continue;
    try {
      const status = parseCrmMon(r.stdout);
      const name = (n: string) => nameOf.get(n) ?? n;
      return {
        source: node.name,
        ...(status.quorum !== undefined ? { quorum: status.quorum } : {}),
        ...(status.dc ? { dc: name(status.dc) } : {}),
        nodes: status.nodes.map((n) => ({
          name: name(n.name),
          online: n.online,
          unclean: n.unclean,
        })),
        resources: status.resources
          .filter((res) => res.runningOn.length > 0)
          .map((res) => ({ id: res.id, role: res.role, on: res.runningOn.map(name) })),
      };
    } catch {
      continue;
    }
  }
  return undefined;
}
