import { z } from 'zod';
import {
  cidrv4,
  ipv4,
  iqn,
  paramKey,
  port,
  DNS_NAME_HINT,
  dnsName,
  safeName,
  safePath,
  secretRef,
  singleLine,
} from './values.ts';

/** The schema version this code writes. Older files are migrated on load (migrations.ts). */
export const SCHEMA_VERSION = 2;

const description = singleLine.optional();

// ---------------------------------------------------------------- cluster

export const Transport = z.enum(['knet', 'udpu']);
export const CryptoCipher = z.enum(['none', 'aes256', 'aes192', 'aes128']);
export const CryptoHash = z.enum(['none', 'sha256', 'sha384', 'sha512', 'sha1']);
export const NoQuorumPolicy = z.enum(['stop', 'freeze', 'ignore', 'demote', 'suicide']);
export const PatternKind = z.enum([
  'active-passive',
  'active-active',
  'n-plus-1',
  'n-plus-m',
  'n-to-1',
  'n-to-n',
]);

export const ClusterSchema = z.strictObject({
  name: safeName,
  description,
  /** A lab design: fencing problems are warnings, not errors. */
  lab: z.boolean().default(false),
  corosync: z
    .strictObject({
      transport: Transport.default('knet'),
      cipher: CryptoCipher.default('aes256'),
      hash: CryptoHash.default('sha256'),
      /** Networks carrying corosync links, in link-number order (link 0 first). */
      links: z.array(safeName).min(1, { error: 'corosync needs at least one link network' }),
      tokenMs: z.number().int().min(1000).max(60000).default(3000),
    })
    .refine((c) => c.cipher === 'none' || c.hash !== 'none', {
      error: 'corosync crypto: a cipher needs a hash (set hash, or set cipher to none)',
      path: ['hash'],
    }),
  quorum: z
    .strictObject({
      twoNode: z.boolean().default(false),
      waitForAll: z.boolean().optional(),
      qdevice: z
        .strictObject({
          host: ipv4,
          algorithm: z.enum(['ffsplit', 'lms']).default('ffsplit'),
        })
        .optional(),
    })
    .default({ twoNode: false }),
  pacemaker: z
    .strictObject({
      stonithEnabled: z.boolean().default(true),
      noQuorumPolicy: NoQuorumPolicy.default('stop'),
      resourceStickiness: z.number().int().min(0).max(1000000).default(100),
      /** Pacemaker's placement-strategy; "balanced" uses VM utilization. */
      placementStrategy: z
        .enum(['default', 'utilization', 'minimal', 'balanced'])
        .default('default'),
    })
    .default({
      stonithEnabled: true,
      noQuorumPolicy: 'stop',
      resourceStickiness: 100,
      placementStrategy: 'default',
    }),
  /** The redundancy pattern this design promises; checked by the failover analysis. */
  pattern: z
    .strictObject({
      kind: PatternKind,
      spares: z.number().int().min(0).max(16).default(0),
    })
    .optional(),
});

// ---------------------------------------------------------------- networks and nodes

export const NetworkRole = z.enum(['cluster', 'replication', 'storage', 'public', 'management']);

export const NetworkSchema = z.strictObject({
  name: safeName,
  description,
  cidr: cidrv4,
  role: NetworkRole,
  /** The Linux bridge on each node that VMs on this network attach to. */
  bridge: safeName.optional(),
});

export const Hypervisor = z.enum(['kvm', 'xen', 'openvz']);

/**
 * Where an SSH server listens and whom to log in as. A host is an IPv4 address or a DNS
 * host name, so it can never start with "-" (an option to ssh) nor carry spaces or quotes.
 */
const sshEndpoint = {
  host: z.union([ipv4, dnsName], {
    error: `not an IPv4 address or a host name (${DNS_NAME_HINT})`,
  }),
  port: port.default(22),
  user: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/, { error: 'not a valid Unix user name' })
    .default('root'),
};

/** A bare SSH endpoint: a node's jump host (and what the CLI's --jump is checked against). */
export const SshEndpointSchema = z.strictObject(sshEndpoint);

export const NodeSchema = z.strictObject({
  name: safeName,
  description,
  /** The node's host name as corosync and Pacemaker see it; defaults to the name. */
  hostname: safeName.optional(),
  /** Network name → this node's address on it. */
  addresses: z.record(safeName, ipv4),
  ssh: z
    .strictObject({
      ...sshEndpoint,
      /** A jump host (bastion) whose sshd opens the connection to this node for us. */
      jump: SshEndpointSchema.optional(),
    })
    .optional(),
  capacity: z.strictObject({
    cpus: z.number().int().min(1).max(4096),
    memoryMiB: z
      .number()
      .int()
      .min(256)
      .max(64 * 1024 * 1024),
  }),
  hypervisors: z.array(Hypervisor).default([]),
  /** A spare stays free until a failure (N+1, N+M, N-to-1 patterns). */
  spare: z.boolean().default(false),
  /** The node's own initiator name when it logs into iSCSI targets. */
  initiatorIqn: iqn.optional(),
});

// ---------------------------------------------------------------- storage

export const DrbdVolumeSchema = z.strictObject({
  number: z.number().int().min(0).max(65534),
  minor: z.number().int().min(0).max(1048575),
  disk: safePath,
  sizeGiB: z
    .number()
    .positive()
    .max(1024 * 1024),
});

export const DrbdSchema = z.strictObject({
  name: safeName,
  description,
  version: z.enum(['9', '8.4']).default('9'),
  nodes: z.array(safeName),
  network: safeName,
  port: port,
  protocol: z.enum(['A', 'B', 'C']).default('C'),
  /** Both sides primary at once: needed for live migration and cluster filesystems. */
  dualPrimary: z.boolean().default(false),
  /** DRBD 9 quorum; "majority" needs three or more nodes (or a diskless tiebreaker). */
  quorum: z.enum(['off', 'majority', 'all']).default('off'),
  fencing: z.enum(['dont-care', 'resource-only', 'resource-and-stonith']).default('dont-care'),
  volumes: z.array(DrbdVolumeSchema).min(1, { error: 'a DRBD resource needs at least one volume' }),
});

/** Where a block device comes from: a DRBD volume, an iSCSI LUN, or a local disk. */
export const DrbdRef = z.strictObject({
  kind: z.literal('drbd'),
  resource: safeName,
  volume: z.number().int().min(0).default(0),
});
export const IscsiRef = z.strictObject({
  kind: z.literal('iscsi'),
  target: safeName,
  lun: z.number().int().min(0),
});
export const DiskRef = z.strictObject({ kind: z.literal('disk'), path: safePath });

export const LunBacking = z.discriminatedUnion('kind', [DrbdRef, DiskRef]);
export const VmDisk = z.discriminatedUnion('kind', [DrbdRef, IscsiRef]);
export const BlockDevice = z.discriminatedUnion('kind', [DrbdRef, IscsiRef, DiskRef]);

export const IscsiTargetSchema = z.strictObject({
  name: safeName,
  description,
  iqn,
  implementation: z.enum(['lio', 'tgt', 'iet']),
  /** The floating IP the portal listens on, so initiators follow the target on failover. */
  portal: safeName.optional(),
  port: port.default(3260),
  luns: z
    .array(z.strictObject({ number: z.number().int().min(0).max(16383), backing: LunBacking }))
    .min(1, { error: 'a target needs at least one LUN' }),
  allowedInitiators: z.array(iqn).default([]),
  chap: z.strictObject({ user: safeName, secret: secretRef }).optional(),
  /** Nodes that may host the target; defaults to the nodes of its DRBD backing. */
  nodes: z.array(safeName).optional(),
});

export const IscsiInitiatorSchema = z.strictObject({
  name: safeName,
  description,
  node: safeName,
  target: safeName,
});

// ---------------------------------------------------------------- workloads

export const VmSchema = z.strictObject({
  name: safeName,
  description,
  hypervisor: Hypervisor,
  /** Xen guests run through libvirt (VirtualDomain) or the xl toolstack (Xen agent). */
  toolstack: z.enum(['libvirt', 'xl']).optional(),
  vcpus: z.number().int().min(1).max(512),
  memoryMiB: z
    .number()
    .int()
    .min(64)
    .max(16 * 1024 * 1024),
  /**
   * Block devices of a KVM or Xen guest, in order (first is the boot disk). For an OpenVZ
   * container, the first disk holds its private area, mounted at /vz/private/<ctid>.
   */
  disks: z.array(VmDisk).default([]),
  network: safeName.optional(),
  preferredNode: safeName.optional(),
  liveMigration: z.boolean().default(false),
  /** OpenVZ container id. */
  ctid: z.number().int().min(101).max(2147483647).optional(),
  /** OpenVZ OS template, e.g. debian-12-x86_64. */
  osTemplate: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { error: 'not a safe OS template name' })
    .optional(),
  /** Fixed MAC address; generated from the name when absent. */
  mac: z
    .string()
    .regex(/^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/, {
      error: 'not a MAC address (like 52:54:00:12:34:56)',
    })
    .optional(),
});

export const FloatingIpSchema = z.strictObject({
  name: safeName,
  description,
  address: ipv4,
  network: safeName,
});

export const FilesystemSchema = z.strictObject({
  name: safeName,
  description,
  device: BlockDevice,
  mountpoint: safePath,
  fstype: z.enum(['ext4', 'xfs', 'gfs2', 'ocfs2']).default('ext4'),
});

export const ServiceSchema = z.strictObject({
  name: safeName,
  description,
  agent: z.discriminatedUnion('class', [
    z.strictObject({
      class: z.literal('systemd'),
      unit: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9@._-]{0,127}$/, {
        error: 'not a safe systemd unit name',
      }),
    }),
    z.strictObject({
      class: z.literal('ocf'),
      provider: safeName,
      type: z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, { error: 'not a safe OCF agent name' }),
    }),
  ]),
  params: z.record(paramKey, singleLine).default({}),
  /** Run on every node at once (a Pacemaker clone). */
  clone: z.boolean().default(false),
  /** Resources this one needs: placed with them and started after them. */
  dependsOn: z.array(safeName).default([]),
});

export const FencingKind = z.enum(['ipmi', 'redfish', 'sbd', 'fence_virsh', 'fence_xvm', 'apc']);

export const FencingSchema = z.strictObject({
  name: safeName,
  description,
  kind: FencingKind,
  /** The nodes this device fences. */
  targets: z.array(safeName).min(1, { error: 'a fencing device must fence at least one node' }),
  params: z.record(paramKey, singleLine).default({}),
  password: secretRef.optional(),
});

export const ConstraintSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('colocation'),
    name: safeName,
    /** `with` is placed first; `resource` follows it. */
    resource: safeName,
    with: safeName,
    score: z.union([z.literal('INFINITY'), z.literal('-INFINITY'), z.number().int()]),
  }),
  z.strictObject({
    kind: z.literal('order'),
    name: safeName,
    first: safeName,
    then: safeName,
    mandatory: z.boolean().default(true),
  }),
  z.strictObject({
    kind: z.literal('location'),
    name: safeName,
    resource: safeName,
    node: safeName,
    score: z.union([z.literal('INFINITY'), z.literal('-INFINITY'), z.number().int()]),
  }),
]);

// ---------------------------------------------------------------- the design

export const PositionSchema = z.strictObject({ x: z.number(), y: z.number() });

export const DesignSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  cluster: ClusterSchema,
  networks: z.array(NetworkSchema).default([]),
  nodes: z.array(NodeSchema).default([]),
  drbd: z.array(DrbdSchema).default([]),
  iscsiTargets: z.array(IscsiTargetSchema).default([]),
  iscsiInitiators: z.array(IscsiInitiatorSchema).default([]),
  vms: z.array(VmSchema).default([]),
  floatingIps: z.array(FloatingIpSchema).default([]),
  filesystems: z.array(FilesystemSchema).default([]),
  services: z.array(ServiceSchema).default([]),
  fencing: z.array(FencingSchema).default([]),
  constraints: z.array(ConstraintSchema).default([]),
  /** Element name → canvas position, so a diagram opens as it was saved. */
  layout: z.record(safeName, PositionSchema).default({}),
});
