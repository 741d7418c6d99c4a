/**
 * A reader of xl.cfg (libxlu's grammar: `key = value` with numbers, single- or double-
 * quoted strings whose `\\`, `\'`, `\"`, `\n`… escapes are undone, and `[ … ]` lists).
 */
export type XlValue = string | number | string[];

export function parseXlConfig(text: string): Record<string, XlValue> {
  const out: Record<string, XlValue> = {};
  let i = 0;
  const ws = (): void => {
    for (;;) {
      while (i < text.length && /[ \t\r\n]/.test(text[i] ?? '')) i++;
      if (text[i] === '#') while (i < text.length && text[i] !== '\n') i++;
      else return;
    }
  };
  const str = (): string => {
    const q = text[i++];
    let s = '';
    while (i < text.length && text[i] !== q) {
      let c = text[i++] ?? '';
      if (c === '\n') throw new Error('newline in xl string');
      if (c === '\\') {
        const e = text[i++] ?? '';
        c = e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
      }
      s += c;
    }
    if (text[i++] !== q) throw new Error('unterminated xl string');
    return s;
  };
  const atom = (): string | number => {
    if (text[i] === "'" || text[i] === '"') return str();
    const m = /^[0-9]+/.exec(text.slice(i));
    if (!m) throw new Error(`bad xl value at ${i}: ${text.slice(i, i + 20)}`);
    i += m[0].length;
    return Number(m[0]);
  };
  for (;;) {
    ws();
    if (i >= text.length) return out;
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!m) throw new Error(`bad xl key at ${i}`);
    i += m[0].length;
    ws();
    if (text[i++] !== '=') throw new Error(`missing = after ${m[0]}`);
    ws();
    if (text[i] === '[') {
      i++;
      const list: string[] = [];
      for (;;) {
        ws();
        if (text[i] === ']') {
          i++;
          break;
        }
        list.push(String(atom()));
        ws();
        if (text[i] === ',') i++;
      }
      out[m[0]] = list;
    } else {
      out[m[0]] = atom();
    }
    ws();
    if (text[i] === ';') i++;
  }
}

/** A disk or vif spec: `key=value, key=value`. */
export function parseXlSpec(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of spec.split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) throw new Error(`not key=value: ${item}`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}
