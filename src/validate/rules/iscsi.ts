import type { Diagnostic } from '../../model/diagnostic.ts';
import type { Design } from '../../model/types.ts';
import type { DesignIndex } from '../designIndex.ts';
import { diag, listing } from '../diag.ts';
import { placementModel } from '../failover/model.ts';
import type { Rule } from '../rule.ts';

/** iSCSI targets and initiators: paths, access control and what each implementation allows. */
export const iscsiRule: Rule = {
  codes: [
    'iscsi-drbd-no-portal',
    'iscsi-lio-no-portal',
    'iscsi-target-no-node',
    'iscsi-target-node-no-backing',
    'iscsi-lun-local-disk',
    'iscsi-lun-duplicate',
    'iscsi-tgt-lun-zero',
    'iscsi-iet-unmaintained',
    'iscsi-iqn-duplicate',
    'iscsi-open-target',
    'iscsi-chap-no-acl',
    'iscsi-chap-secret',
    'iscsi-initiator-no-iqn',
    'iscsi-initiator-iqn-duplicate',
    'iscsi-initiator-not-allowed',
    'iscsi-initiator-no-path',
    'iscsi-target-unused',
  ],
  check(design: Design, index: DesignIndex): Diagnostic[] {
    const out: Diagnostic[] = [];
    const model = placementModel(design);
    const iqns = new Map<string, string>();
    design.iscsiTargets.forEach((t, i) => {
      const at = (...rest: (string | number)[]): (string | number)[] => [
        'iscsiTargets',
        i,
        ...rest,
      ];
      const backing = t.luns.flatMap((l) =>
        l.backing.kind === 'drbd' ? [l.backing.resource] : [],
      );
      const hasLocal = t.luns.some((l) => l.backing.kind === 'disk');
      if (t.portal === undefined) {
        if (backing.length > 0) {
          out.push(
            diag(
              'iscsi-drbd-no-portal',
              'error',
              [t.name],
              at('portal'),
              `iSCSI target "${t.name}" sits on DRBD and moves between nodes, but has no portal floating IP: initiators lose it on failover`,
              'add a floating IP on the storage network and set it as portal',
            ),
          );
        } else if (t.implementation === 'lio') {
          out.push(
            diag(
              'iscsi-lio-no-portal',
              'warning',
              [t.name],
              at('portal'),
              `LIO target "${t.name}" has no portal, so LIO listens on 0.0.0.0:${t.port} on every interface of the node`,
              'set portal to a floating IP on the storage network',
            ),
          );
        }
      }
      const unit = model.units[model.unitOf.get(t.name) ?? -1];
      if (unit && unit.feasible.length === 0) {
        out.push(
          diag(
            'iscsi-target-no-node',
            'error',
            [t.name],
            at(),
            `iSCSI target "${t.name}" can run on no node: ${unit.whyNone}`,
            'list nodes that hold its backing DRBD resources and have an address on the portal network',
          ),
        );
      }
      if (t.nodes) {
        for (const r of new Set(backing)) {
          const members = new Set(index.drbd.get(r)?.nodes ?? []);
          const outside = t.nodes.filter((n) => !members.has(n));
          if (outside.length > 0) {
            out.push(
              diag(
                'iscsi-target-node-no-backing',
                'error',
                [t.name, r, ...outside],
                at('nodes'),
                `iSCSI target "${t.name}" may run on ${listing(outside)}, which ${outside.length === 1 ? 'is' : 'are'} not a node of its backing DRBD resource "${r}"`,
                `remove ${listing(outside)} from the target's nodes, or add ${outside.length === 1 ? 'it' : 'them'} to ${r}`,
              ),
            );
          }
        }
      }
      const mayMove = t.nodes
        ? new Set(t.nodes).size > 1
        : backing.length > 0 || design.nodes.length > 1;
      if (hasLocal && mayMove) {
        out.push(
          diag(
            'iscsi-lun-local-disk',
            'error',
            [t.name],
            at('luns'),
            `iSCSI target "${t.name}" exports a local disk but may run on more than one node: after a failover initiators see a different disk`,
            'back the LUN with a DRBD volume, or pin the target to one node (nodes: [that node])',
          ),
        );
      }
      const lunNumbers = new Set<number>();
      t.luns.forEach((l, j) => {
        if (lunNumbers.has(l.number)) {
          out.push(
            diag(
              'iscsi-lun-duplicate',
              'error',
              [t.name],
              at('luns', j, 'number'),
              `iSCSI target "${t.name}" has LUN ${l.number} twice`,
              'number its LUNs uniquely',
            ),
          );
        }
        lunNumbers.add(l.number);
        if (t.implementation === 'tgt' && l.number === 0) {
          out.push(
            diag(
              'iscsi-tgt-lun-zero',
              'error',
              [t.name],
              at('luns', j, 'number'),
              `tgt target "${t.name}" exports a disk as LUN 0, which tgt reserves for its controller`,
              'number tgt LUNs from 1',
            ),
          );
        }
      });
      if (t.implementation === 'iet') {
        out.push(
          diag(
            'iscsi-iet-unmaintained',
            'warning',
            [t.name],
            at('implementation'),
            `iSCSI target "${t.name}" uses IET (iSCSI Enterprise Target), which is unmaintained and does not build on current kernels`,
            'use implementation: lio (in the kernel) or tgt',
          ),
        );
      }
      const otherIqn = iqns.get(t.iqn);
      if (otherIqn !== undefined) {
        out.push(
          diag(
            'iscsi-iqn-duplicate',
            'error',
            [t.name, otherIqn],
            at('iqn'),
            `iSCSI targets "${otherIqn}" and "${t.name}" have the same IQN ${t.iqn}`,
            'give each target its own IQN',
          ),
        );
      } else iqns.set(t.iqn, t.name);
      if (t.allowedInitiators.length === 0) {
        out.push(
          t.chap
            ? diag(
                'iscsi-chap-no-acl',
                'warning',
                [t.name],
                at('allowedInitiators'),
                `iSCSI target "${t.name}" has CHAP but no allowed initiators: any initiator that learns the one shared secret gets every LUN`,
                'list the initiator IQNs in allowedInitiators',
              )
            : diag(
                'iscsi-open-target',
                'warning',
                [t.name],
                at('allowedInitiators'),
                `iSCSI target "${t.name}" has neither allowed initiators nor CHAP: anyone who reaches the portal can log in and write its LUNs`,
                'list the initiator IQNs in allowedInitiators (and consider CHAP)',
              ),
        );
      }
      if (t.chap) {
        out.push(
          diag(
            'iscsi-chap-secret',
            'info',
            [t.name],
            at('chap', 'secret'),
            `the CHAP secret "${t.chap.secret}" of "${t.name}" is kept outside the design: it must be 12 to 16 characters for most initiators (open-iscsi, Windows)${t.implementation === 'iet' ? ' and IET' : ''}`,
            'store a secret of 12 to 16 characters under that name; deploy checks it',
          ),
        );
      }
    });

    const nodeOfIqn = new Map<string, string>();
    design.nodes.forEach((n, i) => {
      if (n.initiatorIqn === undefined) return;
      const other = nodeOfIqn.get(n.initiatorIqn);
      if (other !== undefined) {
        out.push(
          diag(
            'iscsi-initiator-iqn-duplicate',
            'error',
            [n.name, other],
            ['nodes', i, 'initiatorIqn'],
            `nodes "${other}" and "${n.name}" have the same initiator IQN ${n.initiatorIqn}: targets cannot tell their sessions apart`,
            'give every node its own initiatorIqn',
          ),
        );
      } else nodeOfIqn.set(n.initiatorIqn, n.name);
    });
    const targetsInUse = new Set<string>();
    design.iscsiInitiators.forEach((ini, i) => {
      targetsInUse.add(ini.target);
      const node = index.nodes.get(ini.node);
      const t = index.targets.get(ini.target);
      if (!node || !t) return;
      const at = (...rest: (string | number)[]): (string | number)[] => [
        'iscsiInitiators',
        i,
        ...rest,
      ];
      if (node.initiatorIqn === undefined) {
        out.push(
          diag(
            'iscsi-initiator-no-iqn',
            'error',
            [ini.name, node.name],
            at('node'),
            `initiator "${ini.name}" runs on node "${node.name}", which has no initiatorIqn`,
            `set initiatorIqn on ${node.name} (like iqn.2026-01.com.example:${node.name})`,
          ),
        );
      } else if (
        t.allowedInitiators.length > 0 &&
        !t.allowedInitiators.includes(node.initiatorIqn)
      ) {
        out.push(
          diag(
            'iscsi-initiator-not-allowed',
            'error',
            [ini.name, t.name, node.name],
            at('target'),
            `node "${node.name}" (${node.initiatorIqn}) logs into "${t.name}", whose allowed initiators do not include it: the login is refused`,
            `add ${node.initiatorIqn} to allowedInitiators of ${t.name}`,
          ),
        );
      }
      const portal = t.portal !== undefined ? index.floatingIps.get(t.portal) : undefined;
      if (portal) {
        if (node.addresses[portal.network] === undefined) {
          out.push(
            diag(
              'iscsi-initiator-no-path',
              'error',
              [ini.name, node.name, portal.name],
              at('node'),
              `node "${node.name}" has no address on network "${portal.network}", where the portal ${portal.address} of "${t.name}" lives`,
              `give ${node.name} an address on ${portal.network}`,
            ),
          );
        }
      } else {
        const unit = model.units[model.unitOf.get(t.name) ?? -1];
        const nets = new Set(Object.keys(node.addresses));
        const reachable = (unit?.feasible ?? []).some((n) =>
          Object.keys(design.nodes[n]?.addresses ?? {}).some((net) => nets.has(net)),
        );
        if (unit && unit.feasible.length > 0 && !reachable) {
          out.push(
            diag(
              'iscsi-initiator-no-path',
              'error',
              [ini.name, node.name, t.name],
              at('node'),
              `node "${node.name}" shares no network with any node that can run target "${t.name}"`,
              `give ${node.name} an address on the storage network of the target nodes`,
            ),
          );
        }
      }
    });
    design.iscsiTargets.forEach((t, i) => {
      if (!targetsInUse.has(t.name)) {
        out.push(
          diag(
            'iscsi-target-unused',
            'info',
            [t.name],
            ['iscsiTargets', i],
            `no initiator logs into iSCSI target "${t.name}"`,
            'add an iSCSI initiator on each node that should use it',
          ),
        );
      }
    });
    return out;
  },
};
