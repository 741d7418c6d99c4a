import type { Diagnostic } from '../model/diagnostic.ts';
import type { Design } from '../model/types.ts';
import { indexDesign } from './designIndex.ts';
import type { Rule } from './rule.ts';
import { capacityRule } from './rules/capacity.ts';
import { constraintsRule } from './rules/constraints.ts';
import { corosyncRule } from './rules/corosync.ts';
import { drbdRule } from './rules/drbd.ts';
import { fencingRule } from './rules/fencing.ts';
import { iscsiRule } from './rules/iscsi.ts';
import { networksRule } from './rules/networks.ts';
import { patternRule } from './rules/pattern.ts';
import { quorumRule } from './rules/quorum.ts';
import { storageUseRule } from './rules/storageUse.ts';
import { vmsRule } from './rules/vms.ts';

export const RULES: readonly Rule[] = [
  fencingRule,
  quorumRule,
  corosyncRule,
  networksRule,
  drbdRule,
  storageUseRule,
  vmsRule,
  iscsiRule,
  constraintsRule,
  patternRule,
  capacityRule,
];

/** Runs every rule. A rule that throws is a bug in Clusterwright, reported as such. */
export function validateDesign(design: Design): Diagnostic[] {
  let index;
  try {
    index = indexDesign(design);
  } catch (e) {
    return [internalFailure('design index', e)];
  }
  return RULES.flatMap((rule) => {
    try {
      return rule.check(design, index);
    } catch (e) {
      return [internalFailure(`rule ${rule.codes.join('/')}`, e)];
    }
  });
}

function internalFailure(what: string, e: unknown): Diagnostic {
  return {
    code: 'internal-rule-failure',
    severity: 'error',
    elements: [],
    message: `${what} failed: ${e instanceof Error ? e.message : String(e)}`,
    fix: 'this is a bug in Clusterwright; please report it with the design file',
  };
}
