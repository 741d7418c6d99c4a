import { serializeDesign } from '../model/designFile.ts';
import type { Design } from '../model/types.ts';
import type { PatternOptions } from '../patterns/buildPattern.ts';
import {
  PATTERN_DESCRIPTIONS,
  PatternError,
  buildPatternDesign,
} from '../patterns/buildPattern.ts';
import { PatternKind } from '../model/schema.ts';
import { saveDesignFile } from './designFiles.ts';

export { PatternError };

export const PATTERNS = PatternKind.options.map((kind) => ({
  kind,
  description: PATTERN_DESCRIPTIONS[kind],
}));

export function isPattern(name: string): name is PatternOptions['pattern'] {
  return (PatternKind.options as readonly string[]).includes(name);
}

/** Builds a pattern's design and writes it atomically; returns the design and its text. */
export async function createPatternDesign(
  options: PatternOptions,
  out?: string,
): Promise<{ design: Design; text: string }> {
  const design = buildPatternDesign(options);
  if (out !== undefined) await saveDesignFile(out, design);
  return { design, text: serializeDesign(design) };
}
