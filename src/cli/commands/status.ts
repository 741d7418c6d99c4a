import type { Command } from 'commander';
import { loadDeployableDesign } from '../../services/deploy.ts';
import type { ClusterStatusReport } from '../../services/status.ts';
import { statusOfDesign } from '../../services/status.ts';
import type { CliIo } from '../io.ts';
import { EXIT_DESIGN_ERRORS, EXIT_OK, EXIT_USAGE } from '../io.ts';

function text(r: ClusterStatusReport): string {
  const lines = [`cluster ${r.cluster} (from ${r.source ?? 'no node'}, ${r.collectedAt})`];
  if (r.error) lines.push(`  error: ${r.error}`);
  for (const n of r.nodes)
    lines.push(
      `  node ${n.name}: ${n.online ? 'online' : 'OFFLINE'}${n.standby ? ' standby' : ''}${n.unclean ? ' UNCLEAN' : ''}${n.reachable ? '' : ' (unreachable over SSH)'}`,
    );
  for (const res of r.resources)
    lines.push(
      `  ${res.id}: ${res.role}${res.running_on.length ? ` on ${res.running_on.join(', ')}` : ''}`,
    );
  for (const f of r.failures)
    lines.push(
      `  failed: ${f.resource} ${f.operation} on ${f.node}: ${f.exitReason || f.status} (rc ${f.exitCode})`,
    );
  if (r.stonithEnabled === false)
    lines.push('  warning: STONITH is disabled ("Blind faith": data integrity is not guaranteed)');
  return lines.join('\n');
}

export function registerStatus(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('status')
    .description('show the live cluster: nodes, where each resource runs, failures')
    .argument('<design>', 'design file (YAML)')
    .option('--lab', "read the design's local lab")
    .option('--json', 'print JSON: {nodes:[{name,online}], resources:[{id,running_on,role}], …}')
    .option('--watch', 'print again every 2 seconds until interrupted')
    .option('-i, --identity <key>', 'SSH private key file (default: the SSH agent)')
    .action(
      async (
        file: string,
        opts: { lab?: boolean; json?: boolean; watch?: boolean; identity?: string },
      ) => {
        try {
          const design = await loadDeployableDesign(file);
          for (;;) {
            const report = await statusOfDesign(design, {
              lab: opts.lab === true,
              ...(opts.identity ? { identity: opts.identity } : {}),
            });
            io.out(opts.json ? JSON.stringify(report) : text(report));
            if (!opts.watch) {
              exit(report.error ? EXIT_DESIGN_ERRORS : EXIT_OK);
              return;
            }
            await new Promise((r) => setTimeout(r, 2000));
          }
        } catch (e) {
          io.err(`clusterwright status: ${(e as Error).message}`);
          exit(EXIT_USAGE);
        }
      },
    );
}
