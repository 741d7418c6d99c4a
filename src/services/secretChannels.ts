import type { z } from 'zod';
import { loadDeployableDesign, secretStatus } from './deploy.ts';
import type { SecretStore } from './secrets.ts';
import { ChainedSecretStore, EnvSecretStore, SessionSecretStore } from './secrets.ts';
import type { SecretSource, SecretsResponses, secretsRequestSchemas } from './secretsContract.ts';

export class SecretChannelError extends Error {}

/**
 * The app's secrets: typed for this session (memory), from the environment
 * (CLUSTERWRIGHT_SECRET_<NAME>, for scripts and CI), or remembered in the app's store (the
 * desktop app's keyring). A deploy asks them in that order, so a value typed now wins over
 * an older remembered one.
 */
export class AppSecrets {
  readonly session = new SessionSecretStore();
  readonly environment: EnvSecretStore;
  readonly stored: SecretStore | undefined;
  /** What deploys read. */
  readonly store: SecretStore;

  constructor(stored?: SecretStore, env: NodeJS.ProcessEnv = process.env) {
    this.environment = new EnvSecretStore(env);
    this.stored = stored;
    this.store = new ChainedSecretStore([
      this.session,
      this.environment,
      ...(stored ? [stored] : []),
    ]);
  }

  /** Where a secret is set; a store that cannot be read (a locked keyring) counts as unset. */
  async sourceOf(name: string): Promise<SecretSource | undefined> {
    if ((await this.session.get(name)) !== undefined) return 'session';
    if ((await this.environment.get(name)) !== undefined) return 'environment';
    const stored = await this.stored?.get(name).catch(() => undefined);
    return stored !== undefined ? 'stored' : undefined;
  }
}

type Requests = {
  [C in keyof typeof secretsRequestSchemas]: z.input<(typeof secretsRequestSchemas)[C]>;
};
type Handlers = {
  [C in keyof SecretsResponses]: (req: Requests[C]) => Promise<SecretsResponses[C]>;
};

/** The handlers of the secret channels. No handler ever returns a value. */
export function secretHandlers(secrets: AppSecrets): Handlers {
  return {
    'secrets.status': async ({ path }) => {
      const design = await loadDeployableDesign(path);
      const names = (await secretStatus(design, secrets.store)).map((s) => s.name);
      const stored = secrets.stored;
      const canRemember = stored ? await stored.canStore() : false;
      const warning = stored
        ? await stored.warning()
        : 'this app has no keyring to remember secrets in: values typed here last until it quits';
      return {
        secrets: await Promise.all(
          names.map(async (name) => {
            const source = await secrets.sourceOf(name);
            return source ? { name, source } : { name };
          }),
        ),
        ...(stored ? { storedIn: stored.description } : {}),
        ...(warning !== undefined ? { warning } : {}),
        canRemember,
      };
    },
    'secrets.set': async ({ name, value, remember }) => {
      if (!remember) {
        await secrets.session.set(name, value);
        return { name, source: 'session' };
      }
      if (!secrets.stored || !(await secrets.stored.canStore()))
        throw new SecretChannelError(
          `secret "${name}" was not remembered: this app has no keyring to keep it in; give it for this session instead`,
        );
      await secrets.stored.set(name, value);
      // The remembered value is the one meant from now on, not an older one typed this session.
      await secrets.session.delete(name);
      return { name, source: 'stored' };
    },
    'secrets.forget': async ({ name }) => {
      await secrets.session.delete(name);
      await secrets.stored?.delete(name);
      return { name };
    },
  };
}
