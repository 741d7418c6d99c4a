import type { Diagnostic, FieldPath, Severity } from '../model/diagnostic.ts';

/** Builds a diagnostic; keeps rule code short and every field present. */
export function diag(
  code: string,
  severity: Severity,
  elements: readonly string[],
  path: FieldPath,
  message: string,
  fix: string,
): Diagnostic {
  return { code, severity, elements, path, message, fix };
}

/** "a, b and c" */
export function listing(items: readonly (string | number)[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
