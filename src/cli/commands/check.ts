import type { Command } from 'commander';
import type { BundleCheckReport, FileCheck } from '../../services/bundle.ts';
import { checkBundleDir, isNotABundle } from '../../services/bundle.ts';
import type { CliIo } from '../io.ts';
import { EXIT_DESIGN_ERRORS, EXIT_OK, EXIT_USAGE } from '../io.ts';

function line(r: FileCheck): string {
  return `${r.status.padEnd(7)} ${r.bundlePath}  [${r.tool}]`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function printReport(report: BundleCheckReport, io: CliIo): void {
  for (const r of report.results) {
    if (r.status === 'failed') io.err(`${line(r)}\n${indent(r.output || '(no output)')}`);
    else if (r.status === 'skipped') io.out(`${line(r)}: ${r.output}`);
    else io.out(line(r));
  }
  if (report.missingTools.length > 0) {
    io.out('tools missing on this machine (those checks were skipped):');
    for (const t of report.missingTools)
      io.out(`    ${t.tool}: apt-get install ${t.debianPackage}`);
  }
  const { ok, failed, skipped } = report.counts;
  io.out(`${report.dir}: ${ok} passed, ${failed} failed, ${skipped} skipped`);
}

export function registerCheck(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('check')
    .description('prove a bundle with the real tools found on this machine')
    .argument('<bundle-dir>', 'folder written by clusterwright generate')
    .option('--json', 'print the results as JSON')
    .action(async (dir: string, opts: { json?: boolean }) => {
      let report: BundleCheckReport;
      try {
        report = await checkBundleDir(dir);
      } catch (e) {
        if (!isNotABundle(e)) throw e;
        io.err(`clusterwright check: ${e.message}`);
        exit(EXIT_USAGE);
        return;
      }
      if (opts.json) io.out(JSON.stringify(report, null, 2));
      else printReport(report, io);
      exit(report.ok ? EXIT_OK : EXIT_DESIGN_ERRORS);
    });
}
