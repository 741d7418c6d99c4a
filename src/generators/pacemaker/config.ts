/**
 * The Pacemaker configuration as typed data: computed once from a design (fromDesign.ts),
 * then rendered into three dialects that mean the same thing (cib.ts, crm.ts, pcs.ts).
 * Ids are Pacemaker ids (XML names); values are free text that each renderer escapes.
 */

/** A Pacemaker score: an integer, or the two infinities. */
export type Score = number | 'INFINITY' | '-INFINITY';

/** One name=value pair of an attribute set (params, meta, utilization, properties). */
/**
 * Prefix of the meta attributes that carry a lab stand-in's real parameters (inert for
 * Pacemaker; the CIB importer reads them back).
 */
export const STAND_IN_PARAM = 'cw-real-';

export interface Attr {
  readonly name: string;
  readonly value: string;
}

export type Agent =
  | { readonly class: 'ocf'; readonly provider: string; readonly type: string }
  | { readonly class: 'systemd'; readonly type: string }
  | { readonly class: 'stonith'; readonly type: string };

export type Role = 'Promoted' | 'Unpromoted';

export interface Op {
  readonly name:
    'monitor' | 'start' | 'stop' | 'promote' | 'demote' | 'migrate_to' | 'migrate_from';
  /** With unit, like "30s"; "0s" for one-shot actions. */
  readonly interval: string;
  readonly timeout?: string;
  readonly role?: Role;
}

export interface Primitive {
  readonly kind: 'primitive';
  readonly id: string;
  readonly agent: Agent;
  readonly description?: string;
  readonly params: readonly Attr[];
  readonly meta: readonly Attr[];
  readonly utilization: readonly Attr[];
  readonly ops: readonly Op[];
}

export interface Group {
  readonly kind: 'group';
  readonly id: string;
  readonly description?: string;
  readonly members: readonly Primitive[];
}

export interface Clone {
  readonly kind: 'clone';
  readonly id: string;
  readonly child: Primitive;
  /** A promotable clone (promotable=true is among its meta attributes). */
  readonly promotable: boolean;
  readonly meta: readonly Attr[];
}

export type Resource = Primitive | Group | Clone;

export interface Location {
  readonly kind: 'location';
  readonly id: string;
  readonly rsc: string;
  readonly node: string;
  readonly score: Score;
}

export interface Colocation {
  readonly kind: 'colocation';
  readonly id: string;
  /** Placed relative to withRsc. */
  readonly rsc: string;
  /** The role of rsc that is placed (a promotable clone's Promoted instance). */
  readonly rscRole?: Role;
  readonly withRsc: string;
  readonly withRscRole?: Role;
  readonly score: Score;
}

export type OrderAction = 'start' | 'promote';

export interface Order {
  readonly kind: 'order';
  readonly id: string;
  readonly first: string;
  readonly firstAction: OrderAction;
  readonly then: string;
  readonly thenAction: 'start';
  readonly order: 'Mandatory' | 'Optional';
}

export type Constraint = Location | Colocation | Order;

export interface PacemakerNode {
  /** The corosync node id: the node's position in the design, from 1. */
  readonly id: number;
  readonly uname: string;
  readonly utilization: readonly Attr[];
}

export interface PacemakerConfig {
  readonly clusterName: string;
  readonly nodes: readonly PacemakerNode[];
  /** cib-bootstrap-options. */
  readonly properties: readonly Attr[];
  readonly rscDefaults: readonly Attr[];
  readonly opDefaults: readonly Attr[];
  readonly resources: readonly Resource[];
  readonly constraints: readonly Constraint[];
}

/** Every primitive of the configuration, inside groups and clones too, in order. */
export function allPrimitives(config: PacemakerConfig): Primitive[] {
  return config.resources.flatMap((r) =>
    r.kind === 'primitive' ? [r] : r.kind === 'group' ? [...r.members] : [r.child],
  );
}

export function agentName(agent: Agent): string {
  return agent.class === 'ocf'
    ? `ocf:${agent.provider}:${agent.type}`
    : `${agent.class}:${agent.type}`;
}

export function scoreText(score: Score): string {
  return typeof score === 'number' ? String(score) : score;
}

/** Pacemaker ids are XML names; ours are built from safe names, so this only guards bugs. */
const PACEMAKER_ID = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function checkId(id: string): string {
  if (!PACEMAKER_ID.test(id)) throw new Error(`not a Pacemaker id: ${JSON.stringify(id)}`);
  return id;
}

/** True when a target has a CHAP user, whose password deploy sets outside the files. */
export function needsChapPassword(config: PacemakerConfig): boolean {
  return allPrimitives(config).some((p) => p.params.some((a) => a.name === 'incoming_username'));
}
