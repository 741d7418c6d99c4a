import { describe, expect, it } from 'vitest';
import { editTemplate, named } from '../support/editDesign.ts';
import type { Editable } from '../support/editDesign.ts';
import { expectFinding } from './expect.ts';
import { runCases } from './cases.ts';

const PAIR = 'two-node-drbd-kvm';
const TRIO = 'three-node-drbd9-openvz';
const SAN = 'iscsi-storage-xen';
const N1 = 'four-node-n1-kvm';

/** A second VM "db" on beta, on its own DRBD resource. */
function addDb(d: Editable, vcpus: number): void {
  d.drbd.push({
    ...structuredClone(named(d.drbd, 'vm-web')),
    name: 'vm-db',
    port: 7790,
    volumes: [{ number: 0, minor: 1, disk: '/dev/vg0/vm-db', sizeGiB: 10 }],
  });
  d.vms.push({
    ...structuredClone(named(d.vms, 'web')),
    name: 'db',
    vcpus,
    disks: [{ kind: 'drbd', resource: 'vm-db', volume: 0 }],
    preferredNode: 'beta',
  });
}

describe('VM rules', () => {
  runCases([
    {
      code: 'vm-no-node',
      template: PAIR,
      edit: (d) => {
        named(d.vms, 'web').hypervisor = 'xen';
        delete named(d.vms, 'web').preferredNode;
      },
      elements: ['web'],
      severity: 'error',
    },
    {
      code: 'vm-storage-missing',
      template: N1,
      edit: (d) => (named(d.drbd, 'disk-web1').nodes = ['kvm1', 'kvm2', 'kvm3']),
      elements: ['web1', 'kvm4'],
      severity: 'info',
    },
    {
      code: 'vm-exceeds-node',
      template: PAIR,
      edit: (d) => (named(d.vms, 'web').vcpus = 32),
      elements: ['web'],
      severity: 'error',
    },
    {
      code: 'vm-live-migration-single-primary',
      template: PAIR,
      edit: (d) => (named(d.vms, 'web').liveMigration = true),
      elements: ['web', 'vm-web'],
      severity: 'error',
      clean: (d) => {
        named(d.vms, 'web').liveMigration = true;
        named(d.drbd, 'vm-web').dualPrimary = true;
      },
    },
    {
      code: 'vm-preferred-hypervisor',
      template: PAIR,
      edit: (d) => (named(d.nodes, 'alpha').hypervisors = ['xen']),
      elements: ['web', 'alpha'],
      severity: 'error',
    },
    {
      code: 'vm-preferred-storage',
      template: N1,
      edit: (d) => (named(d.drbd, 'disk-web1').nodes = ['kvm2', 'kvm3', 'kvm4']),
      elements: ['web1', 'kvm1'],
      severity: 'error',
    },
    {
      code: 'vm-preferred-spare',
      template: N1,
      edit: (d) => (named(d.vms, 'web1').preferredNode = 'kvm4'),
      elements: ['web1', 'kvm4'],
      severity: 'warning',
    },
    {
      code: 'vm-openvz-ctid-missing',
      template: TRIO,
      edit: (d) => delete named(d.vms, 'dns').ctid,
      elements: ['dns'],
      severity: 'error',
    },
    {
      code: 'vm-ctid-duplicate',
      template: TRIO,
      edit: (d) => (named(d.vms, 'proxy').ctid = 101),
      elements: ['proxy', 'dns'],
      severity: 'error',
    },
    {
      code: 'vm-ctid-not-openvz',
      template: PAIR,
      edit: (d) => (named(d.vms, 'web').ctid = 150),
      elements: ['web'],
      severity: 'warning',
    },
    {
      code: 'vm-toolstack-not-xen',
      template: PAIR,
      edit: (d) => (named(d.vms, 'web').toolstack = 'xl'),
      elements: ['web'],
      severity: 'error',
    },
    {
      code: 'vm-toolstack-not-xen',
      label: 'OpenVZ',
      template: TRIO,
      edit: (d) => (named(d.vms, 'dns').toolstack = 'libvirt'),
      elements: ['dns'],
      severity: 'error',
    },
    {
      code: 'vm-network-no-bridge',
      template: PAIR,
      edit: (d) => delete named(d.networks, 'public').bridge,
      elements: ['web', 'public'],
      severity: 'error',
    },
    {
      code: 'vm-mac-duplicate',
      template: SAN,
      edit: (d) => {
        named(d.vms, 'mail').mac = '52:54:00:00:00:01';
        named(d.vms, 'erp').mac = '52:54:00:00:00:01';
      },
      elements: ['erp', 'mail'],
      severity: 'error',
      clean: (d) => {
        named(d.vms, 'mail').mac = '52:54:00:00:00:01';
        named(d.vms, 'erp').mac = '52:54:00:00:00:02';
      },
    },
    {
      code: 'vm-no-disk',
      template: PAIR,
      edit: (d) => (named(d.vms, 'web').disks = []),
      elements: ['web'],
      severity: 'warning',
    },
  ]);

  it('explains why no node can run a VM', () => {
    const d = editTemplate(PAIR, (x) => {
      named(x.vms, 'web').hypervisor = 'xen';
      delete named(x.vms, 'web').preferredNode;
    });
    expect(expectFinding(d, 'vm-no-node', ['web']).message).toContain('no node runs xen');
  });
});

describe('network rules', () => {
  runCases([
    {
      code: 'net-address-outside',
      template: PAIR,
      edit: (d) => (named(d.nodes, 'alpha').addresses.public = '192.168.51.11'),
      elements: ['alpha', 'public'],
      severity: 'error',
    },
    {
      code: 'net-address-reserved',
      template: PAIR,
      edit: (d) => (named(d.nodes, 'alpha').addresses.public = '192.168.50.255'),
      elements: ['alpha', 'public'],
      severity: 'error',
    },
    {
      code: 'net-address-duplicate',
      template: PAIR,
      edit: (d) => (named(d.nodes, 'beta').addresses.public = '192.168.50.11'),
      elements: ['beta', 'alpha'],
      severity: 'error',
    },
    {
      code: 'fip-outside',
      template: PAIR,
      edit: (d) => (named(d.floatingIps, 'web-ip').address = '192.168.99.1'),
      elements: ['web-ip', 'public'],
      severity: 'error',
    },
    {
      code: 'fip-address-collision',
      template: PAIR,
      edit: (d) => (named(d.floatingIps, 'web-ip').address = '192.168.50.12'),
      elements: ['web-ip', 'beta'],
      severity: 'error',
    },
    {
      code: 'fip-no-node',
      template: PAIR,
      edit: (d) => {
        d.networks.push({ name: 'dmz', cidr: '172.16.0.0/24', role: 'public' });
        named(d.floatingIps, 'web-ip').network = 'dmz';
        named(d.floatingIps, 'web-ip').address = '172.16.0.10';
      },
      elements: ['web-ip', 'dmz'],
      severity: 'error',
    },
    {
      code: 'net-overlap',
      template: PAIR,
      edit: (d) => d.networks.push({ name: 'extra', cidr: '10.10.0.128/25', role: 'management' }),
      elements: ['extra', 'ring0'],
      severity: 'error',
      clean: (d) => d.networks.push({ name: 'extra', cidr: '10.10.1.0/25', role: 'management' }),
    },
  ]);
});

describe('constraint rules', () => {
  runCases([
    {
      code: 'constraint-self',
      template: PAIR,
      edit: (d) =>
        d.constraints.push({
          kind: 'colocation',
          name: 'odd',
          resource: 'web-ip',
          with: 'web-ip',
          score: 100,
        }),
      elements: ['odd', 'web-ip'],
      severity: 'error',
    },
    {
      code: 'constraint-colocation-conflict',
      template: PAIR,
      edit: (d) =>
        d.constraints.push({
          kind: 'colocation',
          name: 'apart',
          resource: 'web-ip',
          with: 'web',
          score: '-INFINITY',
        }),
      elements: ['apart', 'web-ip', 'web'],
      severity: 'error',
    },
    {
      code: 'constraint-location-conflict',
      template: PAIR,
      edit: (d) =>
        d.constraints.push(
          { kind: 'location', name: 'on-alpha', resource: 'web', node: 'alpha', score: 'INFINITY' },
          {
            kind: 'location',
            name: 'off-alpha',
            resource: 'web',
            node: 'alpha',
            score: '-INFINITY',
          },
        ),
      elements: ['off-alpha', 'web', 'alpha'],
      severity: 'error',
    },
    {
      code: 'constraint-banned-everywhere',
      template: PAIR,
      edit: (d) =>
        d.constraints.push(
          {
            kind: 'location',
            name: 'off-a',
            resource: 'web-ip',
            node: 'alpha',
            score: '-INFINITY',
          },
          { kind: 'location', name: 'off-b', resource: 'web-ip', node: 'beta', score: '-INFINITY' },
        ),
      elements: ['web-ip'],
      severity: 'error',
      clean: (d) =>
        d.constraints.push({
          kind: 'location',
          name: 'off-b',
          resource: 'web-ip',
          node: 'beta',
          score: '-INFINITY',
        }),
    },
    {
      code: 'constraint-order-cycle',
      template: PAIR,
      edit: (d) =>
        d.constraints.push(
          { kind: 'order', name: 'ip-first', first: 'web-ip', then: 'web', mandatory: true },
          { kind: 'order', name: 'web-first', first: 'web', then: 'web-ip', mandatory: true },
        ),
      elements: ['ip-first', 'web-first', 'web-ip', 'web'],
      severity: 'error',
      clean: (d) =>
        d.constraints.push(
          { kind: 'order', name: 'ip-first', first: 'web-ip', then: 'web', mandatory: true },
          { kind: 'order', name: 'web-first', first: 'web', then: 'web-ip', mandatory: false },
        ),
    },
    {
      code: 'resource-no-node',
      template: PAIR,
      edit: (d) => {
        d.services.push({
          name: 'cron',
          agent: { class: 'systemd', unit: 'cron.service' },
          params: {},
          clone: false,
          dependsOn: [],
        });
        d.constraints.push(
          { kind: 'location', name: 'off-a', resource: 'cron', node: 'alpha', score: '-INFINITY' },
          { kind: 'location', name: 'off-b', resource: 'cron', node: 'beta', score: '-INFINITY' },
        );
      },
      elements: ['cron'],
      severity: 'error',
    },
  ]);
});

describe('capacity and failover rules', () => {
  runCases([
    {
      code: 'capacity-exceeded',
      template: N1,
      edit: (d) => {
        for (const vm of d.vms) vm.vcpus = 12;
      },
      elements: ['app1', 'app2'],
      severity: 'error',
    },
    {
      code: 'capacity-n1',
      template: PAIR,
      edit: (d) => {
        named(d.vms, 'web').vcpus = 8;
        addDb(d, 12);
      },
      elements: ['alpha', 'web', 'web-ip'],
      severity: 'error',
      clean: (d) => {
        named(d.vms, 'web').vcpus = 4;
        addDb(d, 12);
      },
    },
    {
      code: 'capacity-n1',
      label: 'no pattern declared',
      template: PAIR,
      edit: (d) => {
        delete d.cluster.pattern;
        named(d.vms, 'web').vcpus = 8;
        addDb(d, 12);
      },
      elements: ['alpha', 'web', 'web-ip'],
      severity: 'warning',
    },
    {
      code: 'failover-stranded',
      template: PAIR,
      edit: (d) => (named(d.drbd, 'vm-web').quorum = 'majority'),
      elements: ['alpha', 'web', 'web-ip'],
      severity: 'warning',
    },
  ]);

  it('names the failed node and the shortfall', () => {
    const d = editTemplate(PAIR, (x) => {
      named(x.vms, 'web').vcpus = 8;
      addDb(x, 12);
    });
    expect(expectFinding(d, 'capacity-n1', ['alpha', 'web', 'web-ip']).message).toContain(
      'after alpha fails, 8 vCPUs and 8192 MiB have no place',
    );
  });
});
