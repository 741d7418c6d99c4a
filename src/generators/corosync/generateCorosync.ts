import type { Design } from '../../model/types.ts';
import type { BundleFile } from '../bundleFile.ts';
import { generatedBy } from '../header.ts';
import { addressOn, nodeHostname } from '../nodes.ts';
import type { CorosyncStatement } from './corosyncConf.ts';
import { option, renderCorosyncConf, section } from './corosyncConf.ts';

const yesNo = (b: boolean): number => (b ? 1 : 0);

/**
 * corosync.conf, the same on every node. The authkey that crypto needs is created at deploy
 * time on one node and copied to the others; it is never part of the design or the bundle.
 */
export function generateCorosync(design: Design): BundleFile[] {
  if (design.nodes.length === 0) return [];
  const content = corosyncConf(design);
  return design.nodes.map((node) => ({
    node: node.name,
    path: '/etc/corosync/corosync.conf',
    mode: 0o644,
    content,
    element: design.cluster.name,
    kind: 'corosync' as const,
  }));
}

export function corosyncConf(design: Design): string {
  const { cluster } = design;
  const c = cluster.corosync;
  // Corosync 3 refuses these (corosync -t: "only valid for the Knet transport").
  if (c.transport === 'udpu' && (c.links.length > 1 || c.cipher !== 'none' || c.hash !== 'none')) {
    throw new Error(
      `cluster "${cluster.name}": corosync's udpu transport carries one link and no crypto: use transport knet, or keep one link and set cipher and hash to none`,
    );
  }
  const totem = section('totem', [
    option('version', 2),
    option('cluster_name', cluster.name),
    option('transport', c.transport),
    option('crypto_cipher', c.cipher),
    option('crypto_hash', c.hash),
    option('token', c.tokenMs),
    ...c.links.map((_, i) => section('interface', [option('linknumber', i)])),
  ]);
  const nodelist = section(
    'nodelist',
    design.nodes.map((node, i) =>
      section('node', [
        ...c.links.map((net, link) =>
          option(`ring${link}_addr`, addressOn(node, net, `corosync link ${link}`)),
        ),
        option('name', nodeHostname(node)),
        option('nodeid', i + 1),
      ]),
    ),
  );
  const q = cluster.quorum;
  const quorumBody: CorosyncStatement[] = [option('provider', 'corosync_votequorum')];
  if (q.twoNode) quorumBody.push(option('two_node', 1));
  if (q.waitForAll !== undefined) quorumBody.push(option('wait_for_all', yesNo(q.waitForAll)));
  if (q.qdevice) {
    quorumBody.push(
      section('device', [
        option('model', 'net'),
        // ffsplit needs exactly one vote; lms computes its own (nodes - 1).
        ...(q.qdevice.algorithm === 'ffsplit' ? [option('votes', 1)] : []),
        section('net', [option('host', q.qdevice.host), option('algorithm', q.qdevice.algorithm)]),
      ]),
    );
  }
  const logging = section('logging', [
    option('to_logfile', 'no'),
    option('to_syslog', 'yes'),
    option('timestamp', 'on'),
  ]);
  return renderCorosyncConf(generatedBy(cluster.name), [
    totem,
    nodelist,
    section('quorum', quorumBody),
    logging,
  ]);
}
