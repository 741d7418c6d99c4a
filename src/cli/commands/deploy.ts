import type { Command } from 'commander';
import type { RealConnectOptions } from '../../services/connect.ts';
import type { DeployEvent, RollbackEvent } from '../../services/deploy.ts';
import { deployDesign, rollbackDesign } from '../../services/deploy.ts';
import type { DeployProgress } from '../../services/deployProgress.ts';
import { foldProgress, initialProgress, progressLine } from '../../services/deployProgress.ts';
import { rollbackLogLine } from '../../services/deployViews.ts';
import type { SecretStore } from '../../services/secrets.ts';
import { JUMP_HELP, parseJumpHost } from '../../services/jumpHost.ts';
import { ChainedSecretStore, EnvSecretStore, FileSecretStore } from '../../services/secrets.ts';
import type { CliIo } from '../io.ts';
import { EXIT_DESIGN_ERRORS, EXIT_OK, EXIT_USAGE } from '../io.ts';
import { promptHidden } from '../prompt.ts';

interface DeployOptions {
  lab?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  identity?: string;
  password?: boolean;
  secrets?: string;
  prompt?: boolean;
  rollback?: boolean;
  nodes?: string;
  deployId?: string;
  jump?: string;
}

/** One line per event that changes what a node shows; each line starts with the node. */
function describe(e: DeployEvent, p: DeployProgress): string | undefined {
  switch (e.type) {
    case 'phase':
      return `== ${e.phase}`;
    case 'node-plan':
      return `  ${progressLine(p[e.node] ?? { node: e.node, stage: 'plan', filesTotal: 0, filesDone: 0, steps: [] })}`;
    case 'step':
      return `  ${e.result.node}: ${e.result.step}: ${e.result.outcome} — ${e.result.detail}`;
    case 'node-start':
      return e.files > 0 ? `  ${e.node}: writing ${e.files} file(s)` : undefined;
    case 'file-done': {
      const n = p[e.node];
      return `  ${e.node}: [${n?.filesDone ?? '?'}/${n?.filesTotal ?? '?'}] ${e.outcome} ${e.path}${e.backupPath ? ` (backup ${e.backupPath})` : ''}`;
    }
    case 'node-done':
      return `  ${e.node}: files done — ${e.written} written, ${e.unchanged} unchanged`;
    case 'node-failed':
      return `  ${e.node}: FAILED: ${e.message}`;
    case 'file-start':
      return undefined;
  }
}

function describeRollback(e: RollbackEvent, dryRun: boolean): string {
  const line = `  ${rollbackLogLine(e)}`;
  return dryRun && e.type === 'rollback-cib' && e.cib.action === 'restore' && e.cib.patch
    ? `${line}\nCIB: would apply this patch:\n${e.cib.patch}`
    : line;
}

function secretStore(opts: DeployOptions): SecretStore {
  return new ChainedSecretStore([
    new EnvSecretStore(),
    ...(opts.secrets ? [new FileSecretStore(opts.secrets)] : []),
  ]);
}

export function registerDeploy(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('deploy')
    .description(
      'deploy a design to its nodes over SSH: files, authkey, DRBD, cluster start, CIB; or roll the last deploy back',
    )
    .argument('<design>', 'design file (YAML)')
    .option('--lab', "deploy to the design's running local lab")
    .option('--dry-run', 'show what would change (per-file diffs, CIB patch); change nothing')
    .option('--yes', 'trust host keys seen for the first time (prints their fingerprints)')
    .option('-i, --identity <key>', 'SSH private key file (default: the SSH agent)')
    .option('--password', 'log in with a password, asked once (not echoed, never stored)')
    .option('--jump <[user@]host[:port]>', JUMP_HELP)
    .option(
      '--secrets <file>',
      'JSON file {"name": "value"} (mode 0600) with the secrets the design names; CLUSTERWRIGHT_SECRET_<NAME> variables are read first',
    )
    .option('--no-prompt', 'do not ask for missing secrets on the terminal')
    .option('--rollback', "restore what the last deploy changed, from each node's backups")
    .option('--nodes <names>', 'with --rollback: only these nodes (comma-separated)')
    .option('--deploy-id <id>', 'with --rollback: this deploy instead of the last one')
    .action(async (file: string, opts: DeployOptions) => {
      const confirmHostKey: NonNullable<RealConnectOptions['confirmHostKey']> = (key) => {
        io.err(
          `${key.host}:${key.port} presents an unknown ${key.keyType} host key ${key.fingerprint}`,
        );
        if (!opts.yes)
          io.err(
            '  refusing it: check the fingerprint on the node (ssh-keygen -lf /etc/ssh/ssh_host_*.pub), then run again with --yes',
          );
        return opts.yes === true;
      };
      let jump;
      try {
        jump = opts.jump === undefined ? undefined : parseJumpHost(opts.jump);
      } catch (e) {
        io.err(`clusterwright deploy: ${(e as Error).message}`);
        exit(EXIT_USAGE);
        return;
      }
      const connect = {
        lab: opts.lab === true,
        ...(jump ? { jump } : {}),
        ...(opts.identity ? { identity: opts.identity } : {}),
        ...(opts.identity
          ? { passphrase: (k: string) => promptHidden(`passphrase for ${k}: `) }
          : {}),
        ...(opts.password ? { password: () => promptHidden('SSH password: ') } : {}),
        confirmHostKey,
      };
      try {
        if (opts.rollback) {
          const results = await rollbackDesign({
            designFile: file,
            ...connect,
            ...(opts.nodes ? { nodes: opts.nodes.split(',').map((n) => n.trim()) } : {}),
            ...(opts.deployId ? { deployId: opts.deployId } : {}),
            ...(opts.dryRun ? { dryRun: true } : {}),
            onEvent: (e) => {
              io.out(describeRollback(e, opts.dryRun === true));
            },
          });
          const ok = results.every((r) => r.ok);
          io.out(
            `${opts.dryRun ? 'rollback dry run, nothing changed' : 'rolled back'}: ${results.map((r) => `${r.node} ${r.deployId ?? '-'}${r.cib ? ` (CIB ${r.cib.action})` : ''}`).join(', ')}${ok ? '' : ' — NOT EVERYTHING, see above'}`,
          );
          exit(ok ? EXIT_OK : EXIT_DESIGN_ERRORS);
          return;
        }
        const store = secretStore(opts);
        const warning = await store.warning();
        if (warning) io.err(`note: ${warning}`);
        const ask =
          opts.prompt !== false && process.stdin.isTTY
            ? (name: string) => promptHidden(`secret "${name}" (not echoed): `)
            : undefined;
        let progress: DeployProgress = initialProgress([]);
        const result = await deployDesign({
          designFile: file,
          ...connect,
          dryRun: opts.dryRun === true,
          secrets: store,
          ...(ask ? { askSecret: ask } : {}),
          onEvent: (e) => {
            progress = foldProgress(progress, e);
            const line = describe(e, progress);
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
        for (const s of result.steps)
          if (s.fix) io.out(`${s.node}: to fix "${s.step}", run on the node: ${s.fix}`);
        const changed = result.applied.reduce((n, a) => n + a.written.length, 0);
        io.out(
          `${opts.dryRun ? 'dry run, nothing changed' : 'deployed'} (${result.deployId}): ${changed} file(s) changed, CIB ${result.cibChanged ? 'changed' : 'unchanged'}${result.ok ? '' : ' — FAILED, see above'}`,
        );
        exit(result.ok ? EXIT_OK : EXIT_DESIGN_ERRORS);
      } catch (e) {
        io.err(`clusterwright deploy: ${(e as Error).message}`);
        exit(EXIT_USAGE);
      }
    });
}
