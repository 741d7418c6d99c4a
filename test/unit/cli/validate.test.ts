import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { templateNames, templatePathOf } from '../../support/designs.ts';
import { useTempDir } from '../../support/tmp.ts';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('clusterwright validate', () => {
  const tmp = useTempDir();

  for (const name of templateNames()) {
    it(`exits 0 on the ${name} template`, async () => {
      const r = await run(['validate', templatePathOf(name)]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/0 error\(s\)/);
    });
  }

  it('exits 1 and names the file, line, element and field of a broken design', async () => {
    const file = join(tmp(), 'broken.yaml');
    writeFileSync(
      file,
      readFileSync(templatePathOf('two-node-drbd-kvm'), 'utf8')
        .replace('target: [alpha]', 'targets: [alfa]')
        .replace('targets: [alpha]', 'targets: [alfa]'),
    );
    const r = await run(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(
        `${file.replace(/[/.]/g, '\\$&')}:\\d+:\\d+: error \\[ref-dangling\\] ipmi-alpha: refers to "alfa"`,
      ),
    );
    expect(r.err).toContain('(field fencing[0].targets[0])');
    expect(r.err).toContain('fix: add a node named "alfa"');
  });

  it.each([
    [
      'a duplicate name',
      (t: string) => t.replace('- name: web-ip', '- name: web'),
      'name-duplicate',
      'floatingIps[0].name',
    ],
    [
      'a name with a quote',
      (t: string) => t.replace('- name: web\n', `- name: "web'1"\n`),
      'field-invalid',
      'vms[0].name',
    ],
    [
      'a name with a newline',
      (t: string) => t.replace('- name: web\n', '- name: "web\\nx"\n'),
      'field-invalid',
      'vms[0].name',
    ],
    [
      'a name with a brace',
      (t: string) => t.replace('- name: web\n', '- name: "web{"\n'),
      'field-invalid',
      'vms[0].name',
    ],
    [
      'a name with $(',
      (t: string) => t.replace('- name: web\n', '- name: "$(reboot)"\n'),
      'field-invalid',
      'vms[0].name',
    ],
    [
      'a name with a leading dash',
      (t: string) => t.replace('- name: web\n', '- name: "-web"\n'),
      'field-invalid',
      'vms[0].name',
    ],
  ])('exits 1 on %s, naming the field', async (_what, edit, code, field) => {
    const file = join(tmp(), 'broken.yaml');
    writeFileSync(file, edit(readFileSync(templatePathOf('two-node-drbd-kvm'), 'utf8')));
    const r = await run(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`[${code}]`);
    expect(r.err).toContain(`(field ${field})`);
  });

  it('--json prints machine-readable diagnostics', async () => {
    const file = join(tmp(), 'broken.yaml');
    writeFileSync(
      file,
      readFileSync(templatePathOf('two-node-drbd-kvm'), 'utf8').replace(
        '    vcpus: 4\n',
        '    vcpus: 4\n    bogus: 1\n',
      ),
    );
    const r = await run(['validate', file, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as {
      valid: boolean;
      diagnostics: { code: string; elements: string[]; path: unknown[] }[];
    };
    expect(json.valid).toBe(false);
    expect(json.diagnostics[0]).toMatchObject({
      code: 'field-unknown',
      elements: ['web'],
      path: ['vms', 0, 'bogus'],
    });
  });

  it('exits 2 on a file that does not exist', async () => {
    const r = await run(['validate', join(tmp(), 'missing.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing\.yaml: no such file/);
  });

  it('exits 2 on a file that is not YAML', async () => {
    const file = join(tmp(), 'junk.yaml');
    writeFileSync(file, 'cluster: [unclosed\n');
    const r = await run(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/junk\.yaml:\d+:\d+: error \[yaml-syntax\]/);
  });

  it('exits 2 on bad usage', async () => {
    expect((await run(['validate'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});
