import { describe, expect, it } from 'vitest';
import { renderCib } from '../../src/generators/pacemaker/cib.ts';
import { pacemakerConfig } from '../../src/generators/pacemaker/fromDesign.ts';
import { withStatus } from '../../src/simulate/crmSimulate.ts';
import { loadTemplate, templateNames } from '../support/designs.ts';
import { crmVerify, xmllintRelaxng } from '../support/pacemakerOracles.ts';
import { useTempDir } from '../support/tmp.ts';

const tempDir = useTempDir('cw-pcmk-cib-');

describe.each(templateNames())('cib.xml of %s', (template) => {
  const design = loadTemplate(template);
  const unames = design.nodes.map((n) => n.hostname ?? n.name);

  it('matches the Pacemaker 3.9 schema', () => {
    const r = xmllintRelaxng(renderCib(pacemakerConfig(design)), tempDir());
    expect(r.status, r.stderr).toBe(0);
  });

  it('passes crm_verify as a running cluster sees it, with no errors and no warnings', () => {
    const live = withStatus(renderCib(pacemakerConfig(design)), { up: unames, down: [] });
    const r = crmVerify(live, tempDir());
    expect(r.stderr + r.stdout).not.toMatch(/error|warning/i);
    expect(r.status).toBe(0);
  });

  it('passes crm_verify with lab stand-ins too', () => {
    const cib = renderCib(pacemakerConfig(design, { standIns: true }));
    expect(cib).toContain('stand-in for ocf:linbit:drbd');
    expect(xmllintRelaxng(cib, tempDir()).status).toBe(0);
    const r = crmVerify(withStatus(cib, { up: unames, down: [] }), tempDir());
    expect(r.stderr + r.stdout).not.toMatch(/error|warning/i);
    expect(r.status).toBe(0);
  });
});
