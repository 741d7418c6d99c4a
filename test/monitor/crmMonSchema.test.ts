import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requireTool, runTool } from '../support/tools.ts';

/**
 * The crm_mon fixtures are the documented format: each validates against Pacemaker's own
 * API schema (api-result.rng, which pulls in crm_mon-*.rng), as installed with Pacemaker.
 */
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const SCHEMA = '/usr/share/pacemaker/api/api-result.rng';
const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.crm_mon.xml'));

function validate(file: string) {
  const xmllint = requireTool('xmllint', 'libxml2-utils');
  if (!existsSync(SCHEMA))
    throw new Error(
      `this test needs ${SCHEMA} from the Debian package pacemaker-cli-utils: apt-get install -y --no-install-recommends pacemaker-cli-utils`,
    );
  return runTool(xmllint, ['--noout', '--relaxng', SCHEMA, file]);
}

describe('crm_mon fixtures against the crm_mon schema in /usr/share/pacemaker/api', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-crmmon-schema-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the recorded lab outputs among them', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'lab-all-online.crm_mon.xml',
        'lab-failed-action.crm_mon.xml',
        'lab-node-down.crm_mon.xml',
        'not-connected.crm_mon.xml',
      ]),
    );
  });

  it.each(files)('%s validates', (name) => {
    const r = validate(join(FIXTURES, name));
    expect(r.status, r.stderr).toBe(0);
  });

  it('the check catches a value the schema does not allow', () => {
    const bad = join(dir, 'bad.crm_mon.xml');
    const text = readFileSync(join(FIXTURES, 'lab-all-online.crm_mon.xml'), 'utf8');
    writeFileSync(bad, text.replace('online="true"', 'online="maybe"'));
    const r = validate(bad);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/fails to validate/);
  });
});
