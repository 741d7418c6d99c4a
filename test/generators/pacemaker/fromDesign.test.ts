import { describe, expect, it } from 'vitest';
import { allPrimitives } from '../../../src/generators/pacemaker/config.ts';
import type {
  Clone,
  PacemakerConfig,
  Primitive,
} from '../../../src/generators/pacemaker/config.ts';
import { pacemakerConfig } from '../../../src/generators/pacemaker/fromDesign.ts';
import type { DesignInput } from '../../../src/model/types.ts';
import { designOf, smallDesignInput } from './smallDesign.ts';

const config = (change: (d: DesignInput) => void = () => {}, standIns = false): PacemakerConfig => {
  const input = smallDesignInput();
  change(input);
  return pacemakerConfig(designOf(input), { standIns });
};
const prim = (c: PacemakerConfig, id: string): Primitive => {
  const p = allPrimitives(c).find((x) => x.id === id);
  if (!p) throw new Error(`no primitive ${id}`);
  return p;
};
function defined<T>(list: T[] | undefined): T[] {
  if (!list) throw new Error('the small design lacks this list');
  return list;
}
const at = <T>(list: T[] | undefined, i: number): T => {
  const item = defined(list)[i];
  if (item === undefined) throw new Error(`the small design has no item ${i}`);
  return item;
};
const pairsOf = (list: readonly { name: string; value: string }[]): Record<string, string> =>
  Object.fromEntries(list.map((a) => [a.name, a.value]));

describe('pacemakerConfig', () => {
  it('puts a DRBD resource in a promotable clone limited to its nodes', () => {
    const c = config();
    const clone = c.resources.find((r) => r.id === 'r0_clone') as Clone;
    expect(clone.kind).toBe('clone');
    expect(pairsOf(clone.meta)).toEqual({
      promotable: 'true',
      'promoted-max': '1',
      'promoted-node-max': '1',
      'clone-max': '2',
      'clone-node-max': '1',
      notify: 'true',
    });
    expect(clone.child.agent).toEqual({ class: 'ocf', provider: 'linbit', type: 'drbd' });
    expect(pairsOf(clone.child.params)).toEqual({ drbd_resource: 'r0' });
  });

  it('lets a dual-primary resource be promoted on two nodes', () => {
    const c = config((d) => {
      at(d.drbd, 0).dualPrimary = true;
    });
    const clone = c.resources.find((r) => r.id === 'r0_clone') as Clone;
    expect(pairsOf(clone.meta)['promoted-max']).toBe('2');
  });

  it('runs a VM where its disk is Primary, after promotion, preferring its node', () => {
    const c = config();
    expect(prim(c, 'vm1').agent).toEqual({
      class: 'ocf',
      provider: 'heartbeat',
      type: 'VirtualDomain',
    });
    expect(pairsOf(prim(c, 'vm1').params)).toEqual({
      config: '/etc/libvirt/qemu/vm1.xml',
      hypervisor: 'qemu:///system',
      migration_transport: 'ssh',
    });
    expect(
      c.constraints.filter(
        (x) => ('rsc' in x && x.rsc === 'vm1') || ('then' in x && x.then === 'vm1'),
      ),
    ).toEqual([
      {
        kind: 'colocation',
        id: 'col_vm1_r0',
        rsc: 'vm1',
        withRsc: 'r0_clone',
        withRscRole: 'Promoted',
        score: 'INFINITY',
      },
      {
        kind: 'order',
        id: 'ord_r0_vm1',
        first: 'r0_clone',
        firstAction: 'promote',
        then: 'vm1',
        thenAction: 'start',
        order: 'Mandatory',
      },
      { kind: 'location', id: 'loc_vm1_prefers_n1', rsc: 'vm1', node: 'n1', score: 50 },
    ]);
  });

  it('keeps a VM off nodes without its hypervisor and marks live migration', () => {
    const c = config((d) => {
      at(d.nodes, 1).hypervisors = [];
      at(d.vms, 0).liveMigration = true;
    });
    expect(c.constraints).toContainEqual({
      kind: 'location',
      id: 'loc_vm1_avoid_n2',
      rsc: 'vm1',
      node: 'n2',
      score: '-INFINITY',
    });
    expect(pairsOf(prim(c, 'vm1').meta)).toEqual({ 'allow-migrate': 'true' });
    expect(prim(c, 'vm1').ops.map((o) => o.name)).toContain('migrate_to');
  });

  it('sends guests to a spare node first after a failure', () => {
    const c = config((d) => {
      defined(d.nodes).push({
        name: 'n3',
        addresses: { ring0: '10.0.0.3' },
        capacity: { cpus: 8, memoryMiB: 16384 },
        hypervisors: ['kvm'],
        spare: true,
      });
    });
    expect(c.constraints).toContainEqual({
      kind: 'location',
      id: 'loc_vm1_spare_n3',
      rsc: 'vm1',
      node: 'n3',
      score: 25,
    });
  });

  it('fences with fence_ipmilan, a password script and never from the fenced node', () => {
    const c = config();
    const f1 = prim(c, 'f1');
    expect(f1.agent).toEqual({ class: 'stonith', type: 'fence_ipmilan' });
    expect(pairsOf(f1.params)).toEqual({
      pcmk_host_list: 'n1',
      password_script: '/etc/clusterwright/secrets/bmc.sh',
      ip: '10.9.0.1',
    });
    expect(c.constraints).toContainEqual({
      kind: 'location',
      id: 'loc_f1_avoid_n1',
      rsc: 'f1',
      node: 'n1',
      score: '-INFINITY',
    });
  });

  it('adds utilization to nodes and VMs only when placement is not default', () => {
    expect(prim(config(), 'vm1').utilization).toEqual([]);
    const c = config((d) => {
      d.cluster.pacemaker = { placementStrategy: 'balanced' };
    });
    expect(pairsOf(prim(c, 'vm1').utilization)).toEqual({ cpu: '2', memory: '2048' });
    expect(c.nodes.map((n) => pairsOf(n.utilization))).toEqual([
      { cpu: '8', memory: '16384' },
      { cpu: '8', memory: '16384' },
    ]);
    expect(pairsOf(c.properties)['placement-strategy']).toBe('balanced');
  });

  it('uses stand-ins, labelled, and no stonith in a lab', () => {
    const c = config((d) => {
      at(d.vms, 0).description = 'web server';
    }, true);
    expect(pairsOf(c.properties)['stonith-enabled']).toBe('false');
    expect(prim(c, 'r0').agent).toEqual({ class: 'ocf', provider: 'pacemaker', type: 'Stateful' });
    expect(prim(c, 'r0').description).toBe('stand-in for ocf:linbit:drbd');
    expect(prim(c, 'vm1').agent).toEqual({ class: 'ocf', provider: 'pacemaker', type: 'Dummy' });
    expect(prim(c, 'vm1').description).toBe('stand-in for ocf:heartbeat:VirtualDomain: web server');
    expect(prim(c, 'vm1').params).toEqual([]);
    expect(prim(c, 'f1').agent).toEqual({ class: 'ocf', provider: 'pacemaker', type: 'Dummy' });
    // The constraints stay: the lab places resources as the real cluster would.
    expect(c.constraints).toEqual(config().constraints);
  });

  it('clones services and places them with and after what they depend on', () => {
    const c = config((d) => {
      d.floatingIps = [{ name: 'vip', address: '192.168.1.10', network: 'public' }];
      d.services = [
        { name: 'web', agent: { class: 'systemd', unit: 'nginx.service' }, dependsOn: ['vip'] },
        {
          name: 'mon',
          agent: { class: 'ocf', provider: 'acme', type: 'watch' },
          params: { level: '2' },
          clone: true,
        },
      ];
    });
    expect(prim(c, 'vip').params).toEqual([
      { name: 'ip', value: '192.168.1.10' },
      { name: 'cidr_netmask', value: '24' },
    ]);
    expect(prim(c, 'web').agent).toEqual({ class: 'systemd', type: 'nginx.service' });
    expect(c.resources.find((r) => r.id === 'mon_clone')?.kind).toBe('clone');
    expect(c.constraints).toContainEqual({
      kind: 'colocation',
      id: 'col_web_vip',
      rsc: 'web',
      withRsc: 'vip',
      score: 'INFINITY',
    });
    expect(c.constraints).toContainEqual({
      kind: 'order',
      id: 'ord_vip_web',
      first: 'vip',
      firstAction: 'start',
      then: 'web',
      thenAction: 'start',
      order: 'Mandatory',
    });
  });

  it('maps design constraints one to one, onto clones and with a DRBD Primary', () => {
    const c = config((d) => {
      d.constraints = [
        { kind: 'colocation', name: 'c1', resource: 'vm1', with: 'r0', score: 'INFINITY' },
        { kind: 'order', name: 'o1', first: 'r0', then: 'vm1', mandatory: false },
        { kind: 'location', name: 'l1', resource: 'r0', node: 'n2', score: -20 },
      ];
    });
    expect(c.constraints.slice(-3)).toEqual([
      {
        kind: 'colocation',
        id: 'c1',
        rsc: 'vm1',
        withRsc: 'r0_clone',
        withRscRole: 'Promoted',
        score: 'INFINITY',
      },
      {
        kind: 'order',
        id: 'o1',
        first: 'r0_clone',
        firstAction: 'promote',
        then: 'vm1',
        thenAction: 'start',
        order: 'Optional',
      },
      { kind: 'location', id: 'l1', rsc: 'r0_clone', node: 'n2', score: -20 },
    ]);
  });

  it('builds an iSCSI target group behind its portal, and VMs that use it on initiators only', () => {
    const c = config((d) => {
      defined(d.nodes).push({
        name: 'h1',
        addresses: { ring0: '10.0.0.3' },
        capacity: { cpus: 8, memoryMiB: 16384 },
        hypervisors: ['xen'],
        initiatorIqn: 'iqn.2026-01.org.example:h1',
      });
      d.floatingIps = [{ name: 'portal', address: '192.168.1.20', network: 'public' }];
      d.iscsiTargets = [
        {
          name: 't1',
          iqn: 'iqn.2026-01.org.example:t1',
          implementation: 'tgt',
          portal: 'portal',
          luns: [{ number: 0, backing: { kind: 'drbd', resource: 'r0', volume: 0 } }],
          allowedInitiators: ['iqn.2026-01.org.example:h1'],
          chap: { user: 'alice', secret: 'chap-t1' },
        },
      ];
      d.iscsiInitiators = [{ name: 'h1-t1', node: 'h1', target: 't1' }];
      defined(d.vms).push({
        name: 'x1',
        hypervisor: 'xen',
        toolstack: 'xl',
        vcpus: 1,
        memoryMiB: 512,
        disks: [{ kind: 'iscsi', target: 't1', lun: 0 }],
      });
    });
    const group = c.resources.find((r) => r.id === 't1_group');
    expect(group?.kind === 'group' && group.members.map((m) => m.id)).toEqual([
      't1_block',
      't1',
      't1_lun0',
      't1_unblock',
    ]);
    expect(pairsOf(prim(c, 't1').params)).toEqual({
      implementation: 'tgt',
      iqn: 'iqn.2026-01.org.example:t1',
      tid: '1',
      portals: '192.168.1.20:3260',
      allowed_initiators: 'iqn.2026-01.org.example:h1',
      incoming_username: 'alice',
    });
    expect(prim(c, 't1').params.some((p) => p.name === 'incoming_password')).toBe(false);
    expect(pairsOf(prim(c, 't1_lun0').params)).toMatchObject({ path: '/dev/drbd3', lun: '0' });
    expect(pairsOf(prim(c, 't1_block').params)).toEqual({
      ip: '192.168.1.20',
      portno: '3260',
      protocol: 'tcp',
      action: 'block',
    });
    expect(prim(c, 'x1').agent.type).toBe('Xen');
    expect(pairsOf(prim(c, 'x1').params)).toEqual({ xmfile: '/etc/xen/x1.cfg' });
    const ids = c.constraints.map((x) => x.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'col_t1_r0',
        'ord_r0_t1',
        'col_t1_portal',
        'ord_portal_t1',
        'ord_t1_x1',
        'loc_x1_avoid_n1',
        'loc_x1_avoid_n2',
      ]),
    );
    expect(c.constraints.find((x) => x.id === 'ord_t1_x1')).toMatchObject({
      order: 'Optional',
      first: 't1_group',
    });
    expect(ids).not.toContain('col_x1_t1');
  });

  it('mounts an OpenVZ private area before the container, both where the disk is Primary', () => {
    const c = config((d) => {
      defined(d.nodes).forEach((n) => (n.hypervisors = ['openvz']));
      d.vms = [
        {
          name: 'ct',
          hypervisor: 'openvz',
          ctid: 105,
          vcpus: 1,
          memoryMiB: 512,
          disks: [{ kind: 'drbd', resource: 'r0', volume: 0 }],
        },
      ];
    });
    const group = c.resources.find((r) => r.id === 'ct_group');
    expect(group?.kind === 'group' && group.members.map((m) => [m.id, m.agent.type])).toEqual([
      ['ct_private', 'Filesystem'],
      ['ct', 'ManageVE'],
    ]);
    expect(pairsOf(prim(c, 'ct_private').params)).toEqual({
      device: '/dev/drbd3',
      directory: '/vz/private/105',
      fstype: 'ext4',
    });
    expect(c.constraints).toContainEqual({
      kind: 'colocation',
      id: 'col_ct_r0',
      rsc: 'ct_group',
      withRsc: 'r0_clone',
      withRscRole: 'Promoted',
      score: 'INFINITY',
    });
  });
});
