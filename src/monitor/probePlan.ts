import type { Design } from '../model/types.ts';
import type { Drbd84Minor } from './parsers/drbdStatus.ts';

/** What to ask one node, decided from the design: crm_mon always, the rest where it applies. */
export interface NodePlan {
  readonly node: string;
  /** DRBD 9 (drbdsetup status) or 8.4 (/proc/drbd, whose minors the design names). */
  readonly drbd?:
    | { readonly version: '9' }
    | { readonly version: '8.4'; readonly minors: ReadonlyMap<number, Drbd84Minor> };
  /** The libvirt connection whose domains to list. */
  readonly vms?: { readonly uri: string };
  /** The node logs into iSCSI targets. */
  readonly iscsi?: boolean;
}

/**
 * One plan per node of the design. DRBD where the node holds a replica, virsh where it runs
 * libvirt guests (KVM, or Xen through libvirt), iSCSI sessions where it is an initiator.
 * Xen guests under xl and OpenVZ containers are seen through Pacemaker only.
 */
export function probePlans(design: Design): NodePlan[] {
  const libvirtXen = design.vms.some((v) => v.hypervisor === 'xen' && v.toolstack !== 'xl');
  return design.nodes.map((n) => {
    const replicas = design.drbd.filter((r) => r.nodes.includes(n.name));
    const minors = new Map<number, Drbd84Minor>();
    for (const r of replicas.filter((x) => x.version === '8.4')) {
      const peer = r.nodes.find((x) => x !== n.name) ?? 'peer';
      const peerNode = design.nodes.find((x) => x.name === peer);
      for (const v of r.volumes)
        minors.set(v.minor, {
          name: r.name,
          volume: v.number,
          peer: peerNode?.hostname ?? peer,
          sizeKiB: v.sizeGiB * 1024 * 1024,
        });
    }
    const uri = n.hypervisors.includes('kvm')
      ? 'qemu:///system'
      : n.hypervisors.includes('xen') && libvirtXen
        ? 'xen:///system'
        : undefined;
    const initiator = design.iscsiInitiators.some((i) => i.node === n.name);
    return {
      node: n.name,
      ...(replicas.some((r) => r.version === '9')
        ? { drbd: { version: '9' as const } }
        : minors.size > 0
          ? { drbd: { version: '8.4' as const, minors } }
          : {}),
      ...(uri ? { vms: { uri } } : {}),
      ...(initiator ? { iscsi: true } : {}),
    };
  });
}
