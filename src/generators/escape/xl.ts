import { CONTROL_CHARS, UnsafeValueError } from './unsafeValue.ts';

/**
 * An xl.cfg string (libxlu): single-quoted, where the parser turns `\\` and `\'` back into
 * `\` and `'`. Control characters could be written as escapes but nothing we write needs
 * them, so they are refused.
 */
export function xlString(value: string): string {
  if (CONTROL_CHARS.test(value)) {
    throw new UnsafeValueError('xl.cfg', value, 'control characters are not allowed');
  }
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/**
 * One `key=value` item inside an xl disk or vif spec string. Those specs split on `,` and
 * `=`, so a value holding either (or a space) would add a key; refuse it.
 */
export function xlSpecValue(value: string): string {
  if (value.length === 0 || /[,=\s'"\\]/.test(value) || CONTROL_CHARS.test(value)) {
    throw new UnsafeValueError(
      'xl.cfg',
      value,
      'a disk or vif spec value may not hold , = spaces or quotes',
    );
  }
  return value;
}
