import type { ElementCollection } from '../../../src/model/types.ts';

/** The element kinds a user can place on the canvas (constraints are edited, not placed). */
export const PLACEABLE = [
  'networks',
  'nodes',
  'drbd',
  'iscsiTargets',
  'iscsiInitiators',
  'vms',
  'floatingIps',
  'filesystems',
  'services',
  'fencing',
] as const satisfies readonly ElementCollection[];

export type Placeable = (typeof PLACEABLE)[number];

export interface KindInfo {
  /** What the UI calls one element of the kind. */
  readonly label: string;
  /** The prefix of generated names: node-1, node-2… */
  readonly prefix: string;
  /** A short glyph for the palette and the canvas card. */
  readonly glyph: string;
}

export const KINDS: Readonly<Record<Placeable, KindInfo>> = {
  networks: { label: 'network', prefix: 'net', glyph: '⇄' },
  nodes: { label: 'node', prefix: 'node', glyph: '▣' },
  drbd: { label: 'DRBD resource', prefix: 'drbd', glyph: '⛁' },
  iscsiTargets: { label: 'iSCSI target', prefix: 'target', glyph: '◎' },
  iscsiInitiators: { label: 'iSCSI initiator', prefix: 'initiator', glyph: '◌' },
  vms: { label: 'virtual machine', prefix: 'vm', glyph: '▤' },
  floatingIps: { label: 'floating IP', prefix: 'ip', glyph: '⌖' },
  filesystems: { label: 'filesystem', prefix: 'fs', glyph: '▥' },
  services: { label: 'service', prefix: 'svc', glyph: '⚙' },
  fencing: { label: 'fencing device', prefix: 'fence', glyph: '⚡' },
};

export function isPlaceable(collection: string): collection is Placeable {
  return (PLACEABLE as readonly string[]).includes(collection);
}

/** "a DRBD resource", "an iSCSI target". */
export function aKind(collection: Placeable): string {
  const label = KINDS[collection].label;
  return /^[aeiouAEIOU]/.test(label) ? `an ${label}` : `a ${label}`;
}
