import { checkDesignData } from '../model/designFile.ts';
import { hasErrors } from '../model/diagnostic.ts';
import { analyseFailure, UnknownNodeError } from '../validate/failover/analyse.ts';
import type { FailureAnalysis } from '../validate/failover/types.ts';
import type { PlacementDifference } from './crmCheck.ts';
import { compareWithCrmSimulate } from './crmCheck.ts';

export class WhatIfError extends Error {}

/** What the canvas shows for "what if these nodes failed". */
export interface WhatIfResult {
  /** Our placement model: where everything goes, what cannot be placed, the actions. */
  readonly analysis: FailureAnalysis;
  /** Pacemaker's scheduler on the generated CIB, for one failed node at a time. */
  readonly crm:
    | { readonly state: 'agrees' }
    | { readonly state: 'differs'; readonly differences: readonly PlacementDifference[] }
    | { readonly state: 'unavailable'; readonly reason: string };
}

/**
 * Simulates the failure of the given nodes on a design as the canvas holds it (saved or not,
 * deployed or not). Rule errors do not stop it: the user may be asking exactly about them.
 */
export async function whatIf(
  raw: unknown,
  failNodes: readonly string[],
  options: { readonly crm: boolean },
): Promise<WhatIfResult> {
  const checked = checkDesignData(raw);
  if (!checked.design || hasErrors(checked.diagnostics))
    throw new WhatIfError(
      `the design has model errors (${checked.diagnostics.find((d) => d.severity === 'error')?.message ?? 'not a design'}); fix them before simulating a failure`,
    );
  const design = checked.design;
  let analysis: FailureAnalysis;
  try {
    analysis = analyseFailure(design, failNodes);
  } catch (e) {
    if (e instanceof UnknownNodeError) throw new WhatIfError(e.message);
    throw e;
  }
  if (!options.crm)
    return { analysis, crm: { state: 'unavailable', reason: 'crm_simulate was not asked' } };
  if (failNodes.length !== 1)
    return {
      analysis,
      crm: {
        state: 'unavailable',
        reason: 'crm_simulate is compared for one failed node at a time',
      },
    };
  try {
    const differences = await compareWithCrmSimulate(design, analysis);
    return {
      analysis,
      crm: differences.length === 0 ? { state: 'agrees' } : { state: 'differs', differences },
    };
  } catch (e) {
    return {
      analysis,
      crm: { state: 'unavailable', reason: e instanceof Error ? e.message : String(e) },
    };
  }
}
