import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCrmMon, summariseResources } from '../../src/monitor/parsers/crmMon.ts';
import { requireTool, runTool } from '../support/tools.ts';

/** The parser against what this machine's crm_mon prints now, not only recorded output. */
describe('crm_mon on this machine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-crmmon-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses the live output of crm_mon for a simulated two-node cluster after a failover', () => {
    const crmSimulate = requireTool('crm_simulate', 'pacemaker-cli-utils');
    const crmMon = requireTool('crm_mon', 'pacemaker-cli-utils');
    writeFileSync(
      join(dir, 'cib.xml'),
      `<cib crm_feature_set="3.16.1" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0" have-quorum="1">
  <configuration>
    <crm_config><cluster_property_set id="o"><nvpair id="o1" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>
    <nodes><node id="1" uname="a"/><node id="2" uname="b"/></nodes>
    <resources><primitive id="svc" class="ocf" provider="pacemaker" type="Dummy"/></resources>
    <constraints><rsc_location id="svc-on-a" rsc="svc" node="a" score="100"/></constraints>
  </configuration>
  <status/>
</cib>`,
    );
    expect(
      runTool(crmSimulate, [
        '-x',
        join(dir, 'cib.xml'),
        '-S',
        '-O',
        join(dir, 'up.xml'),
        '-u',
        'a',
        '-u',
        'b',
      ]).status,
    ).toBe(0);
    expect(
      runTool(crmSimulate, [
        '-x',
        join(dir, 'up.xml'),
        '-S',
        '-O',
        join(dir, 'down.xml'),
        '-d',
        'a',
      ]).status,
    ).toBe(0);
    const before = runTool(crmMon, ['--one-shot', '--inactive', '--output-as=xml'], {
      env: { ...process.env, CIB_file: join(dir, 'up.xml') },
    });
    const after = runTool(crmMon, ['--one-shot', '--inactive', '--output-as=xml'], {
      env: { ...process.env, CIB_file: join(dir, 'down.xml') },
    });
    expect(summariseResources(parseCrmMon(before.stdout).resources)).toEqual([
      { id: 'svc', role: 'Started', running_on: ['a'] },
    ]);
    const s = parseCrmMon(after.stdout);
    expect(s.nodes.find((n) => n.name === 'a')?.online).toBe(false);
    expect(summariseResources(s.resources)).toEqual([
      { id: 'svc', role: 'Started', running_on: ['b'] },
    ]);
  });
});
