import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { serializeDesign } from '../../src/model/designFile.ts';
import { analyseFailure } from '../../src/validate/failover/analyse.ts';
import { loadTemplate, templatePathOf } from '../support/designs.ts';
import { editTemplate, named } from '../support/editDesign.ts';
import { useTempDir } from '../support/tmp.ts';
import { requireTool } from '../support/tools.ts';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('clusterwright simulate', () => {
  const tmp = useTempDir();
  const pair = templatePathOf('two-node-drbd-kvm');

  it('prints the placement and the actions after a failure, and exits 0', async () => {
    const r = await run(['simulate', pair, '--fail', 'alpha']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('after alpha fails');
    expect(r.out).toContain('fence alpha');
    expect(r.out).toContain('promote vm-web on beta');
    expect(r.out).toContain('move web: alpha → beta');
    expect(r.out).toMatch(/beta: web \(vm\), web-ip \(floating-ip\), vm-web \(drbd, promoted\)/);
  });

  it('prints the same analysis as JSON', async () => {
    const r = await run(['simulate', pair, '--fail', 'beta', '--json']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out) as Record<string, unknown>;
    const { file, designErrors, ...analysis } = parsed;
    expect(file).toBe(pair);
    expect(designErrors).toBe(0);
    expect(analysis).toEqual(
      JSON.parse(JSON.stringify(analyseFailure(loadTemplate('two-node-drbd-kvm'), ['beta']))),
    );
  });

  it('takes several --fail options', async () => {
    const r = await run([
      'simulate',
      templatePathOf('four-node-n1-kvm'),
      '--fail',
      'kvm1',
      '--fail',
      'kvm2',
      '--json',
    ]);
    expect((JSON.parse(r.out) as { failed: string[] }).failed).toEqual(['kvm1', 'kvm2']);
  });

  it('exits 1 and names what has no place when something cannot be placed', async () => {
    const file = join(tmp(), 'tight.yaml');
    const d = editTemplate('two-node-drbd-kvm', (x) => {
      named(x.nodes, 'beta').capacity.memoryMiB = 4096;
    });
    writeFileSync(file, serializeDesign(d));
    const r = await run(['simulate', file, '--fail', 'alpha']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('cannot run anywhere');
    expect(r.out).toMatch(/web \(vm\): no live node that can run it has 4 vCPUs and 8192 MiB free/);
    expect(r.out).toContain('shortfall: 4 vCPUs and 8192 MiB have no place');
  });

  it('--crm runs crm_simulate on the generated CIB and reports that it agrees', async () => {
    requireTool('crm_simulate', 'pacemaker-cli-utils');
    const r = await run(['simulate', pair, '--fail', 'alpha', '--crm']);
    expect(r.err).toBe('');
    expect(r.out).toContain('crm_simulate on the generated CIB: same placement');
    expect(r.code).toBe(0);
    const j = await run(['simulate', pair, '--fail', 'alpha', '--crm', '--json']);
    expect((JSON.parse(j.out) as { crm: unknown }).crm).toEqual({ agrees: true, differences: [] });
  });

  it('exits 2 for a node the design does not have', async () => {
    const r = await run(['simulate', pair, '--fail', 'gamma']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no node named "gamma"');
    expect(r.err).toContain('alpha, beta');
  });

  it('exits 2 without --fail and for a missing file', async () => {
    expect((await run(['simulate', pair])).code).toBe(2);
    const missing = join(tmp(), 'nope.yaml');
    const r = await run(['simulate', missing, '--fail', 'alpha']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${missing}: no such file`);
  });

  it('exits 1 and shows the errors of a design too broken to simulate', async () => {
    const file = join(tmp(), 'broken.yaml');
    writeFileSync(file, readFileSync(pair, 'utf8').replace('targets: [beta]', 'targets: [betta]'));
    const r = await run(['simulate', file, '--fail', 'alpha']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[ref-dangling] ipmi-beta');
    expect(r.err).toContain('prevent a simulation');
  });
});
