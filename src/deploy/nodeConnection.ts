import type { ClusterNode } from '../model/types.ts';
import type { HostKeyVerifier } from './hostKeys.ts';
import type { SshAuth, SshConnectOptions } from './transport/sshTransport.ts';

/** Connection tuning shared by every node of a deploy or a monitor. */
export interface NodeConnectionSettings {
  readonly auth: SshAuth;
  readonly hostKeys: HostKeyVerifier;
  readonly jump?: SshConnectOptions;
  readonly readyTimeoutMs?: number;
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
}

/**
 * The SSH options for a design node: its `ssh` block (host, port, user), or its name on
 * port 22 as root when the design gives none. Credentials never come from the design.
 */
export function sshOptionsForNode(
  node: ClusterNode,
  settings: NodeConnectionSettings,
): SshConnectOptions {
  return {
    host: node.ssh?.host ?? node.name,
    port: node.ssh?.port ?? 22,
    username: node.ssh?.user ?? 'root',
    ...settings,
  };
}
