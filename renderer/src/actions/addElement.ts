import type { Design } from '../../../src/model/types.ts';
import { freshName, usedNames } from '../design/elements.ts';
import type { Placeable } from '../design/kinds.ts';
import { KINDS } from '../design/kinds.ts';
import { done, draftOf } from '../design/mutable.ts';
import { addNewElement } from '../design/newElement.ts';
import type { Action } from './action.ts';
import { ActionRefused } from './action.ts';

export interface AddElementInput {
  readonly collection: Placeable;
  /** The new element's name; see `nextName`. */
  readonly name: string;
  readonly position: { readonly x: number; readonly y: number };
}

/** The name an added element of this kind will get. */
export function nextName(design: Design, collection: Placeable): string {
  return freshName(usedNames(design), KINDS[collection].prefix);
}

export const addElement: Action<AddElementInput> = {
  name: 'add element',
  perform(design, { collection, name, position }) {
    if (usedNames(design).has(name)) throw new ActionRefused(`the name ${name} is taken`);
    const draft = draftOf(design);
    addNewElement(draft, collection, name);
    draft.layout[name] = { x: Math.round(position.x), y: Math.round(position.y) };
    return done(draft);
  },
};
