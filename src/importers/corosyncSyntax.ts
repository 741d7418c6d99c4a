import { ImportSyntaxError } from './notes.ts';

/**
 * corosync.conf as corosync's own parser reads it: one item per line, `key: value`, a
 * section opened by `name {` and closed by `}`, whole-line `#` comments.
 */
export interface CorosyncItem {
  readonly key: string;
  /** The value of `key: value`; absent for a section. */
  readonly value?: string;
  readonly body?: readonly CorosyncItem[];
  readonly line: number;
}

export function parseCorosyncConf(text: string, file: string): CorosyncItem[] {
  const root: CorosyncItem[] = [];
  const stack: { items: CorosyncItem[]; line: number }[] = [{ items: root, line: 0 }];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    const s = raw.trim();
    if (s === '' || s.startsWith('#')) return;
    const here = stack[stack.length - 1] ?? stack[0];
    if (!here) return;
    if (s === '}') {
      if (stack.length === 1)
        throw new ImportSyntaxError(file, line, 'a "}" closes no section (one too many)');
      stack.pop();
      return;
    }
    const section = /^([A-Za-z0-9_.-]+)\s*\{$/.exec(s);
    if (section) {
      const body: CorosyncItem[] = [];
      here.items.push({ key: section[1] ?? '', body, line });
      stack.push({ items: body, line });
      return;
    }
    const option = /^([A-Za-z0-9_.-]+)\s*:\s*(.*)$/.exec(s);
    if (option) {
      here.items.push({ key: option[1] ?? '', value: (option[2] ?? '').trim(), line });
      return;
    }
    throw new ImportSyntaxError(
      file,
      line,
      `"${s.slice(0, 40)}" is neither "key: value", "section {" nor "}"`,
    );
  });
  if (stack.length > 1)
    throw new ImportSyntaxError(
      file,
      stack[stack.length - 1]?.line ?? 0,
      'this section is never closed (a "}" is missing)',
    );
  return root;
}
