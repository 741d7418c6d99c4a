import type { Design } from '../../../src/model/types.ts';
import type { Located } from './elements.ts';
import { locate } from './elements.ts';
import { freeAddress } from './ipv4.ts';
import type { Placeable } from './kinds.ts';
import { KINDS, aKind } from './kinds.ts';
import type { DraftDesign } from './mutable.ts';

/** What a connection from one kind to another means, and how it changes the design. */
interface Rule {
  readonly role: string;
  /** Why this particular pair cannot be linked, or undefined when it can. */
  readonly refuse?: (design: Design, from: Located, to: Located) => string | undefined;
  readonly apply: (draft: DraftDesign, from: Located, to: Located) => void;
}

const RESOURCE_KINDS: readonly Placeable[] = [
  'drbd',
  'iscsiTargets',
  'vms',
  'floatingIps',
  'filesystems',
  'services',
];

const dependsOn: Rule = {
  role: 'needs',
  refuse: (d, from, to) =>
    d.services[from.index]?.dependsOn.includes(to.name)
      ? `${from.name} already depends on ${to.name}`
      : undefined,
  apply: (d, from, to) => void d.services[from.index]?.dependsOn.push(to.name),
};

/** Source kind → target kind → rule. Anything not listed makes no sense and is refused. */
const RULES: Partial<Record<Placeable, Partial<Record<Placeable, Rule>>>> = {
  nodes: {
    networks: {
      role: 'address',
      refuse: (d, from, to) => {
        if (d.nodes[from.index]?.addresses[to.name] !== undefined)
          return `${from.name} already has an address on ${to.name}`;
        const net = d.networks[to.index];
        if (net && freeAddress(net.cidr, usedAddresses(d)) === undefined)
          return `network ${to.name} has no valid CIDR or no free address: fix its CIDR first`;
        return undefined;
      },
      apply: (d, from, to) => {
        const node = d.nodes[from.index];
        const net = d.networks[to.index];
        const address = net && freeAddress(net.cidr, usedAddresses(d));
        if (node && address) node.addresses[to.name] = address;
      },
    },
  },
  drbd: {
    nodes: {
      role: 'replica',
      refuse: (d, from, to) => {
        const res = d.drbd[from.index];
        if (!res) return undefined;
        if (res.nodes.includes(to.name)) return `${to.name} is already a replica of ${from.name}`;
        if (res.version === '8.4' && res.nodes.length >= 2)
          return `DRBD 8.4 replicates between exactly two nodes; ${from.name} has them already`;
        return undefined;
      },
      apply: (d, from, to) => void d.drbd[from.index]?.nodes.push(to.name),
    },
    networks: {
      role: 'replication',
      apply: (d, from, to) => {
        const res = d.drbd[from.index];
        if (res) res.network = to.name;
      },
    },
  },
  iscsiTargets: {
    drbd: {
      role: 'LUN',
      apply: (d, from, to) => {
        const target = d.iscsiTargets[from.index];
        const volume = d.drbd[to.index]?.volumes[0]?.number ?? 0;
        if (!target) return;
        const number = Math.max(-1, ...target.luns.map((l) => l.number)) + 1;
        target.luns.push({ number, backing: { kind: 'drbd', resource: to.name, volume } });
      },
    },
    floatingIps: {
      role: 'portal',
      apply: (d, from, to) => {
        const target = d.iscsiTargets[from.index];
        if (target) target.portal = to.name;
      },
    },
    nodes: {
      role: 'host',
      apply: (d, from, to) => {
        const target = d.iscsiTargets[from.index];
        if (target && !(target.nodes ?? []).includes(to.name))
          target.nodes = [...(target.nodes ?? []), to.name];
      },
    },
  },
  iscsiInitiators: {
    iscsiTargets: {
      role: 'login',
      apply: (d, from, to) => {
        const initiator = d.iscsiInitiators[from.index];
        if (initiator) initiator.target = to.name;
      },
    },
    nodes: {
      role: 'on',
      apply: (d, from, to) => {
        const initiator = d.iscsiInitiators[from.index];
        if (initiator) initiator.node = to.name;
      },
    },
  },
  vms: {
    drbd: {
      role: 'disk',
      refuse: (d, from, to) =>
        d.vms[from.index]?.disks.some((k) => k.kind === 'drbd' && k.resource === to.name)
          ? `${from.name} already has a disk on ${to.name}`
          : undefined,
      apply: (d, from, to) => {
        const volume = d.drbd[to.index]?.volumes[0]?.number ?? 0;
        d.vms[from.index]?.disks.push({ kind: 'drbd', resource: to.name, volume });
      },
    },
    iscsiTargets: {
      role: 'disk',
      refuse: (d, from, to) => {
        if (d.vms[from.index]?.disks.some((k) => k.kind === 'iscsi' && k.target === to.name))
          return `${from.name} already has a disk on ${to.name}`;
        if ((d.iscsiTargets[to.index]?.luns.length ?? 0) === 0)
          return `${to.name} has no LUN yet: connect it to a DRBD resource first`;
        return undefined;
      },
      apply: (d, from, to) => {
        const lun = d.iscsiTargets[to.index]?.luns[0]?.number ?? 0;
        d.vms[from.index]?.disks.push({ kind: 'iscsi', target: to.name, lun });
      },
    },
    networks: {
      role: 'nic',
      apply: (d, from, to) => {
        const vm = d.vms[from.index];
        if (vm) vm.network = to.name;
      },
    },
    nodes: {
      role: 'prefers',
      refuse: (d, from, to) => {
        const vm = d.vms[from.index];
        const node = d.nodes[to.index];
        if (vm && node && node.hypervisors.length > 0 && !node.hypervisors.includes(vm.hypervisor))
          return `${to.name} runs no ${vm.hypervisor} hypervisor, so it cannot host ${from.name}`;
        return undefined;
      },
      apply: (d, from, to) => {
        const vm = d.vms[from.index];
        if (vm) vm.preferredNode = to.name;
      },
    },
  },
  floatingIps: {
    networks: {
      role: 'on',
      apply: (d, from, to) => {
        const ip = d.floatingIps[from.index];
        const net = d.networks[to.index];
        if (!ip || !net) return;
        ip.network = to.name;
        const address = freeAddress(net.cidr, usedAddresses(d), 100);
        if (address) ip.address = address;
      },
    },
  },
  filesystems: {
    drbd: {
      role: 'device',
      apply: (d, from, to) => {
        const fs = d.filesystems[from.index];
        const volume = d.drbd[to.index]?.volumes[0]?.number ?? 0;
        if (fs) fs.device = { kind: 'drbd', resource: to.name, volume };
      },
    },
    iscsiTargets: {
      role: 'device',
      refuse: (d, _from, to) =>
        (d.iscsiTargets[to.index]?.luns.length ?? 0) === 0
          ? `${to.name} has no LUN yet: connect it to a DRBD resource first`
          : undefined,
      apply: (d, from, to) => {
        const fs = d.filesystems[from.index];
        const lun = d.iscsiTargets[to.index]?.luns[0]?.number ?? 0;
        if (fs) fs.device = { kind: 'iscsi', target: to.name, lun };
      },
    },
  },
  services: Object.fromEntries(RESOURCE_KINDS.map((k) => [k, dependsOn])),
  fencing: {
    nodes: {
      role: 'fences',
      refuse: (d, from, to) =>
        d.fencing[from.index]?.targets.includes(to.name)
          ? `${from.name} already fences ${to.name}`
          : undefined,
      apply: (d, from, to) => void d.fencing[from.index]?.targets.push(to.name),
    },
  },
};

function usedAddresses(d: Design): Set<string> {
  const used = new Set<string>();
  for (const n of d.nodes) for (const ip of Object.values(n.addresses)) used.add(ip);
  for (const ip of d.floatingIps) used.add(ip.address);
  return used;
}

export type Connection =
  | {
      readonly ok: true;
      readonly role: string;
      /** The element that holds the reference (the link may have been drawn backwards). */
      readonly owner: string;
      readonly apply: (draft: DraftDesign) => void;
    }
  | { readonly ok: false; readonly reason: string };

/** What linking two elements means; it may be drawn in either direction. */
export function connectionBetween(design: Design, a: string, b: string): Connection {
  const from = locate(design, a);
  const to = locate(design, b);
  if (!from || !to) return { ok: false, reason: 'both ends must be elements of the design' };
  if (from.name === to.name) return { ok: false, reason: 'an element cannot connect to itself' };
  const forward = RULES[from.collection]?.[to.collection];
  const backward = RULES[to.collection]?.[from.collection];
  const [rule, src, dst] = forward ? [forward, from, to] : backward ? [backward, to, from] : [];
  if (!rule || !src || !dst) {
    return {
      ok: false,
      reason: `${aKind(from.collection)} does not connect to ${aKind(to.collection)}: ${canConnect(from.collection)}`,
    };
  }
  const why = rule.refuse?.(design, src, dst);
  if (why !== undefined) return { ok: false, reason: why };
  return {
    ok: true,
    role: rule.role,
    owner: src.name,
    apply: (draft) => rule.apply(draft, src, dst),
  };
}

/** "a node connects to a network (address)", for refusals and the palette's help text. */
export function canConnect(kind: Placeable): string {
  const outgoing = Object.entries(RULES[kind] ?? {}).map(
    ([to, rule]) => `${KINDS[to as Placeable].label} (${rule.role})`,
  );
  const incoming = Object.entries(RULES)
    .filter(([, targets]) => targets[kind] !== undefined)
    .map(([src, targets]) => `${KINDS[src as Placeable].label} (${targets[kind]?.role ?? ''})`);
  const all = [...new Set([...outgoing, ...incoming])];
  return `${aKind(kind)} links to ${all.length > 0 ? all.join(', ') : 'nothing'}`;
}
