import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { designJsonSchema } from '../../../src/model/jsonSchema.ts';

describe('the published JSON Schema', () => {
  it('is up to date with the zod schema (npm run schema regenerates it)', () => {
    const published = JSON.parse(
      readFileSync(new URL('../../../schema/design.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(published).toEqual(designJsonSchema());
  });

  it('describes every element collection and refuses unknown fields', () => {
    const schema = designJsonSchema() as {
      properties: Record<string, unknown>;
      additionalProperties: unknown;
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'schemaVersion',
        'cluster',
        'nodes',
        'drbd',
        'iscsiTargets',
        'vms',
        'fencing',
        'layout',
      ]),
    );
    expect(schema.additionalProperties).toBe(false);
  });
});
