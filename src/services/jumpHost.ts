import type { JumpHost } from '../deploy/nodeConnection.ts';
import { SshEndpointSchema } from '../model/schema.ts';

/** The --help text of the CLI's --jump. */
export const JUMP_HELP =
  "reach every node through this jump host (bastion), in place of each node's ssh.jump; same credentials, its host key checked like a node's";

export class JumpHostError extends Error {}

/**
 * Reads a jump host written `[user@]host[:port]` (the CLI's --jump), with the rules a
 * design's `ssh.jump` follows: an IPv4 address or a safe name, a Unix user, a TCP port.
 */
export function parseJumpHost(text: string): JumpHost {
  const usage = 'write it as [user@]host[:port], e.g. ops@192.0.2.7:2222';
  const m = /^(?:([^@]*)@)?([^@:]*)(?::([^@:]*))?$/.exec(text);
  if (!m) throw new JumpHostError(`--jump "${text}": cannot read it; ${usage}`);
  const [, user, host = '', port] = m;
  if (host.startsWith('-'))
    throw new JumpHostError(
      `--jump "${text}": the host "${host}" starts with "-", which ssh would read as an option; give a host name or an IPv4 address`,
    );
  if (host === '') throw new JumpHostError(`--jump "${text}": no host; ${usage}`);
  if (port !== undefined && !/^[0-9]{1,5}$/.test(port))
    throw new JumpHostError(`--jump "${text}": the port "${port}" is not a number; ${usage}`);
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    throw new JumpHostError(`--jump "${text}": the port ${port} is not between 1 and 65535`);
  const parsed = SshEndpointSchema.safeParse({
    host,
    ...(user !== undefined ? { user } : {}),
    ...(port !== undefined ? { port: Number(port) } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'host');
    const value = field === 'user' ? user : field === 'port' ? port : host;
    throw new JumpHostError(
      `--jump "${text}": the ${field} "${value ?? ''}" is ${issue?.message ?? 'not valid'}`,
    );
  }
  return parsed.data;
}
