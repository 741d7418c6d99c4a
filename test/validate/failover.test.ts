import { describe, expect, it } from 'vitest';
import {
  analyseAllSingleFailures,
  analyseFailure,
  analyseFailures,
  nodeCombinations,
  UnknownNodeError,
} from '../../src/validate/failover/analyse.ts';
import type { FailureAnalysis } from '../../src/validate/failover/types.ts';
import { editTemplate, named } from '../support/editDesign.ts';
import { loadTemplate, templateNames } from '../support/designs.ts';

const nodeOf = (a: FailureAnalysis, resource: string): string[] =>
  a.placements.filter((p) => p.resource === resource).map((p) => p.node);

describe('failover analysis', () => {
  it('moves the VM, its floating IP and the DRBD promotion to the survivor of a pair', () => {
    const a = analyseFailure(loadTemplate('two-node-drbd-kvm'), ['alpha']);
    expect(a.quorate).toBe(true);
    expect(a.unplaced).toEqual([]);
    expect(nodeOf(a, 'web')).toEqual(['beta']);
    expect(nodeOf(a, 'web-ip')).toEqual(['beta']);
    expect(a.placements).toContainEqual({
      resource: 'vm-web',
      kind: 'drbd',
      node: 'beta',
      role: 'promoted',
    });
    expect(a.actions).toEqual([
      { action: 'fence', node: 'alpha' },
      { action: 'stop', resource: 'vm-web', node: 'alpha' },
      { action: 'promote', resource: 'vm-web', node: 'beta' },
      { action: 'move', resource: 'web', from: 'alpha', to: 'beta' },
      { action: 'move', resource: 'web-ip', from: 'alpha', to: 'beta' },
    ]);
  });

  it('leaves resources on surviving nodes where they are', () => {
    const a = analyseFailure(loadTemplate('two-node-drbd-kvm'), ['beta']);
    expect(nodeOf(a, 'web')).toEqual(['alpha']);
    expect(a.actions.filter((x) => x.action === 'move')).toEqual([]);
  });

  it('keeps the spare free while all is well and fails over to it first', () => {
    const d = loadTemplate('four-node-n1-kvm');
    const healthy = analyseFailure(d, []);
    expect(healthy.placements.filter((p) => p.node === 'kvm4' && p.kind === 'vm')).toEqual([]);
    const a = analyseFailure(d, ['kvm1']);
    expect(nodeOf(a, 'web1')).toEqual(['kvm4']);
    expect(nodeOf(a, 'web2')).toEqual(['kvm4']);
    // Once the spare is full, the rest go to the other survivors.
    const tight = editTemplate('four-node-n1-kvm', (x) => {
      named(x.nodes, 'kvm4').capacity.cpus = 4;
    });
    const b = analyseFailure(tight, ['kvm1']);
    expect(b.unplaced).toEqual([]);
    expect(nodeOf(b, 'web1')).toEqual(['kvm4']);
    expect(nodeOf(b, 'web2')).not.toEqual(['kvm4']);
  });

  it('sends each VM to its preferred node when healthy', () => {
    const a = analyseFailure(loadTemplate('four-node-n1-kvm'), []);
    for (const [vm, node] of [
      ['web1', 'kvm1'],
      ['db1', 'kvm2'],
      ['app2', 'kvm3'],
    ] as const)
      expect(nodeOf(a, vm)).toEqual([node]);
    expect(a.actions).toEqual([]);
  });

  it('reports what finds no room, and by how much', () => {
    const d = editTemplate('two-node-drbd-kvm', (x) => {
      named(x.nodes, 'beta').capacity.memoryMiB = 4096;
    });
    const a = analyseFailure(d, ['alpha']);
    expect(a.unplaced.map((u) => [u.resource, u.cause])).toEqual([
      ['web', 'capacity'],
      ['web-ip', 'capacity'],
      ['vm-web', 'capacity'],
    ]);
    expect(a.shortfall).toEqual({ vcpus: 4, memoryMiB: 8192 });
    expect(a.actions).toContainEqual({ action: 'stop', resource: 'web', node: 'alpha' });
  });

  it('follows iSCSI: the target moves with its portal, the Xen guests stay', () => {
    const a = analyseFailure(loadTemplate('iscsi-storage-xen'), ['store1']);
    expect(nodeOf(a, 'xen-disks')).toEqual(['store2']);
    expect(nodeOf(a, 'san-portal')).toEqual(['store2']);
    expect(nodeOf(a, 'mail')).toEqual(['xen1']);
    expect(a.unplaced).toEqual([]);
  });

  it('stops everything when the survivors lose quorum under no-quorum-policy stop', () => {
    const d = editTemplate('two-node-drbd-kvm', (x) => (x.cluster.quorum.twoNode = false));
    const a = analyseFailure(d, ['beta']);
    expect(a.quorate).toBe(false);
    expect(a.unplaced.map((u) => u.cause)).toEqual([
      'cluster-quorum',
      'cluster-quorum',
      'cluster-quorum',
    ]);
    expect(a.actions).toContainEqual({ action: 'stop', resource: 'web', node: 'alpha' });
  });

  it('keeps what still runs under no-quorum-policy freeze', () => {
    const d = editTemplate('two-node-drbd-kvm', (x) => {
      x.cluster.quorum.twoNode = false;
      x.cluster.pacemaker.noQuorumPolicy = 'freeze';
    });
    expect(nodeOf(analyseFailure(d, ['beta']), 'web')).toEqual(['alpha']);
    expect(analyseFailure(d, ['alpha']).unplaced.map((u) => u.resource)).toContain('web');
  });

  it('keeps DRBD 9 quorum on three nodes after one failure and loses it after two', () => {
    const trio = loadTemplate('three-node-drbd9-openvz');
    expect(analyseFailure(trio, ['vz1']).unplaced).toEqual([]);
    const two = analyseFailure(
      editTemplate(
        'three-node-drbd9-openvz',
        (x) => (x.cluster.pacemaker.noQuorumPolicy = 'ignore'),
      ),
      ['vz1', 'vz2'],
    );
    expect(two.unplaced.find((u) => u.resource === 'dns')?.cause).toBe('drbd-quorum');
  });

  it('honours anti-colocation', () => {
    const d = editTemplate('three-node-drbd9-openvz', (x) =>
      x.constraints.push({
        kind: 'colocation',
        name: 'apart',
        resource: 'proxy',
        with: 'dns',
        score: '-INFINITY',
      }),
    );
    for (const failed of ['vz1', 'vz2', 'vz3']) {
      const a = analyseFailure(d, [failed]);
      expect(nodeOf(a, 'proxy')).not.toEqual(nodeOf(a, 'dns'));
    }
  });

  it('refuses a node that is not in the design', () => {
    expect(() => analyseFailure(loadTemplate('two-node-drbd-kvm'), ['gamma'])).toThrow(
      UnknownNodeError,
    );
  });

  it('enumerates node combinations for N+M', () => {
    const d = loadTemplate('four-node-n1-kvm');
    expect([...nodeCombinations(d, 2)]).toEqual([
      ['kvm1', 'kvm2'],
      ['kvm1', 'kvm3'],
      ['kvm1', 'kvm4'],
      ['kvm2', 'kvm3'],
      ['kvm2', 'kvm4'],
      ['kvm3', 'kvm4'],
    ]);
    expect([...nodeCombinations(d, 0)]).toEqual([[]]);
    expect([...nodeCombinations(d, 5)]).toEqual([]);
    const pairs = analyseFailures(d, nodeCombinations(d, 2));
    expect(pairs).toHaveLength(6);
    expect(pairs.every((a) => a.failed.length === 2)).toBe(true);
  });

  for (const name of templateNames()) {
    it(`${name}: every single failure leaves every resource placed`, () => {
      const d = loadTemplate(name);
      const all = analyseAllSingleFailures(d);
      expect(all.map((a) => a.failed)).toEqual(d.nodes.map((n) => [n.name]));
      for (const a of all) {
        expect(a.unplaced).toEqual([]);
        // Nothing is placed on the failed node.
        expect(a.placements.filter((p) => a.failed.includes(p.node))).toEqual([]);
      }
    });
  }
});
