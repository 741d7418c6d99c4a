import { describe, expect, it } from 'vitest';
import { parseCorosyncConf } from '../../src/importers/corosyncSyntax.ts';
import { parseDrbdConf } from '../../src/importers/drbdSyntax.ts';
import { ImportSyntaxError } from '../../src/importers/notes.ts';
import { parseShellVars } from '../../src/importers/openvz.ts';
import { parseXlCfg } from '../../src/importers/xlSyntax.ts';

function syntaxError(run: () => unknown): ImportSyntaxError {
  try {
    run();
  } catch (e) {
    if (e instanceof ImportSyntaxError) return e;
    throw e;
  }
  throw new Error('expected a syntax error');
}

describe('DRBD tokenizer', () => {
  it('reads words, quoted strings with escapes, comments and nested sections with lines', () => {
    const tree = parseDrbdConf(
      [
        '# a comment { with braces; }',
        'resource "r 0" { # trailing comment',
        '  net { shared-secret "a\\"b;c}"; }',
        '  on alpha { address 10.0.0.1:7789; }',
        '}',
      ].join('\n'),
      'x.res',
    );
    expect(tree).toHaveLength(1);
    const res = tree[0]!;
    expect(res.words.map((w) => w.text)).toEqual(['resource', 'r 0']);
    expect(res.words[1]!.quoted).toBe(true);
    expect(res.line).toBe(2);
    const net = res.body![0]!;
    expect(net.body![0]!.words.map((w) => w.text)).toEqual(['shared-secret', 'a"b;c}']);
    expect(res.body![1]!.line).toBe(4);
    expect(res.body![1]!.body![0]!.words.map((w) => w.text)).toEqual(['address', '10.0.0.1:7789']);
  });

  it.each([
    ['resource r0 {\n  on a {\n    disk /dev/x;\n}\n', 1, 'never closed'],
    ['resource r0 {\n}\n}\n', 3, 'closes no section'],
    ['resource r0 {\n  protocol C\n}\n', 2, 'not ended by ";"'],
    ['resource r0 {\n  net { shared-secret "abc; }\n}\n', 2, 'never closed'],
    ['{ protocol C; }', 1, 'no section name'],
  ])('reports %j at line %i', (text, line, message) => {
    const e = syntaxError(() => parseDrbdConf(text, 'bad.res'));
    expect(e.file).toBe('bad.res');
    expect(e.line).toBe(line);
    expect(e.message).toContain(message);
  });
});

describe('corosync.conf parser', () => {
  it('reads sections and key: value lines, ignoring comments', () => {
    const items = parseCorosyncConf(
      '# c\ntotem {\n  version: 2\n  interface {\n    linknumber: 0\n  }\n}\nlogging{\n to_syslog:yes\n}\n',
      'c.conf',
    );
    expect(items.map((i) => i.key)).toEqual(['totem', 'logging']);
    expect(items[0]!.body![1]!.body![0]).toEqual({ key: 'linknumber', value: '0', line: 5 });
    expect(items[1]!.body![0]!.value).toBe('yes');
  });

  it.each([
    ['totem {\n version: 2\n', 1, 'never closed'],
    ['totem {\n}\n}\n', 3, 'closes no section'],
    ['totem {\n version 2\n}\n', 2, 'neither'],
  ])('reports %j at line %i', (text, line, message) => {
    const e = syntaxError(() => parseCorosyncConf(text, 'corosync.conf'));
    expect(e.line).toBe(line);
    expect(e.message).toContain(message);
  });
});

describe('xl.cfg parser', () => {
  it('reads numbers, both quotes, multi-line lists with a trailing comma, ";" and comments', () => {
    const s = parseXlCfg(
      [
        '# comment',
        'name = "web" ; memory = 0x400',
        'vcpus=2 # two',
        "disk = [ 'phy:/dev/drbd1,xvda,w', # first",
        '        "target=/dev/drbd2",',
        '       ]',
        'empty = []',
      ].join('\n'),
      'web.cfg',
    );
    expect(s).toEqual([
      { key: 'name', value: 'web', line: 2 },
      { key: 'memory', value: 1024, line: 2 },
      { key: 'vcpus', value: 2, line: 3 },
      { key: 'disk', value: ['phy:/dev/drbd1,xvda,w', 'target=/dev/drbd2'], line: 4 },
      { key: 'empty', value: [], line: 7 },
    ]);
  });

  it.each([
    ['name = "web\n', 1, 'never closed'],
    ['disk = [ "a"\n', 1, 'never closed'],
    ['disk = [ "a" "b" ]\n', 1, 'expected "," or "]"'],
    ['name "web"\n', 1, 'expected "="'],
    ['memory = 512 MB\n', 1, 'unexpected'],
    ['a = 1\nb = yes\n', 2, 'a value must be'],
  ])('reports %j at line %i', (text, line, message) => {
    const e = syntaxError(() => parseXlCfg(text, 'bad.cfg'));
    expect(e.line).toBe(line);
    expect(e.message).toContain(message);
  });
});

describe('OpenVZ shell variables', () => {
  it('reads double-quoted, single-quoted and bare values with comments', () => {
    expect(
      parseShellVars('# c\nA="x y"\nB=\'z\'\nC=3 # three\nD="a\\"b"\n', '101.conf').map((v) => [
        v.key,
        v.value,
        v.line,
      ]),
    ).toEqual([
      ['A', 'x y', 2],
      ['B', 'z', 3],
      ['C', '3', 4],
      ['D', 'a"b', 5],
    ]);
  });

  it('rejects a line that is not KEY="value"', () => {
    const e = syntaxError(() => parseShellVars('A="1"\nrm -rf /\n', '101.conf'));
    expect(e.line).toBe(2);
  });
});
