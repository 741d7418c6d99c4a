import type { Placeable } from '../design/kinds.ts';

export type FieldPath = readonly (string | number)[];

/** One inspector field: where it sits in the element and how it is edited. */
export type Field =
  | {
      readonly kind: 'text' | 'number';
      readonly path: FieldPath;
      readonly label: string;
      /** Emptied, the field is removed (its default applies). */
      readonly optional?: boolean;
      /** Emptied, this enclosing block is removed instead: it cannot stand without the field. */
      readonly clears?: FieldPath;
    }
  | {
      readonly kind: 'select';
      readonly path: FieldPath;
      readonly label: string;
      readonly options: readonly string[];
    }
  | { readonly kind: 'checkbox'; readonly path: FieldPath; readonly label: string }
  /** Several names of elements of these kinds, as check boxes. */
  | {
      readonly kind: 'refs';
      readonly path: FieldPath;
      readonly label: string;
      readonly of: readonly Placeable[];
    }
  /** One name of an element of this kind. */
  | {
      readonly kind: 'ref';
      readonly path: FieldPath;
      readonly label: string;
      readonly of: Placeable;
      readonly optional?: boolean;
    }
  /** A list of plain words, written comma-separated. */
  | { readonly kind: 'words'; readonly path: FieldPath; readonly label: string }
  /** key=value per line (agent parameters). */
  | { readonly kind: 'params'; readonly path: FieldPath; readonly label: string }
  /** A node's address on each network. */
  | { readonly kind: 'addresses'; readonly path: FieldPath; readonly label: string };

const name: Field = { kind: 'text', path: ['name'], label: 'Name' };
const description: Field = {
  kind: 'text',
  path: ['description'],
  label: 'Description',
  optional: true,
};

const RESOURCES: readonly Placeable[] = [
  'drbd',
  'iscsiTargets',
  'vms',
  'floatingIps',
  'filesystems',
  'services',
];

/** The cluster's own settings, shown when nothing is selected. */
export const CLUSTER_FIELDS: readonly Field[] = [
  name,
  description,
  { kind: 'checkbox', path: ['lab'], label: 'Lab design (fencing problems are warnings)' },
  { kind: 'refs', path: ['corosync', 'links'], label: 'Corosync links', of: ['networks'] },
  {
    kind: 'select',
    path: ['corosync', 'transport'],
    label: 'Corosync transport',
    options: ['knet', 'udpu'],
  },
  { kind: 'checkbox', path: ['quorum', 'twoNode'], label: 'Two-node quorum' },
  { kind: 'checkbox', path: ['pacemaker', 'stonithEnabled'], label: 'Fencing (STONITH) enabled' },
  {
    kind: 'select',
    path: ['pacemaker', 'noQuorumPolicy'],
    label: 'No-quorum policy',
    options: ['stop', 'freeze', 'ignore', 'demote', 'suicide'],
  },
];

export const FIELDS: Readonly<Record<Placeable, readonly Field[]>> = {
  networks: [
    name,
    description,
    { kind: 'text', path: ['cidr'], label: 'CIDR' },
    {
      kind: 'select',
      path: ['role'],
      label: 'Role',
      options: ['cluster', 'replication', 'storage', 'public', 'management'],
    },
    { kind: 'text', path: ['bridge'], label: 'Bridge', optional: true },
  ],
  nodes: [
    name,
    description,
    { kind: 'text', path: ['hostname'], label: 'Host name', optional: true },
    { kind: 'addresses', path: ['addresses'], label: 'Addresses' },
    // Emptying the SSH host removes the whole ssh block; emptying the jump host, the jump.
    { kind: 'text', path: ['ssh', 'host'], label: 'SSH host', clears: ['ssh'] },
    { kind: 'number', path: ['ssh', 'port'], label: 'SSH port', optional: true },
    { kind: 'text', path: ['ssh', 'user'], label: 'SSH user', optional: true },
    {
      kind: 'text',
      path: ['ssh', 'jump', 'host'],
      label: 'Jump host (bastion)',
      clears: ['ssh', 'jump'],
    },
    { kind: 'number', path: ['ssh', 'jump', 'port'], label: 'Jump host port', optional: true },
    { kind: 'text', path: ['ssh', 'jump', 'user'], label: 'Jump host user', optional: true },
    { kind: 'number', path: ['capacity', 'cpus'], label: 'CPUs' },
    { kind: 'number', path: ['capacity', 'memoryMiB'], label: 'Memory (MiB)' },
    { kind: 'words', path: ['hypervisors'], label: 'Hypervisors (kvm, xen, openvz)' },
    { kind: 'checkbox', path: ['spare'], label: 'Spare' },
    { kind: 'text', path: ['initiatorIqn'], label: 'Initiator IQN', optional: true },
  ],
  drbd: [
    name,
    description,
    { kind: 'select', path: ['version'], label: 'DRBD version', options: ['9', '8.4'] },
    { kind: 'refs', path: ['nodes'], label: 'Replicas', of: ['nodes'] },
    { kind: 'ref', path: ['network'], label: 'Replication network', of: 'networks' },
    { kind: 'number', path: ['port'], label: 'Port' },
    { kind: 'select', path: ['protocol'], label: 'Protocol', options: ['A', 'B', 'C'] },
    { kind: 'checkbox', path: ['dualPrimary'], label: 'Dual primary' },
    { kind: 'select', path: ['quorum'], label: 'Quorum', options: ['off', 'majority', 'all'] },
    {
      kind: 'select',
      path: ['fencing'],
      label: 'Fencing policy',
      options: ['dont-care', 'resource-only', 'resource-and-stonith'],
    },
    { kind: 'text', path: ['volumes', 0, 'disk'], label: 'Volume 0 backing disk' },
    { kind: 'number', path: ['volumes', 0, 'sizeGiB'], label: 'Volume 0 size (GiB)' },
    { kind: 'number', path: ['volumes', 0, 'minor'], label: 'Volume 0 minor' },
  ],
  iscsiTargets: [
    name,
    description,
    { kind: 'text', path: ['iqn'], label: 'IQN' },
    {
      kind: 'select',
      path: ['implementation'],
      label: 'Implementation',
      options: ['lio', 'tgt', 'iet'],
    },
    { kind: 'ref', path: ['portal'], label: 'Portal address', of: 'floatingIps', optional: true },
    { kind: 'number', path: ['port'], label: 'Port' },
    { kind: 'words', path: ['allowedInitiators'], label: 'Allowed initiator IQNs' },
  ],
  iscsiInitiators: [
    name,
    description,
    { kind: 'ref', path: ['node'], label: 'Node', of: 'nodes' },
    { kind: 'ref', path: ['target'], label: 'Target', of: 'iscsiTargets' },
  ],
  vms: [
    name,
    description,
    {
      kind: 'select',
      path: ['hypervisor'],
      label: 'Hypervisor',
      options: ['kvm', 'xen', 'openvz'],
    },
    { kind: 'number', path: ['vcpus'], label: 'vCPUs' },
    { kind: 'number', path: ['memoryMiB'], label: 'Memory (MiB)' },
    { kind: 'ref', path: ['network'], label: 'Network', of: 'networks', optional: true },
    { kind: 'ref', path: ['preferredNode'], label: 'Preferred node', of: 'nodes', optional: true },
    { kind: 'checkbox', path: ['liveMigration'], label: 'Live migration' },
  ],
  floatingIps: [
    name,
    description,
    { kind: 'text', path: ['address'], label: 'Address' },
    { kind: 'ref', path: ['network'], label: 'Network', of: 'networks' },
  ],
  filesystems: [
    name,
    description,
    { kind: 'text', path: ['mountpoint'], label: 'Mount point' },
    {
      kind: 'select',
      path: ['fstype'],
      label: 'Filesystem',
      options: ['ext4', 'xfs', 'gfs2', 'ocfs2'],
    },
  ],
  services: [
    name,
    description,
    { kind: 'text', path: ['agent', 'unit'], label: 'systemd unit' },
    { kind: 'checkbox', path: ['clone'], label: 'Run on every node (clone)' },
    { kind: 'refs', path: ['dependsOn'], label: 'Depends on', of: RESOURCES },
    { kind: 'params', path: ['params'], label: 'Parameters (key=value per line)' },
  ],
  fencing: [
    name,
    description,
    {
      kind: 'select',
      path: ['kind'],
      label: 'Kind',
      options: ['ipmi', 'redfish', 'sbd', 'fence_virsh', 'fence_xvm', 'apc'],
    },
    { kind: 'refs', path: ['targets'], label: 'Fences nodes', of: ['nodes'] },
    { kind: 'params', path: ['params'], label: 'Parameters (key=value per line)' },
    { kind: 'text', path: ['password'], label: 'Password secret name', optional: true },
  ],
};

/** What typing `text` into a text or number field changes: a path and its new value. */
export function typedEdit(
  field: Extract<Field, { kind: 'text' | 'number' }>,
  text: string,
): { readonly path: FieldPath; readonly value: unknown } {
  if (text === '' && field.clears) return { path: field.clears, value: undefined };
  if (text === '' && field.optional) return { path: field.path, value: undefined };
  if (field.kind === 'text') return { path: field.path, value: text };
  // A number that does not read as one is kept as typed, so validation can say why.
  const n = Number(text);
  return { path: field.path, value: text !== '' && Number.isFinite(n) ? n : text };
}

/** The value at a path inside an element. */
export function valueAt(item: unknown, path: FieldPath): unknown {
  let node = item;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** The key a test or a label uses for a field: "capacity.cpus". */
export function fieldId(path: FieldPath): string {
  return path.join('.');
}

/** Reads "key=value" lines; lines without "=" are ignored. */
export function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

export function formatParams(params: unknown): string {
  if (typeof params !== 'object' || params === null) return '';
  return Object.entries(params as Record<string, unknown>)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('\n');
}
