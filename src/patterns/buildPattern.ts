import { checkDesignData } from '../model/designFile.ts';
import type { DesignInput, Design } from '../model/types.ts';
import type { z } from 'zod';
import type { Hypervisor, PatternKind } from '../model/schema.ts';

export type Pattern = z.output<typeof PatternKind>;
export type PatternHypervisor = z.output<typeof Hypervisor>;

export interface PatternOptions {
  readonly pattern: Pattern;
  /** Every node in the cluster, actives and spares together. */
  readonly nodes: number;
  /** Nodes kept free until a failure (N+1: 1; N+M: M; N-to-1: 1; others: 0). */
  readonly spares?: number;
  /** How many VMs; by default two per active node. */
  readonly vms?: number;
  readonly hypervisor?: PatternHypervisor;
  readonly name?: string;
}

export class PatternError extends Error {}

/** What each pattern promises, in the words the wizard shows. */
export const PATTERN_DESCRIPTIONS: Readonly<Record<Pattern, string>> = {
  'active-passive': 'services run on one node; a standby takes over when it fails',
  'active-active': 'every node serves; guests live-migrate over dual-primary DRBD',
  'n-plus-1': 'N active nodes and one spare that stays free until a node fails',
  'n-plus-m': 'N active nodes and M spares that stay free until nodes fail',
  'n-to-1': 'N active nodes share one standby, which is the only place their guests go',
  'n-to-n': "services spread over every node; any node's load can move to any other",
};

/** Spares a pattern needs: fixed for some patterns, chosen for N+M. */
export function sparesFor(pattern: Pattern, nodes: number, requested?: number): number {
  switch (pattern) {
    case 'active-passive':
      return nodes - 1;
    case 'n-plus-1':
    case 'n-to-1':
      return 1;
    case 'n-plus-m':
      return requested ?? 2;
    case 'active-active':
    case 'n-to-n':
      return 0;
  }
}

const MAX_NODES = 32; // DRBD 9 node ids are 0–31.

/** How many nodes may fail at once with the promise kept: M for N+M, one for the others. */
export function promisedFailures(pattern: Pattern, spares: number): number {
  return pattern === 'n-plus-m' ? spares : 1;
}

/**
 * Lays out a complete, valid design for a redundancy pattern: nodes with redundant corosync
 * links, storage where the pattern needs it, guests, IPMI fencing, and the placement scores
 * that make Pacemaker behave as the pattern says:
 * - each guest has a home node (location 100, plus stickiness) so nothing moves while all is well;
 * - its DRBD resource spans exactly the nodes it may run on, so storage enforces the pattern
 *   (home + spares for N+1/N+M/N-to-1, every node for active/passive and N-to-N, a ring pair
 *   with dual-primary for active/active live migration);
 * - spares (nodes marked spare) get a lower score than home from the Pacemaker generator,
 *   so they fill only after a failure;
 * - N-to-1 has no stickiness, so guests go back home when their node returns (failback);
 * - utilization (CPU, memory) with the balanced strategy keeps nodes from overfilling.
 */
export function buildPatternDesign(options: PatternOptions): Design {
  const { pattern } = options;
  const total = options.nodes;
  if (!Number.isInteger(total) || total < 2 || total > MAX_NODES) {
    throw new PatternError(`--nodes must be a whole number from 2 to ${MAX_NODES} (got ${total})`);
  }
  const spares = sparesFor(pattern, total, options.spares);
  if (!Number.isInteger(spares) || spares < 0 || spares >= total) {
    throw new PatternError(
      `--spares must leave at least one active node: ${spares} spares of ${total} nodes`,
    );
  }
  if (pattern === 'n-plus-m' && spares < 1)
    throw new PatternError('N+M needs at least one spare (--spares 1 or more)');
  // The promise holds only while the survivors keep corosync quorum: no-quorum-policy=stop
  // stops everything on a minority. Two nodes use two_node, so either one carries on.
  const failures = promisedFailures(pattern, spares);
  if (total > 2 && (total - failures) * 2 <= total) {
    throw new PatternError(
      `--spares ${spares} with ${total} nodes: after ${failures} nodes fail the other ${total - failures} are no majority and lose quorum; N+${spares} needs at least ${2 * failures + 1} nodes`,
    );
  }
  const hypervisor = options.hypervisor ?? 'kvm';
  const active = total - spares;
  const vmCount = options.vms ?? (pattern === 'active-passive' ? 2 : active * 2);
  if (!Number.isInteger(vmCount) || vmCount < 1 || vmCount > 500) {
    throw new PatternError(`--vms must be a whole number from 1 to 500 (got ${vmCount})`);
  }
  const nodeNames = Array.from(
    { length: total },
    (_, i) => `node${String(i + 1).padStart(2, '0')}`,
  );
  const activeNames = nodeNames.slice(0, active);
  const spareNames = nodeNames.slice(active);
  const octet = (i: number): number => 11 + i;

  const vmSpec = { vcpus: 2, memoryMiB: 4096 };
  const home = (v: number): string => activeNames[v % active] ?? 'node01';
  // Size nodes so that the pattern's promise holds by capacity too: every guest of a failed
  // node fits on the nodes that may take it over, with headroom for the guests already there.
  const perNode = Math.ceil(vmCount / active);
  // Spares are sized for one failed node's guests each: the pattern's promise, exactly.
  const capacityGuests =
    pattern === 'active-passive'
      ? vmCount
      : pattern === 'n-to-n' || pattern === 'active-active'
        ? perNode * 2
        : perNode;
  const capacity = {
    cpus: Math.max(8, capacityGuests * vmSpec.vcpus),
    memoryMiB: Math.max(16384, capacityGuests * vmSpec.memoryMiB),
  };

  const replicaNodes = (v: number): string[] => {
    const h = home(v);
    switch (pattern) {
      case 'active-passive':
      case 'n-to-n':
        return nodeNames;
      case 'active-active':
        return total === 2
          ? nodeNames
          : [h, activeNames[(activeNames.indexOf(h) + 1) % active] ?? h];
      case 'n-plus-1':
      case 'n-plus-m':
      case 'n-to-1':
        return [h, ...spareNames];
    }
  };

  const design: DesignInput = {
    schemaVersion: 2,
    cluster: {
      name: options.name ?? `${pattern}-${total}`,
      description: `${pattern} with ${total} nodes: ${PATTERN_DESCRIPTIONS[pattern]}`,
      corosync: { transport: 'knet', cipher: 'aes256', hash: 'sha256', links: ['ring0', 'ring1'] },
      quorum: { twoNode: total === 2 },
      pacemaker: {
        stonithEnabled: true,
        noQuorumPolicy: 'stop',
        // N-to-1 fails back: once the home node returns, its guests leave the shared standby.
        resourceStickiness: pattern === 'n-to-1' ? 0 : 100,
        placementStrategy: 'balanced',
      },
      pattern: { kind: pattern, spares },
    },
    networks: [
      { name: 'ring0', cidr: '10.60.0.0/24', role: 'cluster' },
      { name: 'ring1', cidr: '10.61.0.0/24', role: 'replication' },
      { name: 'public', cidr: '192.168.90.0/24', role: 'public', bridge: 'br0' },
      { name: 'mgmt', cidr: '10.95.0.0/24', role: 'management' },
    ],
    nodes: nodeNames.map((name, i) => ({
      name,
      addresses: {
        ring0: `10.60.0.${octet(i)}`,
        ring1: `10.61.0.${octet(i)}`,
        public: `192.168.90.${octet(i)}`,
        mgmt: `10.95.0.${octet(i)}`,
      },
      ssh: { host: `10.95.0.${octet(i)}` },
      capacity,
      hypervisors: [hypervisor],
      spare: spareNames.includes(name),
    })),
    drbd: Array.from({ length: vmCount }, (_, v) => {
      const nodes = replicaNodes(v);
      return {
        name: `disk-vm${v + 1}`,
        version: '9' as const,
        nodes,
        network: 'ring1',
        port: 7789 + v,
        protocol: 'C' as const,
        dualPrimary: pattern === 'active-active',
        // DRBD's own quorum must survive the failures the pattern promises: a majority of
        // N+M's M+1 replicas is gone once M of them fail, and DRBD would then refuse to
        // promote the last one. There fencing (resource-and-stonith) guards against split
        // brain instead.
        quorum:
          nodes.length >= 3 && (nodes.length - failures) * 2 > nodes.length
            ? ('majority' as const)
            : ('off' as const),
        fencing: 'resource-and-stonith' as const,
        volumes: [{ number: 0, minor: v, disk: `/dev/vg0/vm${v + 1}`, sizeGiB: 20 }],
      };
    }),
    vms: Array.from({ length: vmCount }, (_, v) => ({
      name: `vm${v + 1}`,
      hypervisor,
      ...(hypervisor === 'xen' ? { toolstack: 'libvirt' as const } : {}),
      ...(hypervisor === 'openvz' ? { ctid: 101 + v, osTemplate: 'debian-12-x86_64' } : {}),
      vcpus: vmSpec.vcpus,
      memoryMiB: vmSpec.memoryMiB,
      disks: [{ kind: 'drbd' as const, resource: `disk-vm${v + 1}`, volume: 0 }],
      network: 'public',
      preferredNode: home(v),
      liveMigration: pattern === 'active-active' && hypervisor !== 'openvz',
    })),
    // Active/passive keeps its services together on one node, whichever node that is.
    constraints:
      pattern === 'active-passive'
        ? Array.from({ length: vmCount - 1 }, (_, v) => ({
            kind: 'colocation' as const,
            name: `vm${v + 2}-with-vm1`,
            resource: `vm${v + 2}`,
            with: 'vm1',
            score: 'INFINITY' as const,
          }))
        : [],
    fencing: nodeNames.map((name, i) => ({
      name: `ipmi-${name}`,
      kind: 'ipmi' as const,
      targets: [name],
      params: { ip: `10.95.0.${200 + i}`, username: 'admin', lanplus: '1' },
      password: 'ipmi',
    })),
  };
  design.layout = layoutRows([
    (design.networks ?? []).map((n) => n.name),
    nodeNames,
    (design.fencing ?? []).map((f) => f.name),
    (design.drbd ?? []).map((d) => d.name),
    (design.vms ?? []).map((v) => v.name),
  ]);
  const checked = checkDesignData(design);
  if (!checked.design || checked.diagnostics.some((d) => d.severity === 'error')) {
    throw new PatternError(
      `internal error: the ${pattern} design does not check: ${JSON.stringify(checked.diagnostics.slice(0, 3))}`,
    );
  }
  return checked.design;
}

/** One row per kind of element, centred, so a new design opens readable on the canvas. */
function layoutRows(
  rows: readonly (readonly string[])[],
): Record<string, { x: number; y: number }> {
  const layout: Record<string, { x: number; y: number }> = {};
  const widest = Math.max(...rows.map((r) => r.length));
  rows.forEach((row, r) => {
    const offset = ((widest - row.length) * 200) / 2;
    row.forEach((name, i) => (layout[name] = { x: offset + i * 200, y: r * 180 }));
  });
  return layout;
}
