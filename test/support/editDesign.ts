import { checkDesignData } from '../../src/model/designFile.ts';
import type { Design } from '../../src/model/types.ts';
import { loadTemplate } from './designs.ts';

/** A design as plain, writable data, for tests that break one thing in a good design. */
export type Editable = {
  -readonly [K in keyof Design]: Design[K] extends readonly (infer U)[]
    ? Mutable<U>[]
    : Mutable<Design[K]>;
};
type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

// Parsing YAML with source positions is slow enough to dominate these tests: parse once.
const loaded = new Map<string, Design>();

/**
 * Loads a template, lets the test edit a copy, and returns the edited design after the
 * model's own checks (schema and references) — which it must pass, because the validation
 * rules only ever see designs that do.
 */
export function editTemplate(name: string, edit: (d: Editable) => void = () => undefined): Design {
  let base = loaded.get(name);
  if (!base) {
    base = loadTemplate(name);
    loaded.set(name, base);
  }
  const copy = structuredClone(base) as unknown as Editable;
  edit(copy);
  const result = checkDesignData(copy);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.design || errors.length > 0)
    throw new Error(`the edited ${name} fails the model checks: ${JSON.stringify(errors)}`);
  return result.design;
}

/** The element with this name in a collection; throws so a test with a typo fails loudly. */
export function named<T extends { name: string }>(items: T[], name: string): T {
  const found = items.find((x) => x.name === name);
  if (!found) throw new Error(`no element named ${name}`);
  return found;
}
