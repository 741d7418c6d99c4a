import { describe, expect, it } from 'vitest';
import { bundlePath } from '../../src/generators/bundleFile.ts';
import type { BundleFile } from '../../src/generators/bundleFile.ts';
import { generateCorosync } from '../../src/generators/corosync/generateCorosync.ts';
import { generateDrbd } from '../../src/generators/drbd/generateDrbd.ts';
import { generateHypervisors } from '../../src/generators/hypervisor/generateHypervisors.ts';
import { generateIscsi } from '../../src/generators/iscsi/generateIscsi.ts';
import { generatePacemaker } from '../../src/generators/pacemaker/generate.ts';
import { importFiles } from '../../src/importers/importFiles.ts';
import { nodeHostname } from '../../src/model/elements.ts';
import type { Design } from '../../src/model/types.ts';
import { loadTemplate, templateNames } from '../support/designs.ts';

/**
 * The part of a design that the generated files carry, so that generate → import must give
 * it back unchanged. Precisely, everything in a design EXCEPT:
 * - layout, every `description`, cluster.lab and cluster.pattern (no file holds them);
 * - network names and roles: networks are compared by CIDR (and bridge), and a reference to
 *   a network becomes its CIDR. Only networks some file gives an address on are carried: the
 *   corosync links, the DRBD networks and the floating IPs' networks. A node's addresses are
 *   carried on the corosync links and DRBD networks only (a floating IP's network has no node
 *   address in any file). A reference to another network (a VM's network) is left out;
 * - node ssh, spare and hostname (a node is known by its host name), and node capacity unless
 *   placementStrategy is not "default" (only then does the CIB carry it as utilization);
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

/** Every file the generators write for a design, as the bundle lays them out. */
function bundle(design: Design): BundleFile[] {
  return [
    ...generateCorosync(design),
    ...generateDrbd(design),
    ...generateHypervisors(design),
    ...generateIscsi(design),
    ...generatePacemaker(design),
  ];
}

describe('round trip: generate → import gives the same design (up to what files carry)', () => {
  for (const name of templateNames()) {
    it(name, () => {
      const design = loadTemplate(name);
      // crm.txt and pcs.sh say what cib.xml says, in other dialects: the CIB is imported.
      const files = bundle(design)
        .filter((f) => f.kind !== 'pacemaker-crm' && f.kind !== 'pacemaker-pcs')
        .map((f) => ({ path: bundlePath(f), content: f.content }));
      const result = importFiles(files);
      if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(carried(result.design)).toEqual(carried(design));
      for (const vm of design.vms)
        if (vm.mac !== undefined)
          expect(result.design.vms.find((v) => v.name === vm.name)?.mac).toBe(vm.mac);
    });
  }
});
