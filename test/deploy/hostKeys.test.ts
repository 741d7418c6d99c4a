import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostKeyVerifier } from '../../src/deploy/hostKeys.ts';
import type { PresentedHostKey } from '../../src/deploy/hostKeys.ts';
import { connectSsh } from '../../src/deploy/transport/sshTransport.ts';
import type { SshTestHost } from '../support/sshHosts.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { runTool } from '../support/tools.ts';
import { transportErrorOf } from './errorOf.ts';

const hosts = useSshHosts(2);
const tempDir = useTempDir('cw-hostkeys-');

function connect(
  host: SshTestHost,
  knownHostsFile: string,
  openSsh: string[],
  confirm?: (k: PresentedHostKey) => boolean | Promise<boolean>,
  readyTimeoutMs?: number,
) {
  return connectSsh({
    ...(readyTimeoutMs ? { readyTimeoutMs } : {}),
    host: host.address,
    port: host.port,
    username: host.username,
    auth: { privateKeyPath: host.privateKeyPath },
    hostKeys: new HostKeyVerifier({
      knownHostsFile,
      openSshKnownHosts: openSsh,
      ...(confirm ? { confirm } : {}),
    }),
  });
}

describe('host keys', () => {
  it('refuses an unknown key until the user confirms its fingerprint, then remembers it', async () => {
    const host = hosts().host(0);
    const file = join(tempDir(), 'cw', 'known_hosts');

    const refused = await transportErrorOf(connect(host, file, []));
    expect(refused.kind).toBe('hostkey-unknown');
    expect(refused.fingerprint).toBe(host.hostKeyFingerprint());
    expect(refused.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(refused.message).toContain(host.hostKeyFingerprint());
    expect(existsSync(file)).toBe(false);

    const asked: PresentedHostKey[] = [];
    const declined = await transportErrorOf(
      connect(host, file, [], (k) => {
        asked.push(k);
        return false;
      }),
    );
    expect(declined.kind).toBe('hostkey-unknown');
    expect(asked).toEqual([
      {
        host: host.address,
        port: 22,
        keyType: host.hostKeyType(),
        fingerprint: host.hostKeyFingerprint(),
      },
    ]);

    const t = await connect(host, file, [], () => true);
    await t.close();
    expect(readFileSync(file, 'utf8')).toBe(
      `${host.address}:22 ${host.hostKeyFingerprint()} ${host.hostKeyType()}\n`,
    );
    // Known now: no question asked.
    const again = await connect(host, file, [], () => {
      throw new Error('must not ask about a known key');
    });
    await again.close();
  });

  it('gives the user longer than the login timeout to compare the fingerprint', async () => {
    const host = hosts().host(1);
    const file = join(tempDir(), 'known_hosts');
    // A user who reads the fingerprint for three times the login timeout, then says yes.
    const slowYes = () => new Promise<boolean>((r) => setTimeout(() => r(true), 4000));
    const t = await connect(host, file, [], slowYes, 1300);
    expect((await t.exec('echo ok')).stdout).toBe('ok\n');
    await t.close();
  });

  it("trusts keys in OpenSSH's known_hosts, plain or hashed, and refuses a different one", async () => {
    const host = hosts().host(1);
    const dir = tempDir();
    const ours = join(dir, 'ours');
    const openSsh = join(dir, 'known_hosts');
    writeFileSync(openSsh, `# comment\n${host.address} ${host.hostPublicKey()}\n`);
    await (await connect(host, ours, [openSsh])).close();

    expect(runTool('ssh-keygen', ['-H', '-f', openSsh]).status).toBe(0);
    expect(readFileSync(openSsh, 'utf8')).toMatch(/^\|1\|/m);
    expect(readFileSync(openSsh, 'utf8')).not.toContain(host.address);
    await (await connect(host, ours, [openSsh])).close();

    // The other host's key recorded for this address: a changed key.
    writeFileSync(openSsh, `${host.address} ${hosts().host(0).hostPublicKey()}\n`);
    const e = await transportErrorOf(connect(host, ours, [openSsh], () => true));
    expect(e.kind).toBe('hostkey-changed');
    expect(e.knownFingerprints).toEqual([hosts().host(0).hostKeyFingerprint()]);
    expect(existsSync(ours)).toBe(false);
  });

  it('refuses a changed host key with a message naming the host and both fingerprints', async () => {
    const host = hosts().host(0);
    const file = join(tempDir(), 'known_hosts');
    await (await connect(host, file, [], () => true)).close();
    const old = host.hostKeyFingerprint();
    await host.regenerateHostKey();
    expect(host.hostKeyFingerprint()).not.toBe(old);

    const e = await transportErrorOf(connect(host, file, [], () => true));
    expect(e.kind).toBe('hostkey-changed');
    expect(e.fingerprint).toBe(host.hostKeyFingerprint());
    expect(e.knownFingerprints).toEqual([old]);
    expect(e.message).toContain(`${host.address}:22`);
    expect(e.message).toContain(old);
    expect(e.message).toContain(host.hostKeyFingerprint());
    // The file still holds only the old key: a changed key is never stored.
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
