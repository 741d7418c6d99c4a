import type { Design, DesignInput } from '../../src/model/types.ts';
import { loadTemplate, templateNames } from '../support/designs.ts';
import { designOf, smallCluster } from '../generators/designs.ts';

/**
 * The designs the oracle tests prove: every template, a DRBD 8.4 variant of the two-node
 * template, and small designs that reach the branches the templates do not (8.4 and
 * dual-primary, quorum all, tgt and IET targets, Xen through libvirt, KVM on iSCSI, qdevice).
 */
export function oracleDesigns(): [string, Design][] {
  const out: [string, Design][] = templateNames().map((t) => [t, loadTemplate(t)]);
  const pair = loadTemplate('two-node-drbd-kvm');
  out.push([
    'two-node-drbd-kvm, DRBD 8.4',
    { ...pair, drbd: pair.drbd.map((r) => ({ ...r, version: '8.4' as const })) },
  ]);
  out.push(['targeted: 8.4 dual-primary, tgt, KVM on iSCSI', designOf(targetedInput('tgt'))]);
  out.push(['targeted: DRBD 9 quorum all, IET, Xen via libvirt, qdevice', designOf(targetedXen())]);
  const udpu = smallCluster(3);
  out.push([
    'targeted: corosync udpu without crypto, host names',
    designOf({
      ...udpu,
      cluster: {
        name: 'udpu',
        corosync: { transport: 'udpu', cipher: 'none', hash: 'none', links: ['ring0'] },
      },
      nodes: udpu.nodes?.map((n) => ({ ...n, hostname: `${n.name}-host` })),
    }),
  ]);
  return out;
}

export function targetedInput(implementation: 'tgt' | 'iet'): DesignInput {
  const base = smallCluster(3, {});
  return {
    ...base,
    nodes: base.nodes?.map((n) =>
      n.name === 'n3' ? { ...n, initiatorIqn: 'iqn.2026-01.org.example:n3' } : n,
    ),
    drbd: [
      {
        name: 'live',
        version: '8.4',
        nodes: ['n1', 'n2'],
        network: 'repl',
        port: 7790,
        dualPrimary: true,
        fencing: 'resource-and-stonith',
        volumes: [{ number: 0, minor: 7, disk: '/dev/vg0/live', sizeGiB: 8 }],
      },
      {
        name: 'lun-store',
        nodes: ['n1', 'n2'],
        network: 'repl',
        port: 7791,
        fencing: 'resource-only',
        volumes: [
          { number: 0, minor: 8, disk: '/dev/disk/by-id/wwn-0x5000c500a1b2c3d4', sizeGiB: 8 },
          { number: 1, minor: 9, disk: '/dev/mapper/vg0-lun+1@x', sizeGiB: 8 },
        ],
      },
    ],
    floatingIps: [{ name: 'portal', address: '10.1.0.100', network: 'repl' }],
    iscsiTargets: [
      {
        name: 'luns',
        iqn: 'iqn.2026-01.org.example.san:luns',
        implementation,
        portal: 'portal',
        luns: [
          { number: 1, backing: { kind: 'drbd', resource: 'lun-store', volume: 0 } },
          { number: 2, backing: { kind: 'drbd', resource: 'lun-store', volume: 1 } },
        ],
        allowedInitiators: ['iqn.2026-01.org.example:n3'],
        chap: { user: 'san-user', secret: 'san-chap' },
      },
    ],
    iscsiInitiators: [{ name: 'n3-luns', node: 'n3', target: 'luns' }],
    vms: [
      {
        name: 'migrating',
        description: 'Live-migrating guest <with> "odd" & \'text\'',
        hypervisor: 'kvm',
        vcpus: 2,
        memoryMiB: 1024,
        liveMigration: true,
        disks: [{ kind: 'drbd', resource: 'live', volume: 0 }],
        network: 'public',
      },
      {
        name: 'on-san',
        hypervisor: 'kvm',
        vcpus: 1,
        memoryMiB: 512,
        disks: [
          { kind: 'iscsi', target: 'luns', lun: 1 },
          { kind: 'iscsi', target: 'luns', lun: 2 },
        ],
        network: 'public',
      },
    ],
  };
}

function targetedXen(): DesignInput {
  const base = targetedInput('iet');
  return {
    ...base,
    cluster: {
      name: 'xen-q',
      corosync: { links: ['ring0', 'repl'], cipher: 'aes128', hash: 'sha512', tokenMs: 10000 },
      quorum: { twoNode: false, qdevice: { host: '10.0.0.250', algorithm: 'ffsplit' } },
    },
    nodes: base.nodes?.map((n) => ({ ...n, hypervisors: ['xen' as const, 'kvm' as const] })),
    drbd: [
      ...(base.drbd ?? []).filter((r) => r.name !== 'live'),
      {
        name: 'tri',
        nodes: ['n1', 'n2', 'n3'],
        network: 'repl',
        port: 7792,
        quorum: 'all',
        dualPrimary: true,
        volumes: [{ number: 0, minor: 12, disk: '/dev/vg0/tri', sizeGiB: 4 }],
      },
    ],
    vms: [
      {
        name: 'xen-guest',
        hypervisor: 'xen',
        toolstack: 'libvirt',
        vcpus: 2,
        memoryMiB: 2048,
        disks: [{ kind: 'drbd', resource: 'tri', volume: 0 }],
        network: 'public',
      },
      {
        name: 'xl-on-san',
        hypervisor: 'xen',
        toolstack: 'xl',
        vcpus: 1,
        memoryMiB: 1024,
        disks: [{ kind: 'iscsi', target: 'luns', lun: 2 }],
        network: 'public',
      },
    ],
  };
}
