import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/importers/importFiles.ts';
import { requireTool, runTool } from '../support/tools.ts';
import { FIXTURES, fixture, fixtureFiles, importOk, notesAbout } from './fixtureFiles.ts';

describe('hypervisor configuration import', () => {
  it('the libvirt fixture is a valid domain (virt-xml-validate)', () => {
    const validate = requireTool('virt-xml-validate', 'libvirt-clients');
    const r = runTool(validate, [join(FIXTURES, 'kvm/web.xml'), 'domain']);
    expect(r.status, r.stderr).toBe(0);
  });

  it('reads a libvirt domain: KiB memory, vcpus, the DRBD disk by minor, the bridge and MAC', () => {
    const { design, notes } = importOk([fixture('kvm/web.xml'), fixture('kvm/vm-web.res')]);
    expect(design.vms).toEqual([
      expect.objectContaining({
        name: 'web',
        hypervisor: 'kvm',
        vcpus: 2,
        memoryMiB: 4096,
        disks: [{ kind: 'drbd', resource: 'vm-web', volume: 0 }],
        mac: '52:54:00:4b:73:5f',
      }),
    ]);
    // No address is known on br0 without the CIB's floating IP: said so, not guessed.
    expect(design.vms[0]!.network).toBeUndefined();
    expect(notesAbout(notes, 'bridge br0 is on no network')).toHaveLength(1);
    expect(notesAbout(notes, 'cdrom')).toHaveLength(1);
    expect(notesAbout(notes, 'devices/graphics')).toHaveLength(1);
  });

  it('reads libvirt memory in other units and a network iSCSI disk', () => {
    const domain = (mem: string): string =>
      `<domain type='xen'><name>db</name>${mem}<vcpu>3</vcpu><devices><disk type='network' device='disk'><source protocol='iscsi' name='iqn.2026-11.com.example.san:xen-disks/1'/></disk></devices></domain>`;
    const tgt = fixture('iscsi/targets.conf');
    for (const [mem, mib] of [
      ["<memory unit='GiB'>2</memory>", 2048],
      ["<memory unit='MiB'>512</memory>", 512],
      ['<memory>1048576</memory>', 1024],
    ] as const) {
      const { design } = importOk([{ path: 'db.xml', content: domain(mem) }, tgt]);
      expect(design.vms[0]).toMatchObject({
        hypervisor: 'xen',
        toolstack: 'libvirt',
        memoryMiB: mib,
        vcpus: 3,
        disks: [{ kind: 'iscsi', target: 'xen-disks', lun: 1 }],
      });
    }
  });

  it('reads an xl.cfg whose disk is an iSCSI LUN by path, and notes every other setting', () => {
    const { design, notes } = importOk([fixture('xen/mail.cfg'), fixture('iscsi/targets.conf')]);
    expect(design.vms).toEqual([
      expect.objectContaining({
        name: 'mail',
        hypervisor: 'xen',
        toolstack: 'xl',
        vcpus: 4,
        memoryMiB: 8192,
        disks: [{ kind: 'iscsi', target: 'xen-disks', lun: 1 }],
        mac: '00:16:3e:12:34:56',
      }),
    ]);
    for (const s of [
      'bootloader = "pygrub"',
      'maxmem = 8192',
      'on_reboot = "restart"',
      'mail-swap.img',
    ])
      expect(notesAbout(notes, s), s).toHaveLength(1);
    expect(notesAbout(notes, 'bootloader')[0]).toMatchObject({ file: 'xen/mail.cfg', line: 5 });
  });

  it('reads an OpenVZ CTID.conf: id from the file name, NAME, CPUS, PHYSPAGES, NETIF', () => {
    const { design, notes } = importOk(fixtureFiles('openvz'));
    expect(design.vms[0]).toMatchObject({ ctid: 101, name: 'dns', mac: '00:18:51:aa:bb:cc' });
    for (const k of [
      'ONBOOT=no',
      'SWAPPAGES=0:512M',
      'DISKSPACE=10G:11G',
      'ORIGIN_SAMPLE=vswap-256m',
    ])
      expect(notesAbout(notes, k), k).toHaveLength(1);
  });

  it('names the file and line of a broken xl.cfg and of an unknown file', () => {
    const r = importFiles([
      { path: 'etc/xen/bad.cfg', content: 'name = "x"\nmemory = lots\n' },
      { path: 'notes.txt', content: 'hello\n' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      expect.objectContaining({
        file: 'notes.txt',
        message: expect.stringContaining('not a configuration'),
      }),
      expect.objectContaining({ file: 'etc/xen/bad.cfg', line: 2 }),
    ]);
  });
});
