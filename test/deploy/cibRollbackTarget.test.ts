import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cibVersion, withConfigurationOf } from '../../src/deploy/cibMerge.ts';
import { withoutStatus } from '../../src/deploy/cibPush.ts';
import { requireTool, runTool } from '../support/tools.ts';
import { useTempDir } from '../support/tmp.ts';

const tempDir = useTempDir('cw-cibtarget-');

const cib = (attrs: string, resources: string, status = '<status/>') => `<cib ${attrs}>
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="o-dc" name="dc-version" value="2.1.5"/>
      </cluster_property_set>
    </crm_config>
    <nodes><node id="1" uname="n1"/></nodes>
    <resources>${resources}</resources>
    <constraints/>
  </configuration>
  ${status}
</cib>
`;

/** What cibadmin --query --scope configuration would show: the <configuration> alone. */
function configurationOf(xml: string): string {
  const from = xml.indexOf('<configuration>');
  return xml
    .slice(from, xml.indexOf('</configuration>') + '</configuration>'.length)
    .replace(/>\s+</g, '><');
}

describe('the CIB a rollback wants', () => {
  // The configuration a push replaced (as it kept it), and the live CIB after that push.
  const saved = withoutStatus(
    cib(
      'crm_feature_set="3.16.2" validate-with="pacemaker-3.7" epoch="5" num_updates="3" admin_epoch="0"',
      '<primitive id="old" class="ocf" provider="pacemaker" type="Dummy"/>',
    ),
  );
  const live = cib(
    'crm_feature_set="3.16.2" validate-with="pacemaker-3.9" epoch="9" num_updates="12" admin_epoch="0"',
    '<primitive id="new" class="ocf" provider="pacemaker" type="Stateful"/>',
    '<status><node_state id="1" uname="n1"/></status>',
  );

  it('keeps the live schema and versions, takes the saved configuration, drops the status', () => {
    expect(cibVersion(saved)).toBe('0.5');
    const target = withConfigurationOf(live, saved);
    expect(cibVersion(target)).toBe('0.9');
    expect(target).toContain('validate-with="pacemaker-3.9"');
    expect(target).not.toContain('<status');
    expect(target).toContain('id="old"');
    expect(target).not.toContain('id="new"');
  });

  it('crm_diff of live against it, applied by crm_diff --patch, gives back the saved configuration', () => {
    requireTool('crm_diff', 'pacemaker-cli-utils');
    const dir = tempDir();
    const f = (n: string, text: string) => {
      writeFileSync(join(dir, n), text);
      return join(dir, n);
    };
    const liveFile = f('live.xml', withoutStatus(live));
    const oldFile = f('old.xml', withConfigurationOf(live, saved));
    const diff = runTool('crm_diff', ['--no-version', '-o', liveFile, '-n', oldFile]);
    expect(diff.status, diff.stderr).toBe(1);
    // Only the configuration moves: the schema is never lowered.
    expect(diff.stdout).not.toContain('validate-with');
    const patch = f('patch.xml', diff.stdout);
    const applied = runTool('crm_diff', ['-o', liveFile, '-p', patch]);
    expect(applied.status, applied.stderr).toBe(0);
    expect(configurationOf(applied.stdout)).toBe(configurationOf(readFileSync(oldFile, 'utf8')));
    expect(configurationOf(applied.stdout)).toBe(configurationOf(saved));
  });

  it('refuses a saved file that is not a CIB', () => {
    expect(() => withConfigurationOf(live, '<html/>')).toThrow(/not a CIB/);
    expect(() => withConfigurationOf(live, '<cib epoch="1"/>')).toThrow(/no <configuration>/);
  });
});
