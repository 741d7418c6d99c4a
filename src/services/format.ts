import type { Diagnostic } from '../model/diagnostic.ts';
import { formatPath } from '../model/diagnostic.ts';

/** One diagnostic as the CLI prints it: `file:line:col: error [code] element: message`. */
export function formatDiagnostic(d: Diagnostic, file?: string): string {
  const at = d.location
    ? `${d.location.file ?? file ?? ''}:${d.location.line}:${d.location.column}: `
    : file
      ? `${file}: `
      : '';
  const field = d.path && d.path.length > 0 ? ` (field ${formatPath(d.path)})` : '';
  const elements = d.elements.length > 0 ? `${d.elements.join(', ')}: ` : '';
  return `${at}${d.severity} [${d.code}] ${elements}${d.message}${field}\n    fix: ${d.fix}`;
}

export function countBySeverity(
  diagnostics: readonly Diagnostic[],
): Record<Diagnostic['severity'], number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
