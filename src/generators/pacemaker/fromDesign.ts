import type { Design, Drbd, Fencing, IscsiTarget, Vm } from '../../model/types.ts';
import { assertNever } from '../../model/types.ts';
import { nodeHostname } from '../../model/elements.ts';
import { SECRET_DIR } from '../bundleFile.ts';
import { lookup } from '../lookup.ts';
import type {
  Agent,
  Attr,
  Clone,
  Constraint,
  Group,
  Op,
  PacemakerConfig,
  PacemakerNode,
  Primitive,
  Resource,
  Role,
} from './config.ts';
import { STAND_IN_PARAM, agentName } from './config.ts';

export interface PacemakerOptions {
  /**
   * For a lab of namespaces: agents that need DRBD, a hypervisor, iSCSI or IPMI become
   * ocf:pacemaker:Stateful (promotable) or ocf:pacemaker:Dummy, labelled as stand-ins in
   * their description, and stonith is disabled.
   */
  readonly standIns?: boolean;
}

/** Score of a VM's preferred node: enough to choose it, less than the default stickiness. */
export const PREFERRED_NODE_SCORE = 50;

/** Score of a spare node for every VM: after a failure, guests go to the spare first. */
export const SPARE_NODE_SCORE = 25;

/** Where deploy puts the script a fence agent runs to read its password (prints it). */
export function fencePasswordScript(secret: string): string {
  return `${SECRET_DIR}/${secret}.sh`;
}

const FENCE_AGENTS: Readonly<Record<Fencing['kind'], string>> = {
  ipmi: 'fence_ipmilan',
  redfish: 'fence_redfish',
  sbd: 'fence_sbd',
  fence_virsh: 'fence_virsh',
  fence_xvm: 'fence_xvm',
  apc: 'fence_apc_snmp',
};

const ocf = (provider: string, type: string): Agent => ({ class: 'ocf', provider, type });
const STATEFUL = ocf('pacemaker', 'Stateful');
const DUMMY = ocf('pacemaker', 'Dummy');

const attrs = (record: Readonly<Record<string, string | number | undefined>>): Attr[] =>
  Object.entries(record).flatMap(([name, value]) =>
    value === undefined ? [] : [{ name, value: String(value) }],
  );

/**
 * Parameters a design sets: an empty value means unset, as pcs reads `name=` (and a
 * parameter given as empty could not be told apart from one left out in every dialect).
 */
const designParams = (record: Readonly<Record<string, string>>): Attr[] =>
  attrs(record).filter((a) => a.value !== '');

/** Generated attributes first; a design value with the same name replaces (or unsets) it. */
function merge(generated: readonly Attr[], fromDesign: Readonly<Record<string, string>>): Attr[] {
  const out = generated.filter((a) => !(a.name in fromDesign));
  return [...out, ...designParams(fromDesign)];
}

const monitor = (interval: string, timeout?: string, role?: Role): Op => ({
  name: 'monitor',
  interval,
  ...(timeout !== undefined ? { timeout } : {}),
  ...(role !== undefined ? { role } : {}),
});
const oneShot = (name: Op['name'], timeout: string): Op => ({ name, interval: '0s', timeout });

const DRBD_OPS: readonly Op[] = [
  monitor('29s', '30s', 'Promoted'),
  monitor('31s', '30s', 'Unpromoted'),
  oneShot('start', '240s'),
  oneShot('stop', '100s'),
  oneShot('promote', '90s'),
  oneShot('demote', '90s'),
];
const VM_OPS: readonly Op[] = [
  monitor('30s', '30s'),
  oneShot('start', '120s'),
  oneShot('stop', '120s'),
];
const MIGRATE_OPS: readonly Op[] = [oneShot('migrate_to', '120s'), oneShot('migrate_from', '120s')];
const FS_OPS: readonly Op[] = [
  monitor('20s', '40s'),
  oneShot('start', '60s'),
  oneShot('stop', '60s'),
];
const PLAIN_OPS: readonly Op[] = [monitor('30s', '30s')];
const STONITH_OPS: readonly Op[] = [monitor('60s')];

interface PrimitiveSpec {
  readonly id: string;
  readonly agent: Agent;
  readonly description?: string | undefined;
  readonly params?: readonly Attr[];
  readonly meta?: readonly Attr[];
  readonly utilization?: readonly Attr[];
  readonly ops: readonly Op[];
  /** In a lab: the agent that stands in for this one, or undefined to keep it. */
  readonly standIn?: Agent;
}

/**
 * Builds the Pacemaker configuration of a design, once, for all three dialects. The design
 * must be free of model errors (names unique, references resolved).
 */
export function pacemakerConfig(design: Design, options: PacemakerOptions = {}): PacemakerConfig {
  const lab = options.standIns === true;
  const byNode = new Map(design.nodes.map((n) => [n.name, n]));
  const uname = (node: string): string => {
    const n = byNode.get(node);
    return n ? nodeHostname(n) : node;
  };
  const balanced = design.cluster.pacemaker.placementStrategy !== 'default';

  const primitive = (spec: PrimitiveSpec): Primitive => {
    const standIn = lab ? spec.standIn : undefined;
    // An empty description is no description, in all three dialects alike.
    const own = spec.description === '' ? undefined : spec.description;
    const description = standIn
      ? `stand-in for ${agentName(spec.agent)}` + (own !== undefined ? `: ${own}` : '')
      : own;
    return {
      kind: 'primitive',
      id: spec.id,
      agent: standIn ?? spec.agent,
      ...(description !== undefined ? { description } : {}),
      // A stand-in takes none of the real agent's parameters: it would refuse them. They
      // ride along as inert meta attributes instead, so importing a lab node's live CIB
      // gives back the design that was deployed to it.
      params: standIn ? [] : (spec.params ?? []),
      meta: standIn
        ? [
            ...(spec.meta ?? []),
            ...(spec.params ?? []).map((a) => ({ ...a, name: `${STAND_IN_PARAM}${a.name}` })),
          ]
        : (spec.meta ?? []),
      utilization: spec.utilization ?? [],
      ops: spec.ops,
    };
  };

  const resources: Resource[] = [];
  const constraints: Constraint[] = [];
  /** Element name → the id constraints use: the clone, group or primitive at the top. */
  const top = new Map<string, string>();
  const drbdByName = new Map(design.drbd.map((d) => [d.name, d]));
  const targetByName = new Map(design.iscsiTargets.map((t) => [t.name, t]));
  const seen = new Set<string>();
  const add = (c: Constraint): void => {
    if (seen.has(c.id)) return;
    seen.add(c.id);
    constraints.push(c);
  };

  /** Keeps an element off every node outside `allowed`. */
  const restrictTo = (element: string, allowed: ReadonlySet<string>): void => {
    const rsc = topId(element);
    for (const n of design.nodes) {
      if (allowed.has(n.name)) continue;
      add({
        kind: 'location',
        id: `loc_${element}_avoid_${n.name}`,
        rsc,
        node: uname(n.name),
        score: '-INFINITY',
      });
    }
  };
  const topId = (element: string): string => top.get(element) ?? element;

  /** `element` runs where `dep` runs (where DRBD is Promoted) and starts after it. */
  const needs = (
    element: string,
    dep: string,
    order: 'Mandatory' | 'Optional' = 'Mandatory',
  ): void => {
    const isDrbd = drbdByName.has(dep);
    add({
      kind: 'colocation',
      id: `col_${element}_${dep}`,
      rsc: topId(element),
      withRsc: topId(dep),
      ...(isDrbd ? { withRscRole: 'Promoted' as const } : {}),
      score: 'INFINITY',
    });
    startsAfter(element, dep, order);
  };
  /** The reverse of `needs`: DRBD `drbd` is promoted where `element` runs, and first. */
  const promotedWith = (drbd: string, element: string): void => {
    add({
      kind: 'colocation',
      id: `col_${drbd}_with_${element}`,
      rsc: topId(drbd),
      rscRole: 'Promoted',
      withRsc: topId(element),
      score: 'INFINITY',
    });
    startsAfter(element, drbd, 'Mandatory');
  };
  /**
   * A guest that may fail over to two or more spares leads its DRBD storage. Pacemaker
   * promotes a clone without looking at node utilization, so a guest that follows its DRBD
   * Primary lands wherever the first equally scored spare is, full or not: after several
   * failures, N+M would pile every displaced guest onto one spare and stop those that do
   * not fit. Placed first, the guest gets a spare with room (placement-strategy), and DRBD
   * is promoted there. The cost: the guest does not see where DRBD cannot be promoted
   * (an outdated disk, a fence-peer constraint), so it is kept for the spare patterns.
   * With one spare there is no choice to get wrong, and guests follow DRBD as usual.
   * Dual-primary disks keep the usual direction: both Primaries cannot be with the guest.
   */
  const leadsStorage = (
    vm: Vm,
    allowed: ReadonlySet<string>,
    drbdDisks: readonly Drbd[],
  ): boolean => {
    if (drbdDisks.length === 0 || drbdDisks.some((d) => d.dualPrimary)) return false;
    const spares = design.nodes.filter(
      (n) =>
        n.spare &&
        n.name !== vm.preferredNode &&
        allowed.has(n.name) &&
        drbdDisks.every((d) => d.nodes.includes(n.name)),
    );
    return spares.length >= 2;
  };
  const startsAfter = (element: string, dep: string, order: 'Mandatory' | 'Optional'): void => {
    add({
      kind: 'order',
      id: `ord_${dep}_${element}`,
      first: topId(dep),
      firstAction: drbdByName.has(dep) ? 'promote' : 'start',
      then: topId(element),
      thenAction: 'start',
      order,
    });
  };

  // ------------------------------------------------------------ DRBD: promotable clones
  for (const d of design.drbd) resources.push(drbdClone(d));
  function drbdClone(d: Drbd): Clone {
    const id = `${d.name}_clone`;
    top.set(d.name, id);
    return {
      kind: 'clone',
      id,
      promotable: true,
      meta: attrs({
        promotable: 'true',
        'promoted-max': d.dualPrimary ? 2 : 1,
        'promoted-node-max': 1,
        'clone-max': d.nodes.length,
        'clone-node-max': 1,
        notify: 'true',
      }),
      child: primitive({
        id: d.name,
        agent: ocf('linbit', 'drbd'),
        description: d.description,
        params: attrs({ drbd_resource: d.name }),
        ops: DRBD_OPS,
        standIn: STATEFUL,
      }),
    };
  }

  // ------------------------------------------------------------ floating IPs
  const networks = new Map(design.networks.map((n) => [n.name, n]));
  for (const ip of design.floatingIps) {
    const prefix = networks.get(ip.network)?.cidr.split('/')[1];
    resources.push(
      primitive({
        id: ip.name,
        agent: ocf('heartbeat', 'IPaddr2'),
        description: ip.description,
        params: attrs({ ip: ip.address, cidr_netmask: prefix }),
        ops: PLAIN_OPS,
      }),
    );
  }

  // ------------------------------------------------------------ filesystems
  const drbdDevice = (resource: string, volume: number): string | undefined => {
    const minor = drbdByName.get(resource)?.volumes.find((v) => v.number === volume)?.minor;
    return minor === undefined ? undefined : `/dev/drbd${minor}`;
  };
  const { floatingIps, initiatorNodes: initiatorsOf } = lookup(design);
  const portalAddress = (t: IscsiTarget): string | undefined =>
    t.portal === undefined ? undefined : floatingIps.get(t.portal)?.address;
  const iscsiDevice = (target: string, lun: number): string | undefined => {
    const t = targetByName.get(target);
    const address = t && portalAddress(t);
    return t && address !== undefined
      ? `/dev/disk/by-path/ip-${address}:${t.port}-iscsi-${t.iqn}-lun-${lun}`
      : undefined;
  };
  /** Nodes that log into a target: the only ones where its LUNs show up. */
  const initiatorNodes = (target: string): ReadonlySet<string> =>
    initiatorsOf.get(target) ?? new Set();

  for (const fs of design.filesystems) {
    const device =
      fs.device.kind === 'drbd'
        ? drbdDevice(fs.device.resource, fs.device.volume)
        : fs.device.kind === 'iscsi'
          ? iscsiDevice(fs.device.target, fs.device.lun)
          : fs.device.path;
    resources.push(
      primitive({
        id: fs.name,
        agent: ocf('heartbeat', 'Filesystem'),
        description: fs.description,
        params: attrs({ device, directory: fs.mountpoint, fstype: fs.fstype }),
        ops: FS_OPS,
        standIn: DUMMY,
      }),
    );
  }

  // ------------------------------------------------------------ iSCSI targets
  design.iscsiTargets.forEach((t, index) => resources.push(iscsiGroup(t, index)));
  function iscsiGroup(t: IscsiTarget, index: number): Group {
    const implementation = { lio: 'lio-t', tgt: 'tgt', iet: 'iet' }[t.implementation];
    const address = portalAddress(t);
    const portblock = (action: 'block' | 'unblock'): Primitive =>
      primitive({
        id: `${t.name}_${action}`,
        agent: ocf('heartbeat', 'portblock'),
        params: attrs({ ip: address, portno: t.port, protocol: 'tcp', action }),
        ops: PLAIN_OPS,
        standIn: DUMMY,
      });
    const target = primitive({
      id: t.name,
      agent: ocf('heartbeat', 'iSCSITarget'),
      description: t.description,
      // incoming_password stays out of the CIB: deploy sets it from the keyring with
      // crm_resource --set-parameter incoming_password, so no secret sits in a file.
      params: attrs({
        implementation,
        iqn: t.iqn,
        // tgt identifies targets by a number; the others by their IQN.
        tid: t.implementation === 'tgt' ? index + 1 : undefined,
        portals: address !== undefined ? `${address}:${t.port}` : undefined,
        allowed_initiators:
          t.allowedInitiators.length > 0 ? t.allowedInitiators.join(' ') : undefined,
        incoming_username: t.chap?.user,
      }),
      ops: PLAIN_OPS,
      standIn: DUMMY,
    });
    const luns = t.luns.map((lun) =>
      primitive({
        id: `${t.name}_lun${lun.number}`,
        agent: ocf('heartbeat', 'iSCSILogicalUnit'),
        params: attrs({
          implementation,
          target_iqn: t.iqn,
          lun: lun.number,
          path:
            lun.backing.kind === 'drbd'
              ? drbdDevice(lun.backing.resource, lun.backing.volume)
              : lun.backing.path,
        }),
        ops: PLAIN_OPS,
        standIn: DUMMY,
      }),
    );
    const id = `${t.name}_group`;
    top.set(t.name, id);
    // Initiators see dropped packets, not refused connections, while the target moves.
    const members =
      address !== undefined
        ? [portblock('block'), target, ...luns, portblock('unblock')]
        : [target, ...luns];
    return { kind: 'group', id, members };
  }

  // ------------------------------------------------------------ VMs and containers
  for (const vm of design.vms) resources.push(vmResource(vm));
  function vmResource(vm: Vm): Resource {
    const utilization = balanced ? attrs({ cpu: vm.vcpus, memory: vm.memoryMiB }) : [];
    const migrate = vm.liveMigration && vm.hypervisor !== 'openvz';
    const meta = migrate ? attrs({ 'allow-migrate': 'true' }) : [];
    const ops = migrate ? [...VM_OPS, ...MIGRATE_OPS] : VM_OPS;
    const common = { id: vm.name, description: vm.description, meta, utilization, ops };
    switch (vm.hypervisor) {
      case 'kvm':
      case 'xen':
        if (vm.hypervisor === 'xen' && vm.toolstack === 'xl') {
          return primitive({
            ...common,
            agent: ocf('heartbeat', 'Xen'),
            params: attrs({ xmfile: `/etc/xen/${vm.name}.cfg` }),
            standIn: DUMMY,
          });
        }
        return primitive({
          ...common,
          agent: ocf('heartbeat', 'VirtualDomain'),
          params: attrs({
            config: `/etc/libvirt/qemu/${vm.name}.xml`,
            hypervisor: vm.hypervisor === 'kvm' ? 'qemu:///system' : 'xen:///system',
            migration_transport: 'ssh',
          }),
          standIn: DUMMY,
        });
      case 'openvz': {
        if (vm.ctid === undefined) {
          throw new Error(
            `virtual machine "${vm.name}": an OpenVZ container needs a ctid; set ctid (101 or more) in the design`,
          );
        }
        const ve = primitive({
          ...common,
          agent: ocf('heartbeat', 'ManageVE'),
          params: attrs({ veid: vm.ctid }),
          standIn: DUMMY,
        });
        const disk = vm.disks[0];
        if (disk === undefined) return ve;
        const device =
          disk.kind === 'drbd'
            ? drbdDevice(disk.resource, disk.volume)
            : iscsiDevice(disk.target, disk.lun);
        const privateArea = primitive({
          id: `${vm.name}_private`,
          agent: ocf('heartbeat', 'Filesystem'),
          params: attrs({ device, directory: `/vz/private/${vm.ctid}`, fstype: 'ext4' }),
          ops: FS_OPS,
          standIn: DUMMY,
        });
        const id = `${vm.name}_group`;
        top.set(vm.name, id);
        return { kind: 'group', id, members: [privateArea, ve] };
      }
      default:
        return assertNever(vm.hypervisor, 'hypervisor');
    }
  }

  // ------------------------------------------------------------ services
  for (const s of design.services) {
    const agent: Agent =
      s.agent.class === 'systemd'
        ? { class: 'systemd', type: s.agent.unit }
        : ocf(s.agent.provider, s.agent.type);
    const p = primitive({
      id: s.name,
      agent,
      description: s.description,
      params: designParams(s.params),
      ops: PLAIN_OPS,
    });
    if (!s.clone) {
      resources.push(p);
      continue;
    }
    const id = `${s.name}_clone`;
    top.set(s.name, id);
    resources.push({ kind: 'clone', id, child: p, promotable: false, meta: [] });
  }

  // ------------------------------------------------------------ fencing
  for (const f of design.fencing) {
    const hosts = f.targets.map(uname).join(' ');
    const generated = attrs({
      pcmk_host_list: hosts,
      password_script: f.password !== undefined ? fencePasswordScript(f.password) : undefined,
    });
    resources.push(
      primitive({
        id: f.name,
        agent: { class: 'stonith', type: FENCE_AGENTS[f.kind] },
        description: f.description,
        params: merge(generated, f.params),
        ops: STONITH_OPS,
        standIn: DUMMY,
      }),
    );
  }

  // ------------------------------------------------------------ implied constraints
  for (const d of design.drbd) restrictTo(d.name, new Set(d.nodes));

  const diskDeps = (element: string, disk: Vm['disks'][number]): void => {
    if (disk.kind === 'drbd') needs(element, disk.resource);
    // The target runs on storage nodes and the initiators elsewhere: order only, and
    // Optional so a target failover (which initiators ride through) restarts nothing.
    else startsAfter(element, disk.target, 'Optional');
  };
  for (const fs of design.filesystems) {
    if (fs.device.kind === 'disk') continue;
    diskDeps(fs.name, fs.device);
    if (fs.device.kind === 'iscsi') restrictTo(fs.name, initiatorNodes(fs.device.target));
  }
  for (const t of design.iscsiTargets) {
    for (const lun of t.luns) if (lun.backing.kind === 'drbd') needs(t.name, lun.backing.resource);
    const hosts = new Set(
      t.nodes ??
        t.luns.flatMap((l) =>
          l.backing.kind === 'drbd' ? (drbdByName.get(l.backing.resource)?.nodes ?? []) : [],
        ),
    );
    if (t.portal !== undefined) {
      needs(t.name, t.portal);
      // The portal goes first, so it must only go where the target can follow it.
      if (hosts.size > 0) restrictTo(t.portal, hosts);
    }
    if (t.nodes !== undefined) restrictTo(t.name, hosts);
  }
  for (const vm of design.vms) {
    let allowed = new Set(
      design.nodes.filter((n) => n.hypervisors.includes(vm.hypervisor)).map((n) => n.name),
    );
    for (const disk of vm.disks) {
      if (disk.kind !== 'iscsi') continue;
      const initiators = initiatorNodes(disk.target);
      allowed = new Set([...allowed].filter((n) => initiators.has(n)));
    }
    const drbdDisks = vm.disks.flatMap((disk) => {
      const d = disk.kind === 'drbd' ? drbdByName.get(disk.resource) : undefined;
      return d ? [d] : [];
    });
    if (leadsStorage(vm, allowed, drbdDisks)) {
      // Where its disks are, and nowhere else: the guest is placed before they are promoted.
      for (const d of drbdDisks) allowed = new Set(d.nodes.filter((n) => allowed.has(n)));
      for (const d of drbdDisks) promotedWith(d.name, vm.name);
      for (const disk of vm.disks) if (disk.kind !== 'drbd') diskDeps(vm.name, disk);
    } else {
      for (const disk of vm.disks) diskDeps(vm.name, disk);
    }
    restrictTo(vm.name, allowed);
    if (vm.preferredNode !== undefined) {
      add({
        kind: 'location',
        id: `loc_${vm.name}_prefers_${vm.preferredNode}`,
        rsc: topId(vm.name),
        node: uname(vm.preferredNode),
        score: PREFERRED_NODE_SCORE,
      });
    }
    for (const spare of design.nodes.filter((n) => n.spare && allowed.has(n.name))) {
      if (spare.name === vm.preferredNode) continue;
      add({
        kind: 'location',
        id: `loc_${vm.name}_spare_${spare.name}`,
        rsc: topId(vm.name),
        node: uname(spare.name),
        score: SPARE_NODE_SCORE,
      });
    }
  }
  for (const s of design.services) for (const dep of s.dependsOn) needs(s.name, dep);
  for (const f of design.fencing) {
    const [only] = f.targets;
    // A device never runs on the node it fences: that node may be the one that hangs.
    if (f.targets.length === 1 && only !== undefined) {
      add({
        kind: 'location',
        id: `loc_${f.name}_avoid_${only}`,
        rsc: f.name,
        node: uname(only),
        score: '-INFINITY',
      });
    }
  }

  // ------------------------------------------------------------ the design's own constraints
  for (const c of design.constraints) {
    switch (c.kind) {
      case 'colocation':
        add({
          kind: 'colocation',
          id: c.name,
          rsc: topId(c.resource),
          withRsc: topId(c.with),
          // With a DRBD resource means with its Primary: every node runs the clone.
          ...(drbdByName.has(c.with) ? { withRscRole: 'Promoted' as const } : {}),
          score: c.score,
        });
        break;
      case 'order':
        add({
          kind: 'order',
          id: c.name,
          first: topId(c.first),
          firstAction: drbdByName.has(c.first) ? 'promote' : 'start',
          then: topId(c.then),
          thenAction: 'start',
          order: c.mandatory ? 'Mandatory' : 'Optional',
        });
        break;
      case 'location':
        add({
          kind: 'location',
          id: c.name,
          rsc: topId(c.resource),
          node: uname(c.node),
          score: c.score,
        });
        break;
      default:
        assertNever(c, 'constraint');
    }
  }

  const nodes: PacemakerNode[] = design.nodes.map((n, i) => ({
    id: i + 1,
    uname: nodeHostname(n),
    utilization: balanced ? attrs({ cpu: n.capacity.cpus, memory: n.capacity.memoryMiB }) : [],
  }));
  const pm = design.cluster.pacemaker;
  return {
    clusterName: design.cluster.name,
    nodes,
    properties: attrs({
      'stonith-enabled': String(pm.stonithEnabled && !lab),
      // A lab cannot fence; what the design asks for is kept, inert, for the importer.
      [`${STAND_IN_PARAM}stonith-enabled`]:
        lab && pm.stonithEnabled ? String(pm.stonithEnabled) : undefined,
      'no-quorum-policy': pm.noQuorumPolicy,
      'placement-strategy': pm.placementStrategy,
      'cluster-name': design.cluster.name,
    }),
    rscDefaults: attrs({ 'resource-stickiness': pm.resourceStickiness }),
    opDefaults: attrs({ timeout: '60s' }),
    resources,
    constraints,
  };
}
