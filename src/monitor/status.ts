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

export interface DrbdPeerStatus {
  readonly peer: string;
  readonly connection: string;
  readonly peerRole: string;
  readonly volumes: readonly {
    readonly volume: number;
    readonly replication: string;
    readonly peerDisk: string;
    /** 0–100; below 100 while a resync runs. */
    readonly percentInSync: number;
  }[];
}

export interface DrbdResourceStatus {
  readonly name: string;
  readonly role: string;
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
  readonly state: string;
}
