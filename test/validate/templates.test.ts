import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDesign } from '../../src/validate/validate.ts';
import { RULES } from '../../src/validate/validate.ts';
import { loadTemplate, templateNames } from '../support/designs.ts';

describe('templates', () => {
  it('are all found', () => {
    expect(templateNames().length).toBeGreaterThanOrEqual(4);
  });
  for (const name of templateNames()) {
    it(`${name} validates with zero errors`, () => {
      const errors = validateDesign(loadTemplate(name)).filter((d) => d.severity === 'error');
      expect(errors).toEqual([]);
    });
  }
});

describe('rule registry', () => {
  it('gives every code to one rule only', () => {
    const codes = RULES.flatMap((r) => r.codes);
    expect(codes.length).toBeGreaterThan(60);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('docs/diagnostics.md', () => {
  it('documents every code a rule can emit', () => {
    const doc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    const documented = new Set([...doc.matchAll(/^\| `([a-z0-9-]+)` +\|/gm)].map((m) => m[1]));
    const undocumented = RULES.flatMap((r) => r.codes).filter((c) => !documented.has(c));
    expect(undocumented).toEqual([]);
  });
});
