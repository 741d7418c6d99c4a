import { Command, CommanderError } from 'commander';
import { registerSimulate } from './commands/simulate.ts';
import { registerImport } from './commands/import.ts';
import { registerLab } from './commands/lab.ts';
import { registerCheck } from './commands/check.ts';
import { registerDeploy } from './commands/deploy.ts';
import { registerStatus } from './commands/status.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerNew } from './commands/new.ts';
import { registerValidate } from './commands/validate.ts';
import type { CliIo } from './io.ts';
import { EXIT_OK, EXIT_USAGE, processIo } from './io.ts';

/** Runs the `clusterwright` command line and returns its exit code (0 ok, 1 errors, 2 usage). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let code = EXIT_OK;
  const exit = (c: number): void => {
    code = c;
  };
  const program = new Command('clusterwright')
    .description('Design, prove, deploy and watch high-availability Linux clusters')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerValidate(program, io, exit);
  registerSimulate(program, io, exit);
  registerImport(program, io, exit);
  registerGenerate(program, io, exit);
  registerCheck(program, io, exit);
  registerNew(program, io, exit);
  registerLab(program, io, exit);
  registerDeploy(program, io, exit);
  registerStatus(program, io, exit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version'
        ? EXIT_OK
        : EXIT_USAGE;
    }
    throw e;
  }
  return code;
}
