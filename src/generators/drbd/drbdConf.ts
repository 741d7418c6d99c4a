import { drbdString, drbdWord } from '../escape/drbd.ts';

/**
 * A typed tree of a drbd.conf file. Values are data; rendering quotes or checks each one
 * with the one DRBD escaping function, so no value can end a statement or a section.
 */
export type DrbdValue = { readonly word: string } | { readonly string: string };

export type DrbdStatement =
  | { readonly kind: 'option'; readonly key: string; readonly values: readonly DrbdValue[] }
  | {
      readonly kind: 'section';
      readonly name: string;
      readonly args: readonly DrbdValue[];
      readonly body: readonly DrbdStatement[];
    };

export const word = (value: string | number): DrbdValue => ({ word: String(value) });
export const str = (value: string): DrbdValue => ({ string: value });

export function option(key: string, ...values: DrbdValue[]): DrbdStatement {
  return { kind: 'option', key, values };
}

export function section(
  name: string,
  args: readonly DrbdValue[],
  body: readonly DrbdStatement[],
): DrbdStatement {
  return { kind: 'section', name, args, body };
}

function renderValue(v: DrbdValue): string {
  return 'word' in v ? drbdWord(v.word) : drbdString(v.string);
}

function renderStatement(s: DrbdStatement, depth: number): string[] {
  const indent = '\t'.repeat(depth);
  const head = [
    drbdWord(s.kind === 'option' ? s.key : s.name),
    ...(s.kind === 'option' ? s.values : s.args).map(renderValue),
  ].join(' ');
  if (s.kind === 'option') return [`${indent}${head};`];
  return [
    `${indent}${head} {`,
    ...s.body.flatMap((b) => renderStatement(b, depth + 1)),
    `${indent}}`,
  ];
}

export function renderDrbdConf(comment: string, statements: readonly DrbdStatement[]): string {
  return [`# ${comment}`, ...statements.flatMap((s) => renderStatement(s, 0))].join('\n') + '\n';
}
