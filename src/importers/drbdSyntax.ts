import { ImportSyntaxError } from './notes.ts';

/**
 * The drbd.conf grammar as drbdadm's scanner reads it: words and "quoted strings", `#`
 * comments to the end of the line, statements ended by `;`, sections in `{ }`. This reads
 * every file into a plain tree; drbd.ts gives the tree its meaning.
 */
export interface DrbdWord {
  readonly text: string;
  readonly quoted: boolean;
}

export interface DrbdStmt {
  readonly words: readonly DrbdWord[];
  /** Present for a section (`on alpha { … }`), absent for an option (`protocol C;`). */
  readonly body?: readonly DrbdStmt[];
  readonly line: number;
  readonly file: string;
}

type Token =
  | {
      readonly kind: 'word';
      readonly text: string;
      readonly quoted: boolean;
      readonly line: number;
    }
  | { readonly kind: '{' | '}' | ';'; readonly line: number };

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', '"': '"', '\\': '\\' };

function tokenize(text: string, file: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{' || c === '}' || c === ';') {
      out.push({ kind: c, line });
      i++;
    } else if (c === '"') {
      const start = line;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length)
          throw new ImportSyntaxError(file, start, 'a quoted string is never closed (missing ")');
        const d = text.charAt(i);
        if (d === '"') break;
        if (d === '\n') line++;
        if (d === '\\' && i + 1 < text.length) {
          const e = text.charAt(i + 1);
          value += ESCAPES[e] ?? e;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
      out.push({ kind: 'word', text: value, quoted: true, line: start });
    } else {
      let value = '';
      while (i < text.length && !/[\s{};"#]/.test(text.charAt(i))) value += text[i++];
      out.push({ kind: 'word', text: value, quoted: false, line });
    }
  }
  return out;
}

/** Parses drbd.conf text into statements; throws ImportSyntaxError with the line on bad syntax. */
export function parseDrbdConf(text: string, file: string): DrbdStmt[] {
  const tokens = tokenize(text, file);
  let pos = 0;
  const block = (depth: number, openedAt: number, openedName: string): DrbdStmt[] => {
    const stmts: DrbdStmt[] = [];
    let words: DrbdWord[] = [];
    let line = 0;
    for (;;) {
      const t = tokens[pos++];
      if (t === undefined) {
        if (depth > 0)
          throw new ImportSyntaxError(
            file,
            openedAt,
            `section "${openedName}" opened here is never closed (a "}" is missing here or in a section inside it)`,
          );
        if (words.length > 0)
          throw new ImportSyntaxError(file, line, `"${words[0]?.text ?? ''}" is not ended by ";"`);
        return stmts;
      }
      if (t.kind === 'word') {
        if (words.length === 0) line = t.line;
        words.push({ text: t.text, quoted: t.quoted });
      } else if (t.kind === ';') {
        if (words.length > 0) stmts.push({ words, line, file });
        words = [];
      } else if (t.kind === '{') {
        if (words.length === 0)
          throw new ImportSyntaxError(file, t.line, 'a "{" with no section name before it');
        const body = block(depth + 1, line, words.map((w) => w.text).join(' '));
        stmts.push({ words, body, line, file });
        words = [];
      } else {
        if (depth === 0)
          throw new ImportSyntaxError(file, t.line, 'a "}" closes no section (one too many)');
        if (words.length > 0)
          throw new ImportSyntaxError(file, line, `"${words[0]?.text ?? ''}" is not ended by ";"`);
        return stmts;
      }
    }
  };
  return block(0, 0, '');
}
