import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseDesign } from '../../src/model/designFile.ts';
import type { Design } from '../../src/model/types.ts';

export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export function templateNames(): string[] {
  return readdirSync(TEMPLATES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
}

export function templatePathOf(name: string): string {
  return join(TEMPLATES_DIR, `${name}.yaml`);
}

/** Loads a template and fails loudly if it has model errors. */
export function loadTemplate(name: string): Design {
  const file = templatePathOf(name);
  const result = parseDesign(readFileSync(file, 'utf8'), file);
  if (!result.design || result.diagnostics.some((d) => d.severity === 'error')) {
    throw new Error(`template ${name} does not load: ${JSON.stringify(result.diagnostics)}`);
  }
  return result.design;
}
