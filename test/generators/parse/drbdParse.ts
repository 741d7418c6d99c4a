/**
 * A small reader of drbd.conf syntax for parse-back tests: statements `key args… ;` and
 * sections `key args… { … }`, strings in double quotes. Written from drbdadm's grammar, not
 * from our generator, so it reads back what drbdadm would.
 */
export interface DrbdNode {
  readonly key: string;
  readonly args: readonly string[];
  readonly body?: readonly DrbdNode[];
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{' || c === '}' || c === ';') {
      tokens.push(c);
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\n') throw new Error('newline inside a DRBD string');
        if (text[j] === '\\') j++;
        s += text[j] ?? '';
        j++;
      }
      if (j >= text.length) throw new Error('unterminated DRBD string');
      tokens.push(`"${s}`); // a leading quote marks a string token
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s{};"#]/.test(text[j] ?? '')) j++;
      tokens.push(text.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

const value = (t: string): string => (t.startsWith('"') ? t.slice(1) : t);

export function parseDrbdConf(text: string): DrbdNode[] {
  const tokens = tokenize(text);
  let pos = 0;
  const block = (closing: boolean): DrbdNode[] => {
    const out: DrbdNode[] = [];
    while (pos < tokens.length) {
      if (tokens[pos] === '}') {
        if (!closing) throw new Error('unbalanced }');
        pos++;
        return out;
      }
      const key = tokens[pos++] ?? '';
      const args: string[] = [];
      while (pos < tokens.length && tokens[pos] !== ';' && tokens[pos] !== '{') {
        if (tokens[pos] === '}') throw new Error(`statement ${key} not ended`);
        args.push(value(tokens[pos++] ?? ''));
      }
      const end = tokens[pos++];
      if (end === ';') out.push({ key, args });
      else if (end === '{') out.push({ key, args, body: block(true) });
      else throw new Error(`statement ${key} not ended`);
    }
    if (closing) throw new Error('missing }');
    return out;
  };
  return block(false);
}

/** The children of `node` with the given key. */
export function drbdAll(nodes: readonly DrbdNode[], key: string): DrbdNode[] {
  return nodes.filter((n) => n.key === key);
}

export function drbdOne(nodes: readonly DrbdNode[], key: string): DrbdNode {
  const found = drbdAll(nodes, key);
  if (found.length !== 1) throw new Error(`expected one ${key}, found ${found.length}`);
  return found[0] as DrbdNode;
}
