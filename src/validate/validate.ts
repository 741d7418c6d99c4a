import type { Diagnostic } from '../model/diagnostic.ts';
import type { Design } from '../model/types.ts';
import type { Rule } from './rule.ts';
import { fencingRule } from './rules/fencing.ts';

export const RULES: readonly Rule[] = [fencingRule];

/** Runs every rule. A rule that throws is a bug in Clusterwright, reported as such. */
export function validateDesign(design: Design): Diagnostic[] {
  return RULES.flatMap((rule) => {
    try {
      return rule.check(design);
    } catch (e) {
      return [
        {
          code: 'internal-rule-failure',
          severity: 'error' as const,
          elements: [],
          message: `rule ${rule.codes.join('/')} failed: ${(e as Error).message}`,
          fix: 'this is a bug in Clusterwright; please report it with the design file',
        },
      ];
    }
  });
}
