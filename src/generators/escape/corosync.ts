import { CONTROL_CHARS, UnsafeValueError } from './unsafeValue.ts';

/**
 * corosync.conf has no quoting: a value runs to the end of the line, trimmed, and `{`/`}`
 * open and close sections (pcs refuses `{`, `}`, newline and CR for the same reason). So a
 * value is written as it is, or refused.
 */
export function corosyncValue(value: string): string {
  if (value.length === 0) throw new UnsafeValueError('corosync', value, 'the value is empty');
  if (/[{}]/.test(value) || CONTROL_CHARS.test(value)) {
    throw new UnsafeValueError(
      'corosync',
      value,
      'braces, newlines, carriage returns and other control characters end the value or the section',
    );
  }
  if (value.trim() !== value) {
    throw new UnsafeValueError('corosync', value, 'corosync trims leading and trailing spaces');
  }
  return value;
}
