import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * Builds the CIB a deploy wants from the live one: the live document (its version
 * attributes and node ids) with our configuration in it, minus <status>. Pacemaker's own
 * bookkeeping properties (dc-version and friends) are carried over, so a second deploy of
 * the same design finds nothing to change.
 */
const MANAGED_PROPERTIES = new Set([
  'dc-version',
  'cluster-infrastructure',
  'have-watchdog',
  'last-lrm-refresh',
  'cluster-name',
]);

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const options = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  suppressEmptyNode: true,
} as const;
const parser = new XMLParser(options);
const builder = new XMLBuilder({ ...options, format: true, indentBy: '  ' });

export class CibMergeError extends Error {}

function tagOf(n: XmlNode): string | undefined {
  return Object.keys(n).find((k) => k !== ':@');
}
function children(n: XmlNode): XmlNode[] {
  const tag = tagOf(n);
  const c = tag ? n[tag] : undefined;
  return Array.isArray(c) ? (c as XmlNode[]) : [];
}
function child(n: XmlNode, tag: string): XmlNode | undefined {
  return children(n).find((c) => tagOf(c) === tag);
}
function rootOf(doc: XmlNode[], what: string): XmlNode {
  const cib = doc.find((n) => tagOf(n) === 'cib');
  if (!cib) throw new CibMergeError(`${what} is not a CIB: no <cib> element`);
  return cib;
}

/** `admin_epoch.epoch` of a CIB, what the push compares to refuse a CIB that moved. */
export function cibVersion(xml: string): string {
  const root = rootOf(parser.parse(xml) as XmlNode[], 'the CIB');
  const a = root[':@'] ?? {};
  return `${a.admin_epoch ?? '0'}.${a.epoch ?? '0'}`;
}

export function mergeConfiguration(liveXml: string, ourXml: string): string {
  const live = rootOf(parser.parse(liveXml) as XmlNode[], 'the live CIB');
  const ours = rootOf(parser.parse(ourXml) as XmlNode[], 'the generated CIB');
  const liveConfig = child(live, 'configuration');
  const ourConfig = child(ours, 'configuration');
  if (!ourConfig) throw new CibMergeError('the generated CIB has no <configuration>');
  const config = children(ourConfig).map((section): XmlNode => {
    const tag = tagOf(section);
    const liveSection = liveConfig ? children(liveConfig).find((c) => tagOf(c) === tag) : undefined;
    // Node ids are corosync's: keep the live cluster's list once it has one.
    if (tag === 'nodes' && liveSection && children(liveSection).length > 0) return liveSection;
    if (tag === 'crm_config' && liveSection) return withManagedProperties(section, liveSection);
    return section;
  });
  // Our configuration needs our schema (roles like Promoted need pacemaker-3.7 or later).
  const ourSchema = ours[':@']?.['validate-with'];
  const attrs = { ...(live[':@'] ?? {}), ...(ourSchema ? { 'validate-with': ourSchema } : {}) };
  const merged: XmlNode = { cib: [{ configuration: config }], ':@': attrs };
  return `${builder.build([merged]) as string}`;
}

function withManagedProperties(ours: XmlNode, live: XmlNode): XmlNode {
  const liveSet = children(live).find((s) => s[':@']?.id === 'cib-bootstrap-options');
  if (!liveSet) return ours;
  const managed = children(liveSet).filter((nv) => MANAGED_PROPERTIES.has(nv[':@']?.name ?? ''));
  const sets = children(ours);
  const target = sets.find((s) => s[':@']?.id === 'cib-bootstrap-options');
  if (!target)
    return {
      crm_config: [
        ...sets,
        { cluster_property_set: managed, ':@': { id: 'cib-bootstrap-options' } },
      ],
    };
  const names = new Set(children(target).map((nv) => nv[':@']?.name));
  const extra = managed.filter((nv) => !names.has(nv[':@']?.name));
  const patched: XmlNode = {
    cluster_property_set: [...children(target), ...extra],
    ':@': target[':@'] ?? {},
  };
  return { crm_config: sets.map((s) => (s === target ? patched : s)) };
}

/**
 * The CIB a rollback wants: the live document's attributes (its schema and versions) with
 * the saved <configuration> in place of the live one, minus <status>. Only the
 * configuration goes back; the schema is never lowered.
 */
export function withConfigurationOf(liveXml: string, savedXml: string): string {
  const live = rootOf(parser.parse(liveXml) as XmlNode[], 'the live CIB');
  const saved = rootOf(parser.parse(savedXml) as XmlNode[], 'the saved CIB');
  const config = child(saved, 'configuration');
  if (!config) throw new CibMergeError('the saved CIB has no <configuration>');
  const doc: XmlNode = { cib: [config], ':@': live[':@'] ?? {} };
  return `${builder.build([doc]) as string}`;
}
