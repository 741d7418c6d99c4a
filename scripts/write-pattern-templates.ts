// Regenerates templates/pattern-*.yaml from the pattern wizard: npm run templates.
import { writeFileSync } from 'node:fs';
import { serializeDesign } from '../src/model/designFile.ts';
import { PATTERN_TEMPLATES, patternTemplateHeader } from '../src/patterns/patternTemplates.ts';
import { buildPatternDesign } from '../src/patterns/buildPattern.ts';

for (const t of PATTERN_TEMPLATES) {
  const text = patternTemplateHeader(t) + serializeDesign(buildPatternDesign(t.options));
  writeFileSync(new URL(`../templates/${t.file}.yaml`, import.meta.url), text);
}
