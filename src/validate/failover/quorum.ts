import type { Design, Drbd } from '../../model/types.ts';

/**
 * Whether the surviving nodes keep corosync (votequorum) quorum: one vote per node, two_node
 * lets either node of a pair continue, and a qdevice adds one vote (ffsplit) or n-1 (lms)
 * to whichever side still reaches it — here, the survivors.
 */
export function clusterQuorate(design: Design, alive: number): boolean {
  const total = design.nodes.length;
  if (total === 0 || alive === 0) return false;
  const q = design.cluster.quorum;
  if (q.twoNode && total === 2 && !q.qdevice) return true;
  const qdeviceVotes = q.qdevice ? (q.qdevice.algorithm === 'lms' ? total - 1 : 1) : 0;
  return (alive + qdeviceVotes) * 2 > total + qdeviceVotes;
}

/** Whether a DRBD 9 resource with quorum can still be promoted with `up` of its nodes alive. */
export function drbdHasQuorum(drbd: Drbd, up: number): boolean {
  if (drbd.quorum === 'off') return true;
  return drbd.quorum === 'all' ? up === drbd.nodes.length : up * 2 > drbd.nodes.length;
}
