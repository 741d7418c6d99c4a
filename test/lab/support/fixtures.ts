import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDesign } from '../../../src/model/designFile.ts';
import type { Design } from '../../../src/model/types.ts';

export const LAB_TRIO = fileURLToPath(new URL('../fixtures/lab-trio.yaml', import.meta.url));

export function loadFixture(file: string): Design {
  const result = parseDesign(readFileSync(file, 'utf8'), file);
  if (!result.design || result.diagnostics.some((d) => d.severity === 'error'))
    throw new Error(`fixture ${file} does not load: ${JSON.stringify(result.diagnostics)}`);
  return result.design;
}
