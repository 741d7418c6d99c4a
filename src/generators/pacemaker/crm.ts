import type {
  Attr,
  Constraint,
  Op,
  PacemakerConfig,
  Primitive,
  Resource,
  Score,
} from './config.ts';
import { CRMSH_UNREADABLE_BACKSLASH } from '../../model/values.ts';
import { agentName, checkId } from './config.ts';

/**
 * Quotes a value for the crm shell, which splits a line with Python's shlex (POSIX mode): in
 * double quotes only the backslash and the double quote need escaping. Line breaks cannot be
 * carried, nor the backslashes crmsh cannot read back from its own CIB (the model refuses
 * both; see CRMSH_UNREADABLE_BACKSLASH).
 */
export function crmQuote(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value) || CRMSH_UNREADABLE_BACKSLASH.test(value)) {
    throw new Error(`value cannot be written for the crm shell: ${JSON.stringify(value)}`);
  }
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const pairs = (list: readonly Attr[]): string =>
  list.map((a) => `${a.name}=${crmQuote(a.value)}`).join(' ');

const score = (s: Score): string =>
  s === 'INFINITY' ? 'inf' : s === '-INFINITY' ? '-inf' : String(s);

function op(o: Op): string {
  const parts = [`op ${o.name} interval=${o.interval}`];
  if (o.timeout !== undefined) parts.push(`timeout=${o.timeout}`);
  if (o.role !== undefined) parts.push(`role=${o.role}`);
  return parts.join(' ');
}

/** One statement over several lines, joined by crm's line continuation. */
const statement = (head: string, rest: readonly string[]): string =>
  [head, ...rest.map((r) => `\t${r}`)].join(' \\\n');

function primitive(p: Primitive): string {
  const rest: string[] = [];
  if (p.description !== undefined) rest.push(`description=${crmQuote(p.description)}`);
  if (p.params.length > 0) rest.push(`params ${pairs(p.params)}`);
  if (p.meta.length > 0) rest.push(`meta ${pairs(p.meta)}`);
  if (p.utilization.length > 0) rest.push(`utilization ${pairs(p.utilization)}`);
  rest.push(...p.ops.map(op));
  return statement(`primitive ${checkId(p.id)} ${agentName(p.agent)}`, rest);
}

function resource(r: Resource): string[] {
  switch (r.kind) {
    case 'primitive':
      return [primitive(r)];
    case 'group': {
      const rest = r.description !== undefined ? [`description=${crmQuote(r.description)}`] : [];
      return [
        ...r.members.map(primitive),
        statement(`group ${checkId(r.id)} ${r.members.map((m) => m.id).join(' ')}`, rest),
      ];
    }
    case 'clone':
      return [
        primitive(r.child),
        statement(
          `clone ${checkId(r.id)} ${r.child.id}`,
          r.meta.length > 0 ? [`meta ${pairs(r.meta)}`] : [],
        ),
      ];
  }
}

function constraint(c: Constraint): string {
  switch (c.kind) {
    case 'location':
      return `location ${checkId(c.id)} ${checkId(c.rsc)} ${score(c.score)}: ${c.node}`;
    case 'colocation': {
      const rsc = checkId(c.rsc) + (c.rscRole !== undefined ? `:${c.rscRole}` : '');
      const withRsc = checkId(c.withRsc) + (c.withRscRole !== undefined ? `:${c.withRscRole}` : '');
      return `colocation ${checkId(c.id)} ${score(c.score)}: ${rsc} ${withRsc}`;
    }
    case 'order':
      return `order ${checkId(c.id)} ${c.order}: ${checkId(c.first)}:${c.firstAction} ${checkId(c.then)}:${c.thenAction}`;
  }
}

/**
 * A script for `crm configure load update crm.txt`: the same configuration as cib.xml.
 * iSCSI CHAP passwords are not in it: deploy sets incoming_password from the keyring.
 */
export function renderCrm(config: PacemakerConfig): string {
  // No comments: crmsh would store them in the CIB as XML comments.
  const lines: string[] = [];
  for (const n of config.nodes) {
    lines.push(
      statement(
        `node ${n.id}: ${n.uname}`,
        n.utilization.length > 0 ? [`utilization ${pairs(n.utilization)}`] : [],
      ),
    );
  }
  for (const r of config.resources) lines.push(...resource(r));
  for (const c of config.constraints) lines.push(constraint(c));
  if (config.properties.length > 0)
    lines.push(`property cib-bootstrap-options: ${pairs(config.properties)}`);
  if (config.rscDefaults.length > 0)
    lines.push(`rsc_defaults rsc-options: ${pairs(config.rscDefaults)}`);
  if (config.opDefaults.length > 0)
    lines.push(`op_defaults op-options: ${pairs(config.opDefaults)}`);
  return lines.join('\n') + '\n';
}
