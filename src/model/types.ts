import type { z } from 'zod';
import type {
  BlockDevice,
  ConstraintSchema,
  DesignSchema,
  DrbdSchema,
  DrbdVolumeSchema,
  FencingSchema,
  FilesystemSchema,
  FloatingIpSchema,
  IscsiInitiatorSchema,
  IscsiTargetSchema,
  NetworkSchema,
  NodeSchema,
  ServiceSchema,
  VmSchema,
  ClusterSchema,
} from './schema.ts';

/** Model values are plain data that nobody mutates: edits return a new design. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type Design = DeepReadonly<z.output<typeof DesignSchema>>;
/** What a design file may hold before defaults are filled in. */
export type DesignInput = z.input<typeof DesignSchema>;

export type Cluster = Design['cluster'];
export type Network = DeepReadonly<z.output<typeof NetworkSchema>>;
export type ClusterNode = DeepReadonly<z.output<typeof NodeSchema>>;
export type Drbd = DeepReadonly<z.output<typeof DrbdSchema>>;
export type DrbdVolume = DeepReadonly<z.output<typeof DrbdVolumeSchema>>;
export type IscsiTarget = DeepReadonly<z.output<typeof IscsiTargetSchema>>;
export type IscsiInitiator = DeepReadonly<z.output<typeof IscsiInitiatorSchema>>;
export type Vm = DeepReadonly<z.output<typeof VmSchema>>;
export type FloatingIp = DeepReadonly<z.output<typeof FloatingIpSchema>>;
export type Filesystem = DeepReadonly<z.output<typeof FilesystemSchema>>;
export type Service = DeepReadonly<z.output<typeof ServiceSchema>>;
export type Fencing = DeepReadonly<z.output<typeof FencingSchema>>;
export type Constraint = DeepReadonly<z.output<typeof ConstraintSchema>>;
export type BlockDeviceRef = DeepReadonly<z.output<typeof BlockDevice>>;
export type ClusterSettings = DeepReadonly<z.output<typeof ClusterSchema>>;

/** The element collections of a design, in the order the UI and the YAML file list them. */
export const ELEMENT_COLLECTIONS = [
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
  'constraints',
] as const;

export type ElementCollection = (typeof ELEMENT_COLLECTIONS)[number];

/** The kind of an element as the UI and diagnostics name it. */
export const ELEMENT_KIND: Readonly<Record<ElementCollection, string>> = {
  networks: 'network',
  nodes: 'node',
  drbd: 'DRBD resource',
  iscsiTargets: 'iSCSI target',
  iscsiInitiators: 'iSCSI initiator',
  vms: 'virtual machine',
  floatingIps: 'floating IP',
  filesystems: 'filesystem',
  services: 'service',
  fencing: 'fencing device',
  constraints: 'constraint',
};

export type ElementOf<C extends ElementCollection> = Design[C][number];

/** A reference to one element: its collection and its (design-wide unique) name. */
export interface ElementRef {
  readonly collection: ElementCollection;
  readonly name: string;
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
