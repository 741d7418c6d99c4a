import type { ClusterNode } from '../model/types.ts';
import type { HostKeyVerifier } from './hostKeys.ts';
import type { SshAuth, SshConnectOptions } from './transport/sshTransport.ts';

/** A jump host (bastion), as a design's `ssh.jump` or the command line's `--jump` names it. */
export interface JumpHost {
  readonly host: string;
  /** Default 22. */
  readonly port?: number;
  /** Default root. */
  readonly user?: string;
}

/** Connection tuning shared by every node of a deploy or a monitor. */
export interface NodeConnectionSettings {
  readonly auth: SshAuth;
  readonly hostKeys: HostKeyVerifier;
  /** A jump host for every node, in place of the one a node's `ssh` block names. */
  readonly jump?: JumpHost;
  readonly readyTimeoutMs?: number;
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
}

/** The jump host a node is reached through, if any: the override first, then its design's. */
export function jumpHostOf(node: ClusterNode, override?: JumpHost): JumpHost | undefined {
  return override ?? node.ssh?.jump;
}

/**
 * The SSH options for a design node: its `ssh` block (host, port, user), or its name on
 * port 22 as root when the design gives none; through its jump host when it has one. The
 * jump host gets the same credentials, the same host key checks and the same timeouts.
 * Credentials never come from the design.
 */
export function sshOptionsForNode(
  node: ClusterNode,
  settings: NodeConnectionSettings,
): SshConnectOptions {
  const { jump: override, ...shared } = settings;
  const jump = jumpHostOf(node, override);
  return {
    host: node.ssh?.host ?? node.name,
    port: node.ssh?.port ?? 22,
    username: node.ssh?.user ?? 'root',
    ...shared,
    ...(jump
      ? {
          jump: {
            host: jump.host,
            port: jump.port ?? 22,
            username: jump.user ?? 'root',
            ...shared,
          },
        }
      : {}),
  };
}
