import { SCHEMA_VERSION } from '../model/schema.ts';
import type { DesignInput } from '../model/types.ts';
import { IQN, paramKey, safePath, singleLine } from '../model/values.ts';
import type { CibConstraint, CibFact } from './cib.ts';
import type {
  CorosyncFact,
  DrbdFact,
  InitiatorNameFact,
  LoginFact,
  TargetFact,
  VmFact,
} from './facts.ts';
import { layeredLayout } from './layout.ts';
import { NameAllocator, toSafeName } from './names.ts';
import type { InferredNetwork } from './networks.ts';
import { NetworkInference, isIpv4 } from './networks.ts';
import type { ImportNote, Notes, Source } from './notes.ts';
import { baseOf, normalizePath } from './paths.ts';

export interface Facts {
  readonly corosync: CorosyncFact[];
  readonly drbd: DrbdFact[];
  readonly cib: CibFact[];
  readonly vms: VmFact[];
  readonly targets: TargetFact[];
  readonly initiatorNames: InitiatorNameFact[];
  readonly logins: LoginFact[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type DesignData = Mutable<Required<DesignInput>>;
type El<K extends keyof DesignData> = DesignData[K] extends (infer U)[] | undefined ? U : never;
type BlockRef =
  | { kind: 'drbd'; resource: string; volume: number }
  | { kind: 'iscsi'; target: string; lun: number }
  | { kind: 'disk'; path: string };

const isSafePath = (p: string): boolean => safePath.safeParse(p).success;
const isParamKey = (k: string): boolean => paramKey.safeParse(k).success;
const isSingleLine = (v: string): boolean => singleLine.safeParse(v).success;

/** The node part of a bundle path (nodes/alpha/etc/…), when there is one. */
export function bundleNode(path: string): string | undefined {
  return /(?:^|\/)nodes\/([^/]+)\/etc\//.exec(normalizePath(path))?.[1];
}

/**
 * Merges the facts of every file into one design. Names are made safe once, here; elements
 * are tied together by what the files share (DRBD minors, addresses, CIB ids, config paths);
 * what cannot be tied or held becomes a note.
 */
export function assemble(facts: Facts, notes: Notes): { design: DesignData; notes: ImportNote[] } {
  const names = new NameAllocator();
  const nets = new NetworkInference(names);
  const keyOwner = new Map<string, { collection: keyof DesignData | 'cluster'; name: string }>();
  const first = <T>(list: readonly T[], what: string, src: (t: T) => Source): T | undefined => {
    const head = list[0];
    if (head === undefined) return undefined;
    for (const extra of list.slice(1))
      notes.add(
        src(extra),
        `a second ${what} was given; only the first one (${src(head).file}) is imported`,
      );
    return head;
  };
  const corosync = first(
    dedupe(facts.corosync, (c) =>
      JSON.stringify({
        ...c,
        source: 0,
        nodes: c.nodes.map((n) => ({ ...n, source: 0, addresses: [...n.addresses] })),
      }),
    ),
    'corosync.conf',
    (c) => c.source,
  );
  const cib = first(facts.cib, 'CIB', (c) => c.source);
  const cibSrc: Source = cib?.source ?? { file: '(CIB)' };
  const drbdFacts = dedupeByName(
    facts.drbd,
    (d) => d.name,
    (d) => d.source,
    notes,
    'DRBD resource',
  );

  // ------------------------------------------------------------ nodes
  interface NodeAcc {
    raw: string;
    key: string;
    addresses: Map<string, string>; // network name → ip
    cpus?: number;
    memoryMiB?: number;
    source: Source;
  }
  const nodes: NodeAcc[] = [];
  const canon = (raw: string): string => raw.toLowerCase().split('.')[0] ?? raw;
  const nodeByCanon = new Map<string, NodeAcc>();
  const nodeOf = (raw: string, source: Source): NodeAcc => {
    let n = nodeByCanon.get(canon(raw));
    if (!n) {
      n = { raw, key: `node:${canon(raw)}`, addresses: new Map(), source };
      nodeByCanon.set(canon(raw), n);
      nodes.push(n);
    }
    return n;
  };
  const nodeByAddress = (ip: string): NodeAcc | undefined =>
    nodes.find((n) => [...n.addresses.values()].includes(ip));
  const addAddress = (node: NodeAcc, net: InferredNetwork, ip: string, src: Source): void => {
    const had = node.addresses.get(net.name);
    if (had !== undefined && had !== ip)
      notes.add(
        src,
        `${node.raw} has two addresses on ${net.cidr} (${had}, ${ip}); the model keeps ${had}`,
        { key: node.key, replaced: true },
      );
    else node.addresses.set(net.name, ip);
  };

  // Corosync links, in link order, are the cluster networks.
  const linkNets = new Map<number, InferredNetwork>();
  if (corosync) {
    const linkNumbers = [...new Set(corosync.nodes.flatMap((n) => [...n.addresses.keys()]))].sort(
      (a, b) => a - b,
    );
    for (const n of corosync.nodes) {
      const ring0 = n.addresses.get(linkNumbers[0] ?? 0);
      const raw =
        n.name ??
        (ring0 !== undefined && !isIpv4(ring0) ? ring0 : `node${n.nodeId ?? nodes.length + 1}`);
      if (n.name === undefined)
        notes.add(n.source, `a nodelist node has no name; it is named "${raw}"`, {
          key: `node:${canon(raw)}`,
          replaced: true,
        });
      const node = nodeOf(raw, n.source);
      for (const link of linkNumbers) {
        const addr = n.addresses.get(link);
        if (addr === undefined) continue;
        if (!isIpv4(addr)) {
          notes.add(
            n.source,
            `ring${link}_addr "${addr}" is a host name, not an IPv4 address; the link address is not modelled`,
            { key: node.key },
          );
          continue;
        }
        let net = linkNets.get(link);
        if (!net) {
          net = nets.observe(addr, 'cluster');
          linkNets.set(link, net);
        } else if (nets.find(addr) !== net) {
          notes.add(
            n.source,
            `ring${link}_addr ${addr} is outside link ${link}'s network ${net.cidr}`,
            { key: node.key },
          );
          nets.observe(addr, 'cluster');
        }
        addAddress(node, nets.observe(addr, 'cluster'), addr, n.source);
      }
    }
  }
  for (const d of drbdFacts)
    for (const h of d.hosts) {
      const node =
        (h.address !== undefined
          ? (nodeByCanon.get(canon(h.name)) ?? nodeByAddress(h.address))
          : undefined) ?? nodeOf(h.name, h.source);
      if (canon(node.raw) !== canon(h.name)) nodeByCanon.set(canon(h.name), node);
      if (h.address !== undefined)
        addAddress(node, nets.observe(h.address, 'replication'), h.address, h.source);
    }
  for (const n of cib?.nodes ?? []) {
    const node = nodeOf(n.uname, cibSrc);
    if (n.cpus !== undefined) node.cpus = n.cpus;
    if (n.memoryMiB !== undefined) node.memoryMiB = n.memoryMiB;
  }
  for (const i of facts.initiatorNames) nodeOf(i.node, i.source);
  for (const l of facts.logins) nodeOf(l.node, l.source);
  const nodeName = (raw: string): string | undefined => {
    const n = nodeByCanon.get(canon(raw));
    return n ? names.name(n.key, n.raw, 'node') : undefined;
  };
  for (const n of nodes) names.name(n.key, n.raw, 'node');
  const designNodeNames = (): string[] => nodes.map((n) => names.name(n.key, n.raw, 'node'));

  // Floating IPs and portals add the networks they sit on.
  for (const ip of cib?.floatingIps ?? []) nets.observe(ip.address, 'public', ip.prefix ?? 24);
  for (const t of [...facts.targets, ...(cib?.targets ?? [])])
    if (t.portal && isIpv4(t.portal.address)) nets.observe(t.portal.address, 'storage');

  // ------------------------------------------------------------ DRBD
  const drbd: El<'drbd'>[] = [];
  const minors = new Map<number, { resource: string; volume: number }>();
  const drbdByRaw = new Map<string, string>();
  for (const d of drbdFacts) {
    const key = `drbd:${d.name}`;
    const note = (what: string, replaced = false): void =>
      notes.add(d.source, what, { key, replaced });
    const resNodes = d.hosts
      .map((h) => nodeName(h.name))
      .filter((n): n is string => n !== undefined);
    const withAddr = d.hosts.find((h) => h.address !== undefined);
    const network = withAddr?.address !== undefined ? nets.find(withAddr.address)?.name : undefined;
    const netsUsed = new Set(
      d.hosts.map((h) => (h.address ? nets.find(h.address)?.name : undefined)),
    );
    if (netsUsed.size > 1)
      note(`hosts are on different networks; the model uses ${network ?? '?'} for all`, true);
    const volumes = d.volumes.flatMap((v) => {
      if (v.minor === undefined || v.disk === undefined || !isSafePath(v.disk)) {
        notes.add(
          v.source,
          `volume ${v.number} of ${d.name} has no ${v.minor === undefined ? 'device minor' : 'usable disk path'}; it is left out`,
          { key },
        );
        return [];
      }
      if (v.sizeGiB === undefined)
        notes.add(
          v.source,
          `volume ${v.number} of ${d.name}: the size is not in the file; the design says 1 GiB — set the real size`,
          { key, replaced: true },
        );
      return [{ number: v.number, minor: v.minor, disk: v.disk, sizeGiB: v.sizeGiB ?? 1 }];
    });
    if (volumes.length === 0 || network === undefined || resNodes.length === 0) {
      note(
        `DRBD resource ${d.name} has no ${volumes.length === 0 ? 'usable volume' : network === undefined ? 'IPv4 host address' : 'host'}; it is not imported`,
      );
      continue;
    }
    const name = names.name(key, d.name, 'drbd');
    drbdByRaw.set(d.name, name);
    for (const v of volumes) minors.set(v.minor, { resource: name, volume: v.number });
    const port = withAddr?.port ?? 7789;
    drbd.push({
      name,
      version: d.version,
      nodes: resNodes,
      network,
      port,
      protocol: d.protocol ?? 'C',
      dualPrimary: d.dualPrimary ?? false,
      quorum: d.quorum ?? 'off',
      fencing: d.fencing ?? 'dont-care',
      volumes,
    });
    keyOwner.set(key, { collection: 'drbd', name });
    if (d.version === '8.4' && d.hosts.length <= 2)
      notes.add(
        d.source,
        `${d.name}: no node-id and no connection-mesh, so it is taken as DRBD 8.4 syntax`,
        { key },
      );
  }

  // ------------------------------------------------------------ iSCSI targets (before devices)
  const targetFacts = mergeTargets([...facts.targets, ...(cib?.targets ?? [])], cib, notes);
  const targetByIqn = new Map<string, string>();
  const targetNamesPending = targetFacts.map((t) => {
    const iqn = t.iqn.toLowerCase();
    const ident = iqn.split(':').slice(1).join(':') || iqn.split('.').pop() || 'target';
    return { t, iqn, ident };
  });
  for (const { t, iqn, ident } of targetNamesPending) {
    if (!IQN.test(iqn)) {
      notes.add(
        t.source,
        `target ${t.iqn} is not an iSCSI qualified name the model accepts; not imported`,
        { key: t.key },
      );
      continue;
    }
    targetByIqn.set(iqn, names.name(t.key, ident.replace(/^.*[.:]/, '') || ident, 'target'));
  }

  /** A block device path as a file names it → what the model references. */
  const device = (path: string): BlockRef | undefined => {
    const m = /^\/dev\/drbd(\d+)$/.exec(path);
    if (m) {
      const ref = minors.get(Number(m[1]));
      return ref ? { kind: 'drbd', ...ref } : undefined;
    }
    const byRes = /^\/dev\/drbd\/by-res\/([^/]+)(?:\/(\d+))?$/.exec(path);
    if (byRes) {
      const name = drbdByRaw.get(byRes[1] ?? '');
      return name ? { kind: 'drbd', resource: name, volume: Number(byRes[2] ?? 0) } : undefined;
    }
    const iscsi =
      /^(?:iscsi:|\/dev\/disk\/by-path\/ip-[^-]+-iscsi-)(iqn\.[^/]+?)(?:\/|-lun-)(\d+)$/.exec(path);
    if (iscsi) {
      const target = targetByIqn.get((iscsi[1] ?? '').toLowerCase());
      return target ? { kind: 'iscsi', target, lun: Number(iscsi[2]) } : undefined;
    }
    return undefined;
  };

  // ------------------------------------------------------------ floating IPs
  const floatingIps: El<'floatingIps'>[] = [];
  const pcmk = new Map<string, string>(); // Pacemaker id → element name
  for (const [raw, name] of drbdByRaw)
    for (const c of cib?.drbd ?? [])
      if (c.resource === raw) for (const id of c.ids) pcmk.set(id, name);
  for (const c of cib?.drbd ?? [])
    if (!drbdByRaw.has(c.resource))
      notes.add(
        cibSrc,
        `${c.ids.join('/')} manages DRBD resource "${c.resource}", whose .res file was not given; it is not imported`,
        { key: 'cluster', label: `drbd ${c.resource}` },
      );
  for (const ip of cib?.floatingIps ?? []) {
    const key = `resource:${ip.id}`;
    const name = names.name(key, ip.id, 'ip');
    floatingIps.push({
      name,
      address: ip.address,
      network: nets.observe(ip.address, 'public').name,
    });
    pcmk.set(ip.id, name);
    keyOwner.set(key, { collection: 'floatingIps', name });
  }

  const iscsiTargets: El<'iscsiTargets'>[] = [];
  for (const { t, iqn } of targetNamesPending) {
    const name = targetByIqn.get(iqn);
    if (name === undefined) continue;
    const luns = t.luns.flatMap((l) => {
      const ref = device(l.path);
      const backing =
        ref?.kind === 'drbd'
          ? ref
          : isSafePath(l.path) && !ref
            ? { kind: 'disk' as const, path: l.path }
            : undefined;
      if (!backing) {
        notes.add(
          l.source,
          `LUN ${l.number} of ${t.iqn} on ${l.path} is not a DRBD volume or a disk path the model accepts; left out`,
          { key: t.key },
        );
        return [];
      }
      if (backing.kind === 'disk' && /^\/dev\/drbd/.test(l.path))
        notes.add(
          l.source,
          `LUN ${l.number} of ${t.iqn} uses ${l.path}, which no imported DRBD resource provides; kept as a plain disk`,
          { key: t.key },
        );
      return [{ number: l.number, backing }];
    });
    if (luns.length === 0) {
      notes.add(t.source, `target ${t.iqn} has no usable LUN; not imported`, { key: t.key });
      targetByIqn.delete(iqn);
      continue;
    }
    const portal = t.portal
      ? floatingIps.find((f) => f.address === t.portal?.address)?.name
      : undefined;
    if (t.portal && portal === undefined)
      notes.add(
        t.source,
        `portal ${t.portal.address} of ${t.iqn} is not a floating IP of the cluster; the portal is not modelled`,
        { key: t.key, label: `portal ${t.portal.address}` },
      );
    const initiators = t.allowedInitiators
      .map((x) => x.toLowerCase())
      .filter((x) => {
        if (IQN.test(x)) return true;
        notes.add(t.source, `allowed initiator "${x}" of ${t.iqn} is not an IQN; left out`, {
          key: t.key,
        });
        return false;
      });
    const chapUser = t.chapUser !== undefined ? toSafeName(t.chapUser, 'user') : undefined;
    if (t.chapUser !== undefined && chapUser !== t.chapUser)
      notes.add(
        t.source,
        `CHAP user "${t.chapUser}" is not a safe name; the design says "${chapUser}"`,
        { key: t.key, replaced: true },
      );
    iscsiTargets.push({
      name,
      iqn,
      implementation: t.implementation ?? 'lio',
      ...(portal !== undefined ? { portal } : {}),
      ...(t.portal?.port !== undefined ? { port: t.portal.port } : {}),
      luns,
      allowedInitiators: [...new Set(initiators)],
      ...(chapUser !== undefined ? { chap: { user: chapUser, secret: name } } : {}),
    });
    keyOwner.set(t.key, { collection: 'iscsiTargets', name });
    if (t.pacemakerId !== undefined) pcmk.set(t.pacemakerId, name);
    if (t.implementation === undefined)
      notes.add(t.source, `the implementation of ${t.iqn} is not known; the design says lio`, {
        key: t.key,
        replaced: true,
      });
  }
  for (const l of cib?.luns ?? []) {
    const target = targetByIqn.get(l.targetIqn.toLowerCase());
    if (target !== undefined) pcmk.set(l.id, target);
  }

  // ------------------------------------------------------------ iSCSI initiators
  const iscsiInitiators: El<'iscsiInitiators'>[] = [];
  for (const l of facts.logins) {
    const target = targetByIqn.get(l.targetIqn.toLowerCase());
    const node = nodeName(l.node);
    if (target === undefined || node === undefined) {
      notes.add(
        l.source,
        `${l.node} logs into ${l.targetIqn}, which is not an imported target; not imported`,
      );
      continue;
    }
    if (iscsiInitiators.some((i) => i.node === node && i.target === target)) continue;
    const key = `initiator:${node}:${target}`;
    const name = names.name(key, l.element ?? `${node}-${target}`, 'initiator');
    iscsiInitiators.push({ name, node, target });
    keyOwner.set(key, { collection: 'iscsiInitiators', name });
  }

  // ------------------------------------------------------------ VMs
  const cibFs = [...(cib?.filesystems ?? [])];
  const vmFacts = mergeVms(facts.vms, cib?.vms ?? [], notes);
  const vms: El<'vms'>[] = [];
  const vmsInCib = new Set<string>();
  for (const v of vmFacts) {
    const name = names.name(v.key, v.name, 'vm');
    const note = (what: string, replaced = false): void =>
      notes.add(v.source, what, { key: v.key, replaced });
    const disks: Exclude<BlockRef, { kind: 'disk' }>[] = [];
    const paths = [...v.disks];
    if (v.hypervisor === 'openvz' && v.ctid !== undefined) {
      // A container's private area is a Filesystem mounted at /vz/private/<ctid>.
      const i = cibFs.findIndex((f) => f.directory.replace(/\/$/, '') === `/vz/private/${v.ctid}`);
      const fs = cibFs[i];
      if (fs) {
        paths.push({ path: fs.device, source: cibSrc });
        pcmk.set(fs.id, name);
        cibFs.splice(i, 1);
      }
    }
    for (const d of paths) {
      const ref = device(d.path);
      if (ref && ref.kind !== 'disk') disks.push(ref);
      else
        notes.add(
          d.source,
          `${v.name}: disk ${d.path} is not a DRBD volume or iSCSI LUN of the imported design; left out`,
          { key: v.key, label: `disk ${d.path}` },
        );
    }
    if (v.vcpus === undefined)
      note(`${v.name}: the number of vCPUs is not in the files; the design says 1`, true);
    if (v.memoryMiB === undefined)
      note(`${v.name}: the memory size is not in the files; the design says 1024 MiB`, true);
    const network = v.bridge !== undefined ? bridgeNetwork(v.bridge, nets) : undefined;
    if (v.bridge !== undefined && network === undefined)
      note(
        `${v.name}: bridge ${v.bridge} is on no network the files give an address for; the VM's network is not set`,
      );
    const mac =
      v.mac !== undefined && /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/.test(v.mac) ? v.mac : undefined;
    const osTemplate =
      v.osTemplate !== undefined && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(v.osTemplate)
        ? v.osTemplate
        : undefined;
    if (v.osTemplate !== undefined && osTemplate === undefined)
      note(`${v.name}: OS template "${v.osTemplate}" is not a safe name; left out`);
    vms.push({
      name,
      hypervisor: v.hypervisor ?? 'kvm',
      ...(v.toolstack !== undefined && v.hypervisor === 'xen' ? { toolstack: v.toolstack } : {}),
      vcpus: clamp(v.vcpus ?? 1, 1, 512),
      memoryMiB: clamp(v.memoryMiB ?? 1024, 64, 16 * 1024 * 1024),
      disks,
      ...(network !== undefined ? { network: network.name } : {}),
      liveMigration: v.liveMigration ?? false,
      ...(v.ctid !== undefined && v.ctid >= 101 ? { ctid: v.ctid } : {}),
      ...(osTemplate !== undefined ? { osTemplate } : {}),
      ...(mac !== undefined ? { mac } : {}),
    });
    keyOwner.set(v.key, { collection: 'vms', name });
    if (v.pacemakerId !== undefined) {
      pcmk.set(v.pacemakerId, name);
      vmsInCib.add(name);
    }
  }

  // ------------------------------------------------------------ filesystems
  const filesystems: El<'filesystems'>[] = [];
  for (const f of cibFs) {
    const key = `resource:${f.id}`;
    const ref =
      device(f.device) ??
      (isSafePath(f.device) && !/^\/dev\/drbd/.test(f.device)
        ? { kind: 'disk' as const, path: f.device }
        : undefined);
    if (!ref || !isSafePath(f.directory)) {
      notes.add(
        cibSrc,
        `${f.id}: device ${f.device} or directory ${f.directory} is not one the model can hold; not imported`,
        { key: 'cluster', label: `Filesystem ${f.id}` },
      );
      continue;
    }
    const name = names.name(key, f.id, 'fs');
    const fstype =
      f.fstype === undefined || ['ext4', 'xfs', 'gfs2', 'ocfs2'].includes(f.fstype)
        ? f.fstype
        : undefined;
    if (f.fstype !== undefined && fstype === undefined)
      notes.add(cibSrc, `${f.id}: fstype ${f.fstype} is not modelled; the design says ext4`, {
        key,
        replaced: true,
        label: `fstype ${f.fstype}`,
      });
    filesystems.push({
      name,
      device: ref,
      mountpoint: f.directory,
      ...(fstype !== undefined ? { fstype: fstype as 'ext4' } : {}),
    });
    pcmk.set(f.id, name);
    keyOwner.set(key, { collection: 'filesystems', name });
  }

  // ------------------------------------------------------------ services
  const services: El<'services'>[] = [];
  for (const s of cib?.services ?? []) {
    const key = `resource:${s.id}`;
    const agentOk =
      s.agent.class === 'systemd'
        ? /^[A-Za-z0-9][A-Za-z0-9@._-]{0,127}$/.test(s.agent.unit)
        : /^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(s.agent.type) &&
          toSafeName(s.agent.provider) === s.agent.provider;
    if (!agentOk) {
      notes.add(cibSrc, `${s.id}: agent name is not one the model accepts; not imported`, {
        key: 'cluster',
        label: `service ${s.id}`,
      });
      continue;
    }
    const name = names.name(key, s.id, 'svc');
    services.push({
      name,
      agent: s.agent,
      params: cleanParams(s.params, cibSrc, key, notes),
      clone: s.clone,
      dependsOn: [],
    });
    pcmk.set(s.id, name);
    keyOwner.set(key, { collection: 'services', name });
  }

  // ------------------------------------------------------------ fencing
  const fencing: El<'fencing'>[] = [];
  for (const f of cib?.fencing ?? []) {
    const key = `resource:${f.id}`;
    const targets = f.targets.flatMap((t) => {
      const n = nodeName(t);
      if (n === undefined)
        notes.add(cibSrc, `${f.id} fences "${t}", which is not a node of the cluster; left out`, {
          key,
        });
      return n === undefined ? [] : [n];
    });
    if (targets.length === 0) continue;
    const name = names.name(key, f.id, 'fence');
    fencing.push({
      name,
      kind: f.kind,
      targets,
      params: cleanParams(f.params, cibSrc, key, notes),
      ...(f.secret !== undefined
        ? { password: toSafeName(f.secret, 'secret') }
        : f.hasPassword
          ? { password: name }
          : {}),
    });
    keyOwner.set(key, { collection: 'fencing', name });
  }

  // ------------------------------------------------------------ groups and constraints
  const byName = <T extends { name: string }>(list: T[], n: string): T | undefined =>
    list.find((x) => x.name === n);
  const uses = (a: string, b: string): boolean => {
    const vm = byName(vms, a);
    if (vm?.disks?.some((d) => (d.kind === 'drbd' ? d.resource : d.target) === b)) return true;
    const fs = byName(filesystems, a);
    if (
      fs &&
      (fs.device.kind === 'drbd'
        ? fs.device.resource
        : fs.device.kind === 'iscsi'
          ? fs.device.target
          : '') === b
    )
      return true;
    const t = byName(iscsiTargets, a);
    if (
      t &&
      (t.portal === b || t.luns.some((l) => l.backing.kind === 'drbd' && l.backing.resource === b))
    )
      return true;
    return byName(services, a)?.dependsOn?.includes(b) ?? false;
  };
  const implied = (a: string, b: string): boolean => a === b || uses(a, b) || uses(b, a);
  const constraints: El<'constraints'>[] = [];
  const constraintName = (id: string): string => names.name(`constraint:${id}`, id, 'c');
  // A group whose members all became one element (an iSCSI target with its LUNs and port
  // guards, a container with its private area) stands for that element in constraints.
  const absorbed = new Set(cib?.absorbed ?? []);
  for (const [groupId, members] of cib?.groups ?? []) {
    const owners = new Set(members.filter((m) => !absorbed.has(m)).map((m) => pcmk.get(m)));
    const [only] = owners;
    if (owners.size === 1 && only !== undefined) {
      pcmk.set(groupId, only);
      for (const m of members) if (absorbed.has(m)) pcmk.set(m, only);
    }
  }
  for (const [groupId, members] of cib?.groups ?? []) {
    if (pcmk.has(groupId)) continue;
    const mapped = members.map((m) => pcmk.get(m));
    for (let i = 1; i < mapped.length; i++) {
      const [before, after] = [mapped[i - 1], mapped[i]];
      if (before === undefined || after === undefined || implied(before, after)) continue;
      const svc = byName(services, after);
      if (svc) {
        svc.dependsOn = [...(svc.dependsOn ?? []), before];
        continue;
      }
      constraints.push({
        kind: 'order',
        name: constraintName(`${groupId}-order-${i}`),
        first: before,
        then: after,
        mandatory: true,
      });
      constraints.push({
        kind: 'colocation',
        name: constraintName(`${groupId}-with-${i}`),
        resource: after,
        with: before,
        score: 'INFINITY',
      });
      notes.add(
        cibSrc,
        `group ${groupId}: ${after} follows ${before}; the group is kept as an order and a colocation`,
        { key: 'cluster' },
      );
    }
  }

  const cibConstraints = (cib?.constraints ?? []).flatMap((c) => {
    const refs = constraintRefs(c).map((r) => pcmk.get(r));
    return refs.every((r) => r !== undefined) ? [{ c, refs: refs as string[] }] : [];
  });
  // A service that runs with and after another resource is what dependsOn means.
  for (const { c, refs } of cibConstraints) {
    if (c.kind !== 'colocation' || c.score !== 'INFINITY') continue;
    const [svcName = '', dep = ''] = refs;
    const svc = byName(services, svcName);
    const ordered = cibConstraints.some(
      (o) => o.c.kind === 'order' && o.c.mandatory && o.refs[0] === dep && o.refs[1] === svcName,
    );
    if (svc && ordered && !(svc.dependsOn ?? []).includes(dep) && !implied(svcName, dep))
      svc.dependsOn = [...(svc.dependsOn ?? []), dep];
  }
  // Where an element may not run (-INFINITY on a node) follows, in the model, from the
  // DRBD resource's nodes, a VM's hypervisor, a target's nodes or a LUN's initiators.
  const avoided = new Map<string, Set<string>>();
  const spares = new Set<string>();
  const spareConstraints = new Set<CibConstraint>();
  const preferred = new Map<string, CibConstraint & { kind: 'location' }>();
  for (const { c, refs } of cibConstraints) {
    if (c.kind !== 'location') continue;
    const el = refs[0] ?? '';
    const node = nodeName(c.node);
    if (c.score === '-INFINITY' && node !== undefined) {
      avoided.set(el, (avoided.get(el) ?? new Set()).add(node));
      continue;
    }
    const vm = byName(vms, el);
    // Clusterwright's own CIBs draw every VM toward a spare node: loc_<vm>_spare_<node>.
    if (vm && node !== undefined && c.id === `loc_${constraintRefs(c)[0] ?? ''}_spare_${c.node}`) {
      spares.add(node);
      spareConstraints.add(c);
      continue;
    }
    if (vm && typeof c.score === 'number' && c.score > 0 && node !== undefined) {
      const had = preferred.get(el);
      if (!had || (!/prefer/i.test(had.id) && /prefer/i.test(c.id))) preferred.set(el, c);
    }
  }
  const impliedAvoid = (el: string, node: string): boolean => {
    const d = byName(drbd, el);
    if (d) return !d.nodes.includes(node);
    if (byName(vms, el) || byName(iscsiTargets, el)) return true;
    const fs = byName(filesystems, el);
    if (fs?.device.kind === 'iscsi') return true;
    // A portal only goes where its target can follow: the target's nodes, or its DRBD's.
    return iscsiTargets.some((t) => {
      if (t.portal !== el) return false;
      const hosts =
        t.nodes ??
        t.luns.flatMap((l) =>
          l.backing.kind === 'drbd' ? (byName(drbd, l.backing.resource)?.nodes ?? []) : [],
        );
      return hosts.length > 0 && !hosts.includes(node);
    });
  };
  for (const [el, nodesAvoided] of avoided) {
    const t = byName(iscsiTargets, el);
    if (t) t.nodes = designNodeNames().filter((n) => !nodesAvoided.has(n));
  }
  for (const [vmName, c] of preferred) {
    const vm = byName(vms, vmName);
    const node = nodeName(c.node);
    if (vm && node !== undefined) vm.preferredNode = node;
    if (!/prefer/i.test(c.id))
      notes.add(
        cibSrc,
        `location ${c.id} (score ${c.score}) is read as ${vmName} preferring ${c.node}`,
        {
          key: `vm-owner:${vmName}`,
        },
      );
  }

  for (const c of cib?.constraints ?? []) {
    const key = `constraint:${c.id}`;
    const refs = constraintRefs(c);
    const fence = cib?.fencing.find((f) => f.id === refs[0]);
    if (
      fence &&
      c.kind === 'location' &&
      c.score === '-INFINITY' &&
      fence.targets.some((t) => canon(t) === canon(c.node))
    )
      continue; // keeping a fencing device off the node it fences follows from its targets
    const mapped = refs.map((r) => pcmk.get(r));
    const missing = refs.filter((_, i) => mapped[i] === undefined);
    if (missing.length > 0) {
      notes.add(
        cibSrc,
        `constraint ${c.id} names ${missing.join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not an imported element (a group, or a resource not imported); kept only in this note`,
        { key: 'cluster', label: `constraint ${c.id}` },
      );
      continue;
    }
    const a = mapped[0] ?? '';
    const b = mapped[1] ?? '';
    if (c.kind === 'location') {
      const node = nodeName(c.node);
      if (node === undefined) {
        notes.add(
          cibSrc,
          `location ${c.id} names node ${c.node}, which is not a node of the cluster; kept only in this note`,
          { key: 'cluster' },
        );
      } else if (c.score === '-INFINITY' && impliedAvoid(a, node)) {
        continue;
      } else if (spareConstraints.has(c)) {
        continue;
      } else if (preferred.get(a) !== c) {
        constraints.push({
          kind: 'location',
          name: constraintName(c.id),
          resource: a,
          node,
          score: c.score,
        });
      }
      continue;
    }
    if (implied(a, b)) continue;
    if (byName(services, a)?.dependsOn?.includes(b) || byName(services, b)?.dependsOn?.includes(a))
      continue;
    const name = constraintName(c.id);
    keyOwner.set(key, { collection: 'constraints', name });
    const withDrbd = (x: string): boolean => byName(drbd, x) !== undefined;
    if (c.kind === 'colocation') {
      constraints.push({ kind: 'colocation', name, resource: a, with: b, score: c.score });
      // With a DRBD resource the model means with its Primary; other roles are not modelled.
      const promoted =
        c.withRole === undefined || (withDrbd(b) && /^(Promoted|Master)$/.test(c.withRole));
      if (!promoted || (c.rscRole !== undefined && c.rscRole !== 'Started'))
        notes.add(
          cibSrc,
          `colocation ${c.id}: the role (${c.rscRole ?? ''} with ${c.withRole ?? ''}) is not modelled`,
          { key },
        );
    } else {
      constraints.push({ kind: 'order', name, first: a, then: b, mandatory: c.mandatory });
      if (c.promote && !withDrbd(a))
        notes.add(cibSrc, `order ${c.id}: "first-action=promote" is not modelled`, { key });
    }
  }

  // ------------------------------------------------------------ networks, bridges, nodes
  ensureClusterNetwork(nets, notes, corosync);
  const totalVcpus = vms.reduce((s, v) => s + (v.vcpus ?? 1), 0);
  const totalMem = vms.reduce((s, v) => s + (v.memoryMiB ?? 1024), 0);
  const initiatorOf = new Map(facts.initiatorNames.map((i) => [canon(i.node), i]));
  const designNodes: El<'nodes'>[] = nodes.map((n) => {
    const name = names.name(n.key, n.raw, 'node');
    keyOwner.set(n.key, { collection: 'nodes', name });
    if (n.cpus === undefined || n.memoryMiB === undefined)
      notes.add(
        n.source,
        `${n.raw}: CPUs and memory are not in the files; the design says ${n.cpus ?? Math.max(1, totalVcpus)} CPUs and ${n.memoryMiB ?? Math.max(1024, totalMem + 1024)} MiB (room for every VM) — set the real capacity`,
        { key: n.key, replaced: true },
      );
    if (name !== canon(n.raw) && n.raw !== name)
      notes.add(n.source, `host name "${n.raw}" is not a safe name; the node is named "${name}"`, {
        key: n.key,
        replaced: true,
      });
    const hvs = new Set<'kvm' | 'xen' | 'openvz'>();
    for (const vm of vms) {
      const resNodes = (vm.disks ?? []).flatMap((d) =>
        d.kind === 'drbd' ? (byName(drbd, d.resource)?.nodes ?? []) : [],
      );
      // The CIB says where a VM may run; without it, its DRBD nodes or preferred node do.
      const runsHere = vmsInCib.has(vm.name)
        ? !(avoided.get(vm.name)?.has(name) ?? false)
        : resNodes.length > 0
          ? resNodes.includes(name)
          : vm.preferredNode === undefined || vm.preferredNode === name;
      if (runsHere) hvs.add(vm.hypervisor);
    }
    const initiator = initiatorOf.get(canon(n.raw));
    return {
      name,
      addresses: Object.fromEntries(n.addresses),
      capacity: {
        cpus: clamp(n.cpus ?? Math.max(1, totalVcpus), 1, 4096),
        memoryMiB: clamp(n.memoryMiB ?? Math.max(1024, totalMem + 1024), 256, 64 * 1024 * 1024),
      },
      hypervisors: [...hvs].sort(),
      spare: spares.has(name),
      ...(initiator && IQN.test(initiator.iqn.toLowerCase())
        ? { initiatorIqn: initiator.iqn.toLowerCase() }
        : {}),
    };
  });

  const networks: El<'networks'>[] = nets.networks.map((n) => ({
    name: n.name,
    cidr: n.cidr,
    role: n.role,
    ...(n.bridge !== undefined ? { bridge: n.bridge } : {}),
  }));
  for (const n of nets.networks)
    keyOwner.set(`network:${n.cidr}`, { collection: 'networks', name: n.name });

  // ------------------------------------------------------------ cluster
  const links = corosync
    ? [...linkNets.keys()].sort((a, b) => a - b).map((k) => linkNets.get(k)?.name ?? '')
    : [];
  if (links.length === 0)
    links.push(
      nets.networks.find((n) => n.role === 'cluster')?.name ?? nets.networks[0]?.name ?? 'cluster',
    );
  const cipher = corosync ? (corosync.cipher ?? 'none') : 'aes256';
  let hash = corosync ? (corosync.hash ?? 'none') : 'sha256';
  if (cipher !== 'none' && hash === 'none') {
    hash = 'sha256';
    notes.add(
      corosync?.source ?? cibSrc,
      'crypto_cipher is set but crypto_hash is not; corosync needs both — the design says sha256',
      { key: 'cluster', replaced: true },
    );
  }
  const rawName = corosync?.clusterName ?? cib?.clusterName ?? 'imported';
  const clusterName = toSafeName(rawName, 'cluster');
  if (clusterName !== rawName)
    notes.add(
      corosync?.source ?? cib?.source ?? { file: '(none)' },
      `cluster name "${rawName}" is not a safe name; the design says "${clusterName}"`,
      { key: 'cluster', replaced: true },
    );
  if (!corosync)
    notes.add(
      cib?.source ?? { file: '(none)' },
      'no corosync.conf was given: transport and crypto are the model defaults (knet, aes256/sha256) — check them',
      { key: 'cluster', replaced: true },
    );
  const cluster: DesignData['cluster'] = {
    name: clusterName,
    corosync: {
      transport: corosync?.transport ?? 'knet',
      cipher,
      hash,
      links,
      ...(corosync?.tokenMs !== undefined ? { tokenMs: corosync.tokenMs } : {}),
    },
    quorum: {
      twoNode: corosync?.twoNode ?? false,
      ...(corosync?.waitForAll !== undefined ? { waitForAll: corosync.waitForAll } : {}),
      ...(corosync?.qdevice ? { qdevice: corosync.qdevice } : {}),
    },
    pacemaker: {
      stonithEnabled: cib?.stonithEnabled ?? true,
      noQuorumPolicy: cib?.noQuorumPolicy ?? 'stop',
      resourceStickiness: cib?.resourceStickiness ?? (cib ? 0 : 100),
      placementStrategy: cib?.placementStrategy ?? 'default',
    },
  };
  keyOwner.set('cluster', { collection: 'cluster', name: clusterName });

  const design: DesignData = {
    schemaVersion: SCHEMA_VERSION,
    cluster,
    networks,
    nodes: designNodes,
    drbd,
    iscsiTargets,
    iscsiInitiators,
    vms,
    floatingIps,
    filesystems,
    services,
    fencing,
    constraints,
    layout: {},
  };
  for (const vm of vms) keyOwner.set(`vm-owner:${vm.name}`, { collection: 'vms', name: vm.name });
  const finalNotes = describe(design, notes, keyOwner, pcmkKeys(cib, pcmk));
  design.layout = layeredLayout(design as never);
  return { design, notes: finalNotes };
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(n)));
}

function constraintRefs(c: CibConstraint): string[] {
  return c.kind === 'colocation'
    ? [c.rsc, c.with]
    : c.kind === 'order'
      ? [c.first, c.then]
      : [c.rsc];
}

/** CIB notes are keyed by Pacemaker id; these keys resolve to the element the id became. */
function pcmkKeys(
  cib: CibFact | undefined,
  pcmk: ReadonlyMap<string, string>,
): Map<string, string> {
  const out = new Map<string, string>();
  if (!cib) return out;
  for (const [id, name] of pcmk) out.set(`resource:${id}`, name);
  return out;
}

function bridgeNetwork(bridge: string, nets: NetworkInference): InferredNetwork | undefined {
  const existing = nets.networks.find((n) => n.bridge === bridge);
  if (existing) return existing;
  if (toSafeName(bridge) !== bridge) return undefined;
  // The first public network without a bridge is where guests attach.
  const free = nets.networks.find((n) => n.role === 'public' && n.bridge === undefined);
  if (free) free.bridge = bridge;
  return free;
}

function ensureClusterNetwork(
  nets: NetworkInference,
  notes: Notes,
  corosync: CorosyncFact | undefined,
): void {
  if (nets.networks.length > 0) return;
  nets.observe('192.0.2.0', 'cluster');
  notes.add(
    corosync?.source ?? { file: '(none)' },
    'no file gave a cluster address; the cluster network is a placeholder (192.0.2.0/24, a documentation range) — set the real one',
    { key: 'cluster', replaced: true },
  );
}

function cleanParams(
  params: Readonly<Record<string, string>>,
  source: Source,
  key: string,
  notes: Notes,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (isParamKey(k) && isSingleLine(v)) out[k] = v;
    else
      notes.add(source, `parameter ${k} is not a name or value the model accepts; left out`, {
        key,
        label: `param ${k}`,
      });
  }
  return out;
}

function dedupe<T>(list: readonly T[], id: (t: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((t) => {
    const k = id(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The same resource in several files (each node's copy): identical copies merge silently. */
function dedupeByName<T>(
  list: readonly T[],
  name: (t: T) => string,
  src: (t: T) => Source,
  notes: Notes,
  what: string,
): T[] {
  const out = new Map<string, T>();
  const strip = (t: T): string =>
    JSON.stringify(t, (k, v: unknown) =>
      k === 'source' || k === 'line' || k === 'file' ? undefined : v,
    );
  for (const t of list) {
    const had = out.get(name(t));
    if (!had) out.set(name(t), t);
    else if (strip(had) !== strip(t))
      notes.add(
        src(t),
        `${what} ${name(t)} is defined differently in ${src(had).file}; that first definition is imported`,
      );
  }
  return [...out.values()];
}

function mergeTargets(
  list: readonly TargetFact[],
  cib: CibFact | undefined,
  notes: Notes,
): TargetFact[] {
  const out = new Map<string, TargetFact>();
  for (const t of list) {
    const k = t.iqn.toLowerCase();
    const had = out.get(k);
    if (!had) {
      out.set(k, { ...t, luns: [...t.luns], allowedInitiators: [...t.allowedInitiators] });
      continue;
    }
    had.implementation ??= t.implementation;
    had.chapUser ??= t.chapUser;
    had.portal ??= t.portal;
    had.pacemakerId ??= t.pacemakerId;
    for (const l of t.luns) if (!had.luns.some((x) => x.number === l.number)) had.luns.push(l);
    for (const i of t.allowedInitiators)
      if (!had.allowedInitiators.includes(i)) had.allowedInitiators.push(i);
  }
  const cibSrc: Source = cib?.source ?? { file: '(CIB)' };
  for (const l of cib?.luns ?? []) {
    const k = l.targetIqn.toLowerCase();
    let t = out.get(k);
    if (!t) {
      t = {
        iqn: l.targetIqn,
        key: `target:${k}`,
        source: cibSrc,
        luns: [],
        allowedInitiators: [],
      };
      out.set(k, t);
      notes.add(
        cibSrc,
        `LUN ${l.id} names target ${l.targetIqn}, which has no iSCSITarget primitive or target file`,
        { key: t.key },
      );
    }
    if (!t.luns.some((x) => x.number === l.lun))
      t.luns.push({ number: l.lun, path: l.path, source: cibSrc });
  }
  for (const t of out.values()) t.luns.sort((a, b) => a.number - b.number);
  return [...out.values()];
}

/** A CIB VM and the domain file it points at are one VM; copies of one file on each node too. */
function mergeVms(files: readonly VmFact[], fromCib: readonly VmFact[], notes: Notes): VmFact[] {
  const out: VmFact[] = [];
  for (const f of files) {
    const twin = out.find(
      (o) => o.name === f.name && o.hypervisor === f.hypervisor && o.ctid === f.ctid,
    );
    if (twin) continue;
    out.push({ ...f, disks: [...f.disks] });
  }
  for (const c of fromCib) {
    const cfg = c.configPath;
    const match =
      out.find(
        (o) =>
          o.from !== 'cib' &&
          o.pacemakerId === undefined &&
          cfg !== undefined &&
          o.configPath !== undefined &&
          (normalizePath(o.configPath).endsWith(normalizePath(cfg)) ||
            baseOf(o.configPath) === baseOf(cfg)),
      ) ??
      out.find(
        (o) =>
          o.from !== 'cib' &&
          o.pacemakerId === undefined &&
          c.ctid !== undefined &&
          o.ctid === c.ctid,
      ) ??
      out.find(
        (o) =>
          o.from !== 'cib' &&
          o.pacemakerId === undefined &&
          o.name === c.name &&
          o.hypervisor === c.hypervisor,
      );
    if (!match) {
      if (cfg !== undefined)
        notes.add(
          c.source,
          `${c.pacemakerId ?? c.name}: its domain file ${cfg} was not given, so vCPUs, memory, disks and network come from the CIB alone`,
          { key: c.key },
        );
      out.push(c);
      continue;
    }
    match.pacemakerId = c.pacemakerId;
    match.liveMigration = c.liveMigration ?? match.liveMigration;
    match.vcpus ??= c.vcpus;
    match.memoryMiB ??= c.memoryMiB;
    if (c.toolstack !== undefined && match.hypervisor === 'xen') match.toolstack = c.toolstack;
    notes.pending.forEach((n, i) => {
      if (n.key === c.key) notes.pending[i] = { ...n, key: match.key };
    });
  }
  return out;
}

const DESCRIPTION_MAX = 256;
/** Not a safe name, so no element can share the cluster's description slot. */
const CLUSTER_SLOT = '(cluster)';

/**
 * Resolves every note's key to the element it belongs to, and writes each element's
 * description: the short labels of what it held that the model does not, as many as fit.
 */
function describe(
  design: DesignData,
  notes: Notes,
  owners: ReadonlyMap<string, { collection: keyof DesignData | 'cluster'; name: string }>,
  pcmk: ReadonlyMap<string, string>,
): ImportNote[] {
  const byName = new Map<string, { description?: string }>();
  for (const k of [
    'networks',
    'nodes',
    'drbd',
    'iscsiTargets',
    'vms',
    'floatingIps',
    'filesystems',
    'services',
    'fencing',
    'constraints',
  ] as const)
    for (const el of design[k] as { name: string; description?: string }[]) byName.set(el.name, el);
  const labels = new Map<string, string[]>();
  const out: ImportNote[] = [];
  for (const n of notes.pending) {
    const found = n.key === undefined ? undefined : owners.get(n.key);
    const owner = found?.name ?? (n.key === undefined ? undefined : pcmk.get(n.key));
    const slot = found?.collection === 'cluster' ? CLUSTER_SLOT : owner;
    let keptAs: ImportNote['keptAs'] = n.replaced ? 'replaced' : 'note';
    if (slot !== undefined && n.label !== undefined && !n.replaced) {
      const list = labels.get(slot) ?? [];
      const text = descriptionText([...list, n.label]);
      if (text.length <= DESCRIPTION_MAX && singleLine.safeParse(text).success) {
        if (!list.includes(n.label)) list.push(n.label);
        labels.set(slot, list);
        keptAs = 'description';
      }
    }
    out.push({
      file: n.source.file,
      ...(n.source.line !== undefined ? { line: n.source.line } : {}),
      ...(owner !== undefined ? { element: owner } : {}),
      what: n.what,
      keptAs,
    });
  }
  for (const [owner, list] of labels) {
    const text = descriptionText(list);
    if (owner === CLUSTER_SLOT) design.cluster.description = text;
    else {
      const el = byName.get(owner);
      if (el) el.description = text;
    }
  }
  return out;
}

function descriptionText(labels: readonly string[]): string {
  return `Imported; not modelled: ${[...new Set(labels)].join(', ')}`;
}
