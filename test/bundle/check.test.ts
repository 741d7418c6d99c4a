import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateBundle } from '../../src/generators/bundle.ts';
import { sha256Hex, writeBundle } from '../../src/services/bundle.ts';
import type { BundleCheckReport } from '../../src/simulate/check/checkBundle.ts';
import { NotABundleError, checkBundle } from '../../src/simulate/check/checkBundle.ts';
import { loadTemplate } from '../support/designs.ts';
import { useTempDir } from '../support/tmp.ts';
import { requireRoot, requireTool } from '../support/tools.ts';
import { fixtureGenerator } from './fixtureBundle.ts';

/** Every tool `check` runs on the fixture bundle, and its Debian package. */
const TOOLS: readonly [string, string][] = [
  ['drbdadm', 'drbd-utils'],
  ['/usr/lib/drbd/drbdadm-84', 'drbd-utils'],
  ['corosync', 'corosync'],
  ['ip', 'iproute2'],
  ['crm_verify', 'pacemaker-cli-utils'],
  ['xmllint', 'libxml2-utils'],
  ['virt-xml-validate', 'libvirt-clients'],
  ['tgt-admin', 'tgt'],
  ['ansible-playbook', 'ansible-core'],
];

function requireAllTools(): void {
  for (const [tool, pkg] of TOOLS) requireTool(tool, pkg);
  requireRoot('corosync -t runs in a network namespace holding the node addresses');
}

async function writeFixtureBundle(dir: string): Promise<string> {
  const { files } = generateBundle(loadTemplate('two-node-drbd-kvm'), sha256Hex, [
    fixtureGenerator,
  ]);
  return writeBundle(files, join(dir, 'bundle'));
}

function resultsFor(report: BundleCheckReport, bundlePath: string) {
  return report.results.filter((r) => r.bundlePath === bundlePath);
}

/** Edits a file of a written bundle (the manifest hash then no longer matches, on purpose). */
function edit(dir: string, bundlePath: string, change: (text: string) => string): void {
  const file = join(dir, bundlePath);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

describe('check on good files', () => {
  const tmp = useTempDir('cw-check-');
  let report: BundleCheckReport;

  beforeAll(() => requireAllTools());

  it('runs every tool on the files it applies to and all accept them', async () => {
    const dir = await writeFixtureBundle(tmp());
    report = await checkBundle(dir);
    const failed = report.results.filter((r) => r.status === 'failed');
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(report.missingTools).toEqual([]);
    expect(report.ok).toBe(true);
    const tool = (path: string) => resultsFor(report, path).map((r) => `${r.tool}:${r.status}`);
    expect(tool('nodes/alpha/etc/drbd.d/r0.res')).toEqual(['drbdadm:ok']);
    expect(tool('nodes/beta/etc/drbd.d/old.res')).toEqual(['drbdadm-84:ok']);
    expect(tool('nodes/beta/etc/drbd.d/global_common.conf')).toEqual(['drbdadm:ok']);
    expect(tool('nodes/alpha/etc/corosync/corosync.conf')).toEqual(['corosync -t:ok']);
    expect(tool('nodes/beta/etc/corosync/corosync.conf')).toEqual(['corosync -t:ok']);
    expect(tool('cluster/cib.xml')).toEqual(['crm_verify:ok', 'xmllint:ok']);
    expect(tool('nodes/alpha/etc/libvirt/qemu/web.xml')).toEqual(['virt-xml-validate:ok']);
    expect(tool('nodes/alpha/etc/tgt/conf.d/t1.conf')).toEqual(['tgt-admin:ok']);
    expect(tool('cluster/pcs.sh')).toEqual(['sh -n:ok']);
    expect(tool('ansible/site.yml')).toEqual(['ansible-playbook --syntax-check:ok']);
    expect(tool('ansible/inventory.yml')).toEqual(['ansible-playbook --syntax-check:ok']);
    expect(tool('README.md')).toEqual(['-:skipped']);
    // The command is kept so that a user can run it again by hand.
    expect(resultsFor(report, 'nodes/alpha/etc/drbd.d/r0.res')[0]!.command).toContain('dump');
  });
});

describe('check on broken files', () => {
  const tmp = useTempDir('cw-check-');

  beforeAll(() => requireAllTools());

  it('fails a .res with a duplicate minor, naming the file and drbdadm', async () => {
    const dir = await writeFixtureBundle(tmp());
    edit(dir, 'nodes/alpha/etc/drbd.d/r0.res', (t) => t.replace('/dev/drbd1;', '/dev/drbd0;'));
    const report = await checkBundle(dir);
    expect(report.ok).toBe(false);
    const failed = report.results.filter((r) => r.status === 'failed');
    expect(failed.map((r) => `${r.bundlePath} ${r.tool}`).sort()).toEqual([
      'nodes/alpha/etc/drbd.d/r0.res drbdadm',
      'nodes/alpha/etc/drbd.d/r0.res manifest',
    ]);
    expect(failed.find((r) => r.tool === 'drbdadm')!.output).toMatch(/minor/i);
  });

  it('fails a broken corosync.conf, CIB, domain, script and playbook with their tools', async () => {
    const dir = await writeFixtureBundle(tmp());
    edit(dir, 'nodes/beta/etc/corosync/corosync.conf', (t) =>
      t.replace('crypto_cipher: aes256', 'crypto_cipher: aes999'),
    );
    edit(dir, 'cluster/cib.xml', (t) => t.replace('rsc="fence-alpha"', 'rsc="no-such-resource"'));
    edit(dir, 'nodes/alpha/etc/libvirt/qemu/web.xml', (t) =>
      t.replace('<vcpu>2</vcpu>', '<vcpu>two</vcpu>'),
    );
    edit(dir, 'cluster/pcs.sh', (t) => `${t}if then\n`);
    edit(dir, 'ansible/site.yml', (t) => t.replace('tasks:', 'tasks: [\n'));
    const report = await checkBundle(dir);
    const failedTools = report.results
      .filter((r) => r.status === 'failed' && r.tool !== 'manifest')
      .map((r) => `${r.bundlePath} ${r.tool}`)
      .sort();
    // One syntax check proves the playbook and its inventory, so both report it.
    expect(failedTools).toEqual([
      'ansible/inventory.yml ansible-playbook --syntax-check',
      'ansible/site.yml ansible-playbook --syntax-check',
      'cluster/cib.xml crm_verify',
      'cluster/cib.xml xmllint',
      'cluster/pcs.sh sh -n',
      'nodes/alpha/etc/libvirt/qemu/web.xml virt-xml-validate',
      'nodes/beta/etc/corosync/corosync.conf corosync -t',
    ]);
  });

  it('reports a file listed in the manifest but missing', async () => {
    const dir = await writeFixtureBundle(tmp());
    rmSync(join(dir, 'nodes/beta/etc/libvirt/qemu/web.xml'));
    const report = await checkBundle(dir);
    expect(resultsFor(report, 'nodes/beta/etc/libvirt/qemu/web.xml')).toEqual([
      expect.objectContaining({
        tool: 'manifest',
        status: 'failed',
        output: expect.stringMatching(/missing/),
      }),
    ]);
  });

  it('refuses a folder that is not a bundle', async () => {
    await expect(checkBundle(tmp())).rejects.toThrow(NotABundleError);
  });
});
