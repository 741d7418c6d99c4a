import { corosyncValue } from '../escape/corosync.ts';

/** A typed tree of corosync.conf: `key: value` lines and `name { … }` sections. */
export type CorosyncStatement =
  | { readonly kind: 'option'; readonly key: string; readonly value: string }
  | {
      readonly kind: 'section';
      readonly name: string;
      readonly body: readonly CorosyncStatement[];
    };

export function option(key: string, value: string | number): CorosyncStatement {
  return { kind: 'option', key, value: String(value) };
}

export function section(name: string, body: readonly CorosyncStatement[]): CorosyncStatement {
  return { kind: 'section', name, body };
}

function key(k: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(k)) throw new Error(`not a corosync key: ${JSON.stringify(k)}`);
  return k;
}

function render(s: CorosyncStatement, depth: number): string[] {
  const indent = '\t'.repeat(depth);
  if (s.kind === 'option') return [`${indent}${key(s.key)}: ${corosyncValue(s.value)}`];
  return [
    `${indent}${key(s.name)} {`,
    ...s.body.flatMap((b) => render(b, depth + 1)),
    `${indent}}`,
  ];
}

export function renderCorosyncConf(
  comment: string,
  sections: readonly CorosyncStatement[],
): string {
  return [`# ${comment}`, ...sections.flatMap((s) => ['', ...render(s, 0)])].join('\n') + '\n';
}
