import type { NodeConnection } from '../deploy/bringUp.ts';
import { parseCrmMon, summariseResources } from '../monitor/parsers/crmMon.ts';
import type { PacemakerStatus } from '../monitor/status.ts';
import type { Design } from '../model/types.ts';
import type { Reached } from './connect.ts';
import { labOf, reachDesign, reachLab } from './connect.ts';

/** What `clusterwright status --json` prints and the canvas overlays. */
export interface ClusterStatusReport {
  readonly cluster: string;
  readonly collectedAt: string;
  /** The node whose crm_mon answered. */
  readonly source?: string;
  readonly nodes: readonly {
    name: string;
    online: boolean;
    standby: boolean;
    unclean: boolean;
    reachable: boolean;
  }[];
  readonly resources: readonly { id: string; role: string; running_on: string[] }[];
  readonly failures: PacemakerStatus['failures'];
  readonly unreachable: Reached['unreachable'];
  readonly stonithEnabled?: boolean;
  readonly error?: string;
}

const CRM_MON = 'crm_mon --one-shot --inactive --output-as=xml';

/** Asks each reachable node in turn for crm_mon's view until one answers. */
export async function collectStatus(
  design: Design,
  reached: Reached,
): Promise<ClusterStatusReport> {
  let status: PacemakerStatus | undefined;
  let source: string | undefined;
  let lastError = 'no node could be reached';
  for (const c of reached.connections) {
    try {
      const r = await c.transport.exec(CRM_MON, { timeoutMs: 5000 });
      if (r.code !== 0) {
        lastError = `${c.node}: crm_mon failed: ${r.stderr.trim() || r.stdout.trim()}`;
        continue;
      }
      status = parseCrmMon(r.stdout);
      source = c.node;
      break;
    } catch (e) {
      lastError = `${c.node}: ${(e as Error).message}`;
    }
  }
  const unreachable = new Set(reached.unreachable.map((u) => u.node));
  const nodes = design.nodes.map((n) => {
    const s = status?.nodes.find((x) => x.name === (n.hostname ?? n.name));
    return {
      name: n.name,
      online: s?.online ?? false,
      standby: s?.standby ?? false,
      unclean: s?.unclean ?? false,
      reachable: !unreachable.has(n.name),
    };
  });
  return {
    cluster: design.cluster.name,
    collectedAt: new Date().toISOString(),
    ...(source ? { source } : {}),
    nodes,
    resources: status ? summariseResources(status.resources) : [],
    failures: status?.failures ?? [],
    unreachable: reached.unreachable,
    ...(status ? { stonithEnabled: status.stonithEnabled } : { error: lastError }),
  };
}

async function closeAll(connections: readonly NodeConnection[]): Promise<void> {
  await Promise.all(connections.map((c) => c.transport.close().catch(() => undefined)));
}

export async function statusOfDesign(
  design: Design,
  options: { lab: boolean; labBaseDir?: string; identity?: string },
): Promise<ClusterStatusReport> {
  const reached: Reached = options.lab
    ? await reachLab(await labOf(design, options.labBaseDir))
    : await reachDesign(design, options.identity ? { identity: options.identity } : {});
  try {
    return await collectStatus(design, reached);
  } finally {
    await closeAll(reached.connections);
  }
}
