import type { Command } from 'commander';
import { formatDiagnostic } from '../../services/format.ts';
import type { FailoverAction, FailureAnalysis } from '../../services/simulate.ts';
import { simulateDesignFile } from '../../services/simulate.ts';
import type { CliIo } from '../io.ts';
import { EXIT_DESIGN_ERRORS, EXIT_OK, EXIT_USAGE } from '../io.ts';

function describeAction(a: FailoverAction): string {
  switch (a.action) {
    case 'fence':
      return `fence ${a.node}`;
    case 'move':
      return `move ${a.resource}: ${a.from} → ${a.to}`;
    case 'stop':
    case 'start':
    case 'promote':
    case 'demote':
      return `${a.action} ${a.resource} on ${a.node}`;
  }
}

function report(file: string, a: FailureAnalysis): string {
  const lines = [
    `${file}: after ${a.failed.join(' and ')} ${a.failed.length === 1 ? 'fails' : 'fail'}`,
  ];
  lines.push(`  quorum: ${a.quorate ? 'kept' : 'LOST'}`);
  lines.push('  actions:');
  if (a.actions.length === 0) lines.push('    none');
  for (const action of a.actions) lines.push(`    ${describeAction(action)}`);
  lines.push('  placement:');
  const byNode = new Map<string, string[]>();
  for (const p of a.placements) {
    const list = byNode.get(p.node) ?? [];
    list.push(
      p.role === 'started' ? `${p.resource} (${p.kind})` : `${p.resource} (${p.kind}, ${p.role})`,
    );
    byNode.set(p.node, list);
  }
  if (byNode.size === 0) lines.push('    nothing runs');
  for (const [node, list] of byNode) lines.push(`    ${node}: ${list.join(', ')}`);
  if (a.unplaced.length > 0) {
    lines.push('  cannot run anywhere:');
    for (const u of a.unplaced) lines.push(`    ${u.resource} (${u.kind}): ${u.reason}`);
    if (a.shortfall.vcpus > 0 || a.shortfall.memoryMiB > 0)
      lines.push(
        `  shortfall: ${a.shortfall.vcpus} vCPUs and ${a.shortfall.memoryMiB} MiB have no place`,
      );
  }
  return lines.join('\n');
}

export function registerSimulate(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('simulate')
    .description('show where every resource runs after nodes fail, and what the cluster does')
    .argument('<design>', 'design file (YAML)')
    .requiredOption(
      '--fail <node>',
      'a node that fails (repeat for several)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--json', 'print the analysis as JSON')
    .option('--crm', 'also run crm_simulate on the generated CIB and compare its placement')
    .action(async (file: string, opts: { fail: string[]; json?: boolean; crm?: boolean }) => {
      const result = await simulateDesignFile(file, opts.fail, { crm: opts.crm === true });
      if (result.ioError) {
        io.err(`clusterwright simulate: ${result.ioError}`);
        exit(EXIT_USAGE);
        return;
      }
      if (result.usageError) {
        io.err(`clusterwright simulate: ${file}: --fail: ${result.usageError}`);
        exit(EXIT_USAGE);
        return;
      }
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (!result.analysis) {
        for (const d of errors) io.err(formatDiagnostic(d, file));
        io.err(
          `clusterwright simulate: ${file} has ${errors.length} error(s) that prevent a simulation; fix them first (clusterwright validate ${file})`,
        );
        exit(result.unreadable ? EXIT_USAGE : EXIT_DESIGN_ERRORS);
        return;
      }
      const a = result.analysis;
      const crm = opts.crm
        ? {
            crm: result.crmError
              ? { error: result.crmError }
              : { agrees: result.crmDifferences?.length === 0, differences: result.crmDifferences },
          }
        : {};
      if (opts.json) {
        io.out(JSON.stringify({ file, ...a, designErrors: errors.length, ...crm }, null, 2));
      } else {
        io.out(report(file, a));
        if (result.crmError) io.err(`crm_simulate check not done: ${result.crmError}`);
        else if (result.crmDifferences?.length === 0)
          io.out('  crm_simulate on the generated CIB: same placement');
        else if (result.crmDifferences)
          for (const d of result.crmDifferences)
            io.out(
              `  crm_simulate differs: ${d.resource} on ${d.crm.join(', ') || 'no node'}, ours on ${d.ours.join(', ') || 'no node'}`,
            );
        if (errors.length > 0)
          io.err(
            `note: ${file} has ${errors.length} validation error(s); run clusterwright validate ${file}`,
          );
      }
      // A placement crm_simulate disagrees with is a finding about the design or the model.
      const disagrees = (result.crmDifferences?.length ?? 0) > 0;
      exit(a.unplaced.length > 0 || disagrees ? EXIT_DESIGN_ERRORS : EXIT_OK);
    });
}
