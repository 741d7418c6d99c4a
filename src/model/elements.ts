import type { Design, ElementCollection, ElementRef } from './types.ts';
import { ELEMENT_COLLECTIONS, ELEMENT_KIND } from './types.ts';

/** Collections whose elements become Pacemaker resources, and so can be constrained. */
export const RESOURCE_COLLECTIONS: readonly ElementCollection[] = [
  'drbd',
  'iscsiTargets',
  'vms',
  'floatingIps',
  'filesystems',
  'services',
];

export interface IndexedElement extends ElementRef {
  readonly index: number;
}

/** Every named element of a design, in file order. */
export function* allElements(design: Design): Generator<IndexedElement> {
  for (const collection of ELEMENT_COLLECTIONS) {
    const items = design[collection] as readonly { readonly name: string }[];
    for (const [index, item] of items.entries()) yield { collection, name: item.name, index };
  }
}

/** Name → the first element with that name. Names are design-wide unique once valid. */
export function indexByName(design: Design): ReadonlyMap<string, IndexedElement> {
  const map = new Map<string, IndexedElement>();
  for (const el of allElements(design)) if (!map.has(el.name)) map.set(el.name, el);
  return map;
}

export function kindOf(collection: ElementCollection): string {
  return ELEMENT_KIND[collection];
}

export function nodeHostname(node: {
  readonly name: string;
  readonly hostname?: string | undefined;
}): string {
  return node.hostname ?? node.name;
}
