import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PatternOptions } from '../../src/patterns/buildPattern.ts';
import { buildPatternDesign } from '../../src/patterns/buildPattern.ts';
import { bundleOf, writeBundle } from '../../src/services/bundle.ts';
import type { BundleCheckReport } from '../../src/simulate/check/checkBundle.ts';
import { checkBundle } from '../../src/simulate/check/checkBundle.ts';
import { useTempDir } from '../support/tmp.ts';
import { requireRoot, requireTool } from '../support/tools.ts';

/**
 * Every pattern at its smallest size, a middle size and 16 nodes, N+M also at M = 3: the
 * sizes simulate.test.ts places. A 16-node bundle is a few hundred files (a DRBD resource
 * per guest on each of its nodes, corosync per node), checked in a network namespace each.
 */
const CASES: readonly PatternOptions[] = [
  { pattern: 'active-passive', nodes: 2 },
  { pattern: 'active-passive', nodes: 5 },
  { pattern: 'active-passive', nodes: 16 },
  { pattern: 'active-active', nodes: 2 },
  { pattern: 'active-active', nodes: 4 },
  { pattern: 'active-active', nodes: 16 },
  { pattern: 'n-plus-1', nodes: 3 },
  { pattern: 'n-plus-1', nodes: 16 },
  { pattern: 'n-plus-m', nodes: 5, spares: 2 },
  { pattern: 'n-plus-m', nodes: 8, spares: 3 },
  { pattern: 'n-plus-m', nodes: 16, spares: 2 },
  { pattern: 'n-to-1', nodes: 2 },
  { pattern: 'n-to-1', nodes: 4 },
  { pattern: 'n-to-1', nodes: 16 },
  { pattern: 'n-to-n', nodes: 2 },
  { pattern: 'n-to-n', nodes: 5 },
  { pattern: 'n-to-n', nodes: 16, vms: 16 },
];

/** Kinds no Debian 12 tool checks offline: `check` reports them skipped, by design. */
const NO_OFFLINE_TOOL = new Set(['readme', 'pacemaker-crm']);

const caseName = (c: PatternOptions): string =>
  `${c.pattern}-${c.nodes}${c.spares !== undefined ? `-m${c.spares}` : ''}${c.vms !== undefined ? `-vms${c.vms}` : ''}`;

describe("check on the bundle of each pattern's wizard design", () => {
  const tmp = useTempDir('cw-pcheck-');
  const reports = new Map<string, BundleCheckReport>();

  // One bundle at a time, two tools at a time within it: the machine has two cores.
  beforeAll(async () => {
    requireTool('ansible-playbook', 'ansible-core');
    requireTool('drbdadm', 'drbd-utils');
    requireTool('corosync', 'corosync');
    requireTool('crm_verify', 'pacemaker-cli-utils');
    requireTool('xmllint', 'libxml2-utils');
    requireTool('virt-xml-validate', 'libvirt-clients');
    requireRoot('drbdadm and corosync -t run as each node in a network namespace');
    const root = tmp();
    for (const c of CASES) {
      const dir = await writeBundle(bundleOf(buildPatternDesign(c)).files, join(root, caseName(c)));
      reports.set(caseName(c), await checkBundle(dir, { concurrency: 2 }));
    }
  }, 900_000);

  it.each(CASES.map((c) => [caseName(c)]))('%s: every tool accepts every file', (name) => {
    const report = reports.get(name);
    expect(report, 'checked in beforeAll').toBeDefined();
    if (!report) return;
    const failed = report.results.filter((r) => r.status === 'failed');
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(report.missingTools).toEqual([]);
    const unchecked = report.results.filter(
      (r) => r.status === 'skipped' && !NO_OFFLINE_TOOL.has(r.kind),
    );
    expect(unchecked, JSON.stringify(unchecked, null, 2)).toEqual([]);
    // The files that prove the pattern: a CIB, a corosync.conf per node, DRBD per replica.
    const kinds = new Set(report.results.filter((r) => r.status === 'ok').map((r) => r.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['pacemaker-cib', 'corosync', 'drbd']));
  });
});
