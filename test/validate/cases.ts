import { it } from 'vitest';
import type { Severity } from '../../src/model/diagnostic.ts';
import type { Editable } from '../support/editDesign.ts';
import { editTemplate } from '../support/editDesign.ts';
import { expectFinding, expectNoFinding } from './expect.ts';

/** One rule case: a template broken by `edit` must yield `code` naming `elements`. */
export interface RuleCase {
  readonly code: string;
  readonly label?: string;
  readonly template: string;
  readonly edit: (d: Editable) => void;
  readonly elements: readonly string[];
  readonly severity: Severity;
  /** The sound design the code must not fire on; the unedited template by default. */
  readonly cleanTemplate?: string;
  readonly clean?: (d: Editable) => void;
}

export function runCases(cases: readonly RuleCase[]): void {
  for (const c of cases) {
    const title = c.label ? `${c.code} (${c.label})` : c.code;
    it(`${title}: fires on a design that breaks it`, () => {
      expectFinding(editTemplate(c.template, c.edit), c.code, c.elements, c.severity);
    });
    it(`${title}: stays quiet on a sound design`, () => {
      expectNoFinding(editTemplate(c.cleanTemplate ?? c.template, c.clean), c.code);
    });
  }
}
