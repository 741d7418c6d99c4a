import type { Design, ElementCollection } from '../../../src/model/types.ts';
import type { Placeable } from './kinds.ts';
import { PLACEABLE } from './kinds.ts';

export interface Located {
  readonly collection: Placeable;
  readonly index: number;
  readonly name: string;
}

/** Finds a placed element by its (design-wide unique) name. */
export function locate(design: Design, name: string): Located | undefined {
  for (const collection of PLACEABLE) {
    const items = design[collection] as readonly { readonly name: string }[];
    const index = items.findIndex((item) => item.name === name);
    if (index >= 0) return { collection, index, name };
  }
  return undefined;
}

/** Every placed element in file order. */
export function placedElements(design: Design): Located[] {
  return PLACEABLE.flatMap((collection) =>
    (design[collection] as readonly { readonly name: string }[]).map((item, index) => ({
      collection,
      index,
      name: item.name,
    })),
  );
}

/** Every name in use, constraints included. */
export function usedNames(design: Design): Set<string> {
  const names = new Set<string>(placedElements(design).map((e) => e.name));
  for (const c of design.constraints) names.add(c.name);
  return names;
}

/** `prefix-N` with the smallest N not in use. */
export function freshName(taken: ReadonlySet<string>, prefix: string): string {
  for (let n = 1; ; n++) {
    const name = `${prefix}-${n}`;
    if (!taken.has(name)) return name;
  }
}

export type { ElementCollection };
