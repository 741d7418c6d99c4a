import type { Diagnostic } from '../model/diagnostic.ts';
import type { Design } from '../model/types.ts';
import type { DesignIndex } from './designIndex.ts';

/**
 * A validation rule looks at a design whose names and references are already known to be
 * sound (the model checked them) and returns the problems it sees. The index holds lookup
 * maps shared by every rule, so no rule needs to search a list.
 */
export interface Rule {
  /** The diagnostic codes this rule can emit, for docs/diagnostics.md and the tests. */
  readonly codes: readonly string[];
  check(design: Design, index: DesignIndex): Diagnostic[];
}
