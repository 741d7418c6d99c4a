import { describe } from 'vitest';
import { named } from '../support/editDesign.ts';
import { runCases } from './cases.ts';

const PAIR = 'two-node-drbd-kvm';
const TRIO = 'three-node-drbd9-openvz';
const N1 = 'four-node-n1-kvm';

describe('fencing rules', () => {
  runCases([
    {
      code: 'stonith-disabled',
      template: PAIR,
      edit: (d) => (d.cluster.pacemaker.stonithEnabled = false),
      elements: ['kvm-pair'],
      severity: 'error',
    },
    {
      code: 'stonith-disabled',
      label: 'lab',
      template: PAIR,
      edit: (d) => {
        d.cluster.pacemaker.stonithEnabled = false;
        d.cluster.lab = true;
      },
      elements: ['kvm-pair'],
      severity: 'warning',
    },
    {
      code: 'node-unfenced',
      template: PAIR,
      edit: (d) => (d.fencing = d.fencing.filter((f) => f.name !== 'ipmi-beta')),
      elements: ['beta'],
      severity: 'error',
    },
    {
      code: 'fence-bmc-multiple-targets',
      template: PAIR,
      edit: (d) => (named(d.fencing, 'ipmi-alpha').targets = ['alpha', 'beta']),
      elements: ['ipmi-alpha', 'alpha', 'beta'],
      severity: 'error',
    },
    {
      code: 'fence-bmc-only',
      template: PAIR,
      edit: () => undefined,
      elements: ['alpha', 'beta'],
      severity: 'info',
      clean: (d) =>
        d.fencing.push({
          name: 'pdu',
          kind: 'apc',
          targets: ['alpha', 'beta'],
          params: { ip: '10.99.0.250' },
        }),
    },
    {
      code: 'fence-no-address',
      template: PAIR,
      edit: (d) => delete named(d.fencing, 'ipmi-beta').params.ip,
      elements: ['ipmi-beta'],
      severity: 'warning',
    },
    {
      code: 'fence-single-node',
      template: PAIR,
      edit: (d) => {
        d.nodes = d.nodes.filter((n) => n.name !== 'beta');
        d.fencing = d.fencing.filter((f) => f.name !== 'ipmi-beta');
        named(d.drbd, 'vm-web').nodes = ['alpha'];
        d.cluster.quorum.twoNode = false;
      },
      elements: ['alpha'],
      severity: 'warning',
    },
  ]);
});

describe('quorum rules', () => {
  runCases([
    {
      code: 'quorum-two-node-missing',
      template: PAIR,
      edit: (d) => (d.cluster.quorum.twoNode = false),
      elements: ['kvm-pair'],
      severity: 'warning',
    },
    {
      code: 'quorum-two-node-misused',
      template: TRIO,
      edit: (d) => (d.cluster.quorum.twoNode = true),
      elements: ['vz-trio'],
      severity: 'warning',
    },
    {
      code: 'quorum-two-node-with-qdevice',
      template: PAIR,
      edit: (d) => (d.cluster.quorum.qdevice = { host: '10.99.0.5', algorithm: 'ffsplit' }),
      elements: ['kvm-pair'],
      severity: 'error',
    },
    {
      code: 'quorum-even-nodes',
      template: N1,
      edit: () => undefined,
      elements: ['kvm-n1'],
      severity: 'warning',
      clean: (d) => (d.cluster.quorum.qdevice = { host: '10.96.0.250', algorithm: 'ffsplit' }),
    },
    {
      code: 'quorum-policy-ignore',
      template: TRIO,
      edit: (d) => (d.cluster.pacemaker.noQuorumPolicy = 'ignore'),
      elements: ['vz-trio'],
      severity: 'warning',
    },
    {
      code: 'qdevice-on-node',
      template: TRIO,
      edit: (d) => (d.cluster.quorum.qdevice = { host: '10.97.0.12', algorithm: 'ffsplit' }),
      elements: ['vz-trio', 'vz2'],
      severity: 'error',
      clean: (d) => (d.cluster.quorum.qdevice = { host: '10.97.0.250', algorithm: 'ffsplit' }),
    },
  ]);
});

describe('corosync rules', () => {
  runCases([
    {
      code: 'cluster-no-nodes',
      template: PAIR,
      edit: (d) => {
        d.nodes = [];
        d.drbd = [];
        d.vms = [];
        d.fencing = [];
        d.constraints = [];
        d.layout = {};
      },
      elements: ['kvm-pair'],
      severity: 'error',
    },
    {
      code: 'corosync-single-link',
      template: PAIR,
      edit: (d) => (d.cluster.corosync.links = ['ring0']),
      elements: ['kvm-pair', 'ring0'],
      severity: 'warning',
    },
    {
      code: 'corosync-link-duplicate',
      template: PAIR,
      edit: (d) => (d.cluster.corosync.links = ['ring0', 'ring0']),
      elements: ['kvm-pair'],
      severity: 'error',
    },
    {
      code: 'corosync-too-many-links',
      template: PAIR,
      edit: (d) => {
        d.cluster.corosync.transport = 'udpu';
        d.cluster.corosync.cipher = 'none';
        d.cluster.corosync.hash = 'none';
      },
      elements: ['kvm-pair'],
      severity: 'error',
    },
    {
      code: 'corosync-crypto-udpu',
      template: PAIR,
      edit: (d) => {
        d.cluster.corosync.transport = 'udpu';
        d.cluster.corosync.links = ['ring0'];
      },
      elements: ['kvm-pair'],
      severity: 'error',
    },
    {
      code: 'corosync-crypto-off',
      template: PAIR,
      edit: (d) => {
        d.cluster.corosync.cipher = 'none';
        d.cluster.corosync.hash = 'none';
      },
      elements: ['kvm-pair'],
      severity: 'warning',
    },
    {
      code: 'corosync-link-address',
      template: PAIR,
      edit: (d) => delete named(d.nodes, 'beta').addresses.ring0,
      elements: ['ring0', 'beta'],
      severity: 'error',
    },
    {
      code: 'corosync-link-role',
      template: PAIR,
      edit: (d) => (d.cluster.corosync.links = ['ring1', 'ring0']),
      elements: ['ring1'],
      severity: 'info',
    },
    {
      code: 'node-hostname-duplicate',
      template: PAIR,
      edit: (d) => (named(d.nodes, 'beta').hostname = 'alpha'),
      elements: ['beta', 'alpha'],
      severity: 'error',
    },
  ]);
});

describe('redundancy pattern rules', () => {
  runCases([
    {
      code: 'placement-strategy-default',
      template: N1,
      edit: (d) => (d.cluster.pacemaker.placementStrategy = 'default'),
      elements: ['kvm-n1'],
      severity: 'info',
    },
    {
      code: 'pattern-spares-mismatch',
      template: N1,
      edit: (d) => (named(d.nodes, 'kvm4').spare = false),
      elements: ['kvm-n1'],
      severity: 'warning',
    },
  ]);
});
