import type { Command } from 'commander';
import { loadDeployableDesign } from '../../services/deploy.ts';
import type { ClusterStatusReport, StatusOptions } from '../../services/status.ts';
import {
  DEFAULT_INTERVAL_MS,
  DEFAULT_NODE_TIMEOUT_MS,
  statusOfDesign,
  watchStatusOfDesign,
} from '../../services/status.ts';
import { parseJumpHost, JUMP_HELP } from '../../services/jumpHost.ts';
import type { CliIo } from '../io.ts';
import { EXIT_DESIGN_ERRORS, EXIT_OK, EXIT_USAGE } from '../io.ts';
import { changedLines, statusText } from './statusText.ts';

type Design = Awaited<ReturnType<typeof loadDeployableDesign>>;

interface StatusCliOptions {
  lab?: boolean;
  json?: boolean;
  watch?: boolean;
  identity?: string;
  interval?: string;
  timeout?: string;
  jump?: string;
}

/** Resolves on the first SIGINT or SIGTERM, and stops listening for them. */
function untilInterrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

function seconds(text: string | undefined, what: string, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 3600)
    throw new UsageError(`--${what} takes a number of seconds above 0, not "${text}"`);
  return Math.round(n * 1000);
}

class UsageError extends Error {}

/** The report without the times that change every round, to tell when anything else did. */
function withoutTimes(r: ClusterStatusReport): string {
  return JSON.stringify({
    ...r,
    collectedAt: undefined,
    nodes: r.nodes.map((n) => ({ ...n, checkedAt: undefined })),
  });
}

async function watch(
  design: Design,
  options: StatusOptions & { intervalMs: number },
  json: boolean,
  io: CliIo,
): Promise<void> {
  let previous: ClusterStatusReport | undefined;
  const handle = await watchStatusOfDesign(design, options, (report) => {
    if (previous && withoutTimes(previous) === withoutTimes(report)) return;
    if (json) io.out(JSON.stringify(report));
    else if (!previous) io.out(statusText(report).join('\n'));
    else {
      const changes = changedLines(statusText(previous), statusText(report));
      if (changes.length > 0) io.out([`[${report.collectedAt}]`, ...changes].join('\n'));
    }
    previous = report;
  });
  const signal = await untilInterrupted();
  const open = handle.openConnections();
  await handle.stop();
  io.err(`clusterwright status: ${signal}: stopped watching, closed ${open} SSH connection(s)`);
}

export function registerStatus(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('status')
    .description('show the live cluster: nodes, where each resource runs, DRBD, VMs, failures')
    .argument('<design>', 'design file (YAML)')
    .option('--lab', "read the design's local lab")
    .option('--json', 'print JSON: {nodes:[{name,online}], resources:[{id,running_on,role}], …}')
    .option('--watch', 'keep watching over the same connections and print what changes')
    .option('--interval <seconds>', 'with --watch, how often each node is asked', '2')
    .option('--timeout <seconds>', "how long one node's answer may take", '5')
    .option('-i, --identity <key>', 'SSH private key file (default: the SSH agent)')
    .option('--jump <[user@]host[:port]>', JUMP_HELP)
    .action(async (file: string, opts: StatusCliOptions) => {
      try {
        const jump = opts.jump === undefined ? undefined : parseJumpHost(opts.jump);
        const timeoutMs = seconds(opts.timeout, 'timeout', DEFAULT_NODE_TIMEOUT_MS);
        const intervalMs = seconds(opts.interval, 'interval', DEFAULT_INTERVAL_MS);
        const design = await loadDeployableDesign(file);
        const options: StatusOptions = {
          lab: opts.lab === true,
          timeoutMs,
          ...(opts.identity ? { identity: opts.identity } : {}),
          ...(jump ? { jump } : {}),
        };
        if (opts.watch) {
          await watch(design, { ...options, intervalMs }, opts.json === true, io);
          exit(EXIT_OK);
          return;
        }
        const report = await statusOfDesign(design, options);
        io.out(opts.json ? JSON.stringify(report) : statusText(report).join('\n'));
        exit(report.error ? EXIT_DESIGN_ERRORS : EXIT_OK);
      } catch (e) {
        io.err(`clusterwright status: ${(e as Error).message}`);
        exit(EXIT_USAGE);
      }
    });
}
