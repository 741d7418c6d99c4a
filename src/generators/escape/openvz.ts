import { CONTROL_CHARS, UnsafeValueError } from './unsafeValue.ts';

/**
 * OpenVZ's CTID.conf is read by vzctl's own parser (which strips the double quotes and
 * undoes nothing) and sourced by shell scripts (which expand `$`, backquotes and `\`
 * inside double quotes). The only value safe for both holds none of those, so the rest are
 * refused.
 */
export function openvzValue(value: string): string {
  if (/["$`\\]/.test(value) || CONTROL_CHARS.test(value)) {
    throw new UnsafeValueError(
      'OpenVZ',
      value,
      'quotes, $, backquotes, backslashes and control characters are not allowed',
    );
  }
  return `"${value}"`;
}

/** OpenVZ keys are shell variable names. */
export function openvzKey(key: string): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(key)) throw new UnsafeValueError('OpenVZ', key, 'not a key');
  return key;
}
