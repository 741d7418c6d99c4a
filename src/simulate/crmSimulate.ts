import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/** Which nodes are up, which are cleanly down, and which one fails once all is placed. */
export interface Scenario {
  readonly up: readonly string[];
  readonly down: readonly string[];
  readonly fail?: string;
  /**
   * The promotion score injected for every promotable clone on every up node, as DRBD's
   * agent sets it for an UpToDate disk. Without one a simulated clone is never promoted.
   */
  readonly promotionScore?: number;
}

/** Where one resource runs: for a clone's child, every instance; `promoted` for promotable. */
export interface Placement {
  readonly nodes: readonly string[];
  /** The role of a single-instance resource (Started, Stopped…). */
  readonly role?: string;
  /** Nodes where an instance of a promotable clone is Promoted. */
  readonly promoted?: readonly string[];
}

export interface SimAction {
  readonly action: string;
  readonly resource: string;
  readonly node?: string;
  readonly source?: string;
  readonly dest?: string;
  readonly role?: string;
  readonly nextRole?: string;
}

export interface SimulationResult {
  /** Resource, group and clone id → placement, after the last simulated transition. */
  readonly placements: Readonly<Record<string, Placement>>;
  /** The actions of the last transition (the failure's, when a node fails). */
  readonly actions: readonly SimAction[];
}

export class SimulationError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  // Attributes named like elements (rsc_action's node and resource) stay plain strings.
  isArray: (name, _path, _leaf, isAttribute) =>
    !isAttribute &&
    [
      'node',
      'resource',
      'clone',
      'group',
      'rsc_action',
      'nvpair',
      'primitive',
      'meta_attributes',
    ].includes(name),
});

type XmlObject = Record<string, unknown>;
const list = (v: unknown): XmlObject[] => (Array.isArray(v) ? (v as XmlObject[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

interface CibFacts {
  readonly nodes: ReadonlyMap<string, string>;
  readonly promotable: readonly string[];
}

/** Node uname → id, and the primitive ids of promotable clones, read from a CIB. */
function cibFacts(cibXml: string): CibFacts {
  const doc = parser.parse(cibXml) as XmlObject;
  const cib = doc['cib'] as XmlObject | undefined;
  const configuration = cib?.['configuration'] as XmlObject | undefined;
  if (!configuration) throw new SimulationError('not a CIB: no <cib><configuration>');
  const nodes = new Map<string, string>();
  for (const n of list((configuration['nodes'] as XmlObject | undefined)?.['node'])) {
    const uname = str(n['uname']);
    const id = str(n['id']);
    if (uname !== undefined && id !== undefined) nodes.set(uname, id);
  }
  const promotable: string[] = [];
  for (const c of list((configuration['resources'] as XmlObject | undefined)?.['clone'])) {
    const isPromotable = list(c['meta_attributes']).some((m) =>
      list(m['nvpair']).some((p) => p['name'] === 'promotable' && p['value'] === 'true'),
    );
    const child = str(list(c['primitive'])[0]?.['id']);
    if (isPromotable && child !== undefined) promotable.push(child);
  }
  return { nodes, promotable };
}

const attr = (name: string, value: string): string =>
  ` ${name}="${value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}"`;

/**
 * A copy of the CIB as a running cluster would show it: quorum, each up node a member with
 * promotion scores, each down node cleanly down.
 */
export function withStatus(cibXml: string, scenario: Scenario): string {
  const facts = cibFacts(cibXml);
  const score = String(scenario.promotionScore ?? 10000);
  const idOf = (uname: string): string => {
    const id = facts.nodes.get(uname);
    if (id === undefined) throw new SimulationError(`node "${uname}" is not in the CIB's <nodes>`);
    return id;
  };
  const states = [
    ...scenario.up.map((uname) => {
      const id = idOf(uname);
      const pairs = facts.promotable
        .map(
          (rsc) =>
            `<nvpair${attr('id', `status-${id}-master-${rsc}`)}${attr('name', `master-${rsc}`)}${attr('value', score)}/>`,
        )
        .join('');
      return (
        `<node_state${attr('id', id)}${attr('uname', uname)} in_ccm="true" crmd="online" join="member" expected="member">` +
        `<transient_attributes${attr('id', id)}><instance_attributes${attr('id', `status-${id}`)}>${pairs}</instance_attributes></transient_attributes>` +
        '</node_state>'
      );
    }),
    ...scenario.down.map(
      (uname) =>
        `<node_state${attr('id', idOf(uname))}${attr('uname', uname)} in_ccm="false" crmd="offline" join="down" expected="down"/>`,
    ),
  ];
  const status = `<status>${states.join('')}</status>`;
  const replaced = cibXml.replace(/<status\s*\/>|<status>[\s\S]*<\/status>/, status);
  if (replaced === cibXml) throw new SimulationError('the CIB has no <status> section to fill');
  return replaced.replace(/<cib\b(?![^>]*have-quorum)/, '<cib have-quorum="1"');
}

interface Accumulated {
  readonly nodes: Set<string>;
  readonly promoted: Set<string>;
  readonly promotable: boolean;
  role?: string;
}

interface Parent {
  readonly id: string;
  readonly promotable: boolean;
}

/** Placements from a crm_mon-style <resources>: instances of a clone add up under one id. */
function placementsOf(status: XmlObject | undefined): Record<string, Placement> {
  const acc = new Map<string, Accumulated>();
  const get = (id: string, promotable: boolean): Accumulated => {
    let e = acc.get(id);
    if (!e) acc.set(id, (e = { nodes: new Set(), promoted: new Set(), promotable }));
    return e;
  };
  const walk = (container: XmlObject | undefined, parents: readonly Parent[]): void => {
    if (!container) return;
    for (const r of list(container['resource'])) {
      const id = str(r['id']);
      if (id === undefined) continue;
      const role = str(r['role']);
      const nodes = list(r['node']).flatMap((n) => str(n['name']) ?? []);
      const chain = [{ id, promotable: parents.some((p) => p.promotable) }, ...parents];
      for (const target of chain) {
        const e = get(target.id, target.promotable);
        for (const n of nodes) {
          e.nodes.add(n);
          if (role === 'Promoted') e.promoted.add(n);
        }
      }
      if (parents.length === 0 && role !== undefined) get(id, false).role = role;
    }
    for (const [tag, isPromotable] of [
      ['group', () => false],
      ['clone', (c: XmlObject) => c['multi_state'] === 'true'],
    ] as const) {
      for (const child of list(container[tag])) {
        const id = str(child['id']);
        if (id === undefined) continue;
        const promotable = isPromotable(child);
        get(id, promotable);
        walk(child, [{ id, promotable }, ...parents]);
      }
    }
  };
  walk(status?.['resources'] as XmlObject | undefined, []);
  return Object.fromEntries(
    [...acc].map(([id, e]) => [
      id,
      {
        nodes: [...e.nodes].sort(),
        ...(e.role !== undefined ? { role: e.role } : {}),
        ...(e.promotable ? { promoted: [...e.promoted].sort() } : {}),
      },
    ]),
  );
}

/** Reads `crm_simulate -S --output-as=xml`: the revised status and the actions. */
export function parseSimulation(xml: string): SimulationResult {
  const doc = parser.parse(xml) as XmlObject;
  const result = doc['pacemaker-result'] as XmlObject | undefined;
  if (!result) throw new SimulationError('crm_simulate did not print a <pacemaker-result>');
  const status = (result['revised_cluster_status'] ?? result['cluster_status']) as
    XmlObject | undefined;
  const actions = list((result['actions'] as XmlObject | undefined)?.['rsc_action']).map((a) => {
    const pick = (k: string) => (str(a[k]) !== undefined ? { [k]: str(a[k]) as string } : {});
    return {
      action: str(a['action']) ?? '',
      resource: str(a['resource']) ?? '',
      ...pick('node'),
      ...pick('source'),
      ...pick('dest'),
      ...pick('role'),
      ...(str(a['next-role']) !== undefined ? { nextRole: str(a['next-role']) as string } : {}),
    };
  });
  return { placements: placementsOf(status), actions };
}

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(
          new SimulationError(
            `${command} ${args.join(' ')} failed: ${stderr.trim() || error.message}`,
          ),
        );
      } else {
        resolve(stdout);
      }
    });
  });
}

/**
 * Runs Pacemaker's scheduler on a CIB: brings `up` nodes in, lets it place everything, and
 * then, when `fail` is set, fails that node and lets it recover. Needs crm_simulate
 * (Debian package pacemaker-cli-utils).
 */
export async function simulatePlacement(
  cibXml: string,
  scenario: Scenario,
): Promise<SimulationResult> {
  const dir = await mkdtemp(join(tmpdir(), 'cw-simulate-'));
  try {
    const input = join(dir, 'in.xml');
    const placed = join(dir, 'placed.xml');
    await writeFile(input, withStatus(cibXml, scenario));
    const first = await run('crm_simulate', ['-x', input, '-S', '-O', placed, '--output-as=xml']);
    if (scenario.fail === undefined) return parseSimulation(first);
    const failed = join(dir, 'failed.xml');
    const second = await run('crm_simulate', [
      '-x',
      placed,
      '-S',
      '-f',
      scenario.fail,
      '-O',
      failed,
      '--output-as=xml',
    ]);
    return parseSimulation(second);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
