import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCrm } from '../../src/generators/pacemaker/crm.ts';
import { pacemakerConfig } from '../../src/generators/pacemaker/fromDesign.ts';
import { renderPcs } from '../../src/generators/pacemaker/pcs.ts';
import { DesignSchema } from '../../src/model/schema.ts';
import type { Design } from '../../src/model/types.ts';
import { designWithServices, nastyValue } from '../generators/pacemaker/injectionValues.ts';
import type { CanonicalCib } from '../support/pacemakerOracles.ts';
import { applyCrm, applyPcs, emptyCib, normaliseCib } from '../support/pacemakerOracles.ts';
import { useTempDir } from '../support/tmp.ts';
import { requireTool, runTool } from '../support/tools.ts';

const tempDir = useTempDir('cw-pcmk-inject-');

/** Values the model accepts, three to a design so each slow tool run proves several. */
const accepted = fc
  .array(fc.tuple(nastyValue, nastyValue), { minLength: 3, maxLength: 3 })
  .map((pairs) => pairs.map(([value, description], i) => ({ name: `svc${i}`, value, description })))
  .map((services) => ({ services, parsed: DesignSchema.safeParse(designWithServices(services)) }))
  .filter((x) => x.parsed.success);

/**
 * crmsh 4.4 (Debian 12) stores every non-ASCII character of a value as the literal text
 * "&#N;" (it escapes its own character reference). A known crmsh limitation, pinned here so
 * a fixed crmsh shows up; cib.xml and pcs carry such values exactly.
 */
const crmsh44 = (s: string): string =>
  s.replace(/[^\u0020-\u007e]/gu, (c) => `&#${c.codePointAt(0)};`);

function expectValues(
  cib: CanonicalCib,
  services: readonly { name: string; value: string; description: string }[],
  as: (s: string) => string = (s) => s,
): void {
  for (const s of services) {
    // An empty value means unset: the attribute is left out.
    expect(cib.resources[s.name]?.attributes['description']).toBe(
      s.description === '' ? undefined : as(s.description),
    );
    expect(cib.resources[s.name]?.params).toEqual(s.value === '' ? [] : [`value=${as(s.value)}`]);
  }
}

describe('hostile values through the crm shell and pcs', () => {
  it('come out of crmsh and pcs exactly as the design holds them', () => {
    fc.assert(
      fc.property(accepted, ({ services, parsed }) => {
        const config = pacemakerConfig(parsed.data as Design);
        const crm = applyCrm(renderCrm(config), tempDir(), { force: true });
        expect(crm.run.status, crm.run.stderr).toBe(0);
        expectValues(normaliseCib(crm.cib), services, crmsh44);
        const pcs = applyPcs(renderPcs(config), tempDir());
        expect(pcs.run.status, pcs.run.stderr).toBe(0);
        expectValues(normaliseCib(pcs.cib), services);
      }),
      // Each run starts crmsh once and pcs about ten times: a few runs, many values each.
      { numRuns: 2 },
    );
  }, 600_000);

  /**
   * Why the model refuses two kinds of text (src/model/values.ts): the tools themselves lose
   * them, however they are written. Pinned so that fixed tools show up here.
   */
  it('are refused only where crmsh 4.4 and Pacemaker 2.1.5 cannot keep them', () => {
    // crmsh re-reads what it stores without escaping backslashes: a correctly escaped
    // trailing backslash ("a\\" in crm.txt is a\) still fails to load.
    const crm = applyCrm('primitive p ocf:pacemaker:Dummy description="a\\\\"\n', tempDir());
    expect(crm.run.status).not.toBe(0);
    expect(crm.run.stderr).toMatch(/No closing quotation/);
    // Pacemaker stops escaping at the first non-ASCII character: the CIB it writes is broken.
    const cibadmin = requireTool('cibadmin', 'pacemaker-cli-utils');
    const file = join(tempDir(), 'cib.xml');
    writeFileSync(file, emptyCib());
    const created = runTool(
      cibadmin,
      [
        '--create',
        '--scope',
        'resources',
        '--xml-text',
        '<primitive id="p" class="ocf" provider="pacemaker" type="Dummy" description="é&quot;&lt;x"/>',
      ],
      { env: { ...process.env, CIB_file: file } },
    );
    expect(created.status, created.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('description="é"<x"');
  }, 120_000);
});
