import { UnsafeValueError } from './unsafeValue.ts';

/** Words the shell reads literally anywhere: no globs, tilde, `=`, quotes or separators. */
const PLAIN_WORD = /^[A-Za-z0-9_.,:/@%+-]+$/;

/**
 * POSIX shell quoting: a plain word as it is, anything else in single quotes, where nothing
 * is special, with each `'` written as `'\''`. NUL cannot travel in an argument: refused.
 */
export function shellQuote(value: string): string {
  if (value.includes('\u0000')) {
    throw new UnsafeValueError('shell', value, 'NUL cannot be part of a shell word');
  }
  if (PLAIN_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A shell command line from its words, each quoted. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
