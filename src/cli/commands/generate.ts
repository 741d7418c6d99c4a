import { Option } from 'commander';
import type { Command } from 'commander';
import type { ArchiveFormat } from '../../services/bundle.ts';
import {
  ARCHIVE_FORMATS,
  BundleOutputError,
  bundleOf,
  writeArchive,
  writeBundle,
} from '../../services/bundle.ts';
import { loadDesignFile } from '../../services/designFiles.ts';
import { formatDiagnostic } from '../../services/format.ts';
import { withRules } from '../../services/services.ts';
import type { CliIo } from '../io.ts';
import { EXIT_DESIGN_ERRORS, EXIT_OK, EXIT_USAGE } from '../io.ts';

export function registerGenerate(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('generate')
    .description('write every configuration file of a design into a bundle folder')
    .argument('<design>', 'design file (YAML)')
    .requiredOption('--out <dir>', 'bundle folder: new, empty, or a previous bundle to replace')
    .addOption(
      new Option('--archive <format>', 'also write <dir>.tar.gz or <dir>.zip').choices([
        ...ARCHIVE_FORMATS,
      ]),
    )
    .action(async (file: string, opts: { out: string; archive?: ArchiveFormat }) => {
      const loaded = await loadDesignFile(file);
      if (loaded.ioError) {
        io.err(`clusterwright generate: ${loaded.ioError}`);
        exit(EXIT_USAGE);
        return;
      }
      const checked = withRules(loaded);
      const errors = checked.diagnostics.filter((d) => d.severity === 'error');
      for (const d of checked.diagnostics)
        (d.severity === 'error' ? io.err : io.out)(formatDiagnostic(d, file));
      if (!checked.design || errors.length > 0) {
        io.err(
          `${file}: ${errors.length} error(s); nothing was written. Fix them (clusterwright validate ${file}) and generate again.`,
        );
        exit(checked.unreadable ? EXIT_USAGE : EXIT_DESIGN_ERRORS);
        return;
      }
      const { files } = bundleOf(checked.design);
      try {
        const dir = await writeBundle(files, opts.out);
        io.out(`${file}: wrote ${files.length} files to ${dir}`);
        if (opts.archive) {
          const archive = await writeArchive(files, dir, opts.archive);
          io.out(`${file}: wrote ${archive}`);
        }
      } catch (e) {
        if (!(e instanceof BundleOutputError)) throw e;
        io.err(`clusterwright generate: ${e.message}`);
        exit(EXIT_USAGE);
        return;
      }
      exit(EXIT_OK);
    });
}
