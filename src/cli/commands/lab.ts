import type { Command } from 'commander';
import { formatDiagnostic } from '../../services/format.ts';
import type { LabService, LabUpReport } from '../../services/lab.ts';
import {
  LabDesignError,
  createLabService,
  isLabHostError,
  isLabError,
} from '../../services/lab.ts';
import type { CliIo } from '../io.ts';
import { EXIT_DESIGN_ERRORS, EXIT_OK, EXIT_USAGE } from '../io.ts';

type LabStatusList = Awaited<ReturnType<LabService['status']>>;

function printNodes(io: CliIo, labs: LabStatusList): void {
  for (const lab of labs) {
    io.out(`lab ${lab.cluster} (${lab.stateDir}, since ${lab.createdAt})`);
    for (const n of lab.nodes)
      io.out(
        `  ${n.name.padEnd(12)} ${n.state.padEnd(8)} ${n.state === 'running' ? n.ssh : `(revive: clusterwright lab revive ${n.name})`}`,
      );
    for (const w of lab.warnings) io.out(`  pacemaker ${w}`);
  }
}

function printUp(io: CliIo, report: LabUpReport, file: string): void {
  const s = report.status;
  io.out(
    `lab ${s.cluster} is up: ${s.nodes.length} node(s) online in Pacemaker after ${(report.elapsedMs / 1000).toFixed(1)} s`,
  );
  io.out('reach each node as root with the lab key:');
  for (const n of s.nodes) io.out(`  ${n.name.padEnd(12)} ${n.ssh}`);
  // Pacemaker's own words, e.g. "Blind faith" when fencing is off: shown, never hidden.
  for (const w of report.warnings) io.out(`pacemaker ${w}`);
  for (const note of report.notes) io.out(`note: ${note}`);
  io.out(`take it down with: clusterwright lab down ${file}`);
}

/** `clusterwright lab up|down|kill|revive|status`. Tests pass their own service. */
export function registerLab(
  program: Command,
  io: CliIo,
  exit: (code: number) => void,
  service: LabService = createLabService(),
): void {
  const guard =
    <A extends unknown[]>(verb: string, action: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        await action(...args);
        exit(EXIT_OK);
      } catch (e) {
        if (e instanceof LabDesignError) {
          for (const d of e.diagnostics) io.err(formatDiagnostic(d));
          io.err(`clusterwright lab ${verb}: ${e.message}`);
          exit(e.diagnostics.length > 0 ? EXIT_DESIGN_ERRORS : EXIT_USAGE);
        } else if (isLabHostError(e)) {
          io.err(`clusterwright lab ${verb}: ${e.message}`);
          exit(EXIT_USAGE);
        } else if (isLabError(e)) {
          io.err(`clusterwright lab ${verb}: ${e.message}`);
          exit(EXIT_DESIGN_ERRORS);
        } else throw e;
      }
    };
  const lab = program
    .command('lab')
    .description('run a local lab of real cluster nodes (root, Linux, corosync and pacemaker)');
  lab
    .command('up')
    .description('start one lab node per design node and wait until all are online')
    .argument('<design>', 'design file (YAML)')
    .action(
      guard('up', async (file: string) => {
        printUp(io, await service.up(file, (line) => io.out(line)), file);
      }),
    );
  lab
    .command('down')
    .description('remove everything the lab made: processes, namespaces, interfaces, its folder')
    .argument('[design]', 'design file whose lab to take down (default: the only lab)')
    .action(
      guard('down', async (file: string | undefined) => {
        const state = await service.down(file);
        io.out(`lab ${state.cluster} is down; ${state.nodes.length} node(s) removed`);
      }),
    );
  lab
    .command('kill')
    .description('kill every process of a lab node at once, like pulling its power')
    .argument('<node>', 'lab node name')
    .action(
      guard('kill', async (node: string) => {
        const { killedPids } = await service.kill(node);
        io.out(`lab node ${node} killed (${killedPids.length} processes)`);
      }),
    );
  lab
    .command('revive')
    .description('start a killed lab node again and wait until its lab is online')
    .argument('<node>', 'lab node name')
    .action(
      guard('revive', async (node: string) => {
        const status = await service.revive(node);
        io.out(`lab node ${node} is back; every running node of lab ${status.cluster} is online`);
      }),
    );
  lab
    .command('status')
    .description('list lab nodes, their state and how to reach them')
    .option('--json', 'print the status as JSON')
    .action(
      guard('status', async (opts: { json?: boolean }) => {
        const labs = await service.status();
        if (opts.json) io.out(JSON.stringify(labs, null, 2));
        else if (labs.length === 0) io.out('no lab is running');
        else printNodes(io, labs);
      }),
    );
}
