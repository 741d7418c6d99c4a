import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool, runTool } from '../support/tools.ts';
import { FIXTURES, fixture, fixtureFiles, importOk, notesAbout } from './fixtureFiles.ts';

describe('CIB import', () => {
  it('fixtures are real CIBs: crm_verify accepts them', () => {
    const crmVerify = requireTool('crm_verify', 'pacemaker-cli-utils');
    for (const cib of ['cfs/cib.xml', 'kvm/cib.xml', 'iscsi/cib.xml', 'openvz/cib.xml']) {
      const r = runTool(crmVerify, ['-x', join(FIXTURES, cib)]);
      expect(r.status, `${cib}: ${r.stderr}`).toBe(0);
    }
  });

  it('reads a Clusters from Scratch cluster (cibadmin -Q with status) into design elements', () => {
    const { design, notes } = importOk(fixtureFiles('cfs'));
    expect(design.cluster.pacemaker).toEqual({
      stonithEnabled: true,
      noQuorumPolicy: 'stop',
      resourceStickiness: 100,
      placementStrategy: 'default',
    });
    expect(design.floatingIps).toEqual([
      { name: 'cluster-ip', address: '192.168.122.120', network: 'cluster' },
    ]);
    expect(design.filesystems).toEqual([
      {
        name: 'web-fs',
        device: { kind: 'drbd', resource: 'wwwdata', volume: 0 },
        mountpoint: '/var/www/html',
        fstype: 'xfs',
      },
    ]);
    expect(design.services).toMatchObject([
      {
        name: 'web-site',
        agent: { class: 'ocf', provider: 'heartbeat', type: 'apache' },
        params: { configfile: '/etc/httpd/conf/httpd.conf' },
      },
    ]);
    expect(design.fencing).toEqual([
      {
        name: 'ipmi-fence',
        kind: 'ipmi',
        targets: ['pcmk-1', 'pcmk-2'],
        params: { ipaddr: '10.0.0.1', login: 'testuser' },
        password: 'ipmi-fence',
      },
    ]);
    // WebFS with/after the promoted WebData-clone is implied by its DRBD device: not repeated.
    // WebSite with and after ClusterIP and WebFS is what dependsOn means.
    expect(design.services[0]!.dependsOn).toEqual(['cluster-ip', 'web-fs']);
    expect(design.constraints).toEqual([
      {
        kind: 'location',
        name: 'location-web-site-pcmk-2-50',
        resource: 'web-site',
        node: 'pcmk-2',
        score: 50,
      },
    ]);
    expect(notesAbout(notes, 'batch-limit=20')).toHaveLength(1);
    expect(notesAbout(notes, '<op_defaults>')).toHaveLength(1);
    expect(notesAbout(notes, 'monitor interval=1min')[0]!.element).toBe('web-site');
    // The fence password is neither in the design nor in a note.
    expect(JSON.stringify({ design, notes })).not.toContain('acd123');
    // Runtime state (status section, dc-version) is not configuration: no element, no note.
    expect(JSON.stringify(notes)).not.toMatch(/dc-version|lrm_rsc_op|master-WebData/);
  });

  it('reads a legacy master/slave KVM cluster: VM from its domain file, utilization, preferences', () => {
    const { design, notes } = importOk(fixtureFiles('kvm'));
    expect(design.cluster.pacemaker.placementStrategy).toBe('balanced');
    expect(design.nodes.map((n) => [n.name, n.capacity, n.hypervisors])).toEqual([
      ['alpha', { cpus: 16, memoryMiB: 65536 }, ['kvm']],
      ['beta', { cpus: 16, memoryMiB: 65536 }, ['kvm']],
    ]);
    expect(design.vms).toHaveLength(1);
    expect(design.vms[0]).toMatchObject({
      name: 'web',
      hypervisor: 'kvm',
      vcpus: 2,
      memoryMiB: 4096,
      disks: [{ kind: 'drbd', resource: 'vm-web', volume: 0 }],
      network: 'public',
      preferredNode: 'alpha',
      liveMigration: true,
      mac: '52:54:00:4b:73:5f',
    });
    expect(design.networks.find((n) => n.name === 'public')).toEqual({
      name: 'public',
      cidr: '192.168.50.0/24',
      role: 'public',
      bridge: 'br0',
    });
    expect(design.drbd[0]!.dualPrimary).toBe(true);
    expect(design.constraints).toEqual([
      {
        kind: 'colocation',
        name: 'col-ip-with-vm',
        resource: 'p-ip-web',
        with: 'web',
        score: 'INFINITY',
      },
    ]);
    expect(notesAbout(notes, 'fence_vmware_soap')).toHaveLength(1);
    expect(notesAbout(notes, 'resource class "lsb"')).toHaveLength(1);
    expect(notesAbout(notes, 'loc_ping')).toHaveLength(1);
    expect(notesAbout(notes, 'migration_transport')).toEqual([]); // ssh: what the model uses
    expect(notesAbout(notes, 'target-role=Started')[0]).toMatchObject({
      element: 'web',
      keptAs: 'description',
    });
    expect(notesAbout(notes, 'loc_st_alpha')).toEqual([]); // a device kept off its own target
    expect(JSON.stringify({ design, notes })).not.toContain('s3cret');
  });

  it('ties iSCSI target, LUN and portal primitives of a group to one target', () => {
    const { design, notes } = importOk(fixtureFiles('iscsi'));
    const t = design.iscsiTargets.find((x) => x.name === 'xen-disks')!;
    expect(t).toMatchObject({ implementation: 'tgt', portal: 'san-portal', port: 3260 });
    expect(t.luns.map((l) => l.number)).toEqual([1, 2]);
    expect(notesAbout(notes, 'san-with-drbd names g-san')).toHaveLength(1);
  });

  it('reads a container: ManageVE + its private-area Filesystem + CTID.conf become one VM', () => {
    const { design } = importOk(fixtureFiles('openvz'));
    expect(design.filesystems).toEqual([]);
    expect(design.vms).toEqual([
      expect.objectContaining({
        name: 'dns',
        hypervisor: 'openvz',
        ctid: 101,
        osTemplate: 'debian-12-x86_64',
        vcpus: 2,
        memoryMiB: 2048,
        disks: [{ kind: 'drbd', resource: 'ct-dns', volume: 0 }],
      }),
    ]);
    expect(design.services).toMatchObject([
      { name: 'chronyd', agent: { class: 'systemd', unit: 'chronyd' } },
    ]);
    expect(design.cluster.pacemaker.stonithEnabled).toBe(false);
  });

  it('rejects XML that is not well-formed, naming the file and line', async () => {
    const { importFiles } = await import('../../src/importers/importFiles.ts');
    const r = importFiles([fixture('broken/cib.xml')]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      expect.objectContaining({
        file: 'broken/cib.xml',
        line: 5,
        message: expect.stringContaining('not well-formed XML'),
      }),
    ]);
  });
});
