import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { templatePathOf } from '../../support/designs.ts';
import { useTempDir } from '../../support/tmp.ts';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** What `deploy` refuses before it connects to anything. */
describe('clusterwright deploy, before connecting', () => {
  const tmp = useTempDir('cw-cli-deploy-');
  const design = templatePathOf('two-node-drbd-kvm');

  it('stops at missing secrets, naming them and where to put them (exit 2)', async () => {
    const saved = process.env;
    process.env = Object.fromEntries(
      Object.entries(saved).filter(([k]) => !k.startsWith('CLUSTERWRIGHT_SECRET_')),
    );
    try {
      const r = await run(['deploy', design, '--no-prompt']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/secrets not provided: ipmi-alpha, ipmi-beta/);
      expect(r.err).toMatch(/--secrets/);
    } finally {
      process.env = saved;
    }
  });

  it('refuses a secrets file others can read (exit 2)', async () => {
    const file = join(tmp(), 'secrets.json');
    writeFileSync(file, '{"ipmi-alpha": "x"}', { mode: 0o644 });
    const r = await run(['deploy', design, '--no-prompt', '--secrets', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`run: chmod 600 ${file}`);
  });

  it('rolls back only nodes of the design (exit 2 names the ones it has)', async () => {
    const r = await run(['deploy', design, '--rollback', '--nodes', 'alpha,gamma']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no node gamma in the design; its nodes are alpha, beta/);
  });
});
