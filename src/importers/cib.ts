import type { InputFile, TargetFact, VmFact } from './facts.ts';
import type { Notes, Source } from './notes.ts';
import { ImportSyntaxError } from './notes.ts';
import type { XmlElement } from './xml.ts';
import { kid, kids, parseXml } from './xml.ts';

/**
 * A CIB (`cibadmin -Q` output or cib.xml) → Pacemaker facts: nodes, cluster options, and each
 * primitive by its agent (DRBD clones, VMs, floating IPs, filesystems, iSCSI, fencing,
 * services), plus the explicit constraints. The status section is runtime state: not read.
 */
export type Score = number | 'INFINITY' | '-INFINITY';

export interface CibNode {
  readonly uname: string;
  readonly id?: string;
  cpus?: number;
  memoryMiB?: number;
}

export interface CibDrbd {
  /** The ids that stand for this DRBD resource in constraints: primitive and clone. */
  readonly ids: readonly string[];
  readonly resource: string;
}

export interface CibFloatingIp {
  readonly id: string;
  readonly address: string;
  readonly prefix?: number;
}

export interface CibFilesystem {
  readonly id: string;
  readonly device: string;
  readonly directory: string;
  readonly fstype?: string;
}

export interface CibLun {
  readonly id: string;
  readonly targetIqn: string;
  readonly lun: number;
  readonly path: string;
}

export interface CibService {
  readonly id: string;
  readonly agent:
    { class: 'systemd'; unit: string } | { class: 'ocf'; provider: string; type: string };
  readonly params: Record<string, string>;
  clone: boolean;
  readonly dependsOn: string[];
}

export type FencingKind = 'ipmi' | 'redfish' | 'sbd' | 'fence_virsh' | 'fence_xvm' | 'apc';

export interface CibFencing {
  readonly id: string;
  readonly kind: FencingKind;
  readonly targets: readonly string[];
  readonly params: Record<string, string>;
  readonly hasPassword: boolean;
  /** The secret a password_script reads, by name. */
  readonly secret?: string;
}

export type CibConstraint =
  | {
      kind: 'colocation';
      id: string;
      rsc: string;
      with: string;
      score: Score;
      rscRole?: string;
      withRole?: string;
    }
  | { kind: 'order'; id: string; first: string; then: string; mandatory: boolean; promote: boolean }
  | { kind: 'location'; id: string; rsc: string; node: string; score: Score };

export interface CibFact {
  readonly source: Source;
  clusterName?: string;
  readonly nodes: CibNode[];
  stonithEnabled?: boolean;
  noQuorumPolicy?: 'stop' | 'freeze' | 'ignore' | 'demote' | 'suicide';
  placementStrategy?: 'default' | 'utilization' | 'minimal' | 'balanced';
  resourceStickiness?: number;
  readonly drbd: CibDrbd[];
  readonly vms: VmFact[];
  readonly floatingIps: CibFloatingIp[];
  readonly filesystems: CibFilesystem[];
  readonly targets: TargetFact[];
  readonly luns: CibLun[];
  readonly services: CibService[];
  readonly fencing: CibFencing[];
  readonly constraints: CibConstraint[];
  /** Group id → member ids in order; constraints naming a group are kept as notes. */
  readonly groups: Map<string, string[]>;
  /** Ids of helper primitives that belong to the element their group stands for. */
  readonly absorbed: string[];
}

/** Properties Pacemaker maintains itself: runtime state, not configuration. */
const RUNTIME_PROPERTIES = new Set([
  'dc-version',
  'cluster-infrastructure',
  'have-watchdog',
  'last-lrm-refresh',
  'cluster-name',
]);

export function isCib(rootName: string): boolean {
  return rootName === 'cib';
}

export function importCib(file: InputFile, notes: Notes): CibFact {
  const { name, root } = parseXml(file.content, file.path);
  if (name !== 'cib')
    throw new ImportSyntaxError(file.path, 1, `expected a <cib> document, found <${name}>`);
  const src: Source = { file: file.path };
  const fact: CibFact = {
    source: src,
    nodes: [],
    drbd: [],
    vms: [],
    floatingIps: [],
    filesystems: [],
    targets: [],
    luns: [],
    services: [],
    fencing: [],
    constraints: [],
    groups: new Map(),
    absorbed: [],
  };
  const config = kid(root, 'configuration');
  if (!config) throw new ImportSyntaxError(file.path, 1, 'the <cib> has no <configuration>');
  const cluster = (what: string, label?: string): void =>
    notes.add(src, what, { key: 'cluster', ...(label !== undefined ? { label } : {}) });

  for (const section of Object.keys(config.children)) {
    if (!['crm_config', 'nodes', 'resources', 'constraints', 'rsc_defaults'].includes(section))
      cluster(`CIB section <${section}> is not modelled`, `CIB ${section}`);
  }

  for (const set of kids(kid(config, 'crm_config'), 'cluster_property_set')) {
    for (const nv of nvpairs(set, (w) => cluster(w))) {
      const v = nv.value;
      if (nv.name === 'cluster-name') fact.clusterName = v;
      else if (RUNTIME_PROPERTIES.has(nv.name)) continue;
      else if (nv.name === 'stonith-enabled') fact.stonithEnabled ??= isTrue(v);
      // A lab's CIB keeps the design's fencing setting aside: a lab node cannot fence.
      else if (nv.name === `${STAND_IN_PARAM}stonith-enabled`) fact.stonithEnabled = isTrue(v);
      else if (nv.name === 'no-quorum-policy' && /^(stop|freeze|ignore|demote|suicide)$/.test(v))
        fact.noQuorumPolicy = v as CibFact['noQuorumPolicy'];
      else if (
        nv.name === 'placement-strategy' &&
        /^(default|utilization|minimal|balanced)$/.test(v)
      )
        fact.placementStrategy = v as CibFact['placementStrategy'];
      else cluster(`cluster property ${nv.name}=${v} is not modelled`, `property ${nv.name}`);
    }
  }
  for (const meta of kids(kid(config, 'rsc_defaults'), 'meta_attributes')) {
    for (const nv of nvpairs(meta, (w) => cluster(w))) {
      const n = Number(nv.value);
      if (nv.name === 'resource-stickiness' && Number.isInteger(n) && n >= 0)
        fact.resourceStickiness = n;
      else
        cluster(
          `resource default ${nv.name}=${nv.value} is not modelled`,
          `rsc_defaults ${nv.name}`,
        );
    }
  }

  for (const n of kids(kid(config, 'nodes'), 'node')) {
    const uname = n.attrs.uname;
    if (!uname) {
      cluster(`a <node> with no uname (id ${n.attrs.id ?? '?'}) is left out`);
      continue;
    }
    const node: CibNode = { uname, ...(n.attrs.id !== undefined ? { id: n.attrs.id } : {}) };
    for (const u of kids(n, 'utilization'))
      for (const nv of nvpairs(u, (w) => cluster(w))) {
        if (nv.name === 'cpu' && /^\d+$/.test(nv.value)) node.cpus = Number(nv.value);
        else if ((nv.name === 'hv_memory' || nv.name === 'memory') && /^\d+$/.test(nv.value))
          node.memoryMiB = Number(nv.value);
        else
          notes.add(src, `node ${uname} utilization ${nv.name}=${nv.value} is not modelled`, {
            key: `node:${uname}`,
          });
      }
    for (const a of kids(n, 'instance_attributes'))
      for (const nv of nvpairs(a, (w) => cluster(w)))
        notes.add(src, `node ${uname} attribute ${nv.name}=${nv.value} is not modelled`, {
          key: `node:${uname}`,
          label: `attribute ${nv.name}`,
        });
    fact.nodes.push(node);
  }

  const resources = kid(config, 'resources');
  if (resources) readResources(resources, fact, src, notes);
  const constraints = kid(config, 'constraints');
  if (constraints) readConstraints(constraints, fact, src, notes);
  return fact;
}

interface NvPair {
  readonly name: string;
  readonly value: string;
}

function nvpairs(set: XmlElement, note: (what: string) => void): NvPair[] {
  if (set.attrs['id-ref'] !== undefined)
    note(`attribute set reference id-ref=${set.attrs['id-ref']} is not modelled`);
  if (kid(set, 'rule'))
    note(
      `a rule on attribute set ${set.attrs.id ?? ''} is not modelled; its values are read as if it always applied`,
    );
  return kids(set, 'nvpair').flatMap((nv) => {
    const { name, value } = nv.attrs;
    if (name === undefined) {
      note(`an nvpair with no name (id ${nv.attrs.id ?? nv.attrs['id-ref'] ?? '?'}) is left out`);
      return [];
    }
    return [{ name, value: value ?? '' }];
  });
}

function isTrue(v: string): boolean {
  return /^(true|yes|on|1|y)$/i.test(v);
}

function readResources(resources: XmlElement, fact: CibFact, src: Source, notes: Notes): void {
  for (const p of kids(resources, 'primitive')) primitive(p, fact, src, notes, {});
  for (const g of kids(resources, 'group')) group(g, fact, src, notes, {});
  for (const tag of ['clone', 'master']) {
    for (const c of kids(resources, tag)) {
      const meta = attrsOf(c, 'meta_attributes', src, notes, `resource:${c.attrs.id ?? ''}`);
      const promotable = tag === 'master' || isTrue(meta.promotable ?? 'false');
      const id = c.attrs.id ?? '';
      const inner = { cloneId: id, promotable };
      for (const p of kids(c, 'primitive')) primitive(p, fact, src, notes, inner);
      for (const g of kids(c, 'group')) group(g, fact, src, notes, inner);
      for (const [k, v] of Object.entries(meta)) {
        if (
          k === 'promotable' ||
          (promotable &&
            /^(promoted|master)-(max|node-max)$|^clone-(max|node-max)$|^notify$/.test(k))
        )
          continue;
        notes.add(src, `clone ${id} meta attribute ${k}=${v} is not modelled`, {
          key: `resource:${id}`,
          label: `meta ${k}`,
        });
      }
    }
  }
  for (const other of Object.keys(resources.children)) {
    if (!['primitive', 'group', 'clone', 'master'].includes(other))
      for (const el of kids(resources, other))
        notes.add(src, `<${other} id="${el.attrs.id ?? ''}"> is not modelled; it is not imported`, {
          key: 'cluster',
          label: `CIB ${other} ${el.attrs.id ?? ''}`,
        });
  }
}

interface Wrapping {
  readonly cloneId?: string;
  readonly promotable?: boolean;
  readonly groupId?: string;
  /** The group holds an iSCSITarget: its portblock guards belong to the target. */
  readonly targetGroup?: boolean;
}

function group(g: XmlElement, fact: CibFact, src: Source, notes: Notes, outer: Wrapping): void {
  const id = g.attrs.id ?? '';
  const members = kids(g, 'primitive').map((p) => p.attrs.id ?? '');
  fact.groups.set(id, members);
  const meta = attrsOf(g, 'meta_attributes', src, notes, `resource:${id}`);
  for (const [k, v] of Object.entries(meta))
    notes.add(src, `group ${id} meta attribute ${k}=${v} is not modelled`, {
      key: `resource:${id}`,
    });
  if (outer.cloneId !== undefined)
    notes.add(
      src,
      `group ${id} is cloned (${outer.cloneId}); a cloned group is not modelled, its members are imported on their own`,
      { key: 'cluster', label: `cloned group ${id}` },
    );
  const targetGroup = kids(g, 'primitive').some((p) => undoStandIn(p).attrs.type === 'iSCSITarget');
  for (const p of kids(g, 'primitive'))
    primitive(p, fact, src, notes, { ...outer, groupId: id, targetGroup });
}

/** An attribute set as name → value; rules and references become notes. */
function attrsOf(
  el: XmlElement,
  tag: string,
  src: Source,
  notes: Notes,
  key: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const set of kids(el, tag))
    for (const nv of nvpairs(set, (w) => notes.add(src, w, { key }))) out[nv.name] = nv.value;
  return out;
}

const FENCE_KINDS: Readonly<Record<string, FencingKind>> = {
  fence_ipmilan: 'ipmi',
  fence_ipmilanplus: 'ipmi',
  fence_redfish: 'redfish',
  fence_sbd: 'sbd',
  fence_virsh: 'fence_virsh',
  fence_xvm: 'fence_xvm',
  fence_apc: 'apc',
  fence_apc_snmp: 'apc',
};

/** Prefix of the inert meta attributes that carry a lab stand-in's real parameters. */
const STAND_IN_PARAM = 'cw-real-';
const STAND_IN =
  /^stand-in for (?:ocf:([^:\s]+):(\S+?)|(stonith|systemd|lsb|service):(\S+?))(?::\s.*)?$/;

/**
 * A lab's stand-in (Dummy or Stateful labelled "stand-in for <agent>") turned back into the
 * primitive it stands for, with its real parameters from the meta attributes that carry them,
 * so importing a lab node's live CIB gives the design that was deployed to it.
 */
function undoStandIn(p: XmlElement): XmlElement {
  const m = STAND_IN.exec(p.attrs.description ?? '');
  if (!m || p.attrs.provider !== 'pacemaker') return p;
  const agent: Record<string, string> =
    m[1] !== undefined
      ? { class: 'ocf', provider: m[1], type: m[2] ?? '' }
      : { class: m[3] ?? '', type: m[4] ?? '' };
  const real: XmlElement[] = [];
  const meta = (p.children.meta_attributes ?? []).map((set) => {
    const nv = set.children.nvpair ?? [];
    real.push(...nv.filter((n) => (n.attrs.name ?? '').startsWith(STAND_IN_PARAM)));
    return {
      ...set,
      children: {
        ...set.children,
        nvpair: nv.filter((n) => !(n.attrs.name ?? '').startsWith(STAND_IN_PARAM)),
      },
    };
  });
  const { provider: _provider, description: _description, ...attrs } = p.attrs;
  const params: XmlElement = {
    attrs: { id: `${p.attrs.id ?? ''}-instance_attributes` },
    children: {
      nvpair: real.map((n) => ({
        ...n,
        attrs: { ...n.attrs, name: (n.attrs.name ?? '').slice(STAND_IN_PARAM.length) },
      })),
    },
    text: '',
  };
  return {
    ...p,
    attrs: { ...attrs, ...agent },
    children: { ...p.children, meta_attributes: meta, instance_attributes: [params] },
  };
}

function primitive(
  standIn: XmlElement,
  fact: CibFact,
  src: Source,
  notes: Notes,
  wrap: Wrapping,
): void {
  const p = undoStandIn(standIn);
  const id = p.attrs.id ?? '';
  const cls = p.attrs.class ?? '';
  const provider = p.attrs.provider ?? '';
  const type = p.attrs.type ?? '';
  const agent = cls === 'ocf' ? `ocf:${provider}:${type}` : `${cls}:${type}`;
  const key = `resource:${id}`;
  const params = attrsOf(p, 'instance_attributes', src, notes, key);
  const meta = attrsOf(p, 'meta_attributes', src, notes, key);
  const utilization = attrsOf(p, 'utilization', src, notes, key);
  const note = (what: string, label?: string): void =>
    notes.add(src, `${id} (${agent}): ${what}`, { key, ...(label !== undefined ? { label } : {}) });
  const leftover = (used: readonly string[], secret: readonly string[] = []): void => {
    for (const [k, v] of Object.entries(params)) {
      if (used.includes(k)) continue;
      note(
        `parameter ${k}=${secret.includes(k) ? '(secret not shown)' : v} is not modelled`,
        `param ${k}`,
      );
    }
  };
  const ops = kids(kid(p, 'operations'), 'op').map(
    (op) =>
      `${op.attrs.name ?? '?'}${op.attrs.interval ? ` interval=${op.attrs.interval}` : ''}${op.attrs.timeout ? ` timeout=${op.attrs.timeout}` : ''}${op.attrs.role ? ` role=${op.attrs.role}` : ''}`,
  );
  if (ops.length > 0)
    note(`operations (${ops.join('; ')}) are not modelled; generate writes its own`);
  const usedMeta = new Set<string>();
  const vmUtil = (vm: VmFact): void => {
    if (/^\d+$/.test(utilization.cpu ?? '')) vm.vcpus = Number(utilization.cpu);
    const memory = utilization.hv_memory ?? utilization.memory ?? '';
    if (/^\d+$/.test(memory)) vm.memoryMiB = Number(memory);
    delete utilization.cpu;
    delete utilization.hv_memory;
    delete utilization.memory;
    if (meta['allow-migrate'] !== undefined) {
      vm.liveMigration = isTrue(meta['allow-migrate']);
      usedMeta.add('allow-migrate');
    }
  };
  if (
    wrap.cloneId !== undefined &&
    !(cls === 'ocf' && provider === 'linbit' && type === 'drbd') &&
    !isService(cls)
  ) {
    note(
      `cloned in ${wrap.cloneId}; only services may be clones in the model, so the clone is imported as one instance`,
      'clone',
    );
  }

  if (cls === 'ocf' && provider === 'linbit' && type === 'drbd') {
    const resource = params.drbd_resource;
    if (resource === undefined)
      note('no drbd_resource parameter; the clone is not tied to a DRBD resource');
    else {
      fact.drbd.push({
        ids: [id, ...(wrap.cloneId !== undefined ? [wrap.cloneId] : [])],
        resource,
      });
      if (!wrap.promotable)
        note(
          'a DRBD primitive outside a promotable clone: the model always promotes',
          'not promotable',
        );
    }
    leftover(['drbd_resource']);
  } else if (cls === 'ocf' && provider === 'heartbeat' && type === 'VirtualDomain') {
    const hv = params.hypervisor ?? '';
    const vm: VmFact = {
      name: id,
      key: `vm:cib:${id}`,
      source: src,
      from: 'cib',
      pacemakerId: id,
      disks: [],
      hypervisor: hv.startsWith('xen') ? 'xen' : 'kvm',
      toolstack: 'libvirt',
      ...(params.config !== undefined ? { configPath: params.config } : {}),
    };
    if (hv !== '' && !/^(qemu|xen)(\+\w+)?:\/\/\/system$|^xen:\/\/\/$/.test(hv))
      note(`hypervisor URI ${hv} is not modelled`, 'hypervisor URI');
    vmUtil(vm);
    fact.vms.push(vm);
    // ssh is what the model's live migration uses; another transport is worth a note.
    leftover(
      params.migration_transport === 'ssh'
        ? ['config', 'hypervisor', 'migration_transport']
        : ['config', 'hypervisor'],
    );
  } else if (cls === 'ocf' && provider === 'heartbeat' && type === 'Xen') {
    const vm: VmFact = {
      name: params.name ?? id,
      key: `vm:cib:${id}`,
      source: src,
      from: 'cib',
      pacemakerId: id,
      disks: [],
      hypervisor: 'xen',
      toolstack: 'xl',
      ...(params.xmfile !== undefined ? { configPath: params.xmfile } : {}),
    };
    vmUtil(vm);
    fact.vms.push(vm);
    leftover(['xmfile', 'name']);
  } else if (cls === 'ocf' && provider === 'heartbeat' && type === 'ManageVE') {
    const ctid = Number(params.veid);
    const vm: VmFact = {
      name: id,
      key: `vm:cib:${id}`,
      source: src,
      from: 'cib',
      pacemakerId: id,
      disks: [],
      hypervisor: 'openvz',
      ...(Number.isInteger(ctid) ? { ctid } : {}),
    };
    vmUtil(vm);
    fact.vms.push(vm);
    leftover(['veid']);
  } else if (cls === 'ocf' && provider === 'heartbeat' && type === 'IPaddr2') {
    const address = params.ip ?? '';
    const prefix = Number(params.cidr_netmask);
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(address))
      note(`ip "${address}" is not an IPv4 address; not imported`);
    else
      fact.floatingIps.push({
        id,
        address,
        ...(Number.isInteger(prefix) && prefix >= 8 && prefix <= 32 ? { prefix } : {}),
      });
    leftover(['ip', 'cidr_netmask']);
  } else if (cls === 'ocf' && provider === 'heartbeat' && type === 'Filesystem') {
    const { device, directory, fstype } = params;
    if (device === undefined || directory === undefined)
      note('no device or directory; not imported');
    else
      fact.filesystems.push({ id, device, directory, ...(fstype !== undefined ? { fstype } : {}) });
    leftover(['device', 'directory', 'fstype']);
  } else if (type === 'portblock' && provider === 'heartbeat' && wrap.targetGroup === true) {
    // Blocks the portal while the target moves: part of the target, not a service.
    fact.absorbed.push(id);
  } else if (cls === 'ocf' && provider === 'heartbeat' && type === 'iSCSITarget') {
    const iqn = params.iqn ?? '';
    const impl = params.implementation;
    const portal = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?$/.exec(
      (params.portals ?? '').split(/\s+/)[0] ?? '',
    );
    const t: TargetFact = {
      iqn,
      key: `target:${iqn.toLowerCase()}`,
      source: src,
      luns: [],
      allowedInitiators: (params.allowed_initiators ?? '').split(/\s+/).filter((x) => x !== ''),
      pacemakerId: id,
      ...(impl === 'lio-t' || impl === 'lio'
        ? { implementation: 'lio' as const }
        : impl === 'tgt' || impl === 'iet'
          ? { implementation: impl }
          : {}),
      ...(params.incoming_username !== undefined ? { chapUser: params.incoming_username } : {}),
      ...(portal
        ? {
            portal: {
              address: portal[1] ?? '',
              ...(portal[2] !== undefined ? { port: Number(portal[2]) } : {}),
            },
          }
        : {}),
    };
    if ((params.portals ?? '').trim().split(/\s+/).length > 1)
      note(`more than one portal (${params.portals}); only the first is modelled`, 'portals');
    fact.targets.push(t);
    leftover(
      [
        'iqn',
        'implementation',
        'portals',
        'allowed_initiators',
        'incoming_username',
        'incoming_password',
        'tid',
      ],
      [],
    );
  } else if (cls === 'ocf' && provider === 'heartbeat' && type === 'iSCSILogicalUnit') {
    const lun = Number(params.lun);
    if (params.target_iqn === undefined || params.path === undefined || !Number.isInteger(lun))
      note('no target_iqn, lun or path; not imported');
    else fact.luns.push({ id, targetIqn: params.target_iqn, lun, path: params.path });
    leftover(['target_iqn', 'lun', 'path', 'implementation']);
  } else if (cls === 'stonith') {
    const kind = FENCE_KINDS[type];
    if (kind === undefined) {
      note(
        `fence agent ${type} is not one the model knows (ipmi, redfish, sbd, fence_virsh, fence_xvm, apc); not imported`,
      );
    } else {
      const list = params.pcmk_host_list ?? '';
      const targets = list.split(/[\s,]+/).filter((x) => x !== '');
      if (targets.length === 0)
        note(
          'no pcmk_host_list: the nodes it fences are not known; not imported — add pcmk_host_list',
        );
      else {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(params)) {
          if (['pcmk_host_list', 'passwd', 'password', 'password_script'].includes(k)) continue;
          out[k] = v;
        }
        // A password_script named after a secret (…/secrets/NAME.sh) names the secret itself.
        const script = params.password_script;
        const secret = script !== undefined ? /([^/]+)\.sh$/.exec(script)?.[1] : undefined;
        if (script !== undefined && secret === undefined)
          note(`password_script ${script} is not modelled`, 'password_script');
        const hasPassword = params.passwd !== undefined || params.password !== undefined;
        if (hasPassword)
          note(
            'the password is not imported; the design refers to a secret of the same name as the device — store it in the keyring',
          );
        fact.fencing.push({
          id,
          kind,
          targets,
          params: out,
          hasPassword,
          ...(secret !== undefined ? { secret } : {}),
        });
      }
    }
  } else if (isService(cls)) {
    const agent: CibService['agent'] =
      cls === 'systemd' ? { class: 'systemd', unit: type } : { class: 'ocf', provider, type };
    fact.services.push({
      id,
      agent,
      params: { ...params },
      clone: wrap.cloneId !== undefined,
      dependsOn: [],
    });
    if (wrap.cloneId !== undefined && wrap.promotable)
      note('a promotable clone of a service is imported as a plain clone', 'promotable');
  } else {
    note(`resource class "${cls}" is not modelled (only ocf, systemd and stonith); not imported`);
  }
  for (const [k, v] of Object.entries(meta))
    if (!usedMeta.has(k)) note(`meta attribute ${k}=${v} is not modelled`, `meta ${k}`);
  for (const [k, v] of Object.entries(utilization))
    note(`utilization ${k}=${v} is not modelled`, `utilization ${k}`);
}

function isService(cls: string): boolean {
  return cls === 'systemd' || cls === 'ocf';
}

function parseScore(v: string | undefined): Score | undefined {
  if (v === undefined) return undefined;
  if (/^\+?(INFINITY|inf)$/i.test(v)) return 'INFINITY';
  if (/^-(INFINITY|inf)$/i.test(v)) return '-INFINITY';
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

function readConstraints(constraints: XmlElement, fact: CibFact, src: Source, notes: Notes): void {
  const drop = (el: XmlElement, tag: string, why: string): void =>
    notes.add(src, `<${tag} id="${el.attrs.id ?? ''}"> ${why}; kept only in this note`, {
      key: 'cluster',
      label: `constraint ${el.attrs.id ?? ''}`,
    });
  for (const tag of Object.keys(constraints.children)) {
    for (const el of kids(constraints, tag)) {
      const a = el.attrs;
      const id = a.id ?? '';
      if (kid(el, 'resource_set')) {
        drop(el, tag, 'uses resource sets, which the model does not hold');
        continue;
      }
      if (tag === 'rsc_location') {
        const score = parseScore(a.score);
        if (kid(el, 'rule') || a.node === undefined || a.rsc === undefined || score === undefined)
          drop(el, tag, 'has a rule, a pattern or no node and score');
        else fact.constraints.push({ kind: 'location', id, rsc: a.rsc, node: a.node, score });
        if (a.role !== undefined)
          notes.add(src, `${id}: role ${a.role} is not modelled`, { key: `constraint:${id}` });
      } else if (tag === 'rsc_colocation') {
        const score = parseScore(a.score);
        if (a.rsc === undefined || a['with-rsc'] === undefined || score === undefined)
          drop(el, tag, 'names no rsc, with-rsc or score');
        else
          fact.constraints.push({
            kind: 'colocation',
            id,
            rsc: a.rsc,
            with: a['with-rsc'],
            score,
            ...(a['rsc-role'] !== undefined ? { rscRole: a['rsc-role'] } : {}),
            ...(a['with-rsc-role'] !== undefined ? { withRole: a['with-rsc-role'] } : {}),
          });
      } else if (tag === 'rsc_order') {
        if (a.first === undefined || a.then === undefined) drop(el, tag, 'names no first or then');
        else {
          const kind =
            a.kind ??
            (a.score !== undefined && parseScore(a.score) === 0 ? 'Optional' : 'Mandatory');
          if (kind === 'Serialize') drop(el, tag, 'is a Serialize order');
          else
            fact.constraints.push({
              kind: 'order',
              id,
              first: a.first,
              then: a.then,
              mandatory: kind !== 'Optional',
              promote: a['first-action'] === 'promote',
            });
          if (a.symmetrical === 'false')
            notes.add(src, `${id}: symmetrical=false is not modelled`, {
              key: `constraint:${id}`,
              label: 'asymmetrical',
            });
        }
      } else {
        drop(el, tag, 'is not a constraint kind the model holds');
      }
    }
  }
}
