import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { requireTool, runTool } from './tools.ts';

/** Pacemaker's own tools, run offline on CIB files, and a normaliser to compare CIBs. */

export function emptyCib(): string {
  const cibadmin = requireTool('cibadmin', 'pacemaker-cli-utils');
  const r = runTool(cibadmin, ['--empty', 'pacemaker-3.9']);
  if (r.status !== 0) throw new Error(`cibadmin --empty failed: ${r.stderr}`);
  return r.stdout;
}

export interface ToolRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `crm configure load update` on an empty CIB file; returns the CIB crmsh wrote. */
export function applyCrm(
  crmText: string,
  dir: string,
  options: { force?: boolean } = {},
): { cib: string; run: ToolRun } {
  const crm = requireTool('crm', 'crmsh');
  mkdirSync('/var/log/crmsh', { recursive: true });
  const cibFile = join(dir, 'crm-cib.xml');
  const script = join(dir, 'crm.txt');
  writeFileSync(cibFile, emptyCib());
  writeFileSync(script, crmText);
  // --force lets crmsh take agents it cannot find here (a design's own services).
  const args = [...(options.force === true ? ['-F'] : []), 'configure', 'load', 'update', script];
  const run = runTool(crm, args, {
    env: { ...process.env, CIB_file: cibFile },
  });
  return { cib: readFileSync(cibFile, 'utf8'), run };
}

/** The pcs script run with sh on an empty CIB file; returns the CIB pcs wrote. */
export function applyPcs(pcsScript: string, dir: string): { cib: string; run: ToolRun } {
  requireTool('pcs', 'pcs');
  const cibFile = join(dir, 'pcs-cib.xml');
  const script = join(dir, 'pcs.sh');
  writeFileSync(cibFile, emptyCib());
  writeFileSync(script, pcsScript);
  const run = runTool('sh', [script, cibFile]);
  return { cib: readFileSync(cibFile, 'utf8'), run };
}

export function crmVerify(cibXml: string, dir: string): ToolRun {
  const crmVerifyTool = requireTool('crm_verify', 'pacemaker-cli-utils');
  const file = join(dir, 'verify.xml');
  writeFileSync(file, cibXml);
  return runTool(crmVerifyTool, ['-x', file, '-V']);
}

export function xmllintRelaxng(cibXml: string, dir: string): ToolRun {
  const xmllint = requireTool('xmllint', 'libxml2-utils');
  const file = join(dir, 'schema.xml');
  writeFileSync(file, cibXml);
  return runTool(xmllint, ['--noout', '--relaxng', '/usr/share/pacemaker/pacemaker-3.9.rng', file]);
}

// ---------------------------------------------------------------- normaliser

type Xml = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseAttributeValue: false,
  parseTagValue: false,
  // Values are compared exactly: keep their spaces and decode character references.
  trimValues: false,
  htmlEntities: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

const list = (v: unknown): Xml[] => (Array.isArray(v) ? (v as Xml[]) : []);
const one = (v: unknown): Xml | undefined => list(v)[0];
const attrOf = (el: Xml, name: string): string | undefined => {
  const v = el[`@${name}`];
  return typeof v === 'string' ? v : undefined;
};

/** name=value of every nvpair in every set of that tag, sorted: ids and order dropped. */
function pairs(el: Xml | undefined, tag: string): string[] {
  if (!el) return [];
  return list(el[tag])
    .flatMap((set) => list(set['nvpair']))
    .map((p) => `${attrOf(p, 'name')}=${attrOf(p, 'value')}`)
    .sort();
}

/** Attributes with Pacemaker's default value mean the same as no attribute. */
const DEFAULTS: Readonly<Record<string, string>> = {
  'rsc-role': 'Started',
  'with-rsc-role': 'Started',
  'first-action': 'start',
  'then-action': 'start',
  kind: 'Mandatory',
};

function attributes(el: Xml, drop: readonly string[] = ['id']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(el)) {
    if (!k.startsWith('@') || typeof v !== 'string') continue;
    const name = k.slice(1);
    if (drop.includes(name) || DEFAULTS[name] === v) continue;
    out[name] = v;
  }
  return out;
}

export interface CanonicalResource {
  readonly kind: 'primitive' | 'group' | 'clone';
  readonly parent?: string;
  readonly attributes: Record<string, string>;
  readonly params?: string[];
  readonly meta: string[];
  readonly utilization?: string[];
  readonly ops?: string[];
  readonly members?: string[];
}

export interface CanonicalCib {
  readonly properties: string[];
  readonly nodes: Record<string, { id: string; utilization: string[] }>;
  readonly rscDefaults: string[];
  readonly opDefaults: string[];
  readonly resources: Record<string, CanonicalResource>;
  readonly constraints: Record<string, Record<string, string>>;
}

/**
 * What a CIB configuration means, without what differs between the tools that wrote it:
 * ids of attribute sets, nvpairs and operations, the order of pairs and of top-level
 * resources, attributes left at their default, and comments.
 */
export function normaliseCib(xml: string): CanonicalCib {
  const doc = parser.parse(xml) as Xml;
  const configuration = one(one(doc['cib'])?.['configuration']);
  if (!configuration) throw new Error('not a CIB: no <cib><configuration>');
  const resources: Record<string, CanonicalResource> = {};
  const primitive = (p: Xml, parent?: string): string => {
    const id = attrOf(p, 'id') ?? '';
    const ops = list(one(p['operations'])?.['op'])
      .map((o) =>
        Object.entries(attributes(o))
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}=${v}`)
          .join(' '),
      )
      .sort();
    resources[id] = {
      kind: 'primitive',
      ...(parent !== undefined ? { parent } : {}),
      attributes: attributes(p),
      params: pairs(p, 'instance_attributes'),
      meta: pairs(p, 'meta_attributes'),
      utilization: pairs(p, 'utilization'),
      ops,
    };
    return id;
  };
  const group = (g: Xml, parent?: string): string => {
    const id = attrOf(g, 'id') ?? '';
    resources[id] = {
      kind: 'group',
      ...(parent !== undefined ? { parent } : {}),
      attributes: attributes(g),
      meta: pairs(g, 'meta_attributes'),
      members: list(g['primitive']).map((p) => primitive(p, id)),
    };
    return id;
  };
  const rscSection = one(configuration['resources']) ?? {};
  for (const p of list(rscSection['primitive'])) primitive(p);
  for (const g of list(rscSection['group'])) group(g);
  for (const c of list(rscSection['clone'])) {
    const id = attrOf(c, 'id') ?? '';
    const members = [
      ...list(c['primitive']).map((p) => primitive(p, id)),
      ...list(c['group']).map((g) => group(g, id)),
    ];
    resources[id] = {
      kind: 'clone',
      attributes: attributes(c),
      meta: pairs(c, 'meta_attributes'),
      members,
    };
  }
  const constraints: Record<string, Record<string, string>> = {};
  const constraintSection = one(configuration['constraints']) ?? {};
  for (const tag of ['rsc_location', 'rsc_colocation', 'rsc_order']) {
    for (const c of list(constraintSection[tag])) {
      constraints[attrOf(c, 'id') ?? ''] = { tag, ...attributes(c) };
    }
  }
  const nodes: Record<string, { id: string; utilization: string[] }> = {};
  for (const n of list(one(configuration['nodes'])?.['node'])) {
    nodes[attrOf(n, 'uname') ?? ''] = {
      id: attrOf(n, 'id') ?? '',
      utilization: pairs(n, 'utilization'),
    };
  }
  return {
    properties: pairs(one(configuration['crm_config']), 'cluster_property_set'),
    nodes,
    rscDefaults: pairs(one(configuration['rsc_defaults']), 'meta_attributes'),
    opDefaults: pairs(one(configuration['op_defaults']), 'meta_attributes'),
    resources,
    constraints,
  };
}
