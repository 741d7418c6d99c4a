import type { Design } from '../../../src/model/types.ts';
import { PLACEABLE } from '../design/kinds.ts';
import type { DraftDesign } from '../design/mutable.ts';
import { done, draftOf } from '../design/mutable.ts';
import { mapReferences } from '../design/references.ts';
import type { Action } from './action.ts';

/**
 * Everything that goes when these elements go: the elements themselves and, transitively,
 * those that cannot exist without them (an initiator without its target, a floating IP
 * without its network, a constraint without its resource). References in lists are dropped.
 */
export function deletionPlan(design: Design, names: readonly string[]): string[] {
  const gone = new Set(names);
  for (;;) {
    const { orphans } = mapReferences(draftOf(design), (n) => (gone.has(n) ? null : n));
    const before = gone.size;
    for (const o of orphans) gone.add(o);
    if (gone.size === before) break;
  }
  return [...gone];
}

export interface DeleteInput {
  readonly names: readonly string[];
}

export const deleteElements: Action<DeleteInput> = {
  name: 'delete',
  perform(design, { names }) {
    const gone = new Set(deletionPlan(design, names));
    const draft = draftOf(design);
    mapReferences(draft, (n) => (gone.has(n) ? null : n));
    removeElements(draft, gone);
    return done(draft);
  },
};

function removeElements(draft: DraftDesign, gone: ReadonlySet<string>): void {
  const keep = <T extends { readonly name: string }>(items: T[]): T[] =>
    items.filter((item) => !gone.has(item.name));
  for (const collection of PLACEABLE) {
    (draft as Record<string, unknown>)[collection] = keep(
      draft[collection] as { readonly name: string }[],
    );
  }
  draft.constraints = keep(draft.constraints);
}
