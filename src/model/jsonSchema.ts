import { z } from 'zod';
import { DesignSchema } from './schema.ts';

/** The published JSON Schema of design files (what editors validate YAML against). */
export function designJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(DesignSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://clusterwright.invalid/schema/design.schema.json',
    title: 'Clusterwright design',
  };
}
