import { checkDesignData } from '../model/designFile.ts';
import { hasErrors } from '../model/diagnostic.ts';
import { checkLabHost } from '../lab/hostCheck.ts';
import { pacemakerWarnings } from '../lab/labUp.ts';
import type { SshPool } from '../deploy/transport/sshPool.ts';
import type { DeployEvent } from './deploy.ts';
import { deployDesign, loadDeployableDesign, rollbackDesign } from './deploy.ts';
import { KNOWN_HOSTS, labOf } from './connect.ts';
import {
  deployView,
  labView,
  logLineOf,
  progressOf,
  rollbackLogLine,
  rollbackView,
} from './deployViews.ts';
import { formatDiagnostic } from './format.ts';
import { probeHostKeys, trustHostKey } from './hostKeyProbe.ts';
import type { JobContext } from './jobs.ts';
import { JobRegistry } from './jobs.ts';
import type {
  LabDeployResponses,
  LabView,
  PlanView,
  labDeployRequestSchemas,
} from './labDeployContract.ts';
import type { LabService } from './lab.ts';
import { LabDesignError, createLabService, generatedCorosyncConf, labAuthkey } from './lab.ts';
import { labPacemakerView } from './labPacemaker.ts';
import type { AppSecrets } from './secretChannels.ts';
import { standInsOf } from './standIns.ts';
import type { z } from 'zod';

type Requests = {
  [C in keyof typeof labDeployRequestSchemas]: z.input<(typeof labDeployRequestSchemas)[C]>;
};
type Handlers = {
  [C in keyof LabDeployResponses]: (req: Requests[C]) => Promise<LabDeployResponses[C]>;
};

export interface LabDeployOptions {
  /** The lab service (default: the real one under /var/lib/clusterwright/lab). */
  readonly lab?: LabService;
  /** Where labs live, for deploy and status (default /var/lib/clusterwright/lab). */
  readonly labBaseDir?: string;
  /** Clusterwright's known-hosts file (default ~/.config/clusterwright/known_hosts). */
  readonly knownHostsFile?: string;
  /** OpenSSH known_hosts files read too (default ~/.ssh/known_hosts). */
  readonly openSshKnownHosts?: readonly string[];
  readonly jobs?: JobRegistry;
  /** Where deploys get secret values (default: CLUSTERWRIGHT_SECRET_<NAME> only). */
  readonly secrets?: AppSecrets;
  /** SSH connections kept between deploys (the app's); without it each deploy connects anew. */
  readonly pool?: SshPool;
}

type DeployCall = Requests['deploy.plan'];

/** Lab and deploy work changes the same machines: one such job at a time. */
const CLUSTER_WORK = 'cluster-work';

/** Reports a deploy's events to a job: a progress event and, when worth one, a log line. */
function reportTo(ctx: JobContext): (e: DeployEvent) => void {
  return (e) => {
    const p = progressOf(e);
    if (!p) return ctx.log(`(${(e as { type: string }).type})`);
    ctx.event(p);
    const line = logLineOf(p);
    if (line !== undefined) ctx.log(line);
  };
}

/** The design's problems go to the log before the job fails with the error. */
async function withDiagnostics<T>(ctx: JobContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof LabDesignError) for (const d of e.diagnostics) ctx.log(formatDiagnostic(d));
    throw e;
  }
}

/** The handlers of the lab, deploy, host key and job channels. */
export function labDeployHandlers(options: LabDeployOptions = {}): Handlers {
  const jobs = options.jobs ?? new JobRegistry();
  const lab =
    options.lab ??
    createLabService({
      corosyncConf: generatedCorosyncConf,
      authkey: labAuthkey,
      ...(options.labBaseDir ? { baseDir: options.labBaseDir } : {}),
    });
  const knownHostsFile = options.knownHostsFile ?? KNOWN_HOSTS;
  const openSsh = options.openSshKnownHosts ? { openSshKnownHosts: options.openSshKnownHosts } : {};
  const labBase = options.labBaseDir ? { labBaseDir: options.labBaseDir } : {};
  /** Pacemaker's warnings per lab cluster, as last checked after a deploy. */
  const warningsOf = new Map<string, readonly string[]>();
  /** The last lab status, answered while a lab job keeps out of the nodes. */
  let lastStatus: readonly LabView[] = [];

  /** crm_verify on a running node of the design's lab, after a deploy changed its CIB. */
  const labWarnings = async (path: string): Promise<readonly string[]> => {
    const design = await loadDeployableDesign(path);
    const state = await labOf(design, options.labBaseDir);
    const node = state.nodes.find((n) => n.state === 'running');
    if (!node) return [];
    const warnings = await pacemakerWarnings(await checkLabHost(), node);
    warningsOf.set(state.cluster, warnings);
    return warnings;
  };

  /** How a plan, deploy or rollback reaches the nodes. */
  const connectionOf = (req: DeployCall) => ({
    designFile: req.path,
    lab: req.lab,
    ...(req.identity ? { identity: req.identity } : {}),
    // Typed in the dialog for this call; asked once per call, never kept.
    ...(req.passphrase !== undefined ? { passphrase: () => Promise.resolve(req.passphrase) } : {}),
    ...(req.password !== undefined ? { password: () => Promise.resolve(req.password) } : {}),
    ...(options.pool ? { pool: options.pool } : {}),
    knownHostsFile,
    ...openSsh,
    // Keys are confirmed in the dialog (hostkeys.trust) before a deploy, never during one.
    confirmHostKey: () => false,
    ...labBase,
  });

  const deployTo = (ctx: JobContext, req: DeployCall, dryRun: boolean) =>
    deployDesign({
      ...connectionOf(req),
      dryRun,
      ...(options.secrets ? { secrets: options.secrets.store } : {}),
      onEvent: reportTo(ctx),
    });

  return {
    'jobs.poll': async ({ id, since }) => jobs.poll(id, since),
    'lab.up': async ({ path }) =>
      jobs.start(
        'lab.up',
        (ctx) =>
          withDiagnostics(ctx, async () => {
            ctx.log(`starting a lab for ${path}`);
            const report = await lab.up(path, (line) => ctx.log(line));
            for (const w of report.warnings) ctx.log(`pacemaker ${w}`);
            for (const n of report.notes) ctx.log(`note: ${n}`);
            warningsOf.set(report.status.cluster, report.warnings);
            return {
              lab: labView(report.status),
              warnings: report.warnings,
              notes: report.notes,
              elapsedMs: report.elapsedMs,
            };
          }),
        { exclusive: CLUSTER_WORK },
      ),
    'lab.down': async ({ path }) =>
      jobs.start(
        'lab.down',
        (ctx) =>
          withDiagnostics(ctx, async () => {
            ctx.log(`taking down the lab of ${path}`);
            const state = await lab.down(path);
            warningsOf.delete(state.cluster);
            ctx.log(`lab ${state.cluster} is down; ${state.nodes.length} node(s) removed`);
            return { cluster: state.cluster, nodes: state.nodes.length };
          }),
        { exclusive: CLUSTER_WORK },
      ),
    'lab.kill': async ({ node }) => {
      const { killedPids } = await lab.kill(node);
      return { node, killedProcesses: killedPids.length };
    },
    'lab.revive': async ({ node }) =>
      jobs.start('lab.revive', async (ctx) => {
        ctx.log(`reviving lab node ${node}`);
        const status = await lab.revive(node);
        ctx.log(`${node} is back; every running node of lab ${status.cluster} is online`);
        return labView(status);
      }),
    'lab.status': async () => {
      // Nothing looks into a node's namespaces while a lab comes up or goes down: even a
      // short look (ip netns pids, crm_mon) holds a namespace the teardown is deleting.
      if (jobs.isRunning('lab.up') || jobs.isRunning('lab.down')) return lastStatus;
      lastStatus = await Promise.all(
        (await lab.status()).map(async (s) => {
          const view = labView(s);
          const latest = warningsOf.get(s.cluster);
          const pacemaker = await labPacemakerView(s).catch(() => undefined);
          return {
            ...view,
            ...(latest ? { warnings: latest } : {}),
            ...(pacemaker ? { pacemaker } : {}),
          };
        }),
      );
      return lastStatus;
    },
    'lab.standins': async ({ design }) => {
      const checked = checkDesignData(design);
      if (!checked.design || hasErrors(checked.diagnostics))
        return { resources: [], fencingOff: false };
      return standInsOf(checked.design);
    },
    'deploy.plan': async (req) =>
      jobs.start(
        'deploy.plan',
        async (ctx): Promise<PlanView> => {
          ctx.log(`planning a deploy of ${req.path} to ${req.lab ? 'its lab' : 'its nodes'}`);
          if (!req.lab) {
            // A lab pins its nodes' keys itself; real nodes show theirs first.
            const design = await loadDeployableDesign(req.path);
            // A trusted jump host is logged in to (with this plan's credentials) to read the
            // keys of the nodes behind it; the nodes themselves are not logged in to.
            const probed = await probeHostKeys(design, {
              knownHostsFile,
              ...openSsh,
              credentials: connectionOf(req),
            });
            const hostKeys = probed.flatMap((k) =>
              k.state === 'unknown' || k.state === 'changed' ? [k] : [],
            );
            const unreachable = probed.flatMap((k) =>
              k.state === 'unreachable' ? [{ node: k.node, error: k.error }] : [],
            );
            for (const k of hostKeys) ctx.log(k.message);
            for (const u of unreachable) ctx.log(`${u.node}: unreachable: ${u.error}`);
            for (const k of probed)
              if (k.state === 'waiting')
                ctx.log(
                  `${k.node}: its key is read through jump host ${k.jump} once that is trusted`,
                );
            if (hostKeys.length > 0 || unreachable.length > 0) return { hostKeys, unreachable };
          }
          const result = await deployTo(ctx, req, true);
          return {
            hostKeys: [],
            unreachable: [],
            dryRun: deployView(result, { lab: req.lab, dryRun: true }),
          };
        },
        { exclusive: CLUSTER_WORK },
      ),
    'deploy.apply': async (req) =>
      jobs.start(
        'deploy.apply',
        async (ctx) => {
          ctx.log(`deploying ${req.path} to ${req.lab ? 'its lab' : 'its nodes'}`);
          const result = await deployTo(ctx, req, false);
          const warnings = req.lab && result.ok ? await labWarnings(req.path) : [];
          for (const w of warnings) ctx.log(`pacemaker ${w}`);
          ctx.log(result.ok ? `deployed (${result.deployId})` : 'the deploy FAILED; see above');
          return deployView(result, { lab: req.lab, dryRun: false, warnings });
        },
        { exclusive: CLUSTER_WORK },
      ),
    'deploy.rollback': async (req) =>
      jobs.start(
        'deploy.rollback',
        async (ctx) => {
          const nodes = req.nodes && req.nodes.length > 0 ? req.nodes : undefined;
          ctx.log(
            `${req.dryRun ? 'dry run of a rollback' : 'rolling back'} of the last deploy of ${req.path} on ${nodes ? nodes.join(', ') : 'every node'}${req.lab ? ' of its lab' : ''}`,
          );
          const results = await rollbackDesign({
            ...connectionOf(req),
            ...(nodes ? { nodes } : {}),
            dryRun: req.dryRun,
            onEvent: (e) => ctx.log(rollbackLogLine(e)),
          });
          const view = rollbackView(results, { lab: req.lab, dryRun: req.dryRun });
          ctx.log(
            view.ok ? 'rollback finished' : 'the rollback did NOT finish everywhere; see above',
          );
          return view;
        },
        { exclusive: CLUSTER_WORK },
      ),
    'hostkeys.trust': async (key) => trustHostKey(key, { knownHostsFile, ...openSsh }),
  };
}
