import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import { saveDesignFile } from '../../services/designFiles.ts';
import type { ImportNote } from '../../services/import.ts';
import { importConfigPaths } from '../../services/import.ts';
import { importFromSsh } from '../../services/importRemote.ts';
import type { CliIo } from '../io.ts';
import { EXIT_DESIGN_ERRORS, EXIT_OK, EXIT_USAGE } from '../io.ts';

const KEPT: Readonly<Record<ImportNote['keptAs'], string>> = {
  description: 'kept in the description',
  note: 'kept in this note only',
  replaced: 'the design holds another value',
};

export function formatNote(n: ImportNote): string {
  const where = `${n.file}${n.line !== undefined ? `:${n.line}` : ''}`;
  return `${where}: note${n.element !== undefined ? ` ${n.element}` : ''}: ${n.what} (${KEPT[n.keptAs]})`;
}

export function registerImport(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('import')
    .description('import existing configuration files (or a live node over SSH) into a design')
    .argument(
      '<sources...>',
      'configuration files or folders (drbd, corosync, CIB, libvirt, xl, OpenVZ, iSCSI), or ssh://user@host',
    )
    .requiredOption('--out <design>', 'the design file to write (YAML)')
    .option('--force', 'overwrite --out if it exists')
    .option('--json', 'print the notes as JSON')
    .option(
      '-i, --identity <key>',
      'SSH private key file for ssh:// nodes (default: the SSH agent)',
    )
    .option('--yes', 'trust host keys seen for the first time (prints their fingerprints)')
    .action(
      async (
        sources: string[],
        opts: { out: string; force?: boolean; json?: boolean; identity?: string; yes?: boolean },
      ) => {
        if (!opts.force && (await exists(opts.out))) {
          io.err(
            `clusterwright import: ${opts.out} exists; pass --force to overwrite it. Nothing was written.`,
          );
          exit(EXIT_USAGE);
          return;
        }
        const remote = sources.filter((s) => s.startsWith('ssh://'));
        if (remote.length > 0 && remote.length < sources.length) {
          io.err(
            'clusterwright import: import either files or ssh:// nodes, not both at once. Nothing was written.',
          );
          exit(EXIT_USAGE);
          return;
        }
        const result =
          remote.length > 0
            ? await importFromSsh(remote, {
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
              })
            : await importConfigPaths(sources);
        if (!result.ok) {
          for (const e of result.errors)
            io.err(`${e.file}${e.line !== undefined ? `:${e.line}` : ''}: error: ${e.message}`);
          io.err(
            `clusterwright import: ${result.errors.length} problem(s) with the input; nothing was written.`,
          );
          exit(EXIT_USAGE);
          return;
        }
        await saveDesignFile(opts.out, result.design);
        const d = result.design;
        if (opts.json) {
          io.out(
            JSON.stringify(
              { out: opts.out, notes: result.notes, diagnostics: result.diagnostics },
              null,
              2,
            ),
          );
        } else {
          for (const n of result.notes) io.out(formatNote(n));
          io.out(
            `${opts.out}: imported ${d.nodes.length} node(s), ${d.drbd.length} DRBD resource(s), ${d.iscsiTargets.length} iSCSI target(s), ${d.vms.length} VM(s), ${d.floatingIps.length} floating IP(s), ${d.filesystems.length} filesystem(s), ${d.services.length} service(s), ${d.fencing.length} fencing device(s), ${d.constraints.length} constraint(s); ${result.notes.length} note(s)`,
          );
        }
        const errors = result.diagnostics.filter((x) => x.severity === 'error');
        for (const e of errors) io.err(`${opts.out}: error [${e.code}] ${e.message}`);
        exit(errors.length > 0 ? EXIT_DESIGN_ERRORS : EXIT_OK);
      },
    );
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
