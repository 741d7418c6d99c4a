/**
 * A reader of corosync.conf as corosync's own parser reads it (exec/coroparse.c): lines;
 * `name {` opens a section, `}` closes it, `key: value` with the value trimmed; `#` lines
 * are comments.
 */
export interface CorosyncSection {
  readonly options: [string, string][];
  readonly sections: [string, CorosyncSection][];
}

export function parseCorosyncConf(text: string): CorosyncSection {
  const root: CorosyncSection = { options: [], sections: [] };
  const stack = [root];
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const top = stack[stack.length - 1] as CorosyncSection;
    if (line.endsWith('{')) {
      const s: CorosyncSection = { options: [], sections: [] };
      top.sections.push([line.slice(0, -1).trim(), s]);
      stack.push(s);
    } else if (line === '}') {
      if (stack.length === 1) throw new Error('unbalanced }');
      stack.pop();
    } else {
      const colon = line.indexOf(':');
      if (colon < 0) throw new Error(`not a key: value line: ${line}`);
      top.options.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }
  if (stack.length !== 1) throw new Error('missing }');
  return root;
}

export function sections(s: CorosyncSection, name: string): CorosyncSection[] {
  return s.sections.filter(([n]) => n === name).map(([, x]) => x);
}

export function section(s: CorosyncSection, name: string): CorosyncSection {
  const all = sections(s, name);
  if (all.length !== 1) throw new Error(`expected one ${name} section, found ${all.length}`);
  return all[0] as CorosyncSection;
}

/** Options as a record; a repeated key is an error (corosync would keep the last). */
export function options(s: CorosyncSection): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of s.options) {
    if (k in out) throw new Error(`repeated key ${k}`);
    out[k] = v;
  }
  return out;
}
