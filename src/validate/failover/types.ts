/** What the failover analysis reports: where each resource runs after some nodes fail. */

export type ResourceKind =
  'vm' | 'floating-ip' | 'iscsi-target' | 'filesystem' | 'service' | 'drbd';

export type Role = 'started' | 'promoted' | 'unpromoted';

export interface Placement {
  readonly resource: string;
  readonly kind: ResourceKind;
  readonly node: string;
  readonly role: Role;
}

/** Why a resource has nowhere to run. */
export type UnplacedCause =
  'capacity' | 'no-node' | 'cluster-quorum' | 'drbd-quorum' | 'storage' | 'anti-colocation';

export interface Unplaced {
  readonly resource: string;
  readonly kind: ResourceKind;
  readonly cause: UnplacedCause;
  readonly reason: string;
  /** What it would need on one node (VMs only; 0 for the rest). */
  readonly vcpus: number;
  readonly memoryMiB: number;
}

export type FailoverAction =
  | { readonly action: 'fence'; readonly node: string }
  | { readonly action: 'stop'; readonly resource: string; readonly node: string }
  | { readonly action: 'demote'; readonly resource: string; readonly node: string }
  | { readonly action: 'promote'; readonly resource: string; readonly node: string }
  | {
      readonly action: 'move';
      readonly resource: string;
      readonly from: string;
      readonly to: string;
    }
  | { readonly action: 'start'; readonly resource: string; readonly node: string };

export interface FailureAnalysis {
  /** The nodes taken down, in the order given. */
  readonly failed: readonly string[];
  /** Whether the surviving nodes keep corosync quorum. */
  readonly quorate: boolean;
  readonly placements: readonly Placement[];
  readonly unplaced: readonly Unplaced[];
  /** What the cluster does to get from the healthy placement to this one. */
  readonly actions: readonly FailoverAction[];
  /** Sum of what the resources left without room need (the N+1 shortfall). */
  readonly shortfall: { readonly vcpus: number; readonly memoryMiB: number };
}
