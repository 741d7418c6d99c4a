import type { Design } from '../../../src/model/types.ts';

/** Collections whose elements are Pacemaker resources (the rest are nodes and networks). */
const RESOURCE_COLLECTIONS = [
  'drbd',
  'floatingIps',
  'filesystems',
  'iscsiTargets',
  'vms',
  'services',
  'fencing',
] as const;

/** The names of the design's elements that run as Pacemaker resources. */
export function resourceNames(design: Design): string[] {
  return RESOURCE_COLLECTIONS.flatMap((c) =>
    (design[c] as readonly { readonly name: string }[]).map((e) => e.name),
  );
}
