import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleOf, writeBundle } from '../../src/services/bundle.ts';
import type { BundleCheckReport } from '../../src/simulate/check/checkBundle.ts';
import { checkBundle } from '../../src/simulate/check/checkBundle.ts';
import { loadTemplate, templateNames } from '../support/designs.ts';
import { useTempDir } from '../support/tmp.ts';
import { requireRoot, requireTool } from '../support/tools.ts';

/** Kinds no Debian 12 tool checks offline: `check` reports them skipped, by design. */
const NO_OFFLINE_TOOL = new Set([
  'xen-xl',
  'openvz',
  'iscsi-iet',
  'iscsi-lio',
  'iscsi-initiator',
  'readme',
  'pacemaker-crm',
]);

describe('check on the bundle of every template', () => {
  const tmp = useTempDir('cw-tcheck-');
  const reports = new Map<string, BundleCheckReport>();

  // The templates are checked side by side: the tools mostly wait on process start-up.
  beforeAll(async () => {
    requireTool('ansible-playbook', 'ansible-core');
    requireTool('drbdadm', 'drbd-utils');
    requireTool('corosync', 'corosync');
    requireTool('crm_verify', 'pacemaker-cli-utils');
    requireTool('xmllint', 'libxml2-utils');
    requireTool('virt-xml-validate', 'libvirt-clients');
    requireTool('tgt-admin', 'tgt');
    requireRoot('drbdadm and corosync -t run as each node in a network namespace');
    const names = templateNames();
    const queue = [...names];
    const worker = async (): Promise<void> => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const dir = await writeBundle(bundleOf(loadTemplate(name)).files, join(tmp(), name));
        reports.set(name, await checkBundle(dir, { concurrency: 2 }));
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  }, 900_000);

  it.each(templateNames())('%s: every tool accepts every file it applies to', (name) => {
    const report = reports.get(name)!;
    const failed = report.results.filter((r) => r.status === 'failed');
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(report.missingTools).toEqual([]);
    const unchecked = report.results.filter(
      (r) => r.status === 'skipped' && !NO_OFFLINE_TOOL.has(r.kind),
    );
    expect(unchecked, JSON.stringify(unchecked, null, 2)).toEqual([]);
    expect(report.counts.ok).toBeGreaterThan(0);
  });
});
