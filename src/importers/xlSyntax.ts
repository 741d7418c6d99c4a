import { ImportSyntaxError } from './notes.ts';

/**
 * The xl.cfg grammar (xl.cfg(5)): `KEY = VALUE` settings, each ended by a newline or `;`;
 * a value is a number, a "double" or 'single' quoted string, or a [ list ] of those that may
 * span lines and end with a comma; `#` starts a comment.
 */
export type XlValue = string | number | readonly XlValue[];

export interface XlSetting {
  readonly key: string;
  readonly value: XlValue;
  readonly line: number;
}

export function parseXlCfg(text: string, file: string): XlSetting[] {
  let i = 0;
  let line = 1;
  const fail = (what: string): never => {
    throw new ImportSyntaxError(file, line, what);
  };
  const skipSpace = (newlines: boolean): void => {
    while (i < text.length) {
      const c = text.charAt(i);
      if (c === '#') while (i < text.length && text[i] !== '\n') i++;
      else if (c === ' ' || c === '\t' || c === '\r') i++;
      else if (c === '\n' && newlines) {
        line++;
        i++;
      } else break;
    }
  };
  const value = (): XlValue => {
    const c = text[i];
    if (c === '"' || c === "'") {
      const start = line;
      let s = '';
      i++;
      while (text[i] !== c) {
        if (i >= text.length || text[i] === '\n') {
          line = start;
          fail('a quoted string is never closed');
        }
        if (text[i] === '\\' && i + 1 < text.length) i++;
        s += text[i++];
      }
      i++;
      return s;
    }
    if (c === '[') {
      const start = line;
      const unclosed = (): never => {
        line = start;
        return fail('a list opened here is never closed (a "]" is missing)');
      };
      i++;
      const items: XlValue[] = [];
      for (;;) {
        skipSpace(true);
        if (i >= text.length) unclosed();
        if (text[i] === ']') {
          i++;
          return items;
        }
        items.push(value());
        skipSpace(true);
        if (i >= text.length) unclosed();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail(`expected "," or "]" in a list, found "${text.charAt(i)}"`);
      }
    }
    const m = /^(0x[0-9a-fA-F]+|\d+)/.exec(text.slice(i));
    if (m) {
      i += m[0].length;
      return Number(m[0]);
    }
    return fail(
      `a value must be a number, a quoted string or a [list], found "${text.slice(i, i + 20).split('\n')[0]}"`,
    );
  };
  const out: XlSetting[] = [];
  for (;;) {
    skipSpace(true);
    if (i >= text.length) return out;
    if (text[i] === ';') {
      i++;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (!m) return fail(`expected a setting name, found "${text.slice(i, i + 20).split('\n')[0]}"`);
    const key = m[0];
    const at = line;
    i += key.length;
    skipSpace(false);
    if (text[i] !== '=') fail(`expected "=" after ${key}`);
    i++;
    skipSpace(false);
    out.push({ key, value: value(), line: at });
    skipSpace(false);
    if (i < text.length && text[i] !== '\n' && text[i] !== ';')
      fail(`unexpected "${text.slice(i, i + 20).split('\n')[0]}" after the value of ${key}`);
  }
}
