import { nodeHostname } from '../../src/model/elements.ts';
import type { Design } from '../../src/model/types.ts';

/**
 * The part of a design that the generated files carry, so that generate → import must give
 * it back unchanged. Precisely, everything in a design EXCEPT:
 * - layout, every `description`, cluster.lab and cluster.pattern (no file holds them);
 * - network names and roles: networks are compared by CIDR (and bridge), and a reference to
 *   a network becomes its CIDR. Only networks some file gives an address on are carried: the
 *   corosync links, the DRBD networks and the floating IPs' networks. A node's addresses are
 *   carried on the corosync links and DRBD networks only (a floating IP's network has no node
 *   address in any file). A reference to another network (a VM's network) is left out;
 * - node ssh and hostname (a node is known by its host name); node capacity unless
 *   placementStrategy is not "default" (only then does the CIB carry it as utilization);
 *   `spare` unless the design has VMs (the CIB carries it as each VM's pull to the spare);
 * - DRBD volume sizeGiB, and the secret name of a target's CHAP (only the user is in files);
 * - a VM's MAC: when the design leaves it to the generator, the files hold the derived one
 *   (so it is compared separately, only where the design sets it).
 * - the order of elements within a collection (each node has its own files, so what comes
 *   first is where it was found): collections are compared sorted by name.
 * Element names other than networks must come back as they were.
 */
export function carried(design: Design): unknown {
  const cidrOf = new Map(design.networks.map((n) => [n.name, n.cidr]));
  const carriedNets = new Set<string>([
    ...design.cluster.corosync.links,
    ...design.drbd.map((d) => d.network),
    ...design.floatingIps.map((f) => f.network),
  ]);
  const addressNets = new Set<string>([
    ...design.cluster.corosync.links,
    ...design.drbd.map((d) => d.network),
  ]);
  const net = (name: string | undefined): string | undefined =>
    name !== undefined && carriedNets.has(name) ? cidrOf.get(name) : undefined;
  const byName = <T extends { readonly name: string }>(list: readonly T[]): T[] =>
    [...list].sort((a, b) => a.name.localeCompare(b.name));
  const withCapacity = design.cluster.pacemaker.placementStrategy !== 'default';
  const { description: _d, lab: _l, pattern: _p, ...cluster } = design.cluster;
  return {
    cluster: {
      ...cluster,
      corosync: { ...cluster.corosync, links: cluster.corosync.links.map(net) },
    },
    networks: design.networks
      .filter((n) => carriedNets.has(n.name))
      .map((n) => ({ cidr: n.cidr, bridge: n.bridge }))
      .sort((a, b) => a.cidr.localeCompare(b.cidr)),
    nodes: design.nodes.map((n) => ({
      name: nodeHostname(n),
      addresses: Object.fromEntries(
        Object.entries(n.addresses)
          .filter(([k]) => addressNets.has(k))
          .map(([k, v]) => [net(k), v])
          .sort(),
      ),
      capacity: withCapacity ? n.capacity : undefined,
      hypervisors: [...n.hypervisors].sort(),
      spare: design.vms.length > 0 ? n.spare : undefined,
      initiatorIqn: n.initiatorIqn,
    })),
    drbd: byName(design.drbd).map(({ description: _, ...d }) => ({
      ...d,
      network: net(d.network),
      volumes: d.volumes.map(({ sizeGiB: _s, ...v }) => v),
    })),
    iscsiTargets: byName(design.iscsiTargets).map(({ description: _, chap, ...t }) => ({
      ...t,
      chapUser: chap?.user,
    })),
    iscsiInitiators: byName(design.iscsiInitiators).map(({ description: _, ...i }) => i),
    vms: byName(design.vms).map(({ description: _, mac: _m, ...vm }) => ({
      ...vm,
      network: net(vm.network),
    })),
    floatingIps: byName(design.floatingIps).map(({ description: _, ...f }) => ({
      ...f,
      network: net(f.network),
    })),
    filesystems: byName(design.filesystems).map(({ description: _, ...f }) => f),
    services: byName(design.services).map(({ description: _, ...s }) => s),
    fencing: byName(design.fencing).map(({ description: _, ...f }) => f),
    constraints: byName(design.constraints),
  };
}
