import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateBundle } from '../../src/generators/bundle.ts';
import type { BundleFile } from '../../src/generators/bundleFile.ts';
import { bundlePath } from '../../src/generators/bundleFile.ts';
import type { Manifest } from '../../src/generators/manifest.ts';
import { bundleOf } from '../../src/services/bundle.ts';
import { loadTemplate, templateNames } from '../support/designs.ts';
import { fixtureGenerator } from './fixtureBundle.ts';

function manifestOf(files: readonly BundleFile[]): Manifest {
  const m = files.find((f) => f.path === 'manifest.json');
  expect(m, 'the bundle has a manifest.json').toBeDefined();
  return JSON.parse(m!.content) as Manifest;
}

/** The bundle layout of the architecture contract (shared/ARCHITECTURE.md). */
const CLUSTER_WIDE = new Set([
  'README.md',
  'manifest.json',
  'ansible/inventory.yml',
  'ansible/site.yml',
  'cluster/cib.xml',
  'cluster/crm.txt',
  'cluster/pcs.sh',
]);
const NODE_PATHS = [
  /^\/etc\/drbd\.d\/(?:global_common\.conf|[a-z0-9-]+\.res)$/,
  /^\/etc\/corosync\/corosync\.conf$/,
  /^\/etc\/libvirt\/qemu\/[a-z0-9-]+\.xml$/,
  /^\/etc\/xen\/[a-z0-9-]+\.cfg$/,
  /^\/etc\/vz\/conf\/\d+\.conf$/,
  /^\/etc\/tgt\/conf\.d\/[a-z0-9-]+\.conf$/,
  /^\/etc\/(?:ietd\.conf|iet\/.+)$/,
  /^\/etc\/iscsi\/.+$/,
  /^\/etc\/clusterwright\/.+$/,
];

describe.each(templateNames())('bundle of template %s', (name) => {
  const design = loadTemplate(name);
  const { files } = bundleOf(design);
  const manifest = manifestOf(files);

  it('lists every other file in manifest.json with its real sha256, node, path and mode', () => {
    const others = files.filter((f) => f.path !== 'manifest.json');
    expect(manifest.files.map((f) => f.bundlePath)).toEqual(others.map(bundlePath));
    for (const [i, f] of others.entries()) {
      const entry = manifest.files[i]!;
      expect(entry.sha256).toBe(createHash('sha256').update(f.content, 'utf8').digest('hex'));
      expect(entry.path).toBe(f.path);
      expect(entry.node).toBe(f.node);
      expect(entry.mode).toBe(`0${f.mode.toString(8)}`);
      expect(entry.element).toBe(f.element);
      expect(entry.kind).toBe(f.kind);
    }
    expect(manifest.cluster).toBe(design.cluster.name);
    expect(manifest.nodes.map((n) => n.name)).toEqual(design.nodes.map((n) => n.name));
  });

  it('follows the bundle layout of the architecture contract', () => {
    const nodeNames = new Set(design.nodes.map((n) => n.name));
    for (const f of files) {
      const path = bundlePath(f);
      if (f.node === undefined) {
        expect(CLUSTER_WIDE.has(path), `${path} is a cluster-wide file of the contract`).toBe(true);
      } else {
        expect(nodeNames.has(f.node), `${path}: node ${f.node} is in the design`).toBe(true);
        expect(path).toBe(`nodes/${f.node}${f.path}`);
        expect(
          NODE_PATHS.some((re) => re.test(f.path)),
          `${path} is a node path of the contract`,
        ).toBe(true);
      }
    }
    for (const required of [
      'README.md',
      'manifest.json',
      'ansible/inventory.yml',
      'ansible/site.yml',
    ])
      expect(files.map(bundlePath)).toContain(required);
  });

  it('is the same bundle every time, in path order', () => {
    const again = bundleOf(design).files;
    expect(again).toEqual(files);
    const paths = files.slice(0, -1).map(bundlePath);
    expect(paths).toEqual([...paths].sort());
  });

  it('has a README with every node and the bring-up order', () => {
    const readme = files.find((f) => f.path === 'README.md')!.content;
    for (const n of design.nodes) expect(readme).toContain(`### ${n.name}`);
    const steps = [
      '**Packages**',
      '**Files**',
      '**Cluster stack**',
      '**Quorum**',
      '**Pacemaker configuration**',
      '**Check**',
    ];
    const at = steps.map((s) => readme.indexOf(s));
    expect(
      at.every((i) => i > 0),
      `README lists ${steps.join(', ')}`,
    ).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    if (design.drbd.length > 0) {
      expect(readme.indexOf('**DRBD**')).toBeGreaterThan(at[1]!);
      expect(readme.indexOf('**DRBD**')).toBeLessThan(at[2]!);
    }
  });
});

describe('generateBundle', () => {
  const design = loadTemplate('two-node-drbd-kvm');
  const hash = (s: string): string => createHash('sha256').update(s).digest('hex');

  it('lists the README files of each node, with the ones technology generators made', () => {
    const { files } = generateBundle(design, hash, [fixtureGenerator]);
    const readme = files.find((f) => f.path === 'README.md')!.content;
    expect(readme).toContain('| `/etc/drbd.d/r0.res` | 644 | DRBD configuration | `fixture` |');
    expect(readme).toContain('`cluster/cib.xml`: Pacemaker CIB (XML).');
    expect(manifestOf(files).files.find((f) => f.bundlePath === 'cluster/pcs.sh')!.mode).toBe(
      '0755',
    );
  });

  it('refuses two files at the same bundle path, naming both elements', () => {
    const twice = () => [
      {
        node: 'alpha',
        path: '/etc/x.conf',
        mode: 0o644,
        content: 'a',
        element: 'one',
        kind: 'drbd' as const,
      },
      {
        node: 'alpha',
        path: '/etc/x.conf',
        mode: 0o644,
        content: 'b',
        element: 'two',
        kind: 'drbd' as const,
      },
    ];
    expect(() => generateBundle(design, hash, [twice])).toThrow(
      /nodes\/alpha\/etc\/x\.conf: one from "one" \(drbd\), one from "two" \(drbd\)/,
    );
  });

  it('escapes free text of the design in the README', () => {
    const odd = {
      ...design,
      cluster: { ...design.cluster, description: '<b>*bold*</b> [x](y) `z`' },
    };
    const readme = generateBundle(odd, hash, []).files.find((f) => f.path === 'README.md')!.content;
    expect(readme).toContain('\\<b\\>\\*bold\\*\\</b\\> \\[x\\](y) \\`z\\`');
  });
});
