import type { Diagnostic } from '../model/diagnostic.ts';
import { hasErrors } from '../model/diagnostic.ts';
import { analyseFailure, UnknownNodeError } from '../validate/failover/analyse.ts';
import type { FailureAnalysis } from '../validate/failover/types.ts';
import { loadDesignFile } from './designFiles.ts';
import { withRules } from './services.ts';

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
}

/**
 * Loads a design and runs the failover analysis for the given failed nodes. Designs with rule
 * errors are still simulated (the user may be checking exactly that); designs whose schema or
 * references are broken are not, since no placement is meaningful for them.
 */
export async function simulateDesignFile(
  file: string,
  failed: readonly string[],
): Promise<SimulationResult> {
  const loaded = await loadDesignFile(file);
  if (loaded.ioError) return { file, ioError: loaded.ioError, unreadable: true, diagnostics: [] };
  const checked = withRules(loaded);
  const base = { file, unreadable: checked.unreadable, diagnostics: checked.diagnostics };
  if (!loaded.design || hasErrors(loaded.diagnostics)) return base;
  try {
    return { ...base, analysis: analyseFailure(loaded.design, failed) };
  } catch (e) {
    if (e instanceof UnknownNodeError) return { ...base, usageError: e.message };
    throw e;
  }
}
