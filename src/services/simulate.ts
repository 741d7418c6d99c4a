import type { Diagnostic } from '../model/diagnostic.ts';
import { hasErrors } from '../model/diagnostic.ts';
import { analyseFailure, UnknownNodeError } from '../validate/failover/analyse.ts';
import type { FailureAnalysis } from '../validate/failover/types.ts';
import type { PlacementDifference } from './crmCheck.ts';
import { compareWithCrmSimulate } from './crmCheck.ts';
import { loadDesignFile } from './designFiles.ts';
import { withRules } from './services.ts';

export type { PlacementDifference } from './crmCheck.ts';
export type {
  FailoverAction,
  FailureAnalysis,
  Placement,
  Unplaced,
} from '../validate/failover/types.ts';

export interface SimulationResult {
  readonly file: string;
  /** The file could not be read, or is not a design: bad input. */
  readonly ioError?: string;
  readonly unreadable: boolean;
  /** A --fail node that the design does not have: bad usage. */
  readonly usageError?: string;
  /** Model and rule diagnostics of the design. */
  readonly diagnostics: readonly Diagnostic[];
  /** Absent when the design is too broken to simulate (model errors) or the input was bad. */
  readonly analysis?: FailureAnalysis;
  /** With `crm`: what crm_simulate places differently (empty when it agrees). */
  readonly crmDifferences?: readonly PlacementDifference[];
  /** With `crm`: why crm_simulate could not be asked (not installed, failed…). */
  readonly crmError?: string;
}

/**
 * Loads a design and runs the failover analysis for the given failed nodes. Designs with rule
 * errors are still simulated (the user may be checking exactly that); designs whose schema or
 * references are broken are not, since no placement is meaningful for them.
 */
export async function simulateDesignFile(
  file: string,
  failed: readonly string[],
  options: { readonly crm?: boolean } = {},
): Promise<SimulationResult> {
  const loaded = await loadDesignFile(file);
  if (loaded.ioError) return { file, ioError: loaded.ioError, unreadable: true, diagnostics: [] };
  const checked = withRules(loaded);
  const base = { file, unreadable: checked.unreadable, diagnostics: checked.diagnostics };
  if (!loaded.design || hasErrors(loaded.diagnostics)) return base;
  let analysis: FailureAnalysis;
  try {
    analysis = analyseFailure(loaded.design, failed);
  } catch (e) {
    if (e instanceof UnknownNodeError) return { ...base, usageError: e.message };
    throw e;
  }
  if (!options.crm) return { ...base, analysis };
  if (failed.length !== 1)
    return { ...base, usageError: '--crm checks exactly one failed node; give one --fail' };
  try {
    return {
      ...base,
      analysis,
      crmDifferences: await compareWithCrmSimulate(loaded.design, analysis),
    };
  } catch (e) {
    return { ...base, analysis, crmError: e instanceof Error ? e.message : String(e) };
  }
}
