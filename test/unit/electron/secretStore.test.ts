import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SafeStorageApi } from '../../../electron/secretStore.ts';
import { SafeStorageSecretStore } from '../../../electron/secretStore.ts';
import { createServices } from '../../../src/services/services.ts';
import { templatePathOf } from '../../support/designs.ts';
import { useTempDir } from '../../support/tmp.ts';

const tempDir = useTempDir('cw-safestorage-');

/**
 * Electron's safeStorage cannot run here (there is no Electron binary): this stand-in
 * "encrypts" by reversing bytes, enough to check that the store never writes a value as
 * it is and warns as it must. The real safeStorage is Electron's, typechecked against it.
 */
function standIn(
  backend: ReturnType<SafeStorageApi['getSelectedStorageBackend']>,
  available = true,
): SafeStorageApi {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(Buffer.from(`sealed:${s}`, 'utf8').reverse()),
    decryptString: (b) =>
      Buffer.from(b)
        .reverse()
        .toString('utf8')
        .replace(/^sealed:/, ''),
    getSelectedStorageBackend: () => backend,
  };
}

describe('the app secret store over safeStorage', () => {
  it('stores only sealed values, in a 0600 file, and reads them back', async () => {
    const file = join(tempDir(), 'cw', 'secrets.json');
    const store = new SafeStorageSecretStore(file, standIn('gnome_libsecret'), 'linux');
    await store.set('chap-a', 'top-secret-value');
    expect(readFileSync(file, 'utf8')).not.toContain('top-secret-value');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.get('chap-a')).toBe('top-secret-value');
    expect(await store.names()).toEqual(['chap-a']);
    expect(await store.warning()).toBeUndefined();
    expect(await store.canStore()).toBe(true);
    await store.delete('chap-a');
    expect(await store.get('chap-a')).toBeUndefined();
  });

  it('warns when Linux has no keyring (basic_text), and refuses to save without encryption', async () => {
    const file = join(tempDir(), 'secrets.json');
    expect(
      await new SafeStorageSecretStore(file, standIn('basic_text'), 'linux').warning(),
    ).toMatch(/plain text/);
    const none = new SafeStorageSecretStore(file, standIn('unknown', false), 'linux');
    expect(await none.warning()).toMatch(/cannot be saved/);
    expect(await none.canStore()).toBe(false);
    await expect(none.set('a', 'b')).rejects.toThrow(/was not saved/);
  });
});

describe('the app secret store behind the secret channels', () => {
  it('is what remembered secrets go to, and the services never answer with a value', async () => {
    const file = join(tempDir(), 'secrets.json');
    const api = createServices({
      configDir: tempDir(),
      secretEnv: {},
      secretStore: new SafeStorageSecretStore(file, standIn('kwallet5'), 'linux'),
    });
    const path = templatePathOf('two-node-drbd-kvm');
    const before = await api['secrets.status']({ path });
    expect(before).toMatchObject({
      canRemember: true,
      storedIn: 'the system keyring (Electron safeStorage)',
    });
    expect(before.warning).toBeUndefined();
    await api['secrets.set']({ name: 'ipmi-alpha', value: 'alpha-ipmi-pw', remember: true });
    const after = await api['secrets.status']({ path });
    expect(after.secrets).toEqual([
      { name: 'ipmi-alpha', source: 'stored' },
      { name: 'ipmi-beta' },
    ]);
    expect(readFileSync(file, 'utf8')).not.toContain('alpha-ipmi-pw');
    expect(JSON.stringify(after)).not.toContain('alpha-ipmi-pw');
  });
});
