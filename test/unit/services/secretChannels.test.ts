import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handleApiMessage } from '../../../src/host/web/apiMessages.ts';
import type { ClusterwrightApi } from '../../../src/services/contract.ts';
import { FileSecretStore } from '../../../src/services/secrets.ts';
import { createServices } from '../../../src/services/services.ts';
import { templatePathOf } from '../../support/designs.ts';
import { useTempDir } from '../../support/tmp.ts';

const tmp = useTempDir('cw-secret-channels-');

// Four nodes fenced over IPMI: one fence password, named "ipmi-kvm" in the design.
const DESIGN = templatePathOf('four-node-n1-kvm');
const VALUE = 'Pa$$ "w0rd" \\ `x` ☃';

function services(options: { stored?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const file = join(tmp(), 'secrets.json');
  const api = createServices({
    configDir: tmp(),
    secretEnv: options.env ?? {},
    ...(options.stored ? { secretStore: new FileSecretStore(file) } : {}),
  });
  return { api, file };
}

const sourceOf = async (api: ClusterwrightApi, name: string) =>
  (await api['secrets.status']({ path: DESIGN })).secrets.find((s) => s.name === name)?.source;

describe('secret channels', () => {
  it("list the design's secrets, none set at first, and say there is no keyring", async () => {
    const { api } = services();
    const view = await api['secrets.status']({ path: DESIGN });
    expect(view.secrets).toEqual([{ name: 'ipmi-kvm' }]);
    expect(view.canRemember).toBe(false);
    expect(view.storedIn).toBeUndefined();
    expect(view.warning).toMatch(/no keyring/);
  });

  it('a value typed for the session is used first; forgetting it leaves the older one', async () => {
    const { api } = services({ stored: true, env: { CLUSTERWRIGHT_SECRET_IPMI_KVM: 'from-env' } });
    expect(await sourceOf(api, 'ipmi-kvm')).toBe('environment');
    expect(await api['secrets.set']({ name: 'ipmi-kvm', value: VALUE, remember: false })).toEqual({
      name: 'ipmi-kvm',
      source: 'session',
    });
    expect(await sourceOf(api, 'ipmi-kvm')).toBe('session');
    await api['secrets.forget']({ name: 'ipmi-kvm' });
    expect(await sourceOf(api, 'ipmi-kvm')).toBe('environment');
  });

  it('remembered values go to the store (0600), and no answer ever carries a value', async () => {
    const { api, file } = services({ stored: true });
    const answers: unknown[] = [];
    answers.push(await api['secrets.status']({ path: DESIGN }));
    answers.push(await api['secrets.set']({ name: 'ipmi-kvm', value: VALUE, remember: true }));
    answers.push(await api['secrets.status']({ path: DESIGN }));
    expect(await sourceOf(api, 'ipmi-kvm')).toBe('stored');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'ipmi-kvm': VALUE });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const view = answers[2] as { canRemember: boolean; storedIn: string; warning: string };
    expect(view.canRemember).toBe(true);
    expect(view.storedIn).toBe(file);
    expect(view.warning).toMatch(/plain text/);
    for (const a of answers) expect(JSON.stringify(a)).not.toContain('w0rd');
    answers.push(await api['secrets.forget']({ name: 'ipmi-kvm' }));
    expect(await sourceOf(api, 'ipmi-kvm')).toBeUndefined();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
  });

  it('remembering without a keyring is refused with what to do instead; nothing is kept', async () => {
    const { api } = services();
    await expect(
      api['secrets.set']({ name: 'ipmi-kvm', value: VALUE, remember: true }),
    ).rejects.toThrow(/no keyring.*give it for this session instead/);
    expect(await sourceOf(api, 'ipmi-kvm')).toBeUndefined();
  });

  it('refuses a bad name or an empty value at the contract, without echoing the value', async () => {
    const { api } = services();
    for (const request of [
      { name: '../etc/passwd', value: 'x', remember: false },
      { name: '-rf', value: 'x', remember: false },
      { name: 'ipmi-kvm', value: '', remember: false },
      { name: 'ipmi-kvm', value: 'y'.repeat(4097), remember: false },
    ]) {
      const reply = await handleApiMessage(
        api,
        JSON.stringify({ id: 1, channel: 'secrets.set', request }),
      );
      expect(reply).toMatchObject({ id: 1, ok: false });
      expect(JSON.stringify(reply)).not.toContain('yyyy');
    }
    expect(await sourceOf(api, 'ipmi-kvm')).toBeUndefined();
  });

  it('a design with errors names the file and how to see its problems', async () => {
    const { api } = services();
    await expect(api['secrets.status']({ path: join(tmp(), 'missing.yaml') })).rejects.toThrow(
      /missing\.yaml/,
    );
  });
});
