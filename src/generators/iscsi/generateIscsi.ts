import type { Design, IscsiTarget } from '../../model/types.ts';
import { assertNever } from '../../model/types.ts';
import type { BundleFile } from '../bundleFile.ts';
import { findNode } from '../nodes.ts';
import { ietInitiatorsAllow, ietdConf } from './iet.ts';
import { initiatorNameFile, loginScript } from './initiator.ts';
import { targetcliScript } from './lio.ts';
import { tgtConf } from './tgt.ts';
import { findTarget, targetHosts } from './topology.ts';

/**
 * Target side on every node that may host each target, initiator side on every initiator
 * node. In a Pacemaker cluster the iSCSITarget/iSCSILogicalUnit agents run the target; these
 * files configure it standalone and document what the agents set up.
 */
export function generateIscsi(design: Design): BundleFile[] {
  const files: BundleFile[] = [];
  const ietByNode = new Map<string, IscsiTarget[]>();
  for (const target of design.iscsiTargets) {
    for (const host of targetHosts(design, target)) {
      const impl = target.implementation;
      switch (impl) {
        case 'tgt':
          files.push({
            node: host.name,
            path: `/etc/tgt/conf.d/${target.name}.conf`,
            mode: secretMode(target),
            content: tgtConf(design, target),
            element: target.name,
            kind: 'iscsi-tgt',
          });
          break;
        case 'lio':
          files.push({
            node: host.name,
            path: `/etc/clusterwright/iscsi/${target.name}.targetcli`,
            mode: secretMode(target),
            content: targetcliScript(design, target),
            element: target.name,
            kind: 'iscsi-lio',
          });
          break;
        case 'iet':
          ietByNode.set(host.name, [...(ietByNode.get(host.name) ?? []), target]);
          break;
        default:
          assertNever(impl, 'iSCSI implementation');
      }
    }
  }
  for (const [node, targets] of ietByNode) {
    const element = targets.map((t) => t.name).join(',');
    files.push(
      {
        node,
        path: '/etc/iet/ietd.conf',
        mode: 0o600,
        content: ietdConf(design, targets, element),
        element,
        kind: 'iscsi-iet',
      },
      {
        node,
        path: '/etc/iet/initiators.allow',
        mode: 0o644,
        content: ietInitiatorsAllow(targets, element),
        element,
        kind: 'iscsi-iet',
      },
    );
  }
  const named = new Set<string>();
  const loggedIn = new Set<string>();
  for (const initiator of design.iscsiInitiators) {
    const node = findNode(design, initiator.node);
    const target = findTarget(design, initiator.target);
    // Two initiator elements for one node and target would write the same script twice.
    if (loggedIn.has(`${node.name} ${target.name}`)) continue;
    loggedIn.add(`${node.name} ${target.name}`);
    if (node.initiatorIqn !== undefined && !named.has(node.name)) {
      named.add(node.name);
      files.push({
        node: node.name,
        path: '/etc/iscsi/initiatorname.iscsi',
        mode: 0o644,
        content: initiatorNameFile(node, node.initiatorIqn),
        element: node.name,
        kind: 'iscsi-initiator',
      });
    }
    files.push({
      node: node.name,
      path: `/etc/clusterwright/iscsi/login-${target.name}.sh`,
      mode: 0o755,
      content: loginScript(design, target, initiator.name),
      element: initiator.name,
      kind: 'iscsi-initiator',
    });
  }
  return files;
}

/** Files that will hold a CHAP secret once deploy fills it in are readable by root only. */
function secretMode(target: IscsiTarget): number {
  return target.chap ? 0o600 : 0o644;
}
