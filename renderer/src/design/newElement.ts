import type { Design } from '../../../src/model/types.ts';
import type { Placeable } from './kinds.ts';
import type { DraftDesign } from './mutable.ts';

/** A design with nothing in it yet: what "new" opens. */
export function emptyDesign(): Design {
  return {
    schemaVersion: 2,
    cluster: {
      name: 'new-cluster',
      lab: false,
      corosync: { transport: 'knet', cipher: 'aes256', hash: 'sha256', links: [], tokenMs: 3000 },
      quorum: { twoNode: false },
      pacemaker: {
        stonithEnabled: true,
        noQuorumPolicy: 'stop',
        resourceStickiness: 100,
        placementStrategy: 'default',
      },
    },
    networks: [],
    nodes: [],
    drbd: [],
    iscsiTargets: [],
    iscsiInitiators: [],
    vms: [],
    floatingIps: [],
    filesystems: [],
    services: [],
    fencing: [],
    constraints: [],
    layout: {},
  };
}

/**
 * Adds a new element with sensible defaults to a draft. Defaults pick what the design already
 * suggests (the first network, the next free port) so a fresh element is as valid as it can
 * be before it is connected; what only a connection can supply is left for validation to ask.
 */
export function addNewElement(draft: DraftDesign, collection: Placeable, name: string): void {
  switch (collection) {
    case 'networks': {
      const octets = new Set(draft.networks.map((n) => n.cidr.split('.')[1]));
      let second = 10;
      while (octets.has(String(second))) second++;
      const role = draft.networks.some((n) => n.role === 'cluster') ? 'replication' : 'cluster';
      draft.networks.push({ name, cidr: `10.${second}.0.0/24`, role });
      // The first cluster network carries corosync: a cluster needs at least one link.
      if (role === 'cluster' && draft.cluster.corosync.links.length === 0)
        draft.cluster.corosync.links.push(name);
      return;
    }
    case 'nodes':
      draft.nodes.push({
        name,
        addresses: {},
        capacity: { cpus: 8, memoryMiB: 16384 },
        hypervisors: ['kvm'],
        spare: false,
      });
      return;
    case 'drbd': {
      const net =
        draft.networks.find((n) => n.role === 'replication') ?? draft.networks[0] ?? undefined;
      const port = Math.max(7787, ...draft.drbd.map((d) => d.port)) + 1;
      const minor = Math.max(-1, ...draft.drbd.flatMap((d) => d.volumes.map((v) => v.minor))) + 1;
      draft.drbd.push({
        name,
        version: '9',
        nodes: [],
        network: net?.name ?? '',
        port,
        protocol: 'C',
        dualPrimary: false,
        quorum: 'off',
        fencing: 'resource-and-stonith',
        volumes: [{ number: 0, minor, disk: `/dev/vg0/${name}`, sizeGiB: 20 }],
      });
      return;
    }
    case 'iscsiTargets':
      draft.iscsiTargets.push({
        name,
        iqn: `iqn.2024-01.org.example:${name}`,
        implementation: 'lio',
        port: 3260,
        luns: [],
        allowedInitiators: [],
      });
      return;
    case 'iscsiInitiators':
      draft.iscsiInitiators.push({
        name,
        node: draft.nodes[0]?.name ?? '',
        target: draft.iscsiTargets[0]?.name ?? '',
      });
      return;
    case 'vms':
      draft.vms.push({
        name,
        hypervisor: 'kvm',
        vcpus: 2,
        memoryMiB: 2048,
        disks: [],
        liveMigration: false,
      });
      return;
    case 'floatingIps':
      draft.floatingIps.push({ name, address: '', network: '' });
      return;
    case 'filesystems':
      draft.filesystems.push({
        name,
        device: { kind: 'disk', path: `/dev/vg0/${name}` },
        mountpoint: `/srv/${name}`,
        fstype: 'ext4',
      });
      return;
    case 'services':
      draft.services.push({
        name,
        agent: { class: 'systemd', unit: `${name}.service` },
        params: {},
        clone: false,
        dependsOn: [],
      });
      return;
    case 'fencing':
      // SBD (a shared-disk poison pill) fences every node from one device, so it is the
      // default; IPMI and friends want one device per node and a controller address.
      draft.fencing.push({ name, kind: 'sbd', targets: [], params: {} });
      return;
  }
}
