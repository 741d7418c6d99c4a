import { describe, expect, it } from 'vitest';
import { renderCib } from '../../src/generators/pacemaker/cib.ts';
import { allPrimitives } from '../../src/generators/pacemaker/config.ts';
import { renderCrm } from '../../src/generators/pacemaker/crm.ts';
import { pacemakerConfig } from '../../src/generators/pacemaker/fromDesign.ts';
import { renderPcs } from '../../src/generators/pacemaker/pcs.ts';
import { loadTemplate, templateNames } from '../support/designs.ts';
import { applyCrm, applyPcs, normaliseCib } from '../support/pacemakerOracles.ts';
import { useTempDir } from '../support/tmp.ts';

const tempDir = useTempDir('cw-pcmk-dialects-');

// pcs starts a Python interpreter per command: a template's script takes a minute on 2 cores.
const PCS_TIMEOUT = 300_000;

describe.each(templateNames())('the three dialects of %s', (template) => {
  const config = pacemakerConfig(loadTemplate(template));
  const expected = normaliseCib(renderCib(config));

  it('compare something: every primitive and constraint is in the normalised cib.xml', () => {
    expect(Object.keys(expected.resources)).toEqual(
      expect.arrayContaining(allPrimitives(config).map((p) => p.id)),
    );
    expect(Object.keys(expected.constraints).sort()).toEqual(
      config.constraints.map((c) => c.id).sort(),
    );
  });

  it('crm.txt loaded into an empty CIB gives cib.xml', () => {
    const { cib, run } = applyCrm(renderCrm(config), tempDir());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/ERROR/);
    expect(normaliseCib(cib)).toEqual(expected);
  });
});

// pcs costs about 1.5 s of CPU per command, so its dialect is proven on the starter
// templates and the active/active one (dual-primary, live migration), which between them
// use every resource kind and constraint the generator writes; the other pattern
// templates repeat those kinds at a larger count.
const STARTERS = templateNames().filter(
  (t) => !t.startsWith('pattern-') || t === 'pattern-active-active',
);

describe.each(STARTERS)('the pcs dialect of %s', (template) => {
  const config = pacemakerConfig(loadTemplate(template));
  const expected = normaliseCib(renderCib(config));

  it(
    'pcs.sh run on an empty CIB gives cib.xml',
    () => {
      const { cib, run } = applyPcs(renderPcs(config), tempDir());
      expect(run.status, run.stderr).toBe(0);
      expect(normaliseCib(cib)).toEqual(expected);
    },
    PCS_TIMEOUT,
  );
});
