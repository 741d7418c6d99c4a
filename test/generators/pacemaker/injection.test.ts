import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { generatePacemaker } from '../../../src/generators/pacemaker/generate.ts';
import { DesignSchema } from '../../../src/model/schema.ts';
import type { Design } from '../../../src/model/types.ts';
import { designWithServices, nastyValue } from './injectionValues.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  trimValues: false,
  // Decodes character references (&#10;) as well as the five named entities.
  htmlEntities: true,
  parseAttributeValue: false,
  isArray: (_n, _p, _l, isAttribute) => !isAttribute,
});

type Xml = Record<string, unknown>;
const list = (v: unknown): Xml[] => (Array.isArray(v) ? (v as Xml[]) : []);

/** The primitive `id` of a CIB: its description and its instance attributes. */
function readBack(
  cib: string,
  id: string,
): { description?: unknown; params: Record<string, unknown> } {
  const doc = parser.parse(cib) as Xml;
  const resources = list(list(list(doc['cib'])[0]?.['configuration'])[0]?.['resources'])[0];
  const p = list(resources?.['primitive']).find((x) => x['@id'] === id);
  if (!p) throw new Error(`no primitive ${id} in the CIB`);
  const params = Object.fromEntries(
    list(p['instance_attributes'])
      .flatMap((s) => list(s['nvpair']))
      .map((n) => [n['@name'], n['@value']]),
  );
  return { description: p['@description'], params };
}

describe('values from the design in the Pacemaker files', () => {
  it('are rejected by the model with the field named, or come back from cib.xml exactly', () => {
    fc.assert(
      fc.property(nastyValue, nastyValue, (value, description) => {
        const parsed = DesignSchema.safeParse(
          designWithServices([{ name: 'svc', value, description }]),
        );
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            expect(issue.path.slice(0, 2)).toEqual(['services', 0]);
            expect(['description', 'params']).toContain(issue.path[2]);
            expect(issue.message.length).toBeGreaterThan(10);
          }
          return;
        }
        const files = generatePacemaker(parsed.data as Design);
        const cib = files.find((f) => f.kind === 'pacemaker-cib')?.content ?? '';
        // An empty value means unset: the attribute is left out.
        expect(readBack(cib, 'svc')).toEqual({
          description: description === '' ? undefined : description,
          params: value === '' ? {} : { value },
        });
        // The other dialects are proven with the real tools in test/oracle/pacemaker-injection.
        for (const f of files) expect(f.content.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('rejects the control characters no dialect can carry, naming the field', () => {
    const parsed = DesignSchema.safeParse(
      designWithServices([{ name: 'svc', value: 'a\nb', description: 'ok' }]),
    );
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['services', 0, 'params', 'value']);
    expect(parsed.error?.issues[0]?.message).toMatch(/control characters/);
  });

  it('rejects what crmsh or Pacemaker 2.1.5 cannot keep intact, naming the field and why', () => {
    const refused = (value: string, description: string) => {
      const parsed = DesignSchema.safeParse(
        designWithServices([{ name: 'svc', value, description }]),
      );
      return parsed.error?.issues.map((i) => [i.path.join('.'), i.message]);
    };
    // crmsh 4.4 cannot read back an odd run of backslashes before a quote or at the end.
    expect(refused('C:\\dir\\', 'ok')).toEqual([
      ['services.0.params.value', expect.stringMatching(/backslash.*crmsh/)],
    ]);
    expect(refused('ok', 'say \\"hi\\"')).toEqual([
      ['services.0.description', expect.stringMatching(/backslash.*crmsh/)],
    ]);
    // Pacemaker 2.1.5 stops escaping at the first non-ASCII character.
    expect(refused('café "noir"', 'ok')).toEqual([
      ['services.0.params.value', expect.stringMatching(/non-ASCII.*Pacemaker 2\.1\.5/)],
    ]);
    expect(refused('ok', '☃ & co')).toEqual([
      ['services.0.description', expect.stringMatching(/non-ASCII.*Pacemaker 2\.1\.5/)],
    ]);
    // What the tools do keep: even backslash runs, escapes before the first non-ASCII one.
    expect(refused('a\\\\', '"x" <b> & \\y, café')).toBeUndefined();
  });
});
