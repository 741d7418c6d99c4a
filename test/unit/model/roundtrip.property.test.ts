import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDesignData, parseDesign, serializeDesign } from '../../../src/model/designFile.ts';
import type { Design } from '../../../src/model/types.ts';
import { loadTemplate, templateNames } from '../../support/designs.ts';

/**
 * Random valid designs, made by varying the templates: free text full of YAML's special
 * characters, random numbers and positions, renamed elements. Every such design must come
 * back from save → load exactly as it went in.
 */
const safeName = fc.stringMatching(/^[a-z](?:[a-z0-9-]{0,20}[a-z0-9])?$/);
// Any single-line text: quotes, colons, '#', '&', '*', '!', '|', '>', '- ', Unicode, emoji.
const freeText = fc.string({ unit: 'binary', maxLength: 60 }).map((s) =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u001f\u007f]/g, ''),
);
const yamlish = fc.oneof(
  freeText,
  fc.constantFrom(
    'yes',
    'no',
    'on',
    'off',
    'null',
    '~',
    '0x1F',
    '1e3',
    '- a',
    ': b',
    '#c',
    "'",
    '"',
    '{}',
    '[]',
    '&a',
    '*a',
    '!tag',
    '| x',
    '> y',
    ' lead',
    'trail ',
  ),
);

const designArb: fc.Arbitrary<Design> = fc
  .record({
    template: fc.constantFrom(...templateNames()),
    clusterDescription: yamlish,
    renames: fc.dictionary(
      fc.constantFrom('web', 'mail', 'dns', 'db1', 'alpha', 'kvm2', 'ring0'),
      safeName,
    ),
    x: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
    y: fc.integer({ min: -100000, max: 100000 }),
    cpus: fc.integer({ min: 1, max: 4096 }),
    token: fc.integer({ min: 1000, max: 60000 }),
    vmDescription: yamlish,
    param: yamlish,
  })
  .map((r) => {
    let text = serializeDesign(loadTemplate(r.template));
    // Renaming through the text keeps every reference consistent.
    for (const [from, to] of Object.entries(r.renames)) {
      if (text.includes(to)) continue;
      text = text.replace(new RegExp(`(?<![a-z0-9-])${from}(?![a-z0-9-])`, 'g'), to);
    }
    const renamed = parseDesign(text).design;
    // A plain mutable copy to vary; checkDesignData below proves it is still a valid design.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const base = structuredClone(renamed ?? loadTemplate(r.template)) as any;
    base.cluster.description = r.clusterDescription;
    base.cluster.corosync.tokenMs = r.token;
    base.nodes[0].capacity.cpus = r.cpus;
    if (base.vms?.[0]) base.vms[0].description = r.vmDescription;
    if (base.fencing?.[0]) base.fencing[0].params.username = r.param;
    const first = base.nodes[0].name as string;
    base.layout = { ...base.layout, [first]: { x: r.x, y: r.y } };
    const checked = checkDesignData(base);
    if (!checked.design) throw new Error(JSON.stringify(checked.diagnostics));
    return checked.design;
  });

describe('design files round-trip', () => {
  it('load(save(design)) equals design for random valid designs', () => {
    fc.assert(
      fc.property(designArb, (design) => {
        const text = serializeDesign(design);
        const again = parseDesign(text);
        expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(again.design).toEqual(design);
      }),
      { numRuns: 150 },
    );
  });
});
