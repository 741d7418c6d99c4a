import { readFileSync } from 'node:fs';
import type { BundleFile, FileKind } from '../../src/generators/bundleFile.ts';
import type { TechnologyGenerator } from '../../src/generators/bundle.ts';

/**
 * Hand-written files, known good, standing in for technology generators so that `check`
 * is proven tool by tool on files whose defects the tests control.
 */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

function nodeFile(node: string, path: string, fixtureName: string, kind: FileKind): BundleFile {
  return { node, path, mode: 0o644, content: fixture(fixtureName), element: 'fixture', kind };
}

/** For the two nodes (alpha, beta) of the two-node-drbd-kvm template. */
export const fixtureGenerator: TechnologyGenerator = () => [
  ...['alpha', 'beta'].flatMap((node) => [
    nodeFile(node, '/etc/drbd.d/global_common.conf', 'global_common.conf', 'drbd'),
    nodeFile(node, '/etc/drbd.d/r0.res', 'r0.res', 'drbd'),
    nodeFile(node, '/etc/drbd.d/old.res', 'old84.res', 'drbd'),
    nodeFile(node, '/etc/corosync/corosync.conf', 'corosync.conf', 'corosync'),
    nodeFile(node, '/etc/libvirt/qemu/web.xml', 'web.xml', 'libvirt'),
  ]),
  nodeFile('alpha', '/etc/tgt/conf.d/t1.conf', 't1.conf', 'iscsi-tgt'),
  {
    path: 'cluster/cib.xml',
    mode: 0o644,
    content: fixture('cib.xml'),
    element: 'fixture',
    kind: 'pacemaker-cib',
  },
  {
    path: 'cluster/pcs.sh',
    mode: 0o755,
    content: fixture('pcs.sh'),
    element: 'fixture',
    kind: 'pacemaker-pcs',
  },
];
