import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDesign, serializeDesign } from '../../../src/model/designFile.ts';
import { SCHEMA_VERSION } from '../../../src/model/schema.ts';

const file = new URL('./fixtures/v1-design.yaml', import.meta.url);

describe('migrations', () => {
  it('loads a schemaVersion 1 file through the migration', () => {
    const result = parseDesign(readFileSync(file, 'utf8'), 'v1-design.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.migratedFrom).toBe(1);
    const design = result.design!;
    expect(design.schemaVersion).toBe(SCHEMA_VERSION);
    expect(design.nodes[0]!.ssh).toEqual({ host: '10.5.0.1', port: 2222, user: 'admin' });
    expect(design.nodes[1]!.ssh).toEqual({ host: '10.5.0.2', port: 22, user: 'root' });
    expect(design.nodes[0]!.capacity).toEqual({ cpus: 4, memoryMiB: 8192 });
    expect(design.layout).toEqual({ n1: { x: 10, y: 20 }, n2: { x: 300, y: 20 } });
  });

  it('a migrated design saves at the current version and loads without migrating', () => {
    const design = parseDesign(readFileSync(file, 'utf8')).design!;
    const again = parseDesign(serializeDesign(design));
    expect(again.migratedFrom).toBeUndefined();
    expect(again.design).toEqual(design);
  });

  it('an unreadable v1 ssh endpoint is reported, not thrown', () => {
    const text = readFileSync(file, 'utf8').replace('ssh: 10.5.0.2', 'ssh: "a@b@c:x"');
    const result = parseDesign(text);
    expect(result.design).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({ code: 'schema-version' });
    expect(result.diagnostics[0]!.message).toMatch(/n2.*user@host:port/);
  });
});
