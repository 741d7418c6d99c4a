import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateBundle } from '../../../src/generators/bundle.ts';
import { inventory, inventoryYaml } from '../../../src/generators/ansible/inventory.ts';
import { site, siteYaml } from '../../../src/generators/ansible/site.ts';
import type { YamlValue } from '../../../src/generators/ansible/yamlText.ts';
import { libraryYaml, plainYaml } from '../../../src/generators/ansible/yamlText.ts';
import { sha256Hex } from '../../../src/services/bundle.ts';
import { benchDesign } from '../../../bench/generate.ts';
import { loadTemplate, templateNames } from '../../support/designs.ts';

/** Words near the edge of plain YAML: numbers, booleans, nulls, indicators, modes, addresses. */
const edgy = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '-',
    '- a',
    '?',
    ':',
    'a: b',
    'a:',
    'a #b',
    '#a',
    '~',
    'null',
    'Null',
    'NULL',
    'true',
    'True',
    'FALSE',
    'yes',
    'no',
    'on',
    '0644',
    '0755',
    '01777',
    '0o17',
    '0x1F',
    '42',
    '-1',
    '1e5',
    '.5',
    '.inf',
    '-.Inf',
    '.nan',
    '10.0.0.1',
    '10.0.0',
    '1.2.3.4.5',
    '---',
    '...',
    '/etc/drbd.d/r0.res',
    'drbd-utils',
    'n_0',
    '@x',
    '%x',
    '{{ x }}',
    '[a]',
    'a\nb',
    'a\tb',
    '"q"',
    "'q'",
    'é',
    'a'.repeat(1100),
  ),
  fc.string({ unit: fc.constantFrom('a', '0', '.', '-', ':', ' ', '#', '/', '_', '\n', '"') }),
  // Every character class the package's plain and quoting rules look at.
  fc.string({
    unit: fc.constantFrom(
      ...'aenNtTfFuloxeE019.+-_~:#?/ ,[]{}&*!|>\'"%@`\\=$()<;',
      '\t',
      '\n',
      '\r',
      '\u007f',
      '\u0085',
      'é',
      '\ud83d\ude00',
    ),
    maxLength: 12,
  }),
  fc.constantFrom(
    '{{ x }}',
    "'a' in b",
    'a "b"',
    '"a" \'b\'',
    'a \\ b',
    'x [0, 1]',
    '%s -c',
    '-x',
    '? x',
  ),
);

const value: fc.Arbitrary<YamlValue> = fc.letrec<{ value: YamlValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    edgy,
    fc.integer(),
    fc.double(),
    fc.constantFrom(-0, 2 ** 53, 1e21),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(edgy, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('plainYaml writes what the yaml package writes', () => {
  it('for any value it writes at all', () => {
    fc.assert(
      fc.property(edgy, value, (comment, v) => {
        const plain = plainYaml(comment, v);
        if (plain !== undefined) expect(plain).toBe(libraryYaml(comment, v));
      }),
      { numRuns: 5000 },
    );
  });

  it('quotes as the package does', () => {
    const v = { a: 'true', b: '42', c: 'a: b', d: '{{ x }}', e: '"a" b', f: "'a' in b", g: '0644' };
    const plain = plainYaml(' c', v);
    expect(plain).toBeDefined();
    expect(plain).toBe(libraryYaml(' c', v));
    expect(plain).toContain(`e: '"a" b'`);
    expect(plain).toContain(`f: "'a' in b"`);
  });

  it('writes maps of lists of small maps directly', () => {
    const v = {
      hosts: {
        n1: {
          ansible_port: 22,
          cw_files: [{ dest: '/etc/a.conf', mode: '0755', validate: 'sh' }, { dest: '/b' }],
          cw_packages: ['corosync', 'drbd-utils'],
          empty: [],
          none: {},
        },
      },
    };
    const plain = plainYaml(' one\n two', v);
    expect(plain).toBeDefined();
    expect(plain).toBe(libraryYaml(' one\n two', v));
  });

  it('leaves what needs quoting to the package', () => {
    expect(plainYaml(' c', { a: 'a\nb' })).toBeUndefined();
    expect(plainYaml(' c', { a: 'é' })).toBeUndefined();
    expect(plainYaml(' c', { a: -0 })).toBeUndefined();
    expect(plainYaml(' c', { a: '---x' })).toBeUndefined();
  });

  // The inventories of every template and of a 16-node design take the direct path.
  const designs = [
    ...templateNames().map((name) => [name, loadTemplate(name)] as const),
    ['bench-16', benchDesign(16)] as const,
  ];
  it.each(designs)('inventory of %s is written directly, as the package writes it', (_, design) => {
    const nodeFiles = generateBundle(design, sha256Hex).files.filter((f) => f.node !== undefined);
    const { comment, value } = inventory(design, nodeFiles);
    const plain = plainYaml(comment, value);
    expect(plain).toBeDefined();
    expect(plain).toBe(libraryYaml(comment, value));
    expect(inventoryYaml(design, nodeFiles)).toBe(plain);
  });
  it.each(designs)('site.yml of %s is written directly, as the package writes it', (_, design) => {
    const { comment, value } = site(design);
    const plain = plainYaml(comment, value);
    expect(plain).toBeDefined();
    expect(plain).toBe(libraryYaml(comment, value));
    expect(siteYaml(design)).toBe(plain);
  });
});
