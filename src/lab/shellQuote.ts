/** One argument for a POSIX shell, quoted so nothing in it is interpreted. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
