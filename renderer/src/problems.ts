import type { Diagnostic, Severity } from '../../src/model/diagnostic.ts';

/** Counts by severity (the model's own helper is a value import the renderer avoids). */
export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
