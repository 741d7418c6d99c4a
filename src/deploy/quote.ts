/**
 * The one shell-quoting function for every remote command. Names and paths are never
 * pasted into a shell unquoted: every value goes through `shellQuote`, either directly,
 * through `command(argv)` or through the `sh` tagged template.
 */

/** Characters that need no quoting in any POSIX shell (kept for readable logs). */
const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one argument for a POSIX shell: single quotes, with each `'` written as `'\''`.
 * A NUL byte cannot be passed to a command at all, so it is refused.
 */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new Error('a shell argument cannot contain a NUL byte');
  if (BARE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** A command line from an argument vector; every argument quoted. */
export function command(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('a command needs at least the program name');
  return argv.map(shellQuote).join(' ');
}

/** Shell text that `sh` inserts as it is: only ever built by `sh` itself or `rawShell`. */
export interface ShellText {
  readonly shell: string;
}

/**
 * Marks constant shell text (an operator, a redirection) to be inserted unquoted by `sh`.
 * Never pass it anything that came from a design, a file or a user.
 */
export function rawShell(text: string): ShellText {
  return { shell: text };
}

type ShellValue = string | number | readonly (string | number)[] | ShellText;

function isShellText(v: ShellValue): v is ShellText {
  return typeof v === 'object' && !Array.isArray(v) && 'shell' in v;
}

/**
 * Tagged template that quotes every interpolated value:
 * sh`cat -- ${path} > ${target}`. An array becomes several quoted words; a value made by
 * `sh` or `rawShell` is inserted as it is, so commands compose.
 */
export function sh(strings: TemplateStringsArray, ...values: ShellValue[]): ShellText {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    if (isShellText(v)) out += v.shell;
    else if (Array.isArray(v))
      out += (v as readonly (string | number)[]).map((x) => shellQuote(String(x))).join(' ');
    else out += shellQuote(String(v));
    out += strings[i + 1] ?? '';
  });
  return { shell: out };
}

/**
 * Checks a host name or address before it reaches any connection or command: a value
 * starting with `-` would be read as an option by ssh-like tools, and whitespace or
 * control characters have no place in a host name.
 */
export function checkHostName(host: string): string {
  if (host === '') throw new Error('the SSH host is empty: give a host name or an address');
  if (host.startsWith('-')) {
    throw new Error(`refusing SSH host "${host}": a host name cannot start with "-"`);
  }
  if ([...host].some((c) => /\s/.test(c) || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new Error(
      `refusing SSH host ${JSON.stringify(host)}: it contains whitespace or control characters`,
    );
  }
  return host;
}
