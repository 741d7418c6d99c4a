import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileKind, importFiles } from '../../src/importers/importFiles.ts';
import { NameAllocator, toSafeName } from '../../src/importers/names.ts';
import { allElements } from '../../src/model/elements.ts';
import { isSafeName } from '../../src/model/values.ts';
import { fixture, fixtureFiles, importOk } from './fixtureFiles.ts';

const ALL_SETS = [['cfs'], ['kvm'], ['drbd84'], ['drbd9'], ['openvz'], ['iscsi', 'xen'], ['xen']];

describe('importFiles', () => {
  it.each(ALL_SETS.map((s) => [s.join('+'), s] as const))(
    '%s: every element has a layout position in its row, and every note names a file',
    (_, set) => {
      const { design, notes } = importOk(fixtureFiles(...set));
      const rowOf: Record<string, number> = {
        networks: 0,
        nodes: 160,
        drbd: 320,
        iscsiTargets: 320,
        iscsiInitiators: 320,
        filesystems: 320,
        vms: 480,
        floatingIps: 480,
        services: 480,
        fencing: 480,
      };
      for (const el of allElements(design)) {
        if (el.collection === 'constraints') continue;
        expect(design.layout[el.name], el.name).toEqual({
          x: expect.any(Number) as number,
          y: rowOf[el.collection],
        });
      }
      const positions = Object.values(design.layout).map((p) => `${p.x},${p.y}`);
      expect(new Set(positions).size).toBe(positions.length);
      for (const n of notes) {
        expect(n.file).not.toBe('');
        expect(n.what).not.toBe('');
        if (n.keptAs === 'description') {
          const owner = [...allElements(design)].find((e) => e.name === n.element);
          const desc =
            n.element === design.cluster.name && !owner
              ? design.cluster.description
              : (design[owner!.collection][owner!.index] as { description?: string }).description;
          expect(desc, n.what).toMatch(/^Imported; not modelled: /);
        }
      }
    },
  );

  it('is deterministic: the same files give the same design and notes', () => {
    const files = fixtureFiles('cfs');
    expect(importFiles(files)).toEqual(importFiles(files));
    expect(importFiles([...files].reverse())).toEqual(importFiles([...files].reverse()));
  });

  it("merges each node's copy of the same files into one element, and notes differing copies", () => {
    const res = (disk: string): string =>
      `resource r0 { device /dev/drbd0; disk ${disk}; meta-disk internal;\n on a { address 10.0.0.1:7789; }\n on b { address 10.0.0.2:7789; } }\n`;
    const same = importOk([
      { path: 'nodes/a/etc/drbd.d/r0.res', content: res('/dev/sdb') },
      { path: 'nodes/b/etc/drbd.d/r0.res', content: res('/dev/sdb') },
    ]);
    expect(same.design.drbd).toHaveLength(1);
    expect(same.notes.filter((n) => n.what.includes('defined differently'))).toEqual([]);
    const differ = importOk([
      { path: 'nodes/a/etc/drbd.d/r0.res', content: res('/dev/sdb') },
      { path: 'nodes/b/etc/drbd.d/r0.res', content: res('/dev/sdc') },
    ]);
    expect(differ.design.drbd[0]!.volumes[0]!.disk).toBe('/dev/sdb');
    expect(differ.notes.filter((n) => n.what.includes('defined differently'))).toHaveLength(1);
  });

  it('gives a placeholder cluster network, said so, when no file has an address', () => {
    const { design, notes } = importOk([fixture('xen/mail.cfg')]);
    expect(design.networks).toEqual([{ name: 'cluster', cidr: '192.0.2.0/24', role: 'cluster' }]);
    expect(notes.some((n) => n.what.includes('placeholder') && n.keptAs === 'replaced')).toBe(true);
  });

  it('recognises each kind of file by its name or its content', () => {
    const kinds = fixtureFiles('cfs', 'kvm', 'drbd84', 'xen', 'iscsi', 'openvz').map((f) => [
      f.path,
      fileKind(f),
    ]);
    expect(Object.fromEntries(kinds)).toMatchObject({
      'cfs/cib.xml': 'cib',
      'cfs/etc/corosync/corosync.conf': 'corosync',
      'drbd84/etc/drbd.conf': 'drbd',
      'kvm/web.xml': 'libvirt',
      'kvm/corosync.conf': 'corosync',
      'xen/mail.cfg': 'xl',
      'iscsi/targets.conf': 'tgt',
      'iscsi/ietd.conf': 'iet',
      'iscsi/saveconfig.json': 'lio',
      'openvz/etc/vz/conf/101.conf': 'openvz',
    });
    expect(fileKind({ path: 'x', content: 'totem {\n}\n' })).toBe('corosync');
    expect(fileKind({ path: 'x', content: 'resource r0 {\n}\n' })).toBe('drbd');
    expect(fileKind({ path: 'x', content: '<domain type="kvm"/>' })).toBe('libvirt');
    expect(fileKind({ path: 'x', content: 'hello' })).toBeUndefined();
  });
});

describe('safe names', () => {
  it.each([
    ['WebData-clone', 'web-data-clone'],
    ['ClusterIP', 'cluster-ip'],
    ['p_vm_web', 'p-vm-web'],
    ['pcmk-1', 'pcmk-1'],
    ['101', 'x-101'],
    ['Node1.example.com', 'node1-example-com'],
    ['---', 'x'],
  ])('%s → %s', (raw, safe) => expect(toSafeName(raw)).toBe(safe));

  it('any string becomes a safe name, and an allocator never hands out one twice', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 80 }), { maxLength: 30 }), (raws) => {
        const names = new NameAllocator();
        const given = raws.map((r, i) => names.name(`k${i}`, r));
        for (const n of given) expect(isSafeName(n)).toBe(true);
        expect(new Set(given).size).toBe(given.length);
        // The same key gets the same name again.
        raws.forEach((r, i) => expect(names.name(`k${i}`, r)).toBe(given[i]));
      }),
    );
  });
});
