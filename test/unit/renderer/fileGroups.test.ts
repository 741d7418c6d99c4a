import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src/services/services.ts';
import { groupFiles, matchesFilter } from '../../../renderer/src/files/fileGroups.ts';
import type { GeneratedFile } from '../../../src/services/contract.ts';
import { loadTemplate } from '../../support/designs.ts';

async function templateFiles(name: string): Promise<readonly GeneratedFile[]> {
  return (await createServices()['bundle.generate']({ design: loadTemplate(name) })).files;
}

describe('the generated files list', () => {
  it('groups README and manifest, cluster/, ansible/, then each node with its paths', async () => {
    const files = await templateFiles('two-node-drbd-kvm');
    const groups = groupFiles(files);
    expect(groups.map((g) => [g.key, g.title])).toEqual([
      ['bundle', 'bundle'],
      ['cluster', 'cluster/'],
      ['ansible', 'ansible/'],
      ['node:alpha', 'alpha'],
      ['node:beta', 'beta'],
    ]);
    expect(groups[0]!.files.map((f) => f.label).sort()).toEqual(['README.md', 'manifest.json']);
    expect(groups[1]!.files.map((f) => f.label).sort()).toEqual(['cib.xml', 'crm.txt', 'pcs.sh']);
    const alpha = groups[3]!.files;
    expect(alpha.map((f) => f.label)).toContain('/etc/drbd.d/vm-web.res');
    expect(alpha.every((f) => f.file.node === 'alpha')).toBe(true);
    // Every file is listed exactly once.
    expect(groups.flatMap((g) => g.files.map((f) => f.file.bundlePath)).sort()).toEqual(
      files.map((f) => f.bundlePath).sort(),
    );
  });

  it('orders nodes by name with numbers in order: node2 before node10', () => {
    const file = (node: string): GeneratedFile => ({
      node,
      path: '/etc/corosync/corosync.conf',
      bundlePath: `nodes/${node}/etc/corosync/corosync.conf`,
      content: '',
      kind: 'corosync',
    });
    expect(groupFiles([file('node10'), file('node2'), file('node1')]).map((g) => g.title)).toEqual([
      'node1',
      'node2',
      'node10',
    ]);
  });

  it('filters by every word of the filter, ignoring case, and drops empty groups', async () => {
    const files = await templateFiles('two-node-drbd-kvm');
    const res = groupFiles(files, 'ALPHA .res');
    expect(res.map((g) => g.key)).toEqual(['node:alpha']);
    expect(res[0]!.files.map((f) => f.label)).toEqual(['/etc/drbd.d/vm-web.res']);
    expect(groupFiles(files, 'cib').flatMap((g) => g.files.map((f) => f.label))).toEqual([
      'cib.xml',
    ]);
    expect(groupFiles(files, 'nothing-like-this')).toEqual([]);
    expect(groupFiles(files, '   ')).toEqual(groupFiles(files));
    expect(matchesFilter(files[0]!, '')).toBe(true);
  });
});
