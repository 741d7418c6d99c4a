import type {
  Attr,
  Clone,
  Constraint,
  Group,
  Op,
  PacemakerConfig,
  Primitive,
  Resource,
} from './config.ts';
import { PACEMAKER_UNESCAPED_AFTER_NON_ASCII } from '../../model/values.ts';
import { checkId, scoreText } from './config.ts';

/** The CIB schema and feature set we write: those of Pacemaker 2.1.5 (Debian 12). */
export const CIB_VALIDATE_WITH = 'pacemaker-3.9';
export const CIB_FEATURE_SET = '3.16.1';

// Characters XML 1.0 cannot carry at all, even escaped (controls other than TAB, LF, CR,
// surrogates, U+FFFE/U+FFFF). The model refuses controls first; this guards the format.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/u;

// Anything that may need escaping or refusing; most values hold none of it and pass as they are.
// eslint-disable-next-line no-control-regex
const SPECIAL = /[&<>"'\u0000-\u001f\ud800-\udfff\ufffe\uffff]/;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes text for a double-quoted XML attribute. Whitespace controls become character
 * references, because a parser would otherwise normalise them to spaces. A value Pacemaker
 * 2.1.5 would itself write back unescaped is refused (the model refuses it first).
 */
export function xmlAttr(value: string): string {
  if (!SPECIAL.test(value)) return value;
  if (NOT_XML.test(value))
    throw new Error(`value cannot be written in XML: ${JSON.stringify(value)}`);
  if (PACEMAKER_UNESCAPED_AFTER_NON_ASCII.test(value))
    throw new Error(`value cannot be kept intact by Pacemaker 2.1.5: ${JSON.stringify(value)}`);
  return value.replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c] ?? `&#${c.charCodeAt(0)};`);
}

type Attrs = Readonly<Record<string, string | number | undefined>>;

/** One element with its attributes; children indented below it, or self-closing. */
function element(
  tag: string,
  attributes: Attrs,
  children: readonly string[],
  depth: number,
): string {
  const pad = '  '.repeat(depth);
  // A plain loop: this runs for every one of thousands of constraints.
  let attrText = '';
  for (const name in attributes) {
    const value = attributes[name];
    if (value !== undefined) attrText += ` ${name}="${xmlAttr(String(value))}"`;
  }
  if (children.length === 0) return `${pad}<${tag}${attrText}/>`;
  // join, not +=: a chain of thousands of concatenations stays a tree of string pieces that
  // the garbage collector copies until the text is hashed, which cost more than it saved.
  return [`${pad}<${tag}${attrText}>`, ...children, `${pad}</${tag}>`].join('\n');
}

function nvset(tag: string, id: string, pairs: readonly Attr[], depth: number): string[] {
  if (pairs.length === 0) return [];
  return [
    element(
      tag,
      { id: checkId(id) },
      pairs.map((p) =>
        element(
          'nvpair',
          { id: checkId(`${id}-${p.name}`), name: p.name, value: p.value },
          [],
          depth + 1,
        ),
      ),
      depth,
    ),
  ];
}

function op(rsc: string, o: Op, depth: number): string {
  return element(
    'op',
    {
      id: checkId(`${rsc}-${o.name}-${o.interval}`),
      name: o.name,
      interval: o.interval,
      timeout: o.timeout,
      role: o.role,
    },
    [],
    depth,
  );
}

function primitive(p: Primitive, depth: number): string {
  const agent = p.agent;
  return element(
    'primitive',
    {
      id: checkId(p.id),
      class: agent.class,
      provider: agent.class === 'ocf' ? agent.provider : undefined,
      type: agent.type,
      description: p.description,
    },
    [
      ...nvset('instance_attributes', `${p.id}-instance_attributes`, p.params, depth + 1),
      ...nvset('meta_attributes', `${p.id}-meta_attributes`, p.meta, depth + 1),
      ...nvset('utilization', `${p.id}-utilization`, p.utilization, depth + 1),
      ...(p.ops.length > 0
        ? [
            element(
              'operations',
              {},
              p.ops.map((o) => op(p.id, o, depth + 2)),
              depth + 1,
            ),
          ]
        : []),
    ],
    depth,
  );
}

function group(g: Group, depth: number): string {
  return element(
    'group',
    { id: checkId(g.id), description: g.description },
    g.members.map((m) => primitive(m, depth + 1)),
    depth,
  );
}

function clone(c: Clone, depth: number): string {
  return element(
    'clone',
    { id: checkId(c.id) },
    [
      ...nvset('meta_attributes', `${c.id}-meta_attributes`, c.meta, depth + 1),
      primitive(c.child, depth + 1),
    ],
    depth,
  );
}

function resource(r: Resource, depth: number): string {
  return r.kind === 'primitive'
    ? primitive(r, depth)
    : r.kind === 'group'
      ? group(r, depth)
      : clone(r, depth);
}

function constraint(c: Constraint, depth: number): string {
  switch (c.kind) {
    case 'location':
      return element(
        'rsc_location',
        { id: checkId(c.id), rsc: checkId(c.rsc), node: c.node, score: scoreText(c.score) },
        [],
        depth,
      );
    case 'colocation':
      return element(
        'rsc_colocation',
        {
          id: checkId(c.id),
          rsc: checkId(c.rsc),
          'rsc-role': c.rscRole,
          'with-rsc': checkId(c.withRsc),
          'with-rsc-role': c.withRscRole,
          score: scoreText(c.score),
        },
        [],
        depth,
      );
    case 'order':
      return element(
        'rsc_order',
        {
          id: checkId(c.id),
          first: checkId(c.first),
          'first-action': c.firstAction,
          then: checkId(c.then),
          'then-action': c.thenAction,
          kind: c.order,
        },
        [],
        depth,
      );
  }
}

/** The whole CIB, as `cibadmin --replace` or a shadow CIB takes it, with an empty status. */
export function renderCib(config: PacemakerConfig): string {
  const d = 2;
  const section = (tag: string, children: readonly string[]): string =>
    element(tag, {}, children, d);
  const configuration = element(
    'configuration',
    {},
    [
      section(
        'crm_config',
        nvset('cluster_property_set', 'cib-bootstrap-options', config.properties, d + 1),
      ),
      section(
        'nodes',
        config.nodes.map((n) =>
          element(
            'node',
            { id: n.id, uname: n.uname },
            nvset('utilization', `nodes-${n.id}-utilization`, n.utilization, d + 2),
            d + 1,
          ),
        ),
      ),
      section(
        'resources',
        config.resources.map((r) => resource(r, d + 1)),
      ),
      section(
        'constraints',
        config.constraints.map((c) => constraint(c, d + 1)),
      ),
      section('rsc_defaults', nvset('meta_attributes', 'rsc-options', config.rscDefaults, d + 1)),
      section('op_defaults', nvset('meta_attributes', 'op-options', config.opDefaults, d + 1)),
    ],
    1,
  );
  return (
    element(
      'cib',
      {
        crm_feature_set: CIB_FEATURE_SET,
        'validate-with': CIB_VALIDATE_WITH,
        epoch: 1,
        num_updates: 0,
        admin_epoch: 0,
      },
      [configuration, element('status', {}, [], 1)],
      0,
    ) + '\n'
  );
}
