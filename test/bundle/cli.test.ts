import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { templatePathOf } from '../support/designs.ts';
import { useTempDir } from '../support/tmp.ts';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('clusterwright generate', () => {
  const tmp = useTempDir('cw-cli-');

  it('writes the bundle and an archive, exit 0', async () => {
    const out = join(tmp(), 'kvm');
    const r = await run([
      'generate',
      templatePathOf('two-node-drbd-kvm'),
      '--out',
      out,
      '--archive',
      'zip',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wrote`);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      files: { bundlePath: string }[];
    };
    for (const f of manifest.files)
      expect(existsSync(join(out, f.bundlePath)), f.bundlePath).toBe(true);
    expect(existsSync(`${out}.zip`)).toBe(true);
  });

  it('exits 1 and writes nothing for a design with errors', async () => {
    const dir = tmp();
    const design = join(dir, 'broken.yaml');
    writeFileSync(
      design,
      readFileSync(templatePathOf('two-node-drbd-kvm'), 'utf8').replace(
        'targets: [alpha]',
        'targets: [alfa]',
      ),
    );
    const out = join(dir, 'out');
    const r = await run(['generate', design, '--out', out, '--archive', 'tar.gz']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('refers to "alfa"');
    expect(r.err).toContain('nothing was written');
    expect(readdirSync(dir)).toEqual(['broken.yaml']);
  });

  it('exits 2 for bad usage: no --out, an unknown archive format, a missing design, a non-bundle folder', async () => {
    const dir = tmp();
    expect((await run(['generate', templatePathOf('two-node-drbd-kvm')])).code).toBe(2);
    const bad = await run([
      'generate',
      templatePathOf('two-node-drbd-kvm'),
      '--out',
      join(dir, 'o'),
      '--archive',
      'rar',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/tar\.gz.*zip/);
    expect((await run(['generate', join(dir, 'none.yaml'), '--out', join(dir, 'o')])).code).toBe(2);
    writeFileSync(join(dir, 'keep.txt'), 'x');
    const busy = await run(['generate', templatePathOf('two-node-drbd-kvm'), '--out', dir]);
    expect(busy.code).toBe(2);
    expect(busy.err).toContain('not empty');
    expect(readdirSync(dir).sort()).toEqual(['keep.txt']);
  });
});

describe('clusterwright check', () => {
  const tmp = useTempDir('cw-cli-');

  it('exits 2 on a folder that is not a bundle, naming manifest.json', async () => {
    const dir = tmp();
    const r = await run(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(join(dir, 'manifest.json'));
  });

  it('exits 1 naming the file a tool rejects; --json gives the same verdict', async () => {
    const out = join(tmp(), 'b');
    expect((await run(['generate', templatePathOf('two-node-drbd-kvm'), '--out', out])).code).toBe(
      0,
    );
    const site = join(out, 'ansible/site.yml');
    writeFileSync(site, readFileSync(site, 'utf8').replace('tasks:', 'tasks: [\n'));
    const r = await run(['check', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^failed\s+ansible\/site\.yml\s+\[ansible-playbook --syntax-check\]/m);
    const j = await run(['check', out, '--json']);
    expect(j.code).toBe(1);
    const report = JSON.parse(j.out) as {
      ok: boolean;
      results: { bundlePath: string; status: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.results).toContainEqual(
      expect.objectContaining({ bundlePath: 'ansible/site.yml', status: 'failed' }),
    );
    // Two checks of a whole bundle with the real tools: room for a busy 2-core machine.
  }, 240_000);
});
