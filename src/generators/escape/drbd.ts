import { CONTROL_CHARS, UnsafeValueError } from './unsafeValue.ts';

/**
 * DRBD's lexer (drbdadm) reads a quoted string as `"([^"\\\n]|\\.)*"` and keeps escapes
 * verbatim, and limits strings to 128 characters (DRBD_NAME_MAX-ish); so the one safe form is
 * a quoted string with no quote, backslash or control character in it, which we refuse.
 */
export function drbdString(value: string): string {
  if (value.length === 0) throw new UnsafeValueError('DRBD', value, 'the value is empty');
  if (value.length > 128) {
    throw new UnsafeValueError('DRBD', value, 'drbdadm takes at most 128 characters');
  }
  if (CONTROL_CHARS.test(value) || value.includes('"') || value.includes('\\')) {
    throw new UnsafeValueError(
      'DRBD',
      value,
      'quotes, backslashes and control characters break it',
    );
  }
  return `"${value}"`;
}

/** A bare DRBD word (keywords, numbers, addresses): letters, digits and `/._:-` only. */
export function drbdWord(value: string): string {
  if (!/^[A-Za-z0-9/._:-]{1,128}$/.test(value)) {
    throw new UnsafeValueError(
      'DRBD',
      value,
      'a bare word may hold only letters, digits and /._:-',
    );
  }
  return value;
}
