import type { DeployEvent, DeployResult } from '../deploy/deploy.ts';
import { deploy } from '../deploy/deploy.ts';
import { renderCib } from '../generators/pacemaker/cib.ts';
import { pacemakerConfig } from '../generators/pacemaker/fromDesign.ts';
import { hasErrors } from '../model/diagnostic.ts';
import type { Design } from '../model/types.ts';
import { bundleOf } from './bundle.ts';
import type { RealConnectOptions } from './connect.ts';
import { connectDesign, connectLab, labOf } from './connect.ts';
import { loadDesignFile } from './designFiles.ts';
import { withRules } from './services.ts';

export type { DeployEvent };

export class DeployDesignError extends Error {}

export interface DeployRequest extends RealConnectOptions {
  readonly designFile: string;
  readonly lab: boolean;
  readonly dryRun: boolean;
  readonly onEvent?: (e: DeployEvent) => void;
  /** Secret values by name; default: CLUSTERWRIGHT_SECRET_<NAME> from the environment. */
  readonly secret?: (name: string) => string | undefined;
  readonly labBaseDir?: string;
}

/** Secrets from the environment, for the CLI and CI (the app keeps them in the keyring). */
export function secretFromEnv(name: string): string | undefined {
  return process.env[`CLUSTERWRIGHT_SECRET_${name.toUpperCase().replaceAll('-', '_')}`];
}

export async function loadDeployableDesign(file: string): Promise<Design> {
  const loaded = await loadDesignFile(file);
  if (loaded.ioError) throw new DeployDesignError(loaded.ioError);
  const checked = withRules(loaded);
  if (!checked.design || hasErrors(checked.diagnostics)) {
    throw new DeployDesignError(
      `${file}: the design has errors; nothing was deployed. See: clusterwright validate ${file}`,
    );
  }
  return checked.design;
}

/**
 * Deploys a design file to its nodes, or to its running lab. A lab gets the same files; its
 * CIB uses stand-in agents for what a namespace cannot run (labelled in each description).
 */
export async function deployDesign(req: DeployRequest): Promise<DeployResult> {
  const design = await loadDeployableDesign(req.designFile);
  const bundle = bundleOf(design);
  const connections = req.lab
    ? await connectLab(await labOf(design, req.labBaseDir))
    : await connectDesign(design, req);
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
      // The lab has no secret store and its fencing is stood in for: placeholders stay visible.
      secret:
        req.secret ?? (req.lab ? (name) => secretFromEnv(name) ?? `lab-${name}` : secretFromEnv),
      ...(req.onEvent ? { onEvent: req.onEvent } : {}),
    });
  } finally {
    await Promise.all(connections.map((c) => c.transport.close()));
  }
}
