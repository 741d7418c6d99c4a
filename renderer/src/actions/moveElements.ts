import { done, draftOf } from '../design/mutable.ts';
import type { Action } from './action.ts';

export interface MoveInput {
  readonly positions: Readonly<Record<string, { readonly x: number; readonly y: number }>>;
}

/** Records canvas positions (a drag, or an auto-layout) in the design's layout. */
export const moveElements: Action<MoveInput> = {
  name: 'move',
  perform(design, { positions }) {
    const draft = draftOf(design);
    for (const [name, p] of Object.entries(positions))
      draft.layout[name] = { x: Math.round(p.x), y: Math.round(p.y) };
    return done(draft);
  },
};
