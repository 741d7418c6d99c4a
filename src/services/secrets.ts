import { lstat, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './designFiles.ts';

/**
 * Where deploy gets secret values (CHAP secrets, IPMI and other fence passwords) by name.
 * The design and the bundle only name secrets; values live in a store: the desktop app's
 * keyring (electron/secretStore.ts, Electron safeStorage), a file the CLI user points at,
 * the environment, or an answer typed at a prompt. No store ever hands a value to the UI:
 * the services report which names are set, never what they hold.
 */
export interface SecretStore {
  /** Where values live, for messages ("the keyring", "/root/cw-secrets.json"). */
  readonly description: string;
  /** A warning for the user when values are not well protected there (plain text). */
  warning(): Promise<string | undefined>;
  /** Whether `set` can keep a value here now (a keyring may be missing or locked). */
  canStore(): Promise<boolean>;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  names(): Promise<string[]>;
}

export class SecretStoreError extends Error {}

/** The environment variable a secret is read from: CLUSTERWRIGHT_SECRET_<NAME>, "-" as "_". */
export function secretEnvName(name: string): string {
  return `CLUSTERWRIGHT_SECRET_${name.toUpperCase().replaceAll('-', '_')}`;
}

/** Read-only: CLUSTERWRIGHT_SECRET_<NAME> variables (CI, scripts). */
export class EnvSecretStore implements SecretStore {
  readonly description = 'the environment (CLUSTERWRIGHT_SECRET_<NAME>)';
  readonly #env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.#env = env;
  }

  async warning(): Promise<string | undefined> {
    return undefined;
  }

  async canStore(): Promise<boolean> {
    return false;
  }

  async get(name: string): Promise<string | undefined> {
    const v = this.#env[secretEnvName(name)];
    return v === '' ? undefined : v;
  }

  async set(name: string, _value?: string): Promise<void> {
    throw new SecretStoreError(
      `cannot store secret "${name}" in the environment; set ${secretEnvName(name)} instead`,
    );
  }

  async delete(name: string): Promise<void> {
    throw new SecretStoreError(
      `cannot remove secret "${name}" from the environment; unset ${secretEnvName(name)}`,
    );
  }

  async names(): Promise<string[]> {
    const prefix = 'CLUSTERWRIGHT_SECRET_';
    return Object.keys(this.#env)
      .filter((k) => k.startsWith(prefix) && this.#env[k] !== '')
      .map((k) => k.slice(prefix.length).toLowerCase().replaceAll('_', '-'));
  }
}

const fileSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.string());

/**
 * A JSON file of `{ "name": "value" }`, readable by its owner only (0600; a file others can
 * read is refused), written atomically. What the CLI uses with `--secrets <file>`: values
 * are plain text there, as in an Ansible vault password file, so keep it on a disk you trust.
 */
export class FileSecretStore implements SecretStore {
  readonly description: string;
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
    this.description = path;
  }

  async warning(): Promise<string | undefined> {
    return `secrets in ${this.#path} are plain text, protected only by the file's mode (0600)`;
  }

  async canStore(): Promise<boolean> {
    return true;
  }

  async #read(): Promise<Record<string, string>> {
    let st;
    try {
      st = await lstat(this.#path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    if (!st.isFile())
      throw new SecretStoreError(`${this.#path} is not a regular file; give a secrets file (JSON)`);
    if ((st.mode & 0o077) !== 0)
      throw new SecretStoreError(
        `${this.#path} can be read by others (mode ${(st.mode & 0o777).toString(8)}); run: chmod 600 ${this.#path}`,
      );
    const text = await readFile(this.#path, 'utf8');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new SecretStoreError(
        `${this.#path} is not JSON (${(e as Error).message}); write it as {"secret-name": "value"}`,
      );
    }
    const r = fileSchema.safeParse(data);
    if (!r.success)
      throw new SecretStoreError(
        `${this.#path}: ${r.error.issues[0]?.message ?? 'invalid'}; write it as {"secret-name": "value"} with lower-case names`,
      );
    return r.data;
  }

  async #write(data: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.#path, `${JSON.stringify(data, null, 2)}\n`, 0o600);
  }

  async get(name: string): Promise<string | undefined> {
    return (await this.#read())[name];
  }

  async set(name: string, value: string): Promise<void> {
    await this.#write({ ...(await this.#read()), [name]: value });
  }

  async delete(name: string): Promise<void> {
    const { [name]: _gone, ...rest } = await this.#read();
    await this.#write(rest);
  }

  async names(): Promise<string[]> {
    return Object.keys(await this.#read()).sort();
  }
}

/** Asks several stores in turn; writes go to the first that accepts them. */
export class ChainedSecretStore implements SecretStore {
  readonly #stores: readonly SecretStore[];
  readonly description: string;

  constructor(stores: readonly SecretStore[]) {
    this.#stores = stores;
    this.description = stores.map((s) => s.description).join(', then ');
  }

  async warning(): Promise<string | undefined> {
    const ws = (await Promise.all(this.#stores.map((s) => s.warning()))).filter(
      (w): w is string => w !== undefined,
    );
    return ws.length > 0 ? ws.join('; ') : undefined;
  }

  async canStore(): Promise<boolean> {
    return (await Promise.all(this.#stores.map((s) => s.canStore()))).some(Boolean);
  }

  async get(name: string): Promise<string | undefined> {
    for (const s of this.#stores) {
      const v = await s.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  async set(name: string, value: string): Promise<void> {
    const errors: string[] = [];
    for (const s of this.#stores) {
      try {
        await s.set(name, value);
        return;
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    throw new SecretStoreError(`cannot store secret "${name}": ${errors.join('; ')}`);
  }

  async delete(name: string): Promise<void> {
    for (const s of this.#stores) await s.delete(name).catch(() => undefined);
  }

  async names(): Promise<string[]> {
    return [...new Set((await Promise.all(this.#stores.map((s) => s.names()))).flat())].sort();
  }
}

/**
 * The values of the named secrets; `ask` is called for those no store holds (a prompt),
 * and may give up (undefined). Returns the values found; the caller says which are missing.
 */
export async function collectSecrets(
  store: SecretStore,
  names: readonly string[],
  ask?: (name: string) => Promise<string | undefined>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const n of names) {
    const v = (await store.get(n)) ?? (await ask?.(n));
    if (v !== undefined && v !== '') out.set(n, v);
  }
  return out;
}

/**
 * Secrets given for this session only: kept in this process's memory, gone when it ends.
 * What the desktop app uses when the user does not ask to remember a value, or when there
 * is no keyring to remember it in.
 */
export class SessionSecretStore implements SecretStore {
  readonly description = 'this session (memory only)';
  readonly #values = new Map<string, string>();

  async warning(): Promise<string | undefined> {
    return undefined;
  }

  async canStore(): Promise<boolean> {
    return true;
  }

  async get(name: string): Promise<string | undefined> {
    return this.#values.get(name);
  }

  async set(name: string, value: string): Promise<void> {
    this.#values.set(name, value);
  }

  async delete(name: string): Promise<void> {
    this.#values.delete(name);
  }

  async names(): Promise<string[]> {
    return [...this.#values.keys()].sort();
  }
}
