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

/** "a, b and c"; long lists end in "and 190 more" so messages stay readable. */
export function listing(items: readonly (string | number)[], max = 8): string {
  if (items.length <= 1) return items.join('');
  if (items.length > max)
    return `${items.slice(0, max - 1).join(', ')} and ${items.length - max + 1} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
