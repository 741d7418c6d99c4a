import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { extract as extractTar, list as listTar } from 'tar';
import { describe, expect, it } from 'vitest';
import { generateBundle } from '../../src/generators/bundle.ts';
import { bundlePath } from '../../src/generators/bundleFile.ts';
import {
  BundleOutputError,
  sha256Hex,
  writeArchive,
  writeBundle,
} from '../../src/services/bundle.ts';
import { loadTemplate } from '../support/designs.ts';
import { useTempDir } from '../support/tmp.ts';
import { fixtureGenerator } from './fixtureBundle.ts';

const { files } = generateBundle(loadTemplate('two-node-drbd-kvm'), sha256Hex, [fixtureGenerator]);

/** Every regular file under `dir`: bundle path → [content, mode]. */
function tree(dir: string): Map<string, [string, number]> {
  const out = new Map<string, [string, number]>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), [readFileSync(p, 'utf8'), statSync(p).mode & 0o777]);
    }
  };
  walk(dir);
  return out;
}

const expected = new Map(
  files.map((f) => [bundlePath(f), [f.content, f.mode] as [string, number]]),
);

describe('writeBundle', () => {
  const tmp = useTempDir('cw-write-');

  it('writes every file at its bundle path with its mode, and nothing else', async () => {
    const parent = tmp();
    const dir = await writeBundle(files, join(parent, 'out'));
    expect(tree(dir)).toEqual(expected);
    expect(statSync(join(dir, 'cluster/pcs.sh')).mode & 0o777).toBe(0o755);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('writes into an existing empty folder', async () => {
    const out = join(tmp(), 'empty');
    mkdirSync(out);
    await writeBundle(files, out);
    expect(tree(out)).toEqual(expected);
  });

  it('replaces a previous bundle whole, leaving no stale file and no temp folder', async () => {
    const parent = tmp();
    const out = join(parent, 'out');
    await writeBundle(files, out);
    writeFileSync(join(out, 'nodes/alpha/stale.txt'), 'from before');
    await writeBundle(files, out);
    expect(tree(out)).toEqual(expected);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('refuses a non-empty folder that is not a bundle, and leaves it untouched', async () => {
    const out = tmp();
    writeFileSync(join(out, 'precious.txt'), 'keep me');
    await expect(writeBundle(files, out)).rejects.toThrow(BundleOutputError);
    await expect(writeBundle(files, out)).rejects.toThrow(/not empty.*manifest\.json/);
    expect(readdirSync(out)).toEqual(['precious.txt']);
  });

  it('refuses a file as the output folder', async () => {
    const out = join(tmp(), 'file');
    writeFileSync(out, 'x');
    await expect(writeBundle(files, out)).rejects.toThrow(/not a folder/);
  });
});

describe('archives', () => {
  const tmp = useTempDir('cw-archive-');

  it('tar.gz extracts to the same files and modes, under the folder name', async () => {
    const dir = await writeBundle(files, join(tmp(), 'kvm-pair'));
    const archive = await writeArchive(files, dir, 'tar.gz');
    expect(archive).toBe(`${dir}.tar.gz`);
    const entries: string[] = [];
    await listTar({ file: archive, onReadEntry: (e) => entries.push(e.path) });
    expect(entries).toEqual([...expected.keys()].sort().map((p) => `kvm-pair/${p}`));
    const into = tmp();
    await extractTar({ file: archive, cwd: into });
    expect(tree(join(into, 'kvm-pair'))).toEqual(expected);
  });

  it('zip extracts to the same files and Unix modes', async () => {
    const dir = await writeBundle(files, join(tmp(), 'kvm-pair'));
    const archive = await writeArchive(files, dir, 'zip');
    expect(archive).toBe(`${dir}.zip`);
    const unzipped = unzipSync(new Uint8Array(readFileSync(archive)));
    const contents = new Map(
      Object.entries(unzipped).map(([k, v]) => [
        k.replace(/^kvm-pair\//, ''),
        new TextDecoder().decode(v),
      ]),
    );
    expect(contents).toEqual(new Map(files.map((f) => [bundlePath(f), f.content])));
    expect(Object.keys(unzipped)).toEqual([...expected.keys()].sort().map((p) => `kvm-pair/${p}`));
    // The mode is in the high 16 bits of the external attributes (central directory).
    const bytes = readFileSync(archive);
    const pcs = bytes.indexOf('kvm-pair/cluster/pcs.sh');
    const central = bytes.indexOf('kvm-pair/cluster/pcs.sh', pcs + 1);
    expect((bytes.readUInt32LE(central - 46 + 38) >>> 16) & 0o777).toBe(0o755);
  });

  it('are byte-identical when written twice', async () => {
    for (const format of ['tar.gz', 'zip'] as const) {
      const a = await writeArchive(files, await writeBundle(files, join(tmp(), 'b')), format);
      const b = await writeArchive(files, await writeBundle(files, join(tmp(), 'b')), format);
      expect(readFileSync(a).equals(readFileSync(b)), format).toBe(true);
    }
  });
});
