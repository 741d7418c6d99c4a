import { describe } from 'vitest';
import { named } from '../support/editDesign.ts';
import type { Editable } from '../support/editDesign.ts';
import { runCases } from './cases.ts';

const PAIR = 'two-node-drbd-kvm';
const TRIO = 'three-node-drbd9-openvz';
const SAN = 'iscsi-storage-xen';

/** A second volume on vm-web, for a filesystem to use. */
function addDataVolume(d: Editable): void {
  named(d.drbd, 'vm-web').volumes.push({ number: 1, minor: 1, disk: '/dev/vg0/data', sizeGiB: 10 });
}

/** An extra single-node target on a local disk, with its own IQN unless given. */
function addLocalTarget(d: Editable, iqn = 'iqn.2026-11.com.example.san:scratch'): void {
  d.iscsiTargets.push({
    name: 'scratch',
    iqn,
    implementation: 'lio',
    port: 3260,
    luns: [{ number: 0, backing: { kind: 'disk', path: '/dev/sdc' } }],
    allowedInitiators: ['iqn.2026-11.com.example:xen1'],
    nodes: ['store1'],
    portal: 'scratch-ip',
  });
  d.floatingIps.push({ name: 'scratch-ip', address: '10.22.0.101', network: 'storage' });
  d.iscsiInitiators.push({ name: 'xen1-scratch', node: 'xen1', target: 'scratch' });
}

describe('DRBD rules', () => {
  runCases([
    {
      code: 'drbd-too-few-nodes',
      template: PAIR,
      edit: (d) => (named(d.drbd, 'vm-web').nodes = ['alpha']),
      elements: ['vm-web', 'alpha'],
      severity: 'error',
    },
    {
      code: 'drbd-84-multi-node',
      template: TRIO,
      edit: (d) => {
        named(d.drbd, 'ct-dns').version = '8.4';
        named(d.drbd, 'ct-dns').quorum = 'off';
      },
      elements: ['ct-dns'],
      severity: 'error',
    },
    {
      code: 'drbd-node-duplicate',
      template: PAIR,
      edit: (d) => (named(d.drbd, 'vm-web').nodes = ['alpha', 'beta', 'beta']),
      elements: ['vm-web'],
      severity: 'error',
    },
    {
      code: 'drbd-node-address',
      template: PAIR,
      edit: (d) => delete named(d.nodes, 'beta').addresses.ring1,
      elements: ['vm-web', 'beta'],
      severity: 'error',
    },
    {
      code: 'drbd-network-role',
      template: PAIR,
      edit: (d) => (named(d.drbd, 'vm-web').network = 'ring0'),
      elements: ['vm-web', 'ring0'],
      severity: 'info',
    },
    {
      code: 'drbd-volume-duplicate',
      template: PAIR,
      edit: (d) =>
        named(d.drbd, 'vm-web').volumes.push({
          number: 0,
          minor: 1,
          disk: '/dev/vg0/other',
          sizeGiB: 1,
        }),
      elements: ['vm-web'],
      severity: 'error',
    },
    {
      code: 'drbd-minor-duplicate',
      template: TRIO,
      edit: (d) => ((named(d.drbd, 'ct-proxy').volumes[0] as { minor: number }).minor = 20),
      elements: ['ct-proxy', 'ct-dns', 'vz1'],
      severity: 'error',
    },
    {
      code: 'drbd-port-duplicate',
      template: TRIO,
      edit: (d) => (named(d.drbd, 'ct-proxy').port = 7800),
      elements: ['ct-proxy', 'ct-dns', 'vz1'],
      severity: 'error',
    },
    {
      code: 'drbd-disk-duplicate',
      template: TRIO,
      edit: (d) =>
        ((named(d.drbd, 'ct-proxy').volumes[0] as { disk: string }).disk = '/dev/vg0/ct-dns'),
      elements: ['ct-proxy', 'ct-dns', 'vz1'],
      severity: 'error',
    },
    {
      code: 'drbd-dual-primary-protocol',
      template: PAIR,
      edit: (d) => {
        named(d.drbd, 'vm-web').dualPrimary = true;
        named(d.drbd, 'vm-web').protocol = 'A';
      },
      elements: ['vm-web'],
      severity: 'error',
    },
    {
      code: 'drbd-dual-primary-fencing',
      template: PAIR,
      edit: (d) => {
        named(d.drbd, 'vm-web').dualPrimary = true;
        named(d.drbd, 'vm-web').fencing = 'resource-only';
      },
      elements: ['vm-web'],
      severity: 'error',
      clean: (d) => (named(d.drbd, 'vm-web').dualPrimary = true),
    },
    {
      code: 'drbd-dual-primary-many',
      template: TRIO,
      edit: (d) => (named(d.drbd, 'ct-dns').dualPrimary = true),
      elements: ['ct-dns'],
      severity: 'warning',
    },
    {
      code: 'drbd-fencing-no-device',
      template: PAIR,
      edit: (d) => (d.fencing = d.fencing.filter((f) => f.name !== 'ipmi-beta')),
      elements: ['vm-web', 'beta'],
      severity: 'error',
    },
    {
      code: 'drbd-fencing-off',
      template: PAIR,
      edit: (d) => (named(d.drbd, 'vm-web').fencing = 'dont-care'),
      elements: ['vm-web'],
      severity: 'warning',
    },
    {
      code: 'drbd-quorum-two-nodes',
      template: PAIR,
      edit: (d) => (named(d.drbd, 'vm-web').quorum = 'majority'),
      elements: ['vm-web'],
      severity: 'warning',
    },
    {
      code: 'drbd-quorum-84',
      template: PAIR,
      edit: (d) => {
        named(d.drbd, 'vm-web').version = '8.4';
        named(d.drbd, 'vm-web').quorum = 'all';
      },
      elements: ['vm-web'],
      severity: 'error',
    },
    {
      code: 'drbd-unused',
      template: PAIR,
      edit: (d) => (named(d.vms, 'web').disks = []),
      elements: ['vm-web'],
      severity: 'info',
    },
  ]);
});

describe('block device use rules', () => {
  runCases([
    {
      code: 'storage-shared-device',
      template: PAIR,
      edit: (d) =>
        d.vms.push({
          ...structuredClone(named(d.vms, 'web')),
          name: 'web2',
          preferredNode: 'beta',
        }),
      elements: ['web2', 'web'],
      severity: 'error',
    },
    {
      code: 'fs-cluster-fs-single-primary',
      template: PAIR,
      edit: (d) => {
        addDataVolume(d);
        d.filesystems.push({
          name: 'shared',
          device: { kind: 'drbd', resource: 'vm-web', volume: 1 },
          mountpoint: '/srv/shared',
          fstype: 'gfs2',
        });
      },
      elements: ['shared', 'vm-web'],
      severity: 'warning',
    },
    {
      code: 'fs-local-fs-dual-primary',
      template: PAIR,
      edit: (d) => {
        addDataVolume(d);
        named(d.drbd, 'vm-web').dualPrimary = true;
        d.filesystems.push({
          name: 'shared',
          device: { kind: 'drbd', resource: 'vm-web', volume: 1 },
          mountpoint: '/srv/shared',
          fstype: 'ext4',
        });
      },
      elements: ['shared', 'vm-web'],
      severity: 'warning',
      clean: (d) => {
        addDataVolume(d);
        named(d.drbd, 'vm-web').dualPrimary = true;
        d.filesystems.push({
          name: 'shared',
          device: { kind: 'drbd', resource: 'vm-web', volume: 1 },
          mountpoint: '/srv/shared',
          fstype: 'gfs2',
        });
      },
    },
  ]);
});

describe('iSCSI rules', () => {
  const target = (d: Editable) => named(d.iscsiTargets, 'xen-disks');
  runCases([
    {
      code: 'iscsi-drbd-no-portal',
      template: SAN,
      edit: (d) => delete target(d).portal,
      elements: ['xen-disks'],
      severity: 'error',
    },
    {
      code: 'iscsi-lio-no-portal',
      template: SAN,
      edit: (d) => {
        addLocalTarget(d);
        delete named(d.iscsiTargets, 'scratch').portal;
        d.floatingIps = d.floatingIps.filter((f) => f.name !== 'scratch-ip');
      },
      elements: ['scratch'],
      severity: 'warning',
      clean: (d) => addLocalTarget(d),
    },
    {
      code: 'iscsi-target-no-node',
      template: SAN,
      edit: (d) => (target(d).nodes = ['xen1']),
      elements: ['xen-disks'],
      severity: 'error',
    },
    {
      code: 'iscsi-target-node-no-backing',
      template: SAN,
      edit: (d) => (target(d).nodes = ['store1', 'xen1']),
      elements: ['xen-disks', 'san-data', 'xen1'],
      severity: 'error',
    },
    {
      code: 'iscsi-lun-local-disk',
      template: SAN,
      edit: (d) =>
        ((target(d).luns[1] as { backing: unknown }).backing = { kind: 'disk', path: '/dev/sdb' }),
      elements: ['xen-disks'],
      severity: 'error',
      clean: (d) => addLocalTarget(d),
    },
    {
      code: 'iscsi-lun-duplicate',
      template: SAN,
      edit: (d) => {
        addLocalTarget(d);
        named(d.iscsiTargets, 'scratch').luns.push({
          number: 0,
          backing: { kind: 'disk', path: '/dev/sdd' },
        });
      },
      elements: ['scratch'],
      severity: 'error',
    },
    {
      code: 'iscsi-tgt-lun-zero',
      template: SAN,
      edit: (d) => (target(d).implementation = 'tgt'),
      elements: ['xen-disks'],
      severity: 'error',
      clean: (d) => {
        target(d).implementation = 'tgt';
        for (const l of target(d).luns) l.number += 1;
        for (const vm of d.vms)
          for (const disk of vm.disks) if (disk.kind === 'iscsi') disk.lun += 1;
      },
    },
    {
      code: 'iscsi-iet-unmaintained',
      template: SAN,
      edit: (d) => (target(d).implementation = 'iet'),
      elements: ['xen-disks'],
      severity: 'warning',
    },
    {
      code: 'iscsi-iqn-duplicate',
      template: SAN,
      edit: (d) => addLocalTarget(d, 'iqn.2026-11.com.example.san:xen-disks'),
      elements: ['scratch', 'xen-disks'],
      severity: 'error',
      clean: (d) => addLocalTarget(d),
    },
    {
      code: 'iscsi-open-target',
      template: SAN,
      edit: (d) => (target(d).allowedInitiators = []),
      elements: ['xen-disks'],
      severity: 'warning',
    },
    {
      code: 'iscsi-chap-no-acl',
      template: SAN,
      edit: (d) => {
        target(d).allowedInitiators = [];
        target(d).chap = { user: 'xen', secret: 'san-chap' };
      },
      elements: ['xen-disks'],
      severity: 'warning',
      clean: (d) => (target(d).chap = { user: 'xen', secret: 'san-chap' }),
    },
    {
      code: 'iscsi-chap-secret',
      template: SAN,
      edit: (d) => (target(d).chap = { user: 'xen', secret: 'san-chap' }),
      elements: ['xen-disks'],
      severity: 'info',
    },
    {
      code: 'iscsi-initiator-no-iqn',
      template: SAN,
      edit: (d) => delete named(d.nodes, 'xen1').initiatorIqn,
      elements: ['xen1-san', 'xen1'],
      severity: 'error',
    },
    {
      code: 'iscsi-initiator-iqn-duplicate',
      template: SAN,
      edit: (d) => (named(d.nodes, 'xen2').initiatorIqn = 'iqn.2026-11.com.example:xen1'),
      elements: ['xen2', 'xen1'],
      severity: 'error',
    },
    {
      code: 'iscsi-initiator-not-allowed',
      template: SAN,
      edit: (d) => (target(d).allowedInitiators = ['iqn.2026-11.com.example:xen1']),
      elements: ['xen2-san', 'xen-disks', 'xen2'],
      severity: 'error',
    },
    {
      code: 'iscsi-initiator-no-path',
      template: SAN,
      edit: (d) => delete named(d.nodes, 'xen1').addresses.storage,
      elements: ['xen1-san', 'xen1', 'san-portal'],
      severity: 'error',
    },
    {
      code: 'iscsi-target-unused',
      template: SAN,
      edit: (d) => {
        addLocalTarget(d);
        d.iscsiInitiators = d.iscsiInitiators.filter((i) => i.name !== 'xen1-scratch');
      },
      elements: ['scratch'],
      severity: 'info',
      clean: (d) => addLocalTarget(d),
    },
  ]);
});
