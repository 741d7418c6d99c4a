import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTool, runTool } from '../support/tools.ts';
import { FIXTURES, fixtureFiles, importOk, notesAbout } from './fixtureFiles.ts';

describe('DRBD import', () => {
  it('fixtures are real DRBD configuration: drbdadm (9) and drbdadm-84 parse them', () => {
    const drbdadm = requireTool('drbdadm', 'drbd-utils');
    const drbd84 = requireTool('/usr/lib/drbd/drbdadm-84', 'drbd-utils');
    for (const [tool, conf] of [
      [drbd84, 'drbd84/etc/drbd.conf'],
      [drbdadm, 'drbd9/drbd.conf'],
      [drbdadm, 'cfs/etc/drbd.conf'],
      [drbdadm, 'kvm/vm-web.res'],
    ] as const) {
      const r = runTool(tool, ['-c', join(FIXTURES, conf), 'dump', 'all']);
      expect(r.status, `${conf}: ${r.stderr}`).toBe(0);
    }
  });

  it("reads the 8.4 User's Guide layout through drbd.conf includes and common options", () => {
    const { design, notes } = importOk(fixtureFiles('drbd84'));
    expect(design.drbd.map((d) => d.name)).toEqual(['r0', 'r1']);
    const [r0, r1] = design.drbd;
    expect(r0).toMatchObject({
      version: '8.4',
      nodes: ['alice', 'bob'],
      port: 7789,
      protocol: 'C', // from common
      fencing: 'resource-only', // from common's disk section, the 8.4 place
      dualPrimary: false,
      volumes: [{ number: 0, minor: 1, disk: '/dev/sda7' }],
    });
    expect(r1).toMatchObject({
      protocol: 'A', // the resource overrides common
      dualPrimary: true,
      port: 7790,
      volumes: [
        { number: 0, minor: 2, disk: '/dev/vg0/web', sizeGiB: 20 },
        { number: 1, minor: 3, disk: '/dev/vg0/logs', sizeGiB: 20 },
      ],
    });
    expect(design.networks).toEqual([
      { name: 'replication', cidr: '10.1.1.0/24', role: 'replication' },
    ]);
    expect(design.nodes.map((n) => n.addresses)).toEqual([
      { replication: '10.1.1.31' },
      { replication: '10.1.1.32' },
    ]);
    // What the model has no field for is listed, with file and line, never dropped.
    for (const unknown of [
      'resync-rate 40M',
      'after-sb-0pri discard-zero-changes',
      'cram-hmac-alg sha1',
      'on-io-error detach',
      'wfc-timeout 120',
      'fence-peer /usr/lib/drbd/crm-fence-peer.sh',
      'usage-count yes',
    ]) {
      const found = notesAbout(notes, unknown);
      expect(found, unknown).toHaveLength(1);
      expect(found[0]!.line).toBeGreaterThan(0);
    }
    expect(notesAbout(notes, 'resync-rate')[0]).toMatchObject({
      file: 'drbd84/etc/drbd.d/r1.res',
      line: 15,
      element: 'r1',
      keptAs: 'description',
    });
    expect(r1!.description).toContain('disk.resync-rate');
    // The shared secret is reported without its value, and appears nowhere in the design.
    expect(notesAbout(notes, 'shared-secret')).toHaveLength(1);
    expect(JSON.stringify({ design, notes })).not.toContain('FooFunFactory');
  });

  it('reads DRBD 9 three-node quorum with node-ids and a connection mesh', () => {
    const { design, notes } = importOk(fixtureFiles('drbd9'));
    expect(design.drbd).toHaveLength(1);
    expect(design.drbd[0]).toMatchObject({
      name: 'r0',
      version: '9',
      nodes: ['alpha', 'bravo', 'charlie'],
      quorum: 'majority',
      fencing: 'resource-only',
      port: 7000,
      volumes: [{ number: 0, minor: 1, disk: '/dev/vg0/r0' }],
    });
    expect(notesAbout(notes, 'on-no-quorum io-error')).toHaveLength(1);
  });

  it('takes host addresses from a DRBD 9 connection section and notes per-host disks', () => {
    const { design, notes } = importOk(fixtureFiles('cfs'));
    const www = design.drbd.find((d) => d.name === 'wwwdata')!;
    expect(www).toMatchObject({ version: '9', fencing: 'resource-and-stonith', port: 7789 });
    expect(design.nodes.find((n) => n.name === 'pcmk-2')!.addresses).toEqual({
      cluster: '192.168.122.102',
    });
    const perHost = notesAbout(notes, '/dev/vg_pcmk-2/drbd-demo on pcmk-2');
    expect(perHost).toHaveLength(1);
    expect(perHost[0]!.keptAs).toBe('replaced');
  });

  it('notes an include that matches no given file instead of failing', () => {
    const { notes } = importOk([
      { path: 'etc/drbd.conf', content: 'include "drbd.d/*.res";\n' },
      {
        path: 'etc/other/r0.res',
        content:
          'resource r0 { device /dev/drbd0; disk /dev/sdb; meta-disk internal;\n on a { address 10.0.0.1:7789; }\n on b { address 10.0.0.2:7789; } }\n',
      },
    ]);
    expect(notesAbout(notes, 'include "drbd.d/*.res" matches none')).toHaveLength(1);
  });

  it("resolves an absolute include under the including file's own root (a bundle copy)", () => {
    const res =
      'resource r0 { device /dev/drbd0; disk /dev/sdb; meta-disk internal;\n on a { address 10.0.0.1:7789; }\n on b { address 10.0.0.2:7789; } }\n';
    const { design } = importOk([
      { path: 'bundle/nodes/a/etc/drbd.conf', content: 'include "/etc/drbd.d/*.res";\n' },
      { path: 'bundle/nodes/a/etc/drbd.d/r0.res', content: res },
      { path: 'bundle/nodes/b/etc/drbd.conf', content: 'include "/etc/drbd.d/*.res";\n' },
      { path: 'bundle/nodes/b/etc/drbd.d/r0.res', content: res },
    ]);
    expect(design.drbd.map((d) => d.name)).toEqual(['r0']);
    expect(design.nodes.map((n) => n.name)).toEqual(['a', 'b']);
  });
});
