import type { SafeStorage } from 'electron';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SecretStore } from '../src/services/secrets.ts';
import { SecretStoreError } from '../src/services/secrets.ts';
import { writeFileAtomic } from '../src/services/designFiles.ts';

/** What the store needs of Electron's safeStorage (the whole of it in the app). */
export type SafeStorageApi = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

/**
 * The app's secrets, encrypted with Electron's safeStorage (the OS keyring: libsecret or
 * KWallet on Linux, Keychain on macOS, DPAPI on Windows) and kept as base64 in a 0600 JSON
 * file under the user data folder. Where Linux has no keyring, safeStorage falls back to a
 * key written in plain text ("basic_text"): secrets are still stored, and `warning` says
 * so, for the UI to show before the user types one. Must be used after app `ready`.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly description = 'the system keyring (Electron safeStorage)';
  readonly #file: string;
  readonly #safe: SafeStorageApi;
  readonly #platform: NodeJS.Platform;

  constructor(file: string, safe: SafeStorageApi, platform: NodeJS.Platform = process.platform) {
    this.#file = file;
    this.#safe = safe;
    this.#platform = platform;
  }

  async warning(): Promise<string | undefined> {
    if (!this.#safe.isEncryptionAvailable())
      return 'no keyring is available to encrypt secrets: they cannot be saved here; give them at each deploy instead';
    if (this.#platform === 'linux' && this.#safe.getSelectedStorageBackend() === 'basic_text')
      return 'no keyring found (GNOME Keyring, KWallet): secrets are encrypted with a key kept in plain text on this computer; install and unlock a keyring to protect them';
    return undefined;
  }

  async canStore(): Promise<boolean> {
    return this.#safe.isEncryptionAvailable();
  }

  async #read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    const data = JSON.parse(text) as unknown;
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new SecretStoreError(`${this.#file} is not a secrets file; move it away`);
    return Object.fromEntries(
      Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  }

  async #write(data: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.#file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.#file, `${JSON.stringify(data, null, 2)}\n`, 0o600);
  }

  async get(name: string): Promise<string | undefined> {
    const sealed = (await this.#read())[name];
    if (sealed === undefined) return undefined;
    if (!this.#safe.isEncryptionAvailable())
      throw new SecretStoreError('the keyring is not available: cannot read stored secrets');
    return this.#safe.decryptString(Buffer.from(sealed, 'base64'));
  }

  async set(name: string, value: string): Promise<void> {
    if (!this.#safe.isEncryptionAvailable())
      throw new SecretStoreError(`no keyring to encrypt secret "${name}" with; it was not saved`);
    const sealed = this.#safe.encryptString(value).toString('base64');
    await this.#write({ ...(await this.#read()), [name]: sealed });
  }

  async delete(name: string): Promise<void> {
    const { [name]: _gone, ...rest } = await this.#read();
    await this.#write(rest);
  }

  async names(): Promise<string[]> {
    return Object.keys(await this.#read()).sort();
  }
}
