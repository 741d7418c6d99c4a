import { SshPool } from '../deploy/transport/sshPool.ts';

export type { SshPool };

/**
 * The app's SSH connections to real nodes, kept between deploys (as OpenSSH's
 * ControlPersist keeps its masters) and closed after a minute unused; the hosts (Electron,
 * the web host) make one, give it to createServices, and close it when they quit.
 */
export function createConnectionPool(): SshPool {
  return new SshPool();
}
