import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { EXIT_USAGE } from '../io.ts';

/**
 * Verbs of the CLI contract whose feature has not landed yet. They are listed so that
 * `--help` shows the whole contract, and they say plainly that they do nothing yet.
 */
export const UNAVAILABLE_VERBS: readonly (readonly [string, string])[] = [
  ['simulate', 'simulate a node failure with the failover analysis and crm_simulate'],
  ['import', 'import existing configuration files or a live node into a design'],
];

export function registerUnavailable(
  program: Command,
  io: CliIo,
  exit: (code: number) => void,
): void {
  for (const [verb, what] of UNAVAILABLE_VERBS) {
    program
      .command(verb)
      .description(`${what} (not available yet)`)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        io.err(
          `clusterwright ${verb}: not available yet in this version of Clusterwright; nothing was done.`,
        );
        exit(EXIT_USAGE);
      });
  }
}
