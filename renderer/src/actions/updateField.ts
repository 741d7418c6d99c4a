import type { Design } from '../../../src/model/types.ts';
import { locate, usedNames } from '../design/elements.ts';
import { done, draftOf } from '../design/mutable.ts';
import { mapReferences } from '../design/references.ts';
import type { Action } from './action.ts';
import { ActionRefused } from './action.ts';

export type FieldKey = string | number;

export interface UpdateFieldInput {
  /** The element's name, or null for the cluster's own settings. */
  readonly element: string | null;
  /** The field inside the element (or inside `cluster`), e.g. ["capacity", "cpus"]. */
  readonly path: readonly FieldKey[];
  /** The new value; undefined removes an optional field. */
  readonly value: unknown;
}

/**
 * Sets one field from the inspector. Renaming an element renames every reference to it too.
 * Values are stored as typed; a bad value stays and validation explains what is wrong.
 */
export const updateField: Action<UpdateFieldInput> = {
  name: 'edit',
  perform(design, { element, path, value }) {
    if (path.length === 0) throw new ActionRefused('no field to change');
    const draft = draftOf(design);
    if (element === null) {
      setIn(draft.cluster, path, value);
      return done(draft);
    }
    const at = locate(design, element);
    if (!at) throw new ActionRefused(`there is no element ${element}`);
    if (path.length === 1 && path[0] === 'name') return rename(design, element, String(value));
    const item = (draft[at.collection] as unknown[])[at.index];
    setIn(item as Record<string, unknown>, path, value);
    return done(draft);
  },
};

function rename(design: Design, from: string, to: string): Design {
  if (to === from) return design;
  if (usedNames(design).has(to)) throw new ActionRefused(`the name ${to} is already taken`);
  const at = locate(design, from);
  const draft = draftOf(design);
  mapReferences(draft, (n) => (n === from ? to : n));
  if (at) ((draft[at.collection] as unknown[])[at.index] as { name: string }).name = to;
  return done(draft);
}

function setIn(target: unknown, path: readonly FieldKey[], value: unknown): void {
  let node = target as Record<FieldKey, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<FieldKey, unknown>;
  }
  const last = path[path.length - 1] as FieldKey;
  if (value === undefined) Reflect.deleteProperty(node, last);
  else node[last] = value;
}
