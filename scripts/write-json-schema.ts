// Regenerates schema/design.schema.json from the zod schema: npm run schema.
import { writeFileSync } from 'node:fs';
import { designJsonSchema } from '../src/model/jsonSchema.ts';

writeFileSync(
  new URL('../schema/design.schema.json', import.meta.url),
  `${JSON.stringify(designJsonSchema(), null, 2)}\n`,
);
