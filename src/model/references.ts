import type { Diagnostic, FieldPath } from './diagnostic.ts';
import { RESOURCE_COLLECTIONS, allElements, indexByName, kindOf } from './elements.ts';
import type { IndexedElement } from './elements.ts';
import type { Design, ElementCollection } from './types.ts';

/**
 * Checks that every name is unique design-wide and every reference points at an element of
 * the right kind. These are model errors: a design that fails them cannot be generated.
 */
export function checkReferences(design: Design): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, IndexedElement>();
  for (const el of allElements(design)) {
    const first = seen.get(el.name);
    if (first) {
      out.push({
        code: 'name-duplicate',
        severity: 'error',
        elements: [el.name],
        path: [el.collection, el.index, 'name'],
        message: `the name "${el.name}" is used by a ${kindOf(first.collection)} and a ${kindOf(el.collection)}`,
        fix: 'give each element its own name: names become Pacemaker ids and file names, which must be unique',
      });
    } else {
      seen.set(el.name, el);
    }
  }
  const byName = indexByName(design);

  const ref = (
    owner: string,
    path: FieldPath,
    target: string,
    wanted: readonly ElementCollection[],
  ): IndexedElement | undefined => {
    const found = byName.get(target);
    const wantedKinds = wanted.map(kindOf).join(' or ');
    if (!found) {
      out.push({
        code: 'ref-dangling',
        severity: 'error',
        elements: [owner],
        path,
        message: `refers to "${target}", but no ${wantedKinds} has that name`,
        fix: `add a ${wantedKinds} named "${target}" or change the reference to an existing one`,
      });
      return undefined;
    }
    if (!wanted.includes(found.collection)) {
      out.push({
        code: 'ref-wrong-kind',
        severity: 'error',
        elements: [owner, target],
        path,
        message: `refers to "${target}", which is a ${kindOf(found.collection)}, not a ${wantedKinds}`,
        fix: `point it at a ${wantedKinds}`,
      });
      return undefined;
    }
    return found;
  };

  const drbdVolume = (owner: string, path: FieldPath, resource: string, volume: number): void => {
    if (!ref(owner, [...path, 'resource'], resource, ['drbd'])) return;
    const res = design.drbd.find((d) => d.name === resource);
    if (res && !res.volumes.some((v) => v.number === volume)) {
      out.push({
        code: 'ref-drbd-volume',
        severity: 'error',
        elements: [owner, resource],
        path: [...path, 'volume'],
        message: `uses volume ${volume} of DRBD resource "${resource}", which has no such volume`,
        fix: `use one of its volumes (${res.volumes.map((v) => v.number).join(', ')}) or add volume ${volume} to it`,
      });
    }
  };

  const iscsiLun = (owner: string, path: FieldPath, target: string, lun: number): void => {
    if (!ref(owner, [...path, 'target'], target, ['iscsiTargets'])) return;
    const t = design.iscsiTargets.find((x) => x.name === target);
    if (t && !t.luns.some((l) => l.number === lun)) {
      out.push({
        code: 'ref-iscsi-lun',
        severity: 'error',
        elements: [owner, target],
        path: [...path, 'lun'],
        message: `uses LUN ${lun} of iSCSI target "${target}", which has no such LUN`,
        fix: `use one of its LUNs (${t.luns.map((l) => l.number).join(', ')}) or add LUN ${lun} to it`,
      });
    }
  };

  design.cluster.corosync.links.forEach((net, i) =>
    ref(design.cluster.name, ['cluster', 'corosync', 'links', i], net, ['networks']),
  );
  design.nodes.forEach((node, i) => {
    for (const net of Object.keys(node.addresses)) {
      ref(node.name, ['nodes', i, 'addresses', net], net, ['networks']);
    }
  });
  design.drbd.forEach((d, i) => {
    d.nodes.forEach((n, j) => ref(d.name, ['drbd', i, 'nodes', j], n, ['nodes']));
    ref(d.name, ['drbd', i, 'network'], d.network, ['networks']);
  });
  design.iscsiTargets.forEach((t, i) => {
    if (t.portal !== undefined)
      ref(t.name, ['iscsiTargets', i, 'portal'], t.portal, ['floatingIps']);
    t.luns.forEach((lun, j) => {
      const path = ['iscsiTargets', i, 'luns', j, 'backing'];
      if (lun.backing.kind === 'drbd')
        drbdVolume(t.name, path, lun.backing.resource, lun.backing.volume);
    });
    t.nodes?.forEach((n, j) => ref(t.name, ['iscsiTargets', i, 'nodes', j], n, ['nodes']));
  });
  design.iscsiInitiators.forEach((x, i) => {
    ref(x.name, ['iscsiInitiators', i, 'node'], x.node, ['nodes']);
    ref(x.name, ['iscsiInitiators', i, 'target'], x.target, ['iscsiTargets']);
  });
  design.vms.forEach((vm, i) => {
    vm.disks.forEach((disk, j) => {
      const path = ['vms', i, 'disks', j];
      if (disk.kind === 'drbd') drbdVolume(vm.name, path, disk.resource, disk.volume);
      else iscsiLun(vm.name, path, disk.target, disk.lun);
    });
    if (vm.network !== undefined) ref(vm.name, ['vms', i, 'network'], vm.network, ['networks']);
    if (vm.preferredNode !== undefined) {
      ref(vm.name, ['vms', i, 'preferredNode'], vm.preferredNode, ['nodes']);
    }
  });
  design.floatingIps.forEach((ip, i) =>
    ref(ip.name, ['floatingIps', i, 'network'], ip.network, ['networks']),
  );
  design.filesystems.forEach((fs, i) => {
    const path = ['filesystems', i, 'device'];
    if (fs.device.kind === 'drbd') drbdVolume(fs.name, path, fs.device.resource, fs.device.volume);
    else if (fs.device.kind === 'iscsi') iscsiLun(fs.name, path, fs.device.target, fs.device.lun);
  });
  design.services.forEach((s, i) =>
    s.dependsOn.forEach((dep, j) =>
      ref(s.name, ['services', i, 'dependsOn', j], dep, RESOURCE_COLLECTIONS),
    ),
  );
  design.fencing.forEach((f, i) =>
    f.targets.forEach((n, j) => ref(f.name, ['fencing', i, 'targets', j], n, ['nodes'])),
  );
  design.constraints.forEach((c, i) => {
    const at = (field: string): FieldPath => ['constraints', i, field];
    switch (c.kind) {
      case 'colocation':
        ref(c.name, at('resource'), c.resource, RESOURCE_COLLECTIONS);
        ref(c.name, at('with'), c.with, RESOURCE_COLLECTIONS);
        break;
      case 'order':
        ref(c.name, at('first'), c.first, RESOURCE_COLLECTIONS);
        ref(c.name, at('then'), c.then, RESOURCE_COLLECTIONS);
        break;
      case 'location':
        ref(c.name, at('resource'), c.resource, RESOURCE_COLLECTIONS);
        ref(c.name, at('node'), c.node, ['nodes']);
        break;
    }
  });
  for (const name of Object.keys(design.layout)) {
    if (!byName.has(name)) {
      out.push({
        code: 'layout-orphan',
        severity: 'info',
        elements: [],
        path: ['layout', name],
        message: `the layout has a position for "${name}", which is not in the design`,
        fix: 'nothing to do: the position is dropped on the next save',
      });
    }
  }
  return out;
}
