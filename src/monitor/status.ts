/**
 * The live state of a cluster as the canvas shows it, assembled from crm_mon, DRBD and
 * hypervisor collectors. Plain data; parsers build it, the UI renders it.
 */
export interface NodeStatus {
  readonly name: string;
  readonly online: boolean;
  readonly standby: boolean;
  readonly maintenance: boolean;
  /** Pacemaker lost contact and has not fenced it yet: its resources are in doubt. */
  readonly unclean: boolean;
  readonly isDc: boolean;
  readonly resourcesRunning: number;
}

export type ResourceRole =
  | 'Started'
  | 'Stopped'
  | 'Promoted'
  | 'Unpromoted'
  | 'Starting'
  | 'Stopping'
  | 'Migrating'
  | 'Unknown';

export interface ResourceStatus {
  /** The resource id in the CIB (a clone's instances share their primitive's id). */
  readonly id: string;
  /** The clone or group it belongs to, if any. */
  readonly parent?: string;
  readonly agent: string;
  readonly role: ResourceRole;
  readonly runningOn: readonly string[];
  readonly failed: boolean;
  readonly managed: boolean;
  readonly blocked: boolean;
}

export interface FailedAction {
  readonly resource: string;
  readonly operation: string;
  readonly node: string;
  readonly exitCode: number;
  /** The exit code in words ("not running", "error"…). */
  readonly exitStatus: string;
  readonly exitReason: string;
  readonly status: string;
  readonly lastChange: string;
}

export interface PacemakerStatus {
  readonly nodes: readonly NodeStatus[];
  readonly resources: readonly ResourceStatus[];
  readonly failures: readonly FailedAction[];
  readonly failCounts: readonly {
    readonly node: string;
    readonly resource: string;
    readonly count: number;
  }[];
  readonly stonithEnabled: boolean;
  readonly quorum?: boolean;
  readonly dc?: string;
}

export interface DrbdPeerVolume {
  readonly volume: number;
  readonly replication: string;
  readonly peerDisk: string;
  /** How much of the volume is known to be the same on both sides, 0–100. */
  readonly percentInSync: number;
  /**
   * Progress of the resync (or online verify) running now, 0–100: what `drbdadm status`
   * shows as `done:` and /proc/drbd as `sync'ed:`. Absent when none runs.
   */
  readonly resyncDone?: number;
  /** DRBD's own estimate of the seconds left in the running resync. */
  readonly resyncEtaSeconds?: number;
  /** Data known to differ from this peer, in KiB. */
  readonly outOfSyncKiB?: number;
}

export interface DrbdPeerStatus {
  readonly peer: string;
  readonly connection: string;
  readonly peerRole: string;
  readonly volumes: readonly DrbdPeerVolume[];
}

export interface DrbdResourceStatus {
  readonly name: string;
  readonly role: string;
  /** I/O is suspended (no quorum, fencing, or by the user). */
  readonly suspended?: boolean;
  readonly volumes: readonly {
    readonly volume: number;
    readonly minor: number;
    readonly disk: string;
    readonly quorum?: boolean;
  }[];
  readonly peers: readonly DrbdPeerStatus[];
}

export interface VmStatus {
  readonly name: string;
  /** As virsh prints it: running, paused, shut off, crashed, pmsuspended, in shutdown… */
  readonly state: string;
  /** Why it is in that state (`virsh domstate --reason`), when virsh told us. */
  readonly reason?: string;
}

/** One logged-in iSCSI session of an initiator (`iscsiadm -m session`). */
export interface IscsiSession {
  readonly transport: string;
  readonly sid: number;
  /** The portal address as the initiator logged in to it (IPv6 without brackets). */
  readonly portal: string;
  readonly port: number;
  readonly tpgt: number;
  readonly target: string;
}

/**
 * What one collector found on one node. `absent` is not an error: the tool, its kernel
 * module or its daemon is not there (a lab node has no DRBD module and no libvirtd).
 */
export type Collected<T> =
  | { readonly state: 'ok'; readonly value: T }
  | { readonly state: 'absent'; readonly reason: string }
  | { readonly state: 'failed'; readonly error: string };
