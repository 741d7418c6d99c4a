/** Reads a vzctl CTID.conf: `KEY="value"` lines (vzctl strips the quotes, undoes nothing). */
export function parseOpenvzConf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const m = /^([A-Z][A-Z0-9_]*)="([^"]*)"$/.exec(line);
    if (!m) throw new Error(`not a KEY="value" line: ${line}`);
    out[m[1] as string] = m[2] as string;
  }
  return out;
}
