import type { Source } from './notes.ts';

/**
 * What each parser read, before names are made safe and elements are tied together. Names
 * here are as the files spell them; assemble.ts turns facts into one design.
 */
export interface InputFile {
  readonly path: string;
  readonly content: string;
  /** The node the file was read from, when the path does not say (a live import). */
  readonly node?: string;
}

export interface DrbdVolumeFact {
  readonly number: number;
  minor?: number;
  disk?: string;
  sizeGiB?: number;
  source: Source;
}

export interface DrbdHostFact {
  readonly name: string;
  address?: string;
  port?: number;
  nodeId?: number;
  readonly source: Source;
}

export interface DrbdFact {
  readonly name: string;
  readonly source: Source;
  version: '9' | '8.4';
  hosts: DrbdHostFact[];
  protocol?: 'A' | 'B' | 'C';
  dualPrimary?: boolean;
  quorum?: 'off' | 'majority' | 'all';
  fencing?: 'dont-care' | 'resource-only' | 'resource-and-stonith';
  volumes: DrbdVolumeFact[];
}

export interface CorosyncNodeFact {
  name?: string;
  nodeId?: number;
  /** Link (ring) number → address as written (an IPv4 address or a host name). */
  readonly addresses: Map<number, string>;
  readonly source: Source;
}

export interface CorosyncFact {
  readonly source: Source;
  clusterName?: string;
  transport?: 'knet' | 'udpu';
  cipher?: 'none' | 'aes256' | 'aes192' | 'aes128';
  hash?: 'none' | 'sha256' | 'sha384' | 'sha512' | 'sha1';
  tokenMs?: number;
  nodes: CorosyncNodeFact[];
  twoNode?: boolean;
  waitForAll?: boolean;
  qdevice?: { host: string; algorithm: 'ffsplit' | 'lms' };
}

export type Hypervisor = 'kvm' | 'xen' | 'openvz';

export interface VmFact {
  name: string;
  readonly source: Source;
  /** Which kind of file described it; a CIB primitive and a domain file merge into one VM. */
  readonly from: 'libvirt' | 'xl' | 'openvz' | 'cib';
  hypervisor?: Hypervisor;
  toolstack?: 'libvirt' | 'xl';
  vcpus?: number;
  memoryMiB?: number;
  /** Block device paths as the file names them (/dev/drbd1, /dev/drbd/by-res/r0/0, …). */
  disks: { path: string; source: Source }[];
  bridge?: string;
  mac?: string;
  ctid?: number;
  osTemplate?: string;
  /** The path of the domain file a CIB primitive points at (config=, xmfile=). */
  configPath?: string;
  liveMigration?: boolean;
  pacemakerId?: string;
  /** Key of the description/notes owner, so notes follow the merged VM. */
  readonly key: string;
}

export interface TargetFact {
  readonly iqn: string;
  readonly source: Source;
  implementation?: 'lio' | 'tgt' | 'iet';
  luns: { number: number; path: string; source: Source }[];
  allowedInitiators: string[];
  chapUser?: string;
  portal?: { address: string; port?: number };
  pacemakerId?: string;
  readonly key: string;
}

/** A node's login to a target (its login script), by the target's IQN. */
export interface LoginFact {
  readonly node: string;
  readonly targetIqn: string;
  /** The initiator element's name, when the file says it (a generated header). */
  readonly element?: string;
  readonly source: Source;
}

/** `/etc/iscsi/initiatorname.iscsi` of a node, when the path names the node. */
export interface InitiatorNameFact {
  readonly node: string;
  readonly iqn: string;
  readonly source: Source;
}
