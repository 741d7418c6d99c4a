import type { Design } from '../../../src/model/types.ts';
import { freshName, usedNames } from '../design/elements.ts';
import type { Placeable } from '../design/kinds.ts';
import { KINDS } from '../design/kinds.ts';
import type { DraftDesign } from '../design/mutable.ts';
import { done, draftOf } from '../design/mutable.ts';
import { mapReferences } from '../design/references.ts';
import type { Action } from './action.ts';

/** A copied element: its data as it was, and where it sat. */
export interface ClipboardItem {
  readonly collection: Placeable;
  readonly element: { readonly name: string };
  readonly position: { readonly x: number; readonly y: number };
}

/** What copying the named elements puts on the clipboard. */
export function copyElements(design: Design, names: readonly string[]): ClipboardItem[] {
  const wanted = new Set(names);
  return (Object.keys(KINDS) as Placeable[]).flatMap((collection) =>
    (design[collection] as readonly { readonly name: string }[])
      .filter((e) => wanted.has(e.name))
      .map((element) => ({
        collection,
        element: structuredClone(element),
        position: design.layout[element.name] ?? { x: 0, y: 0 },
      })),
  );
}

export interface PasteInput {
  readonly items: readonly ClipboardItem[];
  readonly offset: { readonly x: number; readonly y: number };
}

/**
 * Adds copies under fresh names. References between copied elements follow the copies;
 * references to elements outside the selection keep pointing at the originals.
 */
export const paste: Action<PasteInput> = {
  name: 'paste',
  perform(design, { items, offset }) {
    const taken = usedNames(design);
    const renamed = new Map<string, string>();
    for (const item of items) {
      const name = freshName(taken, KINDS[item.collection].prefix);
      taken.add(name);
      renamed.set(item.element.name, name);
    }
    // Build the copies in a scratch design so the one reference mapper renames them.
    const scratch = draftOf({ ...design, layout: {} });
    for (const collection of Object.keys(KINDS) as Placeable[])
      (scratch as Record<string, unknown>)[collection] = [];
    scratch.constraints = [];
    for (const item of items) {
      const copy = structuredClone(item.element) as { name: string };
      copy.name = renamed.get(item.element.name) ?? copy.name;
      (scratch[item.collection] as unknown[]).push(copy);
    }
    mapReferences(scratch, (n) => renamed.get(n) ?? n);
    const draft = draftOf(design);
    for (const collection of Object.keys(KINDS) as Placeable[])
      (draft[collection] as unknown[]).push(...(scratch[collection] as unknown[]));
    for (const item of items) {
      const name = renamed.get(item.element.name);
      if (name)
        draft.layout[name] = {
          x: Math.round(item.position.x + offset.x),
          y: Math.round(item.position.y + offset.y),
        };
    }
    return done(draft as DraftDesign);
  },
};

/** The names a paste of these items would create, in order (to select them afterwards). */
export function pastedNames(before: Design, after: Design): string[] {
  const old = usedNames(before);
  return [...usedNames(after)].filter((n) => !old.has(n));
}
