import { XMLParser, XMLValidator } from 'fast-xml-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drbdString } from '../../../src/generators/escape/drbd.ts';
import { iscsiWord } from '../../../src/generators/escape/iscsi.ts';
import { openvzValue } from '../../../src/generators/escape/openvz.ts';
import { shellQuote } from '../../../src/generators/escape/shell.ts';
import { UnsafeValueError } from '../../../src/generators/escape/unsafeValue.ts';
import { xlString } from '../../../src/generators/escape/xl.ts';
import { xmlComment, xmlEscape } from '../../../src/generators/escape/xml.ts';
import { requireTool, runTool } from '../../support/tools.ts';
import { parseDrbdConf } from '../parse/drbdParse.ts';
import { parseXlConfig } from '../parse/xlParse.ts';

/** Strings rich in what breaks config files: quotes, separators, braces, controls, Unicode. */
const nasty = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '"',
      "'",
      '\\',
      ';',
      '{',
      '}',
      '$',
      '`',
      '(',
      ')',
      '\n',
      '\r',
      '\t',
      ' ',
      '#',
      ',',
      '=',
      '-',
      '<',
      '>',
      '&',
      '\u0000',
      '\u00e9',
      '\u{1f600}',
      '\u2028',
    ),
    fc.string({ minLength: 1, maxLength: 1 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 140,
});

/** Either the escape refuses the value with UnsafeValueError, or `check` holds for its output. */
function refusedOr(
  escape: (v: string) => string,
  value: string,
  check: (out: string) => void,
): void {
  let out: string;
  try {
    out = escape(value);
  } catch (e) {
    expect(e).toBeInstanceOf(UnsafeValueError);
    return;
  }
  check(out);
}

describe('escaping functions', () => {
  it('shellQuote: the real shell reads every quoted value back unchanged', () => {
    const values = fc.sample(
      nasty.filter((s) => !s.includes('\u0000')),
      { numRuns: 300, seed: 7 },
    );
    values.push('', '-rf', "it's", '$(reboot)', '`id`', '~root', 'a=b', '*');
    const script = values.map((v) => `printf '%s\\0' ${shellQuote(v)}`).join('\n');
    const r = runTool('sh', ['-c', script]);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(values);
    expect(() => shellQuote('a\u0000b')).toThrow(UnsafeValueError);
  });

  it('xmlEscape: a real XML parser reads attribute and text back unchanged', () => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      htmlEntities: true,
    });
    fc.assert(
      fc.property(nasty, (value) =>
        refusedOr(xmlEscape, value, (out) => {
          const doc = `<a b="${out}">${out}</a>`;
          expect(XMLValidator.validate(doc)).toBe(true);
          const a = parser.parse(doc).a;
          expect(a['@b']).toBe(value);
          expect(a['#text'] ?? '').toBe(value);
        }),
      ),
      { numRuns: 300, seed: 11 },
    );
    expect(() => xmlEscape('nul\u0000')).toThrow(UnsafeValueError);
  });

  it('xmlComment: xmllint accepts every comment, even for names like a--b', () => {
    const xmllint = requireTool('xmllint', 'libxml2-utils');
    const values = fc.sample(
      // eslint-disable-next-line no-control-regex
      nasty.filter((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v)),
      { numRuns: 200, seed: 5 },
    );
    values.push('a--b', 'trailing-', '---', '-->', '<!--');
    const doc = `<r>${values.map((v) => `<!-- ${xmlComment(v)} -->`).join('\n')}</r>`;
    const r = runTool(xmllint, ['--noout', '-'], { input: doc });
    expect(r.status, r.stderr).toBe(0);
  });

  it('drbdString: drbdadm-style tokenizing reads the value back or it is refused', () => {
    fc.assert(
      fc.property(nasty, (value) =>
        refusedOr(drbdString, value, (out) => {
          expect(parseDrbdConf(`disk ${out};`)).toEqual([{ key: 'disk', args: [value] }]);
        }),
      ),
      { numRuns: 300, seed: 13 },
    );
    expect(() => drbdString('a"; disk /dev/sda; "')).toThrow(UnsafeValueError);
    expect(() => drbdString('x'.repeat(129))).toThrow('at most 128');
  });

  it('xlString: libxlu-style unquoting reads the value back or it is refused', () => {
    fc.assert(
      fc.property(nasty, (value) =>
        refusedOr(xlString, value, (out) => {
          expect(parseXlConfig(`name = ${out}\n`)).toEqual({ name: value });
        }),
      ),
      { numRuns: 300, seed: 17 },
    );
  });

  it('openvzValue: sourcing by the real shell keeps the value, or it is refused', () => {
    const accepted = fc.sample(nasty, { numRuns: 300, seed: 19 }).filter((v) => {
      try {
        openvzValue(v);
        return true;
      } catch (e) {
        expect(e).toBeInstanceOf(UnsafeValueError);
        return false;
      }
    });
    expect(accepted.length).toBeGreaterThan(10);
    const script = accepted.map((v) => `V=${openvzValue(v)}; printf '%s\\0' "$V"`).join('\n');
    const r = runTool('sh', ['-c', script]);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(accepted);
    for (const bad of ['$(reboot)', '`id`', 'a"b', 'back\\slash', 'new\nline']) {
      expect(() => openvzValue(bad)).toThrow(UnsafeValueError);
    }
  });

  it('iscsiWord: only single words of IQN, path and address characters', () => {
    expect(iscsiWord('iqn.2026-01.org.example:t1', 'tgt')).toBe('iqn.2026-01.org.example:t1');
    for (const bad of ['a b', 'a#b', 'Path=/x,Type=fileio', '', 'x\ny']) {
      expect(() => iscsiWord(bad, 'IET')).toThrow(UnsafeValueError);
    }
  });
});
