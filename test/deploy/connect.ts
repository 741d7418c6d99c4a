import { join } from 'node:path';
import { HostKeyVerifier } from '../../src/deploy/hostKeys.ts';
import type { SshConnectOptions, SshTransport } from '../../src/deploy/transport/sshTransport.ts';
import { connectSsh } from '../../src/deploy/transport/sshTransport.ts';
import type { SshTestHost } from '../support/sshHosts.ts';

/**
 * Connection options for a test host whose key is trusted only if its fingerprint is the
 * one the host generated (the test's stand-in for a user comparing fingerprints).
 */
export function optionsFor(
  host: SshTestHost,
  dir: string,
  extra: Partial<SshConnectOptions> = {},
): SshConnectOptions {
  return {
    host: host.address,
    port: host.port,
    username: host.username,
    auth: { privateKeyPath: host.privateKeyPath },
    hostKeys: new HostKeyVerifier({
      knownHostsFile: join(dir, 'known_hosts'),
      openSshKnownHosts: [],
      confirm: (k) => k.fingerprint === host.hostKeyFingerprint(),
    }),
    ...extra,
  };
}

export function connectTo(
  host: SshTestHost,
  dir: string,
  extra: Partial<SshConnectOptions> = {},
): Promise<SshTransport> {
  return connectSsh(optionsFor(host, dir, extra));
}
