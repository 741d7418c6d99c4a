import { join } from 'node:path';
import { checkDesignData, serializeDesign } from '../model/designFile.ts';
import { hasErrors } from '../model/diagnostic.ts';
import type { LoadResult } from '../model/designFile.ts';
import { validateDesign } from '../validate/validate.ts';
import type {
  Channel,
  CheckedDesign,
  ClusterwrightApi,
  RequestOf,
  ResponseOf,
} from './contract.ts';
import { requestSchemas } from './contract.ts';
import { loadDesignFile, saveDesignFile } from './designFiles.ts';
import { listTemplates, templatePath } from './templates.ts';
import { bundleOf } from './bundle.ts';
import { bundlePath } from '../generators/bundleFile.ts';
import { parseDesign } from '../model/designFile.ts';
import type { FileServiceOptions } from './fileServices.ts';
import { fileHandlers, rememberRecent } from './fileServices.ts';
import type { LabDeployOptions } from './labDeployChannels.ts';
import { labDeployHandlers } from './labDeployChannels.ts';
import { LiveError, LiveSessions } from './live.ts';
import { AppSecrets, secretHandlers } from './secretChannels.ts';
import type { SecretStore } from './secrets.ts';
import { WhatIfError, whatIf } from './whatIf.ts';

/** Model checks first; the rules only run on a design whose references are sound. */
export function withRules(result: LoadResult): CheckedDesign {
  if (!result.design || hasErrors(result.diagnostics)) return result;
  return { ...result, diagnostics: [...result.diagnostics, ...validateDesign(result.design)] };
}

export class ServiceError extends Error {}

/** The services behind every channel of the contract, shared by Electron, the CLI and the web host. */
export interface ServiceOptions extends FileServiceOptions, Omit<LabDeployOptions, 'secrets'> {
  /** Folder of lab folders (default /var/lib/clusterwright/lab). */
  readonly labBaseDir?: string;
  /**
   * Where secrets the user asks to remember are kept (the desktop app's keyring); without
   * it, typed secrets last for the session only.
   */
  readonly secretStore?: SecretStore;
  /** The environment secrets are read from as CLUSTERWRIGHT_SECRET_<NAME> (default process.env). */
  readonly secretEnv?: NodeJS.ProcessEnv;
}

export function createServices(options: ServiceOptions = {}): ClusterwrightApi {
  const live = new LiveSessions(options);
  const secrets = new AppSecrets(options.secretStore, options.secretEnv);
  // Errors that are the user's to fix travel as ServiceError, with their message.
  const userErrors = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      if (e instanceof LiveError || e instanceof WhatIfError) throw new ServiceError(e.message);
      throw e;
    }
  };
  const handlers: { [C in Channel]: (req: RequestOf<C>) => Promise<ResponseOf<C>> } = {
    'design.check': async ({ text, file }) => withRules(parseDesign(text, file)),
    'design.validate': async ({ design }) => withRules(checkDesignData(design)),
    'design.serialize': async ({ design }) => {
      const checked = checkDesignData(design);
      if (!checked.design)
        throw new ServiceError('the design does not match the schema; fix its problems first');
      return { text: serializeDesign(checked.design) };
    },
    'design.open': async ({ path }) => {
      const { file: _file, ...loaded } = await loadDesignFile(path);
      if (loaded.design) await rememberRecent(options, path);
      return { ...withRules(loaded), path };
    },
    'design.save': async ({ path, design }) => {
      const checked = checkDesignData(design);
      if (!checked.design)
        throw new ServiceError('the design does not match the schema; fix its problems first');
      await saveDesignFile(path, checked.design);
      await rememberRecent(options, path);
      return { path };
    },
    'templates.list': async () => listTemplates(),
    'templates.open': async ({ name }) => {
      const path = templatePath(name);
      const { file: _file, ...loaded } = await loadDesignFile(path);
      return { ...withRules(loaded), path };
    },
    // Files only for a design without errors; otherwise the problems say what to fix first.
    'bundle.generate': async ({ design }) => {
      const checked = withRules(checkDesignData(design));
      if (!checked.design || hasErrors(checked.diagnostics))
        return { files: [], diagnostics: checked.diagnostics };
      const files = bundleOf(checked.design).files.map((f) => ({
        ...(f.node !== undefined ? { node: f.node } : {}),
        path: f.path,
        bundlePath: bundlePath(f),
        content: f.content,
        kind: f.kind,
      }));
      return { files, diagnostics: checked.diagnostics };
    },
    ...fileHandlers(options),
    ...labDeployHandlers({
      ...options,
      secrets,
      // A services instance with its own config folder keeps its own known hosts there too.
      ...(options.configDir && !options.knownHostsFile
        ? { knownHostsFile: join(options.configDir, 'known_hosts') }
        : {}),
    }),
    ...secretHandlers(secrets),
    'status.collect': ({ designFile, lab, session }) =>
      userErrors(() => live.collect(session, { designFile, lab })),
    'status.stop': async ({ session }) => {
      await live.stop(session);
      return { stopped: true };
    },
    'cluster.operate': ({ designFile, lab, session, operation, dryRun, expectCommand }) =>
      userErrors(() =>
        live.operate(session, { designFile, lab }, operation, {
          dryRun,
          ...(expectCommand !== undefined ? { expectCommand } : {}),
        }),
      ),
    'simulate.whatIf': ({ design, failNodes, crm }) =>
      userErrors(() => whatIf(design, failNodes, { crm: crm ?? true })),
  };
  // Every call checks its payload against the channel's schema, whoever the caller is.
  const api = {} as Record<Channel, (req: unknown) => Promise<unknown>>;
  for (const channel of Object.keys(handlers) as Channel[]) {
    const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
    api[channel] = async (req: unknown) => {
      const parsed = requestSchemas[channel].safeParse(req);
      if (!parsed.success)
        throw new ServiceError(
          `bad request for ${channel}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        );
      return handler(parsed.data);
    };
  }
  return api as unknown as ClusterwrightApi;
}
