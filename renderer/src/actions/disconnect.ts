import { locate } from '../design/elements.ts';
import type { DraftDesign } from '../design/mutable.ts';
import { done, draftOf } from '../design/mutable.ts';
import { mapReferences } from '../design/references.ts';
import type { Action } from './action.ts';
import { ActionRefused } from './action.ts';

export interface DisconnectInput {
  /** The element holding the reference (the edge's source). */
  readonly from: string;
  readonly to: string;
}

/** Removes the references `from` holds to `to` (deleting a canvas edge). */
export const disconnect: Action<DisconnectInput> = {
  name: 'disconnect',
  perform(design, { from, to }) {
    const owner = locate(design, from);
    if (!owner) throw new ActionRefused(`there is no element ${from}`);
    const changed = draftOf(design);
    const { orphans } = mapReferences(changed, (n) => (n === to ? null : n));
    if (orphans.has(from))
      throw new ActionRefused(`${from} cannot be without ${to}: connect it to another one instead`);
    const draft = draftOf(design);
    const items = draft[owner.collection] as unknown[];
    items[owner.index] = (changed[owner.collection] as unknown[])[owner.index];
    return done(draft as DraftDesign);
  },
};
