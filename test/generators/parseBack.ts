import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { BundleFile } from '../../src/generators/bundleFile.ts';
import type { ClusterNode, Design, Drbd, IscsiTarget, Vm } from '../../src/model/types.ts';
import { options, parseCorosyncConf, section, sections } from './parse/corosyncParse.ts';
import { drbdAll, drbdOne, parseDrbdConf } from './parse/drbdParse.ts';
import { parseIetdConf, parseTargetcli, parseTgtConf } from './parse/iscsiParse.ts';
import { parseOpenvzConf } from './parse/shellVarsParse.ts';
import { parseXlConfig, parseXlSpec } from './parse/xlParse.ts';

/**
 * Reads every generated file back with a parser of its format (written from the format,
 * not from our generators) and compares what it finds with the design. This is what
 * catches well-formed injected content that the real tools accept.
 */
export function expectParsesBack(design: Design, files: readonly BundleFile[]): void {
  for (const file of files) {
    try {
      parseBackOne(design, file);
    } catch (e) {
      throw new Error(`${file.node ?? ''}:${file.path}: ${(e as Error).message}`, { cause: e });
    }
  }
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => ['disk', 'interface'].includes(name),
});

const hostOf = (n: ClusterNode): string => n.hostname ?? n.name;
const nodeNamed = (d: Design, name: string): ClusterNode =>
  d.nodes.find((n) => n.name === name) as ClusterNode;
const drbdNamed = (d: Design, name: string): Drbd => d.drbd.find((r) => r.name === name) as Drbd;
const targetNamed = (d: Design, name: string): IscsiTarget =>
  d.iscsiTargets.find((t) => t.name === name) as IscsiTarget;

function drbdDevice(d: Design, resource: string, volume: number): string {
  return `/dev/drbd${drbdNamed(d, resource).volumes.find((v) => v.number === volume)?.minor}`;
}

function portal(d: Design, t: IscsiTarget): string {
  const ip = d.floatingIps.find((f) => f.name === t.portal);
  expect(ip, `target ${t.name} has a floating IP portal in these tests`).toBeDefined();
  return `${ip?.address}:${t.port}`;
}

function vmDisks(d: Design, vm: Vm): string[] {
  return vm.disks.map((disk) => {
    if (disk.kind === 'drbd') return drbdDevice(d, disk.resource, disk.volume);
    const t = targetNamed(d, disk.target);
    return `/dev/disk/by-path/ip-${portal(d, t)}-iscsi-${t.iqn}-lun-${disk.lun}`;
  });
}

function lunPath(d: Design, lun: IscsiTarget['luns'][number]): string {
  return lun.backing.kind === 'drbd'
    ? drbdDevice(d, lun.backing.resource, lun.backing.volume)
    : lun.backing.path;
}

function parseBackOne(d: Design, file: BundleFile): void {
  switch (file.kind) {
    case 'drbd': {
      const top = parseDrbdConf(file.content);
      if (file.path.endsWith('global_common.conf')) {
        expect(top.map((s) => s.key)).toEqual(['global', 'common']);
        return;
      }
      const res = drbdNamed(d, file.element);
      expect(file.path).toBe(`/etc/drbd.d/${res.name}.res`);
      const r = drbdOne(top, 'resource');
      expect(r.args).toEqual([res.name]);
      const body = r.body ?? [];
      expect(drbdAll(body, 'volume').map((v) => [v.args[0], v.body])).toEqual(
        res.volumes.map((v) => [
          String(v.number),
          [
            { key: 'device', args: [`/dev/drbd${v.minor}`] },
            { key: 'disk', args: [v.disk] },
            { key: 'meta-disk', args: ['internal'] },
          ],
        ]),
      );
      expect(
        drbdAll(body, 'on').map((o) => [o.args, o.body?.find((s) => s.key === 'address')?.args]),
      ).toEqual(
        res.nodes.map((n) => {
          const node = nodeNamed(d, n);
          return [[hostOf(node)], [`${node.addresses[res.network]}:${res.port}`]];
        }),
      );
      return;
    }
    case 'corosync': {
      const conf = parseCorosyncConf(file.content);
      const totem = options(section(conf, 'totem'));
      const c = d.cluster.corosync;
      expect(totem).toEqual({
        version: '2',
        cluster_name: d.cluster.name,
        transport: c.transport,
        crypto_cipher: c.cipher,
        crypto_hash: c.hash,
        token: String(c.tokenMs),
      });
      expect(sections(section(conf, 'nodelist'), 'node').map(options)).toEqual(
        d.nodes.map((n, i) => ({
          ...Object.fromEntries(c.links.map((net, l) => [`ring${l}_addr`, n.addresses[net]])),
          name: hostOf(n),
          nodeid: String(i + 1),
        })),
      );
      return;
    }
    case 'libvirt': {
      expect(XMLValidator.validate(file.content)).toBe(true);
      const vm = d.vms.find((v) => v.name === file.element) as Vm;
      const domain = xml.parse(file.content).domain;
      expect(domain.name).toBe(vm.name);
      expect(domain.description).toBe(vm.description);
      expect(domain.memory['#text']).toBe(String(vm.memoryMiB));
      expect(domain.vcpu['#text']).toBe(String(vm.vcpus));
      expect(
        (domain.devices.disk ?? []).map((x: { source: { '@dev': string } }) => x.source['@dev']),
      ).toEqual(vmDisks(d, vm));
      const bridge = d.networks.find((n) => n.name === vm.network)?.bridge;
      expect(domain.devices.interface?.[0]?.source['@bridge']).toBe(bridge);
      return;
    }
    case 'xen-xl': {
      const vm = d.vms.find((v) => v.name === file.element) as Vm;
      const cfg = parseXlConfig(file.content);
      expect([cfg.name, cfg.memory, cfg.vcpus]).toEqual([vm.name, vm.memoryMiB, vm.vcpus]);
      expect((cfg.disk as string[]).map((s) => parseXlSpec(s).target)).toEqual(vmDisks(d, vm));
      return;
    }
    case 'openvz': {
      const vm = d.vms.find((v) => v.name === file.element) as Vm;
      const conf = parseOpenvzConf(file.content);
      expect(file.path).toBe(`/etc/vz/conf/${vm.ctid}.conf`);
      expect([conf.HOSTNAME, conf.VE_PRIVATE, conf.CPUS, conf.OSTEMPLATE]).toEqual([
        vm.name,
        `/vz/private/${vm.ctid}`,
        String(vm.vcpus),
        vm.osTemplate,
      ]);
      return;
    }
    case 'iscsi-tgt': {
      const t = targetNamed(d, file.element);
      const [parsed, ...rest] = parseTgtConf(file.content);
      expect(rest).toEqual([]);
      expect(parsed?.iqn).toBe(t.iqn);
      expect(parsed?.backingStores).toEqual(
        t.luns.map((l) => ({ path: lunPath(d, l), lun: l.number })),
      );
      expect(parsed?.options.filter(([k]) => k === 'initiator-name').map(([, v]) => v)).toEqual(
        t.allowedInitiators.map((i) => [i]),
      );
      return;
    }
    case 'iscsi-iet': {
      if (file.path.endsWith('initiators.allow')) return;
      const names = file.element.split(',');
      expect(
        parseIetdConf(file.content).map((t) => [
          t.iqn,
          t.luns.map((l) => [l.number, l.params.Path]),
        ]),
      ).toEqual(
        names.map((n) => {
          const t = targetNamed(d, n);
          return [t.iqn, t.luns.map((l) => [l.number, lunPath(d, l)])];
        }),
      );
      return;
    }
    case 'iscsi-lio': {
      const t = targetNamed(d, file.element);
      const cmds = parseTargetcli(file.content);
      expect(cmds.filter((c) => c[0] === '/backstores/block').map((c) => c[3])).toEqual(
        t.luns.map((l) => `dev=${lunPath(d, l)}`),
      );
      expect(cmds.filter((c) => c[0] === '/iscsi')).toEqual([['/iscsi', 'create', t.iqn]]);
      return;
    }
    case 'iscsi-initiator': {
      if (file.path === '/etc/iscsi/initiatorname.iscsi') {
        const node = nodeNamed(d, file.node ?? '');
        expect(file.content.split('\n').filter((l) => !l.startsWith('#') && l !== '')).toEqual([
          `InitiatorName=${node.initiatorIqn}`,
        ]);
      }
      return; // login scripts are read back by the real shell in the iSCSI tests
    }
    default:
      throw new Error(`no parse-back for ${file.kind}`);
  }
}
