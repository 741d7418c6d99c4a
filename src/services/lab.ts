import { randomBytes } from 'node:crypto';
import { generateCorosync } from '../generators/corosync/generateCorosync.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { hasErrors } from '../model/diagnostic.ts';
import type { Design } from '../model/types.ts';
import type { HostProbe } from '../lab/hostCheck.ts';
import { checkLabHost } from '../lab/hostCheck.ts';
import { labDown } from '../lab/labDown.ts';
import { LabError, LabHostError } from '../lab/labError.ts';
import { labKill, labRevive } from '../lab/labFaults.ts';
import type { LabNodeState, LabState } from '../lab/labState.ts';
import type { LabStatus } from '../lab/labStatus.ts';
import { labStatus } from '../lab/labStatus.ts';
import { labUp } from '../lab/labUp.ts';
import { waitForOnline } from '../lab/readiness.ts';
import { loadDesignFile } from './designFiles.ts';
import { withRules } from './services.ts';

/** Builds each node's corosync.conf for a design; the corosync generator plugs in here. */
export type CorosyncConfBuilder = (design: Design) => (nodeName: string) => string;

export interface LabServiceOptions {
  readonly corosyncConf?: CorosyncConfBuilder;
  readonly authkey?: (design: Design) => Uint8Array | undefined;
  /** Folder of lab folders (default /var/lib/clusterwright/lab). */
  readonly baseDir?: string;
  readonly probe?: HostProbe;
  readonly timeoutMs?: number;
}

/** A design file that cannot be used: its diagnostics say why. */
export class LabDesignError extends LabError {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(message);
  }
}

export interface LabUpReport {
  readonly status: LabStatus;
  readonly warnings: readonly string[];
  /** What the user should know about the lab that is not Pacemaker's own warning. */
  readonly notes: readonly string[];
  readonly elapsedMs: number;
}

export interface LabService {
  up(designFile: string, log?: (line: string) => void): Promise<LabUpReport>;
  /** Takes down the lab of a design file's cluster, or the only lab there is. */
  down(designFile?: string): Promise<LabState>;
  kill(node: string): Promise<{ node: LabNodeState; killedPids: readonly number[] }>;
  /** Revives a node and waits until every running node of its lab is online again. */
  revive(node: string): Promise<LabStatus>;
  status(): Promise<LabStatus[]>;
}

async function loadUsableDesign(file: string): Promise<Design> {
  const loaded = await loadDesignFile(file);
  if (loaded.ioError) throw new LabDesignError(loaded.ioError, []);
  const checked = withRules(loaded);
  if (!checked.design || hasErrors(checked.diagnostics))
    throw new LabDesignError(
      `${file}: the design has errors; fix them before starting a lab (clusterwright validate ${file})`,
      checked.diagnostics.filter((d) => d.severity === 'error'),
    );
  return checked.design;
}

/** Each node's corosync.conf as the bundle has it: the lab runs what deploy would push. */
export const generatedCorosyncConf: CorosyncConfBuilder = (design) => {
  const files = generateCorosync(design);
  return (nodeName) => {
    const file = files.find((f) => f.node === nodeName);
    if (!file)
      throw new LabError(`the corosync generator wrote no corosync.conf for node "${nodeName}"`);
    return file.content;
  };
};

/** A fresh authkey per lab when the design encrypts corosync (deploy makes its own for real nodes). */
export const labAuthkey = (design: Design): Uint8Array | undefined =>
  design.cluster.corosync.cipher === 'none' ? undefined : randomBytes(256);

/** The lab service the CLI uses: the real corosync generator. */
export function createLabService(
  options: LabServiceOptions = { corosyncConf: generatedCorosyncConf, authkey: labAuthkey },
): LabService {
  const where = {
    ...(options.baseDir ? { baseDir: options.baseDir } : {}),
    ...(options.probe ? { probe: options.probe } : {}),
  };
  const statusOf = async (cluster: string): Promise<LabStatus> => {
    const found = (await labStatus(where)).find((s) => s.cluster === cluster);
    if (!found) throw new LabError(`lab "${cluster}" vanished while it was being used`);
    return found;
  };
  return {
    async up(designFile, log) {
      // Refuse an unfit host before reading anything else: it is the likelier problem.
      await checkLabHost(options.probe);
      const design = await loadUsableDesign(designFile);
      if (!options.corosyncConf)
        throw new LabError(
          'this build of Clusterwright has no corosync.conf generator wired into the lab yet; nothing was done',
        );
      const started = Date.now();
      const authkey = options.authkey?.(design);
      const result = await labUp(design, {
        ...where,
        corosyncConf: options.corosyncConf(design),
        ...(authkey ? { authkey } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(log ? { log } : {}),
      });
      const notes = design.cluster.pacemaker.stonithEnabled
        ? [
            'fencing is enabled in this design and a lab node has no fencing hardware: Pacemaker starts no resources until fencing stand-ins are deployed',
          ]
        : [];
      return {
        status: await statusOf(result.state.cluster),
        warnings: result.warnings,
        notes,
        elapsedMs: Date.now() - started,
      };
    },
    async down(designFile) {
      if (designFile) {
        // Only the cluster name is needed: a design that gained errors can still be taken down.
        const loaded = await loadDesignFile(designFile);
        if (!loaded.design)
          throw new LabDesignError(
            loaded.ioError ??
              `${designFile}: not a design file; run "clusterwright lab down" without it`,
            loaded.diagnostics.filter((d) => d.severity === 'error'),
          );
        return labDown(loaded.design.cluster.name, where);
      }
      const labs = await labStatus(where);
      if (labs.length === 0) throw new LabError('there is no lab to take down');
      if (labs.length > 1)
        throw new LabError(
          `there are several labs (${labs.map((l) => l.cluster).join(', ')}); name one by its design: clusterwright lab down <design>`,
        );
      const only = labs[0] as LabStatus;
      return labDown(only.cluster, { ...where, stateDir: only.stateDir });
    },
    kill: (node) => labKill(node, where),
    async revive(node) {
      const { lab } = await labRevive(node, where);
      const running = lab.nodes.filter((n) => n.state === 'running');
      const tools = await checkLabHost(options.probe);
      await waitForOnline(running, Date.now() + (options.timeoutMs ?? 120_000), tools);
      return statusOf(lab.cluster);
    },
    status: () => labStatus(where),
  };
}

/** The CLI may not import the lab module; these tell its errors apart. */
export function isLabError(e: unknown): e is LabError {
  return e instanceof LabError;
}

export function isLabHostError(e: unknown): e is LabHostError {
  return e instanceof LabHostError;
}
