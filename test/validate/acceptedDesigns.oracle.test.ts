import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Design } from '../../src/model/types.ts';
import { bundleOf, writeBundle } from '../../src/services/bundle.ts';
import { checkBundle } from '../../src/simulate/check/checkBundle.ts';
import { validateDesign } from '../../src/validate/validate.ts';
import { soundDesign } from '../support/soundDesign.ts';
import { useTempDir } from '../support/tmp.ts';
import { requireRoot, requireTool } from '../support/tools.ts';

/** How many accepted designs go through the real tools (each takes a few seconds). */
const DESIGNS = 16;

describe('every design validation accepts', () => {
  const tmp = useTempDir('cw-accepted-');
  let accepted: Design[] = [];

  beforeAll(() => {
    requireTool('drbdadm', 'drbd-utils');
    requireTool('corosync', 'corosync');
    requireTool('crm_verify', 'pacemaker-cli-utils');
    requireTool('virt-xml-validate', 'libvirt-clients');
    requireTool('tgt-admin', 'tgt');
    requireTool('ansible-playbook', 'ansible-core');
    requireRoot('drbdadm and corosync -t run as each node in a network namespace');
    // A fixed seed: the same designs every run, so a failure can be reproduced.
    const drawn = fc.sample(soundDesign(), { numRuns: 200, seed: 20261129 });
    accepted = drawn
      .filter((d): d is Design => d !== undefined)
      .filter((d) => !validateDesign(d).some((x) => x.severity === 'error'))
      .slice(0, DESIGNS);
  });

  it('draws enough accepted designs, of several shapes', () => {
    expect(accepted.length).toBe(DESIGNS);
    expect(new Set(accepted.map((d) => d.nodes.length)).size).toBeGreaterThan(1);
  });

  it('generates files that every real tool accepts', async () => {
    for (const [i, design] of accepted.entries()) {
      const dir = await writeBundle(bundleOf(design).files, join(tmp(), `d${i}`));
      const report = await checkBundle(dir, { concurrency: 2 });
      const failed = report.results.filter((r) => r.status === 'failed');
      expect(failed, `${design.cluster.name}: ${JSON.stringify(failed, null, 2)}`).toEqual([]);
      expect(report.missingTools).toEqual([]);
      expect(report.counts.ok).toBeGreaterThan(0);
    }
  }, 600_000);
});
