import { expect } from 'vitest';
import type { Diagnostic, Severity } from '../../src/model/diagnostic.ts';
import type { Design } from '../../src/model/types.ts';
import { validateDesign } from '../../src/validate/validate.ts';

/** Asserts that validation reports `code` with exactly these elements (and this severity). */
export function expectFinding(
  design: Design,
  code: string,
  elements: readonly string[],
  severity?: Severity,
): Diagnostic {
  const all = validateDesign(design);
  const withCode = all.filter((d) => d.code === code);
  expect(
    withCode.map((d) => d.elements),
    `diagnostics with code ${code}; all codes: ${all.map((d) => d.code).join(', ')}`,
  ).toContainEqual(elements);
  const found = withCode.find((d) => JSON.stringify(d.elements) === JSON.stringify(elements));
  if (!found) throw new Error('unreachable');
  if (severity) expect(found.severity).toBe(severity);
  expect(found.message.length).toBeGreaterThan(10);
  expect(found.fix.length).toBeGreaterThan(5);
  expect(all.filter((d) => d.code === 'internal-rule-failure')).toEqual([]);
  return found;
}

export function expectNoFinding(design: Design, code: string): void {
  const all = validateDesign(design);
  expect(all.filter((d) => d.code === code)).toEqual([]);
  expect(all.filter((d) => d.code === 'internal-rule-failure')).toEqual([]);
}
