import { Command, CommanderError } from 'commander';
import { registerLab } from '../../../src/cli/commands/lab.ts';
import type { LabService } from '../../../src/services/lab.ts';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `clusterwright lab …` through the real command, against a service the test chose. */
export async function runLabCli(service: LabService, args: readonly string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  let code = -1;
  const io = {
    out: (t: string) => void (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t: string) => void (err += t.endsWith('\n') ? t : `${t}\n`),
  };
  const program = new Command('clusterwright')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  registerLab(program, io, (c) => (code = c), service);
  try {
    await program.parseAsync(['lab', ...args], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = 2;
  }
  return { code, out, err };
}
