import type { NodeConnection } from '../deploy/bringUp.ts';
import type { DeployEvent, DeployResult } from '../deploy/deploy.ts';
import { deploy } from '../deploy/deploy.ts';
import type { NodeRollbackResult, RollbackEvent } from '../deploy/rollback.ts';
import { newestDeployId, rollbackNode } from '../deploy/rollback.ts';
import { SecretsMissingError, secretNamesOf } from '../deploy/secretFiles.ts';
import { renderCib } from '../generators/pacemaker/cib.ts';
import { pacemakerConfig } from '../generators/pacemaker/fromDesign.ts';
import { checkDesignData } from '../model/designFile.ts';
import { hasErrors } from '../model/diagnostic.ts';
import type { Design } from '../model/types.ts';
import { bundleOf } from './bundle.ts';
import type { RealConnectOptions } from './connect.ts';
import { connectDesign, connectLab, labOf } from './connect.ts';
import { loadDesignFile } from './designFiles.ts';
import type { SecretStore } from './secrets.ts';
import { EnvSecretStore, collectSecrets } from './secrets.ts';
import { withRules } from './services.ts';

export type { DeployEvent, RollbackEvent };

export class DeployDesignError extends Error {}

export interface DeployRequest extends RealConnectOptions {
  /** The design file; named in messages, and read unless `design` is given. */
  readonly designFile: string;
  /** The design as the app holds it (checked here like a file's). */
  readonly design?: Design;
  readonly lab: boolean;
  readonly dryRun: boolean;
  /** Progress, per node, as it happens (secret values never appear in it). */
  readonly onEvent?: (e: DeployEvent) => void;
  /** Where secret values come from; default: CLUSTERWRIGHT_SECRET_<NAME> in the environment. */
  readonly secrets?: SecretStore;
  /** Asked for a secret no store holds (the CLI prompts); undefined gives up. */
  readonly askSecret?: (name: string) => Promise<string | undefined>;
  readonly labBaseDir?: string;
  /** Root of the backup folders on the nodes (tests move it). */
  readonly backupRoot?: string;
}

/** What a lab node needs: the cluster stack only; the rest runs as stand-ins. */
const LAB_PACKAGES = ['corosync', 'pacemaker', 'pacemaker-cli-utils', 'resource-agents'];

export async function loadDeployableDesign(file: string, design?: Design): Promise<Design> {
  let loaded;
  if (design) {
    loaded = checkDesignData(design);
  } else {
    const read = await loadDesignFile(file);
    if (read.ioError) throw new DeployDesignError(read.ioError);
    loaded = read;
  }
  const checked = withRules(loaded);
  if (!checked.design || hasErrors(checked.diagnostics)) {
    throw new DeployDesignError(
      `${file}: the design has errors; nothing was deployed. See: clusterwright validate ${file}`,
    );
  }
  return checked.design;
}

/** Which of the design's secrets are set in the store (names only: values stay there). */
export async function secretStatus(
  design: Design,
  store: SecretStore,
): Promise<{ readonly name: string; readonly set: boolean }[]> {
  const names = secretNamesOf(design, bundleOf(design).files);
  return Promise.all(
    names.map(async (name) => ({ name, set: (await store.get(name)) !== undefined })),
  );
}

function connectFor(
  design: Design,
  req: RealConnectOptions & { readonly lab: boolean; readonly labBaseDir?: string },
  only?: readonly string[],
): Promise<NodeConnection[]> {
  if (req.lab) return labOf(design, req.labBaseDir).then((lab) => connectLab(lab, only, req.pool));
  return connectDesign(design, req, only);
}

/**
 * Deploys a design file to its nodes, or to its running lab. A lab gets the same files; its
 * CIB uses stand-in agents for what a namespace cannot run (labelled in each description).
 * Secrets are gathered before anything connects; a missing one stops the deploy there.
 */
export async function deployDesign(req: DeployRequest): Promise<DeployResult> {
  const design = await loadDeployableDesign(req.designFile, req.design);
  const bundle = bundleOf(design);
  const store = req.secrets ?? new EnvSecretStore();
  const names = secretNamesOf(design, bundle.files);
  const values = await collectSecrets(store, names, req.askSecret);
  // The lab's fencing is stood in for: a secret nobody set gets a visible stand-in value.
  if (req.lab) for (const n of names) if (!values.has(n)) values.set(n, `lab-${n}`);
  const missing = names.filter((n) => !values.has(n));
  if (missing.length > 0) throw new SecretsMissingError(missing);

  const connections = await connectFor(design, req);
  const cib = req.lab
    ? renderCib(pacemakerConfig(design, { standIns: true }))
    : (bundle.files.find((f) => f.path === 'cluster/cib.xml')?.content ?? '');
  try {
    return await deploy({
      design,
      files: bundle.files,
      cib,
      connections,
      dryRun: req.dryRun,
      secret: (name) => values.get(name),
      ...(req.lab
        ? {
            packagesFor: () =>
              design.drbd.length > 0 ? [...LAB_PACKAGES, 'drbd-utils'] : LAB_PACKAGES,
          }
        : {}),
      ...(req.onEvent ? { onEvent: req.onEvent } : {}),
      ...(req.backupRoot !== undefined ? { backupRoot: req.backupRoot } : {}),
    });
  } finally {
    await Promise.all(connections.map((c) => c.transport.close()));
  }
}

export interface RollbackRequest extends RealConnectOptions {
  readonly designFile: string;
  readonly design?: Design;
  readonly lab: boolean;
  /** The nodes to roll back; default every node of the design. */
  readonly nodes?: readonly string[];
  /** A deploy other than each node's last one. */
  readonly deployId?: string;
  readonly dryRun?: boolean;
  readonly onEvent?: (e: RollbackEvent) => void;
  readonly labBaseDir?: string;
  readonly backupRoot?: string;
}

/**
 * Restores, on the chosen nodes (all by default), what the last deploy changed there:
 * the CIB it pushed (from the node it pushed from), then its files: replaced files come
 * back from their backups, created ones and the folders made for them go, files changed
 * since are left alone and reported. The last deploy is the newest on record on any chosen
 * node, so a node it did not change is left alone rather than losing an older deploy.
 * Nodes are worked on in parallel.
 */
export async function rollbackDesign(req: RollbackRequest): Promise<NodeRollbackResult[]> {
  const design = await loadDeployableDesign(req.designFile, req.design);
  const known = design.nodes.map((n) => n.name);
  const unknown = (req.nodes ?? []).filter((n) => !known.includes(n));
  if (unknown.length > 0)
    throw new DeployDesignError(
      `${req.designFile}: no node ${unknown.join(', ')} in the design; its nodes are ${known.join(', ')}`,
    );
  const chosen = req.nodes && req.nodes.length > 0 ? req.nodes : known;
  const connections = await connectFor(design, req, chosen);
  try {
    // A node that cannot be read here fails in its own rollback, with its error.
    const newest = (
      await Promise.all(
        connections.map((c) => newestDeployId(c.transport, req.backupRoot).catch(() => undefined)),
      )
    )
      .filter((id): id is string => id !== undefined)
      .sort()
      .at(-1);
    const deployId = req.deployId ?? newest;
    return await Promise.all(
      connections.map((c) =>
        rollbackNode(c.node, c.transport, {
          ...(req.backupRoot !== undefined ? { backupRoot: req.backupRoot } : {}),
          ...(deployId !== undefined ? { deployId } : {}),
          ...(req.deployId === undefined && deployId !== undefined ? { clusterWide: true } : {}),
          ...(req.dryRun ? { dryRun: true } : {}),
          ...(req.onEvent ? { onEvent: req.onEvent } : {}),
        }),
      ),
    );
  } finally {
    await Promise.all(connections.map((c) => c.transport.close()));
  }
}
