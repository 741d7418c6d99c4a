/** Where a command writes; tests pass their own to read what a command printed. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Exit codes of the CLI contract. */
export const EXIT_OK = 0;
export const EXIT_DESIGN_ERRORS = 1;
export const EXIT_USAGE = 2;
