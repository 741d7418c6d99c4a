import type { Command } from 'commander';
import { countBySeverity, formatDiagnostic } from '../../services/format.ts';
import { withRules } from '../../services/services.ts';
import { loadDesignFile } from '../../services/designFiles.ts';
import type { CliIo } from '../io.ts';
import { EXIT_DESIGN_ERRORS, EXIT_OK, EXIT_USAGE } from '../io.ts';

export function registerValidate(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('validate')
    .description('check a design: schema, references and every design rule')
    .argument('<design>', 'design file (YAML)')
    .option('--json', 'print the diagnostics as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const loaded = await loadDesignFile(file);
      if (loaded.ioError) {
        io.err(`clusterwright validate: ${loaded.ioError}`);
        exit(EXIT_USAGE);
        return;
      }
      const checked = withRules(loaded);
      const counts = countBySeverity(checked.diagnostics);
      const errors = counts.error > 0;
      if (opts.json) {
        io.out(
          JSON.stringify(
            {
              file,
              valid: !errors,
              ...(checked.migratedFrom ? { migratedFrom: checked.migratedFrom } : {}),
              diagnostics: checked.diagnostics,
            },
            null,
            2,
          ),
        );
      } else {
        for (const d of checked.diagnostics)
          (d.severity === 'error' ? io.err : io.out)(formatDiagnostic(d, file));
        const count = (s: string): number =>
          checked.diagnostics.filter((d) => d.severity === s).length;
        io.out(
          `${file}: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`,
        );
      }
      exit(checked.unreadable ? EXIT_USAGE : errors ? EXIT_DESIGN_ERRORS : EXIT_OK);
    });
}
