import type { Command } from 'commander';
import { PATTERNS, PatternError, createPatternDesign, isPattern } from '../../services/patterns.ts';
import type { CliIo } from '../io.ts';
import { EXIT_OK, EXIT_USAGE } from '../io.ts';

function int(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new PatternError(`${flag} must be a whole number (got "${value}")`);
  return Number(value);
}

export function registerNew(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('new')
    .description('lay out a complete design for a redundancy pattern')
    .requiredOption('--pattern <name>', `one of: ${PATTERNS.map((p) => p.kind).join(', ')}`)
    .requiredOption('--nodes <n>', 'nodes in the cluster, spares included (2–32)')
    .option('--spares <m>', 'spare nodes for n-plus-m (default 2)')
    .option('--vms <k>', 'virtual machines (default: two per active node)')
    .option('--hypervisor <kind>', 'kvm, xen or openvz', 'kvm')
    .option('--name <cluster>', 'cluster name')
    .requiredOption('--out <design>', 'the design file to write')
    .action(
      async (opts: {
        pattern: string;
        nodes: string;
        spares?: string;
        vms?: string;
        hypervisor: string;
        name?: string;
        out: string;
      }) => {
        try {
          if (!isPattern(opts.pattern)) {
            throw new PatternError(
              `unknown pattern "${opts.pattern}"; use one of: ${PATTERNS.map((p) => p.kind).join(', ')}`,
            );
          }
          if (
            opts.hypervisor !== 'kvm' &&
            opts.hypervisor !== 'xen' &&
            opts.hypervisor !== 'openvz'
          ) {
            throw new PatternError(
              `--hypervisor must be kvm, xen or openvz (got "${opts.hypervisor}")`,
            );
          }
          const spares = int(opts.spares, '--spares');
          const vms = int(opts.vms, '--vms');
          const { design } = await createPatternDesign(
            {
              pattern: opts.pattern,
              nodes: int(opts.nodes, '--nodes') ?? 0,
              hypervisor: opts.hypervisor,
              ...(spares !== undefined ? { spares } : {}),
              ...(vms !== undefined ? { vms } : {}),
              ...(opts.name !== undefined ? { name: opts.name } : {}),
            },
            opts.out,
          );
          io.out(
            `${opts.out}: ${design.cluster.pattern?.kind} design with ${design.nodes.length} nodes (${design.nodes.filter((n) => n.spare).length} spare), ${design.vms.length} VMs`,
          );
          exit(EXIT_OK);
        } catch (e) {
          if (!(e instanceof PatternError)) throw e;
          io.err(`clusterwright new: ${e.message}`);
          exit(EXIT_USAGE);
        }
      },
    );
}
