import type { z } from 'zod';
import type { DesignSchema } from '../../../src/model/schema.ts';
import type { Design } from '../../../src/model/types.ts';

/** A working copy of a design that an action may change before handing it back frozen. */
export type DraftDesign = z.output<typeof DesignSchema>;

export function draftOf(design: Design): DraftDesign {
  return structuredClone(design) as DraftDesign;
}

export function done(draft: DraftDesign): Design {
  return draft as Design;
}
