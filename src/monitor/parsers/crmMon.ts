import { XMLParser } from 'fast-xml-parser';
import type {
  FailedAction,
  NodeStatus,
  PacemakerStatus,
  ResourceRole,
  ResourceStatus,
} from '../status.ts';

/**
 * Parses `crm_mon --one-shot --inactive --output-as=xml` (schema in
 * /usr/share/pacemaker/api/crm_mon-*.rng). Unknown elements are ignored, missing optional
 * ones tolerated; a document that is not crm_mon output is an error.
 */
export class CrmMonParseError extends Error {}

const ARRAYS = new Set([
  'node',
  'resource',
  'clone',
  'group',
  'bundle',
  'failure',
  'resource_history',
  'replica',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  isArray: (name, _jpath, _leaf, isAttribute) => !isAttribute && ARRAYS.has(name),
});

type Attrs = Record<string, unknown>;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function bool(v: unknown): boolean {
  return v === 'true';
}

function list(v: unknown): Attrs[] {
  return Array.isArray(v) ? (v as Attrs[]) : [];
}

const ROLE_ALIASES: Readonly<Record<string, ResourceRole>> = {
  Started: 'Started',
  Stopped: 'Stopped',
  Promoted: 'Promoted',
  Master: 'Promoted',
  Unpromoted: 'Unpromoted',
  Slave: 'Unpromoted',
  Starting: 'Starting',
  Stopping: 'Stopping',
  Migrating: 'Migrating',
};

function role(v: unknown): ResourceRole {
  return ROLE_ALIASES[str(v)] ?? 'Unknown';
}

function resourceOf(r: Attrs, parent?: string): ResourceStatus {
  return {
    id: str(r.id),
    ...(parent !== undefined ? { parent } : {}),
    agent: str(r.resource_agent),
    role: role(r.role),
    runningOn: list(r.node).map((n) => str(n.name)),
    failed: bool(r.failed),
    managed: r.managed === undefined ? true : bool(r.managed),
    blocked: bool(r.blocked),
  };
}

function resourcesOf(container: Attrs, parent?: string): ResourceStatus[] {
  const out: ResourceStatus[] = list(container.resource).map((r) => resourceOf(r, parent));
  for (const group of list(container.group))
    out.push(...resourcesOf(group, parent ?? str(group.id)));
  for (const clone of list(container.clone)) out.push(...resourcesOf(clone, str(clone.id)));
  for (const bundle of list(container.bundle)) {
    for (const replica of list(bundle.replica)) out.push(...resourcesOf(replica, str(bundle.id)));
  }
  return out;
}

/** What crm_mon said instead of a cluster view (`<status code="102" message="Not connected">`). */
function failureOf(root: Attrs): string {
  const status = (root.status ?? {}) as Attrs;
  const errors = (status.errors ?? {}) as Attrs;
  const lines = (Array.isArray(errors.error) ? errors.error : [errors.error])
    .map((e) => (typeof e === 'string' ? e : str((e as Attrs | undefined)?.['#text'])))
    .filter((e) => e !== '');
  const what = str(status.message) || 'no cluster view';
  return `crm_mon: ${what}${str(status.code) ? ` (code ${str(status.code)})` : ''}${lines.length ? `: ${lines.join('; ')}` : ''}`;
}

export function parseCrmMon(xml: string): PacemakerStatus {
  let doc: Attrs;
  try {
    doc = parser.parse(xml) as Attrs;
  } catch (e) {
    throw new CrmMonParseError(`crm_mon output is not XML: ${(e as Error).message}`);
  }
  const root = doc['pacemaker-result'] as Attrs | undefined;
  if (!root || typeof root !== 'object')
    throw new CrmMonParseError('not crm_mon XML output: no <pacemaker-result>');
  if (root.summary === undefined) throw new CrmMonParseError(failureOf(root));
  const summary = (root.summary ?? {}) as Attrs;
  const dc = (summary.current_dc ?? {}) as Attrs;
  const options = (summary.cluster_options ?? {}) as Attrs;
  const nodesEl = (root.nodes ?? {}) as Attrs;
  const nodes: NodeStatus[] = list(nodesEl.node).map((n) => ({
    name: str(n.name),
    online: bool(n.online),
    standby: bool(n.standby),
    maintenance: bool(n.maintenance),
    unclean: bool(n.unclean),
    isDc: bool(n.is_dc),
    resourcesRunning: Number(n.resources_running ?? 0),
  }));
  const failures: FailedAction[] = list(((root.failures ?? {}) as Attrs).failure).map((f) => ({
    resource: str(f.op_key).replace(/_[a-z-]+_\d+$/, ''),
    operation: str(f.task) || str(f.op_key),
    node: str(f.node),
    exitCode: Number(f.exitcode ?? -1),
    exitStatus: str(f.exitstatus),
    exitReason: str(f.exitreason),
    status: str(f.status),
    lastChange: str(f['last-rc-change']),
  }));
  const failCounts: { node: string; resource: string; count: number }[] = [];
  for (const node of list(((root.node_history ?? {}) as Attrs).node)) {
    for (const h of list(node.resource_history)) {
      const count = Number(h['fail-count'] ?? 0);
      if (count > 0) failCounts.push({ node: str(node.name), resource: str(h.id), count });
    }
  }
  const present = bool(dc.present);
  return {
    nodes,
    resources: resourcesOf((root.resources ?? {}) as Attrs),
    failures,
    failCounts,
    stonithEnabled: bool(options['stonith-enabled']),
    ...(present ? { quorum: bool(dc.with_quorum), dc: str(dc.name) } : {}),
  };
}

/**
 * One entry per resource and role, with every node it has that role on: what
 * `clusterwright status --json` prints (`{id, running_on, role}`).
 */
export function summariseResources(
  resources: readonly ResourceStatus[],
): { id: string; role: ResourceRole; running_on: string[] }[] {
  const byKey = new Map<string, { id: string; role: ResourceRole; running_on: string[] }>();
  for (const r of resources) {
    const key = `${r.id}\u0000${r.role}`;
    const entry = byKey.get(key) ?? { id: r.id, role: r.role, running_on: [] };
    for (const n of r.runningOn) if (!entry.running_on.includes(n)) entry.running_on.push(n);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}
