import type { Diagnostic } from '../../model/diagnostic.ts';
import type { Design } from '../../model/types.ts';
import { diag } from '../diag.ts';
import type { Rule } from '../rule.ts';

/** Corosync votequorum: who may keep running when the cluster splits. */
export const quorumRule: Rule = {
  codes: [
    'quorum-two-node-missing',
    'quorum-two-node-misused',
    'quorum-two-node-with-qdevice',
    'quorum-even-nodes',
    'quorum-policy-ignore',
    'qdevice-on-node',
  ],
  check(design: Design): Diagnostic[] {
    const out: Diagnostic[] = [];
    const q = design.cluster.quorum;
    const count = design.nodes.length;
    const name = design.cluster.name;
    if (q.twoNode && q.qdevice) {
      out.push(
        diag(
          'quorum-two-node-with-qdevice',
          'error',
          [name],
          ['cluster', 'quorum', 'twoNode'],
          'twoNode and a qdevice are both set: corosync refuses two_node together with a quorum device',
          'keep the qdevice and set twoNode: false',
        ),
      );
    } else if (count === 2 && !q.twoNode && !q.qdevice) {
      out.push(
        diag(
          'quorum-two-node-missing',
          'warning',
          [name],
          ['cluster', 'quorum', 'twoNode'],
          'a two-node cluster without twoNode loses quorum as soon as one node fails, so the survivor stops every resource',
          'set quorum.twoNode: true (with fencing), or add a qdevice',
        ),
      );
    } else if (q.twoNode && count !== 2) {
      out.push(
        diag(
          'quorum-two-node-misused',
          'warning',
          [name],
          ['cluster', 'quorum', 'twoNode'],
          `twoNode is set but the cluster has ${count} nodes: votequorum ignores two_node unless there are exactly two`,
          'set twoNode: false',
        ),
      );
    }
    if (count > 2 && count % 2 === 0 && !q.qdevice) {
      out.push(
        diag(
          'quorum-even-nodes',
          'warning',
          [name],
          ['cluster', 'quorum'],
          `${count} nodes and no qdevice: a split down the middle leaves neither half with quorum, and every resource stops`,
          'add a qdevice (quorum.qdevice.host) or an odd number of nodes',
        ),
      );
    }
    if (design.cluster.pacemaker.noQuorumPolicy === 'ignore' && count > 2) {
      out.push(
        diag(
          'quorum-policy-ignore',
          'warning',
          [name],
          ['cluster', 'pacemaker', 'noQuorumPolicy'],
          'noQuorumPolicy is ignore: both halves of a split cluster keep running the same resources',
          'use stop (the default) or freeze; for two nodes use quorum.twoNode instead',
        ),
      );
    }
    if (q.qdevice) {
      const host = q.qdevice.host;
      const node = design.nodes.find((n) => Object.values(n.addresses).includes(host));
      if (node) {
        out.push(
          diag(
            'qdevice-on-node',
            'error',
            [name, node.name],
            ['cluster', 'quorum', 'qdevice', 'host'],
            `the qdevice host ${host} is an address of node "${node.name}": the arbiter must sit outside the cluster it arbitrates`,
            'run corosync-qnetd on a machine that is not a cluster node and point qdevice.host at it',
          ),
        );
      }
    }
    return out;
  },
};
