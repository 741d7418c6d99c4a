import { describe, expect, it } from 'vitest';
import { fixture, fixtureFiles, importOk, notesAbout } from './fixtureFiles.ts';

describe('corosync.conf import', () => {
  it('reads knet links, crypto, token, wait_for_all and a quorum device', () => {
    const { design, notes } = importOk([fixture('drbd9/corosync.conf')]);
    expect(design.cluster).toMatchObject({
      name: 'trio',
      corosync: {
        transport: 'knet',
        cipher: 'aes256',
        hash: 'sha512',
        tokenMs: 5000,
        links: ['cluster', 'cluster-2'],
      },
      quorum: {
        twoNode: false,
        waitForAll: true,
        qdevice: { host: '10.0.0.40', algorithm: 'lms' },
      },
    });
    expect(design.networks.map((n) => [n.name, n.cidr, n.role])).toEqual([
      ['cluster', '10.0.0.0/24', 'cluster'],
      ['cluster-2', '10.1.1.0/24', 'cluster'],
    ]);
    expect(design.nodes.map((n) => [n.name, n.addresses])).toEqual([
      ['alpha', { cluster: '10.0.0.31', 'cluster-2': '10.1.1.31' }],
      ['bravo', { cluster: '10.0.0.32', 'cluster-2': '10.1.1.32' }],
      ['charlie', { cluster: '10.0.0.33', 'cluster-2': '10.1.1.33' }],
    ]);
    for (const unknown of ['knet_link_priority: 2', 'knet_link_priority: 1', 'votes: 1', 'tls: on'])
      expect(notesAbout(notes, unknown), unknown).toHaveLength(1);
  });

  it("keeps corosync's defaults (no crypto) when the file sets none, and two_node", () => {
    const { design, notes } = importOk([
      {
        path: 'corosync.conf',
        content:
          'totem {\n version: 2\n cluster_name: Old_Cluster\n transport: udp\n}\nnodelist {\n node {\n  ring0_addr: 10.5.0.1\n  nodeid: 1\n }\n node {\n  ring0_addr: 10.5.0.2\n  nodeid: 2\n }\n}\nquorum {\n provider: corosync_votequorum\n two_node: 1\n}\n',
      },
    ]);
    expect(design.cluster.name).toBe('old-cluster');
    expect(design.cluster.corosync).toMatchObject({
      cipher: 'none',
      hash: 'none',
      transport: 'udpu',
    });
    expect(design.cluster.quorum.twoNode).toBe(true);
    expect(design.nodes.map((n) => n.name)).toEqual(['node1', 'node2']);
    expect(notesAbout(notes, 'transport "udp"')[0]!.keptAs).toBe('replaced');
    expect(notesAbout(notes, 'cluster name "Old_Cluster"')).toHaveLength(1);
    expect(notesAbout(notes, 'has no name')).toHaveLength(2);
  });

  it('lists every logging option of a Clusters from Scratch corosync.conf', () => {
    const { notes } = importOk(fixtureFiles('cfs'));
    for (const opt of [
      'to_logfile: yes',
      'logfile: /var/log/cluster/corosync.log',
      'to_syslog',
      'timestamp',
    ])
      expect(notesAbout(notes, opt), opt).toHaveLength(1);
  });
});
