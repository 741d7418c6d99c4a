import { describe, expect, it } from 'vitest';
import { fixture, fixtureFiles, importOk, notesAbout } from './fixtureFiles.ts';

describe('iSCSI target import', () => {
  it('reads tgt targets.conf: backing stores numbered from LUN 1, explicit lun, initiators, CHAP user', () => {
    const { design, notes } = importOk([fixture('iscsi/targets.conf')]);
    expect(design.iscsiTargets.map((t) => [t.name, t.implementation, t.luns])).toEqual([
      [
        'xen-disks',
        'tgt',
        [
          { number: 1, backing: { kind: 'disk', path: '/dev/drbd10' } },
          { number: 2, backing: { kind: 'disk', path: '/dev/drbd11' } },
        ],
      ],
      [
        'scratch',
        'tgt',
        [
          { number: 1, backing: { kind: 'disk', path: '/dev/vg0/scratch1' } },
          { number: 2, backing: { kind: 'disk', path: '/dev/vg0/scratch2' } },
        ],
      ],
    ]);
    const t = design.iscsiTargets[0]!;
    expect(t.allowedInitiators).toEqual([
      'iqn.2026-11.com.example:xen1',
      'iqn.2026-11.com.example:xen2',
    ]);
    expect(t.chap).toEqual({ user: 'xenuser', secret: 'xen-disks' });
    // Without the .res file, /dev/drbd10 is kept as a disk and said so.
    expect(notesAbout(notes, 'which no imported DRBD resource provides')).toHaveLength(2);
    for (const s of ['write-cache off', 'MaxRecvDataSegmentLength', 'default-driver'])
      expect(notesAbout(notes, s), s).toHaveLength(1);
    expect(JSON.stringify({ design, notes })).not.toContain('s3cretpass12');
  });

  it('reads IET ietd.conf with initiators.allow, LIO saveconfig.json, and ties LUNs to DRBD', () => {
    const { design, notes } = importOk(fixtureFiles('iscsi'));
    const backup = design.iscsiTargets.find((t) => t.name === 'backup')!;
    expect(backup).toMatchObject({
      implementation: 'iet',
      luns: [
        { number: 0, backing: { kind: 'drbd', resource: 'san-data', volume: 2 } },
        { number: 1, backing: { kind: 'disk', path: '/dev/vg0/scratch' } },
      ],
      allowedInitiators: ['iqn.2026-11.com.example:backup1', 'iqn.2026-11.com.example:backup2'],
      chap: { user: 'backup-user', secret: 'backup' },
    });
    const archive = design.iscsiTargets.find((t) => t.name === 'archive')!;
    expect(archive).toMatchObject({
      implementation: 'lio',
      portal: 'san-portal',
      luns: [{ number: 0, backing: { kind: 'drbd', resource: 'san-data', volume: 3 } }],
      allowedInitiators: ['iqn.2026-11.com.example:xen1'],
    });
    expect(notesAbout(notes, 'fileio/tmpfile')).toHaveLength(1);
    expect(notesAbout(notes, 'ScsiId=xyz')).toHaveLength(1);
    expect(JSON.stringify({ design, notes })).not.toContain('sup3rsecret');
  });

  it('names the line of a target that is never closed', async () => {
    const { importFiles } = await import('../../src/importers/importFiles.ts');
    const r = importFiles([
      {
        path: 'targets.conf',
        content: '# x\n<target iqn.2026-11.com.example:a>\n backing-store /dev/sdb\n',
      },
    ]);
    expect(r).toEqual({
      ok: false,
      errors: [{ file: 'targets.conf', line: 2, message: expect.stringContaining('never closed') }],
    });
  });
});
