import type { Design } from '../../../src/model/types.ts';
import type { DraftDesign } from './mutable.ts';

/** One reference from an element to another, as the canvas draws it. */
export interface Reference {
  readonly from: string;
  readonly to: string;
  /** What the reference means: "address", "replica", "disk"… */
  readonly role: string;
}

/** Every reference between placed elements: the canvas' edges. */
export function referencesOf(design: Design): Reference[] {
  const out: Reference[] = [];
  const add = (from: string, to: string | undefined, role: string): void => {
    if (to !== undefined && to !== '') out.push({ from, to, role });
  };
  for (const n of design.nodes)
    for (const net of Object.keys(n.addresses)) add(n.name, net, 'address');
  for (const d of design.drbd) {
    for (const n of d.nodes) add(d.name, n, 'replica');
    add(d.name, d.network, 'replication');
  }
  for (const t of design.iscsiTargets) {
    add(t.name, t.portal, 'portal');
    for (const lun of t.luns)
      if (lun.backing.kind === 'drbd') add(t.name, lun.backing.resource, 'LUN');
    for (const n of t.nodes ?? []) add(t.name, n, 'host');
  }
  for (const i of design.iscsiInitiators) {
    add(i.name, i.node, 'on');
    add(i.name, i.target, 'login');
  }
  for (const vm of design.vms) {
    for (const disk of vm.disks)
      add(vm.name, disk.kind === 'drbd' ? disk.resource : disk.target, 'disk');
    add(vm.name, vm.network, 'nic');
    add(vm.name, vm.preferredNode, 'prefers');
  }
  for (const ip of design.floatingIps) add(ip.name, ip.network, 'on');
  for (const fs of design.filesystems) {
    if (fs.device.kind === 'drbd') add(fs.name, fs.device.resource, 'device');
    if (fs.device.kind === 'iscsi') add(fs.name, fs.device.target, 'device');
  }
  for (const s of design.services) for (const dep of s.dependsOn) add(s.name, dep, 'needs');
  for (const f of design.fencing) for (const n of f.targets) add(f.name, n, 'fences');
  // The same pair may be linked twice (two disks on one resource): draw it once.
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.from}\u0000${r.to}\u0000${r.role}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What to do with a reference to a name: keep it (return the same name), rename it (return
 * the new one) or drop it (return null).
 */
export type RefMapper = (name: string) => string | null;

/**
 * Rewrites every reference in a draft. A reference in a list is removed when dropped; an
 * optional one is cleared; a required one is returned in `orphans` (the owners cannot
 * exist without it) and, for DRBD's network, left empty for the user to reconnect.
 */
export function mapReferences(draft: DraftDesign, map: RefMapper): { orphans: Set<string> } {
  const orphans = new Set<string>();
  const list = (names: string[]): string[] =>
    names.flatMap((n) => {
      const m = map(n);
      return m === null ? [] : [m];
    });
  const required = (owner: string, name: string): string => {
    const m = map(name);
    if (m === null) {
      orphans.add(owner);
      return name;
    }
    return m;
  };
  const optional = (name: string | undefined): string | undefined =>
    name === undefined ? undefined : (map(name) ?? undefined);

  draft.cluster.corosync.links = list(draft.cluster.corosync.links);
  for (const n of draft.nodes) {
    const addresses: Record<string, string> = {};
    for (const [net, ip] of Object.entries(n.addresses)) {
      const m = map(net);
      if (m !== null) addresses[m] = ip;
    }
    n.addresses = addresses;
  }
  for (const d of draft.drbd) {
    d.nodes = list(d.nodes);
    d.network = map(d.network) ?? '';
  }
  for (const t of draft.iscsiTargets) {
    const portal = optional(t.portal);
    if (portal === undefined) delete t.portal;
    else t.portal = portal;
    t.luns = t.luns.flatMap((lun) => {
      if (lun.backing.kind !== 'drbd') return [lun];
      const m = map(lun.backing.resource);
      return m === null ? [] : [{ ...lun, backing: { ...lun.backing, resource: m } }];
    });
    if (t.nodes) t.nodes = list(t.nodes);
  }
  for (const i of draft.iscsiInitiators) {
    i.node = required(i.name, i.node);
    i.target = required(i.name, i.target);
  }
  for (const vm of draft.vms) {
    vm.disks = vm.disks.flatMap((disk) => {
      const m = map(disk.kind === 'drbd' ? disk.resource : disk.target);
      if (m === null) return [];
      return [disk.kind === 'drbd' ? { ...disk, resource: m } : { ...disk, target: m }];
    });
    const network = optional(vm.network);
    if (network === undefined) delete vm.network;
    else vm.network = network;
    const preferred = optional(vm.preferredNode);
    if (preferred === undefined) delete vm.preferredNode;
    else vm.preferredNode = preferred;
  }
  for (const ip of draft.floatingIps) ip.network = required(ip.name, ip.network);
  for (const fs of draft.filesystems) {
    if (fs.device.kind === 'drbd') fs.device.resource = required(fs.name, fs.device.resource);
    if (fs.device.kind === 'iscsi') fs.device.target = required(fs.name, fs.device.target);
  }
  for (const s of draft.services) s.dependsOn = list(s.dependsOn);
  for (const f of draft.fencing) {
    const had = f.targets.length;
    f.targets = list(f.targets);
    // A fencing device that fences nobody has no reason to exist.
    if (had > 0 && f.targets.length === 0) orphans.add(f.name);
  }
  for (const c of draft.constraints) {
    if (c.kind === 'colocation') {
      c.resource = required(c.name, c.resource);
      c.with = required(c.name, c.with);
    } else if (c.kind === 'order') {
      c.first = required(c.name, c.first);
      c.then = required(c.name, c.then);
    } else {
      c.resource = required(c.name, c.resource);
      c.node = required(c.name, c.node);
    }
  }
  const layout: DraftDesign['layout'] = {};
  for (const [name, pos] of Object.entries(draft.layout)) {
    const m = map(name);
    if (m !== null) layout[m] = pos;
  }
  draft.layout = layout;
  return { orphans };
}
