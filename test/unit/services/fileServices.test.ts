import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { Parser } from 'tar';
import { describe, expect, it } from 'vitest';
import { bundleOf, writeArchive, writeBundle } from '../../../src/services/bundle.ts';
import { archiveName } from '../../../src/services/exportBundle.ts';
import { createServices } from '../../../src/services/services.ts';
import { FIXTURES } from '../../importers/fixtureFiles.ts';
import { loadTemplate } from '../../support/designs.ts';
import { useTempDir } from '../../support/tmp.ts';

/** Every entry of a tar.gz as name → text, read with the `tar` package's parser. */
async function untar(bytes: Buffer): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const parser = new Parser({
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => out.set(entry.path, Buffer.concat(chunks).toString('utf8')));
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
    parser.end(bytes);
  });
  return out;
}

describe('bundle.export', () => {
  const tmp = useTempDir('cw-export-test-');

  it('gives a tar.gz holding every generated file under one top folder', async () => {
    const api = createServices({ configDir: tmp() });
    const design = loadTemplate('two-node-drbd-kvm');
    const exported = await api['bundle.export']({ design, format: 'tar.gz' });
    expect(exported.fileName).toBe(`${design.cluster.name}-bundle.tar.gz`);
    const entries = await untar(Buffer.from(exported.base64, 'base64'));
    const generated = await api['bundle.generate']({ design });
    const prefix = `${design.cluster.name}-bundle/`;
    expect([...entries.keys()].sort()).toEqual(
      generated.files.map((f) => prefix + f.bundlePath).sort(),
    );
    for (const f of exported.files) expect(entries.get(prefix + f.bundlePath)).toBe(f.content);
    expect(entries.get(`${prefix}nodes/alpha/etc/drbd.d/vm-web.res`)).toMatch(
      /resource "?vm-web"? \{/,
    );
    expect(entries.get(`${prefix}cluster/cib.xml`)).toContain('<cib ');
  });

  it('gives the very bytes `generate --archive` writes, the same on every export', async () => {
    const api = createServices({ configDir: tmp() });
    const design = loadTemplate('three-node-drbd9-openvz');
    const first = await api['bundle.export']({ design, format: 'tar.gz' });
    const again = await api['bundle.export']({ design, format: 'tar.gz' });
    expect(again.base64).toBe(first.base64);
    const files = bundleOf(design).files;
    const dir = await writeBundle(files, join(tmp(), archiveName(design.cluster.name)));
    const cli = readFileSync(await writeArchive(files, dir, 'tar.gz'));
    expect(Buffer.from(first.base64, 'base64').equals(cli)).toBe(true);
  });

  it('gives a zip with the same files', async () => {
    const api = createServices({ configDir: tmp() });
    const design = loadTemplate('iscsi-storage-xen');
    const exported = await api['bundle.export']({ design, format: 'zip' });
    expect(exported.fileName).toMatch(/-bundle\.zip$/);
    const entries = unzipSync(Buffer.from(exported.base64, 'base64'));
    const prefix = exported.fileName.replace(/\.zip$/, '/');
    expect(Object.keys(entries).sort()).toEqual(
      exported.files.map((f) => prefix + f.bundlePath).sort(),
    );
    const cib = exported.files.find((f) => f.bundlePath === 'cluster/cib.xml');
    expect(new TextDecoder().decode(entries[`${prefix}cluster/cib.xml`])).toBe(cib?.content);
  });

  it('refuses a design with errors, saying how many', async () => {
    const api = createServices({ configDir: tmp() });
    const design = loadTemplate('two-node-drbd-kvm');
    const broken = { ...design, fencing: [] };
    await expect(api['bundle.export']({ design: broken, format: 'zip' })).rejects.toThrow(
      /the design has \d+ error\(s\); fix the problems/,
    );
  });
});

describe('recent files', () => {
  const tmp = useTempDir('cw-recent-test-');

  it('lists designs opened and saved, newest first, once each, in recent.json', async () => {
    const config = tmp();
    const dir = tmp();
    const api = createServices({ configDir: config });
    expect(await api['recent.list']({})).toEqual({ files: [] });
    const design = loadTemplate('two-node-drbd-kvm');
    await api['design.save']({ path: join(dir, 'a.yaml'), design });
    await api['design.save']({ path: join(dir, 'b.yaml'), design });
    await api['design.open']({ path: join(dir, 'a.yaml') });
    // A file that does not open is not remembered.
    await api['design.open']({ path: join(dir, 'missing.yaml') });
    const { files } = await api['recent.list']({});
    expect(files.map((f) => f.path)).toEqual([join(dir, 'a.yaml'), join(dir, 'b.yaml')]);
    expect(Date.parse(files[0]!.at)).not.toBeNaN();
    // Written atomically: nothing but the list (no temp file) in the config dir.
    expect(readdirSync(config)).toEqual(['recent.json']);
    expect(JSON.parse(readFileSync(join(config, 'recent.json'), 'utf8')).files).toHaveLength(2);
  });

  it('keeps the newest ten', async () => {
    const config = tmp();
    const dir = tmp();
    const api = createServices({ configDir: config });
    const design = loadTemplate('two-node-drbd-kvm');
    for (let i = 0; i < 12; i++)
      await api['design.save']({ path: join(dir, `d${i}.yaml`), design });
    const { files } = await api['recent.list']({});
    expect(files.map((f) => f.path)).toEqual(
      Array.from({ length: 10 }, (_, i) => join(dir, `d${11 - i}.yaml`)),
    );
  });

  it('reports a damaged list and replaces it on the next save', async () => {
    const config = tmp();
    const dir = tmp();
    writeFileSync(join(config, 'recent.json'), '{ not json');
    const api = createServices({ configDir: config });
    expect(await api['recent.list']({})).toEqual({
      files: [],
      problem: `${join(config, 'recent.json')}: not JSON; it is replaced on the next open or save`,
    });
    await api['design.save']({
      path: join(dir, 'x.yaml'),
      design: loadTemplate('two-node-drbd-kvm'),
    });
    expect((await api['recent.list']({})).files.map((f) => f.path)).toEqual([join(dir, 'x.yaml')]);
  });
});

describe('patterns', () => {
  it('lists the six patterns with what each promises', async () => {
    const list = await createServices()['patterns.list']({});
    expect(list.map((p) => [p.kind, p.spares])).toEqual([
      ['active-passive', 'all-but-one'],
      ['active-active', 'none'],
      ['n-plus-1', 'one'],
      ['n-plus-m', 'choose'],
      ['n-to-1', 'one'],
      ['n-to-n', 'none'],
    ]);
    expect(list.find((p) => p.kind === 'n-to-1')?.description).toMatch(/one standby/);
  });

  it('creates a laid-out design with no errors', async () => {
    const created = await createServices()['patterns.create']({
      pattern: 'n-plus-m',
      nodes: 5,
      spares: 2,
      vms: 4,
      hypervisor: 'xen',
    });
    expect(created.design?.nodes).toHaveLength(5);
    expect(created.design?.nodes.filter((n) => n.spare)).toHaveLength(2);
    expect(created.design?.vms.map((v) => v.hypervisor)).toEqual(['xen', 'xen', 'xen', 'xen']);
    expect(created.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const n of created.design?.nodes ?? [])
      expect(created.design?.layout[n.name]).toBeDefined();
  });

  it('refuses spares that leave no active node, in words', async () => {
    await expect(
      createServices()['patterns.create']({ pattern: 'n-plus-m', nodes: 3, spares: 3 }),
    ).rejects.toThrow('--spares must leave at least one active node: 3 spares of 3 nodes');
  });
});

describe('import from texts and paths', () => {
  const tmp = useTempDir('cw-import-test-');
  const kvm = ['vm-web.res', 'corosync.conf', 'cib.xml'].map((f) => ({
    path: f,
    content: readFileSync(join(FIXTURES, 'kvm', f), 'utf8'),
  }));

  it('turns uploaded DRBD, corosync and CIB texts into a design, with notes', async () => {
    const result = await createServices()['import.texts']({ files: kvm });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.design.nodes.map((n) => n.name)).toEqual(['alpha', 'beta']);
    expect(result.design.drbd.map((d) => d.name)).toEqual(['vm-web']);
    expect(result.design.vms.length).toBeGreaterThan(0);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // What the model cannot hold is reported, e.g. the fence agent it does not know.
    expect(result.notes.map((n) => n.what)).toContainEqual(
      expect.stringMatching(/^st_pdu \(stonith:fence_vmware_soap\): fence agent/),
    );
  });

  it('reads files and folders on the backend machine', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'etc'));
    for (const f of kvm) writeFileSync(join(dir, 'etc', f.path), f.content);
    const result = await createServices()['import.paths']({ paths: [join(dir, 'etc')] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.design.drbd.map((d) => d.name)).toEqual(['vm-web']);
  });

  it('names a path it cannot read', async () => {
    const dir = tmp();
    const result = await createServices()['import.paths']({ paths: [join(dir, 'nope.res')] });
    expect(result).toEqual({
      ok: false,
      errors: [{ file: join(dir, 'nope.res'), message: 'no such file' }],
      unknownHostKeys: [],
    });
  });

  it('refuses a file that is not configuration, naming it', async () => {
    const result = await createServices()['import.texts']({
      files: [{ path: 'notes.txt', content: 'hello' }],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.file).toBe('notes.txt');
  });
});
