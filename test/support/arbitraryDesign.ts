import fc from 'fast-check';
import { checkDesignData } from '../../src/model/designFile.ts';
import type { Design } from '../../src/model/types.ts';

/**
 * Random designs that pass the model's own checks (schema, safe and unique names, every
 * reference resolves) but are otherwise arbitrary: random sizes, random memberships, colliding
 * ports, minors and addresses, cycles, bans, missing fencing… Elements are drawn as
 * blueprints that point at each other by number; the numbers are resolved modulo what exists,
 * so every reference lands on a real element. Reusable by any test that needs designs.
 */
export interface DesignLimits {
  readonly maxNodes?: number;
  readonly maxNetworks?: number;
  readonly maxDrbd?: number;
  readonly maxVms?: number;
  readonly maxTargets?: number;
  readonly maxOther?: number;
}

const pick = <T>(items: readonly T[], n: number): T | undefined =>
  items.length === 0 ? undefined : items[n % items.length];
const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

function blueprints(l: Required<DesignLimits>) {
  const ref = fc.nat({ max: 1000 });
  const refs = (max: number) => fc.array(ref, { maxLength: max });
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  return fc.record({
    cluster: fc.record({
      lab: fc.boolean(),
      transport: fc.constantFrom('knet', 'udpu'),
      crypto: fc.constantFrom(['aes256', 'sha256'], ['none', 'none'], ['none', 'sha1']),
      links: fc.array(ref, { minLength: 1, maxLength: 3 }),
      twoNode: fc.boolean(),
      qdevice: maybe(fc.record({ host: fc.integer({ min: 1, max: 254 }), lms: fc.boolean() })),
      stonith: fc.boolean(),
      policy: fc.constantFrom('stop', 'freeze', 'ignore', 'demote', 'suicide'),
      strategy: fc.constantFrom('default', 'utilization', 'minimal', 'balanced'),
      pattern: maybe(
        fc.record({
          kind: fc.constantFrom('active-passive', 'active-active', 'n-plus-1', 'n-plus-m'),
          spares: fc.integer({ min: 0, max: 3 }),
        }),
      ),
    }),
    networks: fc.array(
      fc.record({
        octet: fc.integer({ min: 0, max: 6 }),
        prefix: fc.integer({ min: 16, max: 29 }),
        role: fc.constantFrom('cluster', 'replication', 'storage', 'public', 'management'),
        bridge: fc.boolean(),
      }),
      { minLength: 1, maxLength: l.maxNetworks },
    ),
    nodes: fc.array(
      fc.record({
        nets: refs(4),
        host: fc.integer({ min: 0, max: 40 }),
        cpus: fc.integer({ min: 1, max: 64 }),
        memoryMiB: fc.integer({ min: 256, max: 262144 }),
        hypervisors: fc.subarray(['kvm', 'xen', 'openvz'] as const),
        spare: fc.boolean(),
        iqn: fc.boolean(),
        sameHostname: fc.boolean(),
      }),
      { maxLength: l.maxNodes },
    ),
    drbd: fc.array(
      fc.record({
        nodes: refs(4),
        network: ref,
        port: fc.integer({ min: 7788, max: 7795 }),
        version: fc.constantFrom('9', '8.4'),
        protocol: fc.constantFrom('A', 'B', 'C'),
        dualPrimary: fc.boolean(),
        quorum: fc.constantFrom('off', 'majority', 'all'),
        fencing: fc.constantFrom('dont-care', 'resource-only', 'resource-and-stonith'),
        volumes: fc.array(
          fc.record({
            number: fc.integer({ min: 0, max: 2 }),
            minor: fc.integer({ min: 0, max: 12 }),
            disk: fc.integer({ min: 0, max: 12 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { maxLength: l.maxDrbd },
    ),
    floatingIps: fc.array(fc.record({ network: ref, host: fc.integer({ min: 0, max: 60 }) }), {
      maxLength: l.maxOther,
    }),
    targets: fc.array(
      fc.record({
        implementation: fc.constantFrom('lio', 'tgt', 'iet'),
        portal: maybe(ref),
        luns: fc.array(
          fc.record({ number: fc.integer({ min: 0, max: 3 }), drbd: maybe(ref), volume: ref }),
          { minLength: 1, maxLength: 3 },
        ),
        allowed: refs(3),
        chap: fc.boolean(),
        nodes: maybe(refs(3)),
        iqn: fc.integer({ min: 0, max: 4 }),
      }),
      { maxLength: l.maxTargets },
    ),
    initiators: fc.array(fc.record({ node: ref, target: ref }), { maxLength: l.maxOther }),
    vms: fc.array(
      fc.record({
        hypervisor: fc.constantFrom('kvm', 'xen', 'openvz'),
        toolstack: maybe(fc.constantFrom('libvirt', 'xl')),
        vcpus: fc.integer({ min: 1, max: 16 }),
        memoryMiB: fc.integer({ min: 64, max: 65536 }),
        disks: fc.array(fc.record({ iscsi: fc.boolean(), of: ref, part: ref }), { maxLength: 2 }),
        network: maybe(ref),
        preferred: maybe(ref),
        liveMigration: fc.boolean(),
        ctid: maybe(fc.integer({ min: 101, max: 106 })),
        mac: maybe(fc.integer({ min: 0, max: 5 })),
      }),
      { maxLength: l.maxVms },
    ),
    filesystems: fc.array(
      fc.record({
        device: fc.constantFrom('drbd', 'iscsi', 'disk'),
        of: ref,
        part: ref,
        fstype: fc.constantFrom('ext4', 'xfs', 'gfs2', 'ocfs2'),
      }),
      { maxLength: l.maxOther },
    ),
    services: fc.array(fc.record({ clone: fc.boolean(), dependsOn: refs(2) }), {
      maxLength: l.maxOther,
    }),
    fencing: fc.array(
      fc.record({
        kind: fc.constantFrom('ipmi', 'redfish', 'sbd', 'fence_virsh', 'fence_xvm', 'apc'),
        targets: fc.array(ref, { minLength: 1, maxLength: 3 }),
        ip: fc.boolean(),
      }),
      { maxLength: l.maxNodes + 1 },
    ),
    constraints: fc.array(
      fc.record({
        kind: fc.constantFrom('colocation', 'order', 'location'),
        a: ref,
        b: ref,
        score: fc.constantFrom<'INFINITY' | '-INFINITY' | number>('INFINITY', '-INFINITY', 50, -20),
        mandatory: fc.boolean(),
      }),
      { maxLength: l.maxOther },
    ),
  });
}

type Blueprint = ReturnType<typeof blueprints> extends fc.Arbitrary<infer T> ? T : never;

function ipOf(octet: number, prefix: number): { cidr: string; at: (h: number) => string } {
  const size = 2 ** (32 - prefix);
  const start = ((10 << 24) >>> 0) + octet * 65536;
  const aligned = Math.floor(start / size) * size;
  const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  return { cidr: `${dotted(aligned)}/${prefix}`, at: (h) => dotted(aligned + (h % size)) };
}

function build(b: Blueprint): unknown {
  const nets = b.networks.map((n, i) => ({
    name: `net${i}`,
    ...ipOf(n.octet, n.prefix),
    bp: n,
  }));
  const netNames = nets.map((n) => n.name);
  const nodeNames = b.nodes.map((_, i) => `node${i}`);
  const iqnOf = (i: number) => `iqn.2026-01.com.example:node${i}`;
  const nodes = b.nodes.map((n, i) => {
    const addresses: Record<string, string> = {};
    for (const r of unique(n.nets)) {
      const net = pick(nets, r);
      if (net) addresses[net.name] = net.at(n.host + i);
    }
    return {
      name: nodeNames[i],
      ...(n.sameHostname && i > 0 ? { hostname: 'node0' } : {}),
      addresses,
      capacity: { cpus: n.cpus, memoryMiB: n.memoryMiB },
      hypervisors: n.hypervisors,
      spare: n.spare,
      ...(n.iqn ? { initiatorIqn: iqnOf(i) } : {}),
    };
  });
  const drbd = b.drbd.map((d, i) => ({
    name: `drbd${i}`,
    version: d.version,
    nodes: d.nodes.flatMap((r) => (nodeNames.length ? [pick(nodeNames, r) as string] : [])),
    network: pick(netNames, d.network) as string,
    port: d.port,
    protocol: d.protocol,
    dualPrimary: d.dualPrimary,
    quorum: d.quorum,
    fencing: d.fencing,
    volumes: d.volumes.map((v) => ({
      number: v.number,
      minor: v.minor,
      disk: `/dev/vg0/d${v.disk}`,
      sizeGiB: 1,
    })),
  }));
  const drbdRef = (of: number, part: number) => {
    const d = pick(drbd, of);
    if (!d) return undefined;
    const v = pick(d.volumes, part);
    return v ? { kind: 'drbd' as const, resource: d.name, volume: v.number } : undefined;
  };
  const floatingIps = b.floatingIps.map((f, i) => {
    const net = pick(nets, f.network);
    return { name: `fip${i}`, address: net?.at(f.host) ?? '10.0.0.1', network: net?.name ?? '' };
  });
  const iscsiTargets = b.targets.map((t, i) => ({
    name: `tgt${i}`,
    iqn: `iqn.2026-01.com.example.san:t${t.iqn}`,
    implementation: t.implementation,
    ...(t.portal !== undefined && floatingIps.length
      ? { portal: (pick(floatingIps, t.portal) as { name: string }).name }
      : {}),
    luns: t.luns.map((l) => ({
      number: l.number,
      backing:
        (l.drbd !== undefined ? drbdRef(l.drbd, l.volume) : undefined) ??
        ({ kind: 'disk', path: `/dev/sd${'bcdef'[l.volume % 5]}` } as const),
    })),
    allowedInitiators: unique(
      t.allowed.flatMap((r) => (nodeNames.length ? [iqnOf(r % nodeNames.length)] : [])),
    ),
    ...(t.chap ? { chap: { user: 'iscsi', secret: 'chap-secret' } } : {}),
    ...(t.nodes && nodeNames.length
      ? { nodes: t.nodes.map((r) => pick(nodeNames, r) as string) }
      : {}),
  }));
  const lunRef = (of: number, part: number) => {
    const t = pick(iscsiTargets, of);
    const l = t ? pick(t.luns, part) : undefined;
    return t && l ? { kind: 'iscsi' as const, target: t.name, lun: l.number } : undefined;
  };
  const iscsiInitiators =
    nodeNames.length && iscsiTargets.length
      ? b.initiators.map((x, i) => ({
          name: `ini${i}`,
          node: pick(nodeNames, x.node) as string,
          target: (pick(iscsiTargets, x.target) as { name: string }).name,
        }))
      : [];
  const vms = b.vms.map((v, i) => ({
    name: `vm${i}`,
    hypervisor: v.hypervisor,
    ...(v.toolstack ? { toolstack: v.toolstack } : {}),
    vcpus: v.vcpus,
    memoryMiB: v.memoryMiB,
    disks: v.disks.flatMap((d) => {
      const r = d.iscsi ? lunRef(d.of, d.part) : drbdRef(d.of, d.part);
      return r ? [r] : [];
    }),
    ...(v.network !== undefined ? { network: pick(netNames, v.network) } : {}),
    ...(v.preferred !== undefined && nodeNames.length
      ? { preferredNode: pick(nodeNames, v.preferred) }
      : {}),
    liveMigration: v.liveMigration,
    ...(v.ctid !== undefined ? { ctid: v.ctid } : {}),
    ...(v.mac !== undefined ? { mac: `52:54:00:00:00:0${v.mac}` } : {}),
  }));
  const filesystems = b.filesystems.flatMap((f, i) => {
    const device =
      f.device === 'drbd'
        ? drbdRef(f.of, f.part)
        : f.device === 'iscsi'
          ? lunRef(f.of, f.part)
          : { kind: 'disk' as const, path: `/dev/sdz${f.part % 3}` };
    return device ? [{ name: `fs${i}`, device, mountpoint: `/srv/fs${i}`, fstype: f.fstype }] : [];
  });
  const serviceNames = b.services.map((_, i) => `svc${i}`);
  const resources = [
    ...drbd.map((x) => x.name),
    ...iscsiTargets.map((x) => x.name),
    ...vms.map((x) => x.name),
    ...floatingIps.map((x) => x.name),
    ...filesystems.map((x) => x.name),
    ...serviceNames,
  ];
  const services = b.services.map((s, i) => ({
    name: serviceNames[i],
    agent: { class: 'systemd', unit: `svc${i}.service` },
    clone: s.clone,
    dependsOn: unique(s.dependsOn.map((r) => pick(resources, r) as string)),
  }));
  const fencing = nodeNames.length
    ? b.fencing.map((f, i) => ({
        name: `fence${i}`,
        kind: f.kind,
        targets: unique(f.targets.map((r) => pick(nodeNames, r) as string)),
        params: f.ip ? { ip: `10.99.0.${200 + (i % 50)}` } : {},
      }))
    : [];
  const constraints = b.constraints.flatMap((c, i): unknown[] => {
    const name = `con${i}`;
    const a = pick(resources, c.a);
    if (a === undefined) return [];
    if (c.kind === 'location') {
      const node = pick(nodeNames, c.b);
      return node ? [{ kind: 'location', name, resource: a, node, score: c.score }] : [];
    }
    const other = pick(resources, c.b) as string;
    return c.kind === 'order'
      ? [{ kind: 'order', name, first: a, then: other, mandatory: c.mandatory }]
      : [{ kind: 'colocation', name, resource: a, with: other, score: c.score }];
  });
  const cl = b.cluster;
  return {
    schemaVersion: 2,
    cluster: {
      name: 'cluster',
      lab: cl.lab,
      corosync: {
        transport: cl.transport,
        cipher: cl.crypto[0],
        hash: cl.crypto[1],
        links: cl.links.map((r) => pick(netNames, r)),
      },
      quorum: {
        twoNode: cl.twoNode,
        ...(cl.qdevice
          ? {
              qdevice: {
                host: `10.0.0.${cl.qdevice.host}`,
                algorithm: cl.qdevice.lms ? 'lms' : 'ffsplit',
              },
            }
          : {}),
      },
      pacemaker: {
        stonithEnabled: cl.stonith,
        noQuorumPolicy: cl.policy,
        placementStrategy: cl.strategy,
      },
      ...(cl.pattern ? { pattern: cl.pattern } : {}),
    },
    networks: nets.map((n) => ({
      name: n.name,
      cidr: n.cidr,
      role: n.bp.role,
      ...(n.bp.bridge ? { bridge: `br-${n.name}` } : {}),
    })),
    nodes,
    drbd,
    iscsiTargets,
    iscsiInitiators,
    vms,
    floatingIps,
    filesystems,
    services,
    fencing,
    constraints,
  };
}

/** Designs that pass the model's checks, of random shape within the limits. */
export function arbitraryDesign(limits: DesignLimits = {}): fc.Arbitrary<Design> {
  const l: Required<DesignLimits> = {
    maxNodes: 6,
    maxNetworks: 4,
    maxDrbd: 5,
    maxVms: 6,
    maxTargets: 2,
    maxOther: 4,
    ...limits,
  };
  return blueprints(l).map((b) => {
    const raw = build(b);
    const checked = checkDesignData(raw);
    const errors = checked.diagnostics.filter((d) => d.severity === 'error');
    if (!checked.design || errors.length > 0)
      throw new Error(
        `arbitraryDesign built a design the model rejects: ${JSON.stringify(errors)}`,
      );
    return checked.design;
  });
}
