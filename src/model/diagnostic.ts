/** A problem found in a design, pinned to the elements that cause it. */
export type Severity = 'error' | 'warning' | 'info';

export type FieldPath = readonly (string | number)[];

export interface SourceLocation {
  readonly file?: string;
  readonly line: number;
  readonly column: number;
}

export interface Diagnostic {
  /** Stable code, e.g. "ref-dangling"; documented in docs/diagnostics.md. */
  readonly code: string;
  readonly severity: Severity;
  /** Names of the elements involved, the one to fix first. */
  readonly elements: readonly string[];
  /** Where in the design file, as a path of keys and indexes. */
  readonly path?: FieldPath;
  readonly message: string;
  /** What to do about it, in one sentence. */
  readonly fix: string;
  readonly location?: SourceLocation;
}

/** `drbd[0].nodes[1]` — how a field is shown to users. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
