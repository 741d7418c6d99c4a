import type { Attr, Constraint, Op, PacemakerConfig, Primitive, Resource } from './config.ts';
import { agentName, checkId, needsChapPassword, scoreText } from './config.ts';
import { xmlAttr } from './cib.ts';

/** Quotes one word for a POSIX shell: single quotes, with ' written as '\''. */
export function shQuote(value: string): string {
  if (value.includes('\u0000')) throw new Error('a shell word cannot hold a NUL character');
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

const words = (list: readonly string[]): string => list.map(shQuote).join(' ');
const pairs = (list: readonly Attr[]): string[] => list.map((a) => `${a.name}=${a.value}`);

function op(o: Op): string[] {
  return [
    'op',
    o.name,
    `interval=${o.interval}`,
    ...(o.timeout !== undefined ? [`timeout=${o.timeout}`] : []),
    ...(o.role !== undefined ? [`role=${o.role}`] : []),
  ];
}

const pcs = (...args: string[]): string => `pcs -f "$CIB" ${words(args)}`;
const cibTool = (command: string, ...args: string[]): string =>
  `CIB_file="$CIB" ${command} ${words(args)}`;

/** Where a primitive goes when it is created: on its own, in a group, or in a clone. */
type Placement =
  | { readonly in: 'none' }
  | { readonly in: 'group'; readonly id: string }
  | {
      readonly in: 'clone';
      readonly id: string;
      readonly promotable: boolean;
      readonly meta: readonly Attr[];
    };

function primitive(p: Primitive, placement: Placement): string[] {
  const stonith = p.agent.class === 'stonith';
  const args = [
    ...(stonith
      ? ['stonith', 'create', checkId(p.id), p.agent.type]
      : ['resource', 'create', checkId(p.id), agentName(p.agent)]),
    ...pairs(p.params),
    ...p.ops.flatMap(op),
    ...(p.meta.length > 0 ? ['meta', ...pairs(p.meta)] : []),
    '--no-default-ops',
  ];
  // Services name agents that live on the cluster nodes, not necessarily where this runs.
  if (
    p.agent.class === 'systemd' ||
    (p.agent.class === 'ocf' && !KNOWN_PROVIDERS.has(p.agent.provider))
  ) {
    args.push('--force');
  }
  if (placement.in === 'group') args.push('--group', placement.id);
  if (placement.in === 'clone') {
    const meta = placement.meta.filter((a) => a.name !== 'promotable');
    args.push(placement.promotable ? 'promotable' : 'clone', checkId(placement.id), ...pairs(meta));
  }
  const lines = [pcs(...args)];
  if (p.utilization.length > 0)
    lines.push(pcs('resource', 'utilization', p.id, ...pairs(p.utilization)));
  // pcs has no option for a resource's description: set the attribute with cibadmin.
  if (p.description !== undefined) {
    lines.push(
      cibTool(
        'cibadmin',
        '--modify',
        '--xml-text',
        `<primitive id="${p.id}" description="${xmlAttr(p.description)}"/>`,
      ),
    );
  }
  return lines;
}

/** Providers whose agents ship with Debian's pacemaker, resource-agents and drbd-utils. */
const KNOWN_PROVIDERS: ReadonlySet<string> = new Set(['heartbeat', 'pacemaker', 'linbit']);

function resource(r: Resource): string[] {
  switch (r.kind) {
    case 'primitive':
      return primitive(r, { in: 'none' });
    case 'group':
      return [
        ...r.members.flatMap((m) => primitive(m, { in: 'group', id: checkId(r.id) })),
        ...(r.description !== undefined
          ? [
              cibTool(
                'cibadmin',
                '--modify',
                '--xml-text',
                `<group id="${r.id}" description="${xmlAttr(r.description)}"/>`,
              ),
            ]
          : []),
      ];
    case 'clone':
      return primitive(r.child, { in: 'clone', id: r.id, promotable: r.promotable, meta: r.meta });
  }
}

function constraint(c: Constraint): string {
  switch (c.kind) {
    case 'location':
      // "--" ends the options, so a score of -INFINITY is not read as one.
      return pcs(
        'constraint',
        'location',
        'add',
        checkId(c.id),
        checkId(c.rsc),
        c.node,
        '--',
        scoreText(c.score),
      );
    case 'colocation':
      return pcs(
        'constraint',
        'colocation',
        'add',
        ...(c.rscRole !== undefined ? [c.rscRole] : []),
        checkId(c.rsc),
        'with',
        ...(c.withRscRole !== undefined ? [c.withRscRole] : []),
        checkId(c.withRsc),
        '--',
        scoreText(c.score),
        `id=${checkId(c.id)}`,
      );
    case 'order':
      return pcs(
        'constraint',
        'order',
        c.firstAction,
        checkId(c.first),
        'then',
        c.thenAction,
        checkId(c.then),
        `kind=${c.order}`,
        `id=${checkId(c.id)}`,
      );
  }
}

/**
 * A POSIX shell script that applies the configuration to a CIB file with pcs -f. Run it on
 * a copy of the live CIB and push the result:
 *   pcs cluster cib new.xml && sh pcs.sh new.xml && pcs cluster cib-push new.xml diff-against=old.xml
 */
export function renderPcs(config: PacemakerConfig): string {
  const lines = [
    '#!/bin/sh',
    `# Pacemaker configuration of cluster ${config.clusterName}, in the pcs dialect.`,
    '# Usage: pcs cluster cib cib.xml && sh pcs.sh cib.xml && pcs cluster cib-push cib.xml --config',
    ...(needsChapPassword(config)
      ? [
          '# iSCSI CHAP passwords are not here: deploy sets incoming_password with crm_resource from the keyring.',
        ]
      : []),
    'set -eu',
    'CIB=${1:?usage: pcs.sh CIB_FILE}',
    '',
  ];
  const properties = config.properties.filter((p) => p.name !== 'cluster-name');
  for (const p of config.properties.filter((a) => a.name === 'cluster-name')) {
    lines.push(
      '# Pacemaker sets cluster-name itself from corosync; pcs refuses it, crm_attribute does not.',
      cibTool('crm_attribute', '--type', 'crm_config', '--name', p.name, '--update', p.value),
    );
  }
  if (properties.length > 0) lines.push(pcs('property', 'set', ...pairs(properties)));
  for (const n of config.nodes) {
    // Nodes join from corosync; declaring them here lets utilization be set offline.
    lines.push(
      cibTool(
        'cibadmin',
        '--create',
        '--scope',
        'nodes',
        '--xml-text',
        `<node id="${n.id}" uname="${xmlAttr(n.uname)}"/>`,
      ),
    );
    if (n.utilization.length > 0)
      lines.push(pcs('node', 'utilization', n.uname, ...pairs(n.utilization)));
  }
  if (config.rscDefaults.length > 0)
    lines.push(pcs('resource', 'defaults', 'update', ...pairs(config.rscDefaults)));
  if (config.opDefaults.length > 0)
    lines.push(pcs('resource', 'op', 'defaults', 'update', ...pairs(config.opDefaults)));
  lines.push('');
  for (const r of config.resources) lines.push(...resource(r));
  lines.push('');
  for (const c of config.constraints) lines.push(constraint(c));
  return lines.join('\n') + '\n';
}
