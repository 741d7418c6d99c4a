import type { Design } from '../../../src/model/types.ts';

/**
 * A minimal corosync.conf for lab tests only: the real generator lives in
 * src/generators/corosync and is wired into the lab by the services. Design values are
 * safe names and IPv4 addresses (checked by the model), so they need no escaping here.
 */
export function testCorosyncConf(design: Design): (nodeName: string) => string {
  const c = design.cluster;
  const nodes = design.nodes
    .map((n, i) => {
      const rings = c.corosync.links.map(
        (net, link) => `        ring${link}_addr: ${n.addresses[net] ?? ''}`,
      );
      return [
        '    node {',
        `        nodeid: ${i + 1}`,
        `        name: ${n.hostname ?? n.name}`,
        ...rings,
        '    }',
      ].join('\n');
    })
    .join('\n');
  const text = [
    'totem {',
    '    version: 2',
    `    cluster_name: ${c.name}`,
    `    transport: ${c.corosync.transport}`,
    `    crypto_cipher: ${c.corosync.cipher}`,
    `    crypto_hash: ${c.corosync.hash}`,
    `    token: ${c.corosync.tokenMs}`,
    '}',
    'quorum {',
    '    provider: corosync_votequorum',
    ...(design.nodes.length === 2 ? ['    two_node: 1'] : []),
    '}',
    'nodelist {',
    nodes,
    '}',
    'logging {',
    '    to_logfile: yes',
    '    logfile: /var/log/cluster/corosync.log',
    '    to_syslog: no',
    '    timestamp: on',
    '}',
    '',
  ].join('\n');
  return () => text;
}
