/**
 * What every escaping function throws when a value cannot be written safely in its format.
 * The model refuses such values first; reaching this is a bug upstream, so the message says
 * which format, which value and where it came from.
 */
export class UnsafeValueError extends Error {
  constructor(format: string, value: string, why: string) {
    super(`cannot write ${JSON.stringify(value)} into a ${format} file: ${why}`);
    this.name = 'UnsafeValueError';
  }
}

// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
