import type { Command } from 'commander';
import type { DeployEvent } from '../../services/deploy.ts';
import { deployDesign } from '../../services/deploy.ts';
import type { CliIo } from '../io.ts';
import { EXIT_DESIGN_ERRORS, EXIT_OK, EXIT_USAGE } from '../io.ts';

function describe(e: DeployEvent): string | undefined {
  switch (e.type) {
    case 'phase':
      return `== ${e.phase}`;
    case 'step':
      return `  ${e.result.node}: ${e.result.step}: ${e.result.outcome} — ${e.result.detail}`;
    case 'node-start':
      return e.files > 0 ? `  ${e.node}: writing ${e.files} file(s)` : undefined;
    case 'file-done':
      return `  ${e.node}: ${e.outcome} ${e.path}${e.backupPath ? ` (backup ${e.backupPath})` : ''}`;
    case 'node-done':
      return `  ${e.node}: ${e.written} written, ${e.unchanged} unchanged`;
    case 'node-failed':
      return `  ${e.node}: FAILED: ${e.message}`;
    default:
      return undefined;
  }
}

export function registerDeploy(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('deploy')
    .description('deploy a design to its nodes over SSH: files, authkey, DRBD, cluster start, CIB')
    .argument('<design>', 'design file (YAML)')
    .option('--lab', "deploy to the design's running local lab")
    .option('--dry-run', 'show what would change (per-file diffs, CIB patch); change nothing')
    .option('--yes', 'trust host keys seen for the first time (prints their fingerprints)')
    .option('-i, --identity <key>', 'SSH private key file (default: the SSH agent)')
    .action(
      async (
        file: string,
        opts: { lab?: boolean; dryRun?: boolean; yes?: boolean; identity?: string },
      ) => {
        try {
          const result = await deployDesign({
            designFile: file,
            lab: opts.lab === true,
            dryRun: opts.dryRun === true,
            ...(opts.identity ? { identity: opts.identity } : {}),
            confirmHostKey: (key) => {
              io.err(
                `${key.host}:${key.port} presents an unknown ${key.keyType} host key ${key.fingerprint}`,
              );
              if (!opts.yes)
                io.err(
                  '  refusing it: check the fingerprint on the node (ssh-keygen -lf /etc/ssh/ssh_host_*.pub), then run again with --yes',
                );
              return opts.yes === true;
            },
            onEvent: (e) => {
              const line = describe(e);
              if (line) io.out(line);
            },
          });
          for (const p of result.plans) {
            const s = p.summary;
            io.out(
              `${p.node}: ${s.create} new, ${s.update} changed, ${s.metadata} mode only, ${s.unchanged} unchanged${s.blocked ? `, ${s.blocked} blocked` : ''}`,
            );
            if (opts.dryRun) for (const f of p.files) if (f.diff) io.out(f.diff);
          }
          if (opts.dryRun && result.cib)
            io.out(
              result.cib.changed
                ? `CIB: would apply this patch:\n${result.cib.patch}`
                : 'CIB: no change',
            );
          const changed = result.applied.reduce((n, a) => n + a.written.length, 0);
          io.out(
            `${opts.dryRun ? 'dry run, nothing changed' : 'deployed'} (${result.deployId}): ${changed} file(s) changed, CIB ${result.cibChanged ? 'changed' : 'unchanged'}${result.ok ? '' : ' — FAILED, see above'}`,
          );
          exit(result.ok ? EXIT_OK : EXIT_DESIGN_ERRORS);
        } catch (e) {
          io.err(`clusterwright deploy: ${(e as Error).message}`);
          exit(EXIT_USAGE);
        }
      },
    );
}
