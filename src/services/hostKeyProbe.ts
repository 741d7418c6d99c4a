import type { PresentedHostKey } from '../deploy/hostKeys.ts';
import { HostKeyVerifier, storeHostKey } from '../deploy/hostKeys.ts';
import { sshOptionsForNode } from '../deploy/nodeConnection.ts';
import { connectSsh } from '../deploy/transport/sshTransport.ts';
import { isTransportError } from '../deploy/transport/transportError.ts';
import type { Design } from '../model/types.ts';
import type { HostKeyView } from './labDeployContract.ts';

/** What a node's host key is to us, found without logging in. */
export type ProbedKey =
  | { readonly node: string; readonly state: 'trusted' }
  | ({ readonly node: string } & HostKeyView)
  | { readonly node: string; readonly state: 'unreachable'; readonly error: string };

/** Thrown by the probe's verifier once it has seen the key: the probe never logs in. */
class SeenKey extends Error {}

/**
 * The verifier for a probe: it decides as the deploy's verifier would (same files), notes
 * the verdict, then ends the handshake. An unknown key is not confirmed and not stored.
 */
class ProbeVerifier extends HostKeyVerifier {
  unknown?: PresentedHostKey;
  trusted = false;

  constructor(knownHostsFile: string, openSshKnownHosts?: readonly string[]) {
    super({
      knownHostsFile,
      ...(openSshKnownHosts ? { openSshKnownHosts } : {}),
      confirm: (key) => {
        this.unknown = key;
        return false;
      },
    });
  }

  override async verify(host: string, port: number, key: Uint8Array, target: string) {
    await super.verify(host, port, key, target);
    this.trusted = true;
    throw new SeenKey('host key trusted; the probe does not log in');
  }
}

export interface ProbeOptions {
  readonly knownHostsFile: string;
  /** OpenSSH known_hosts files to read as well (default: ~/.ssh/known_hosts). */
  readonly openSshKnownHosts?: readonly string[];
  readonly timeoutMs?: number;
}

/**
 * Asks every node of a design for its host key and says which are trusted, which are
 * unknown (the user must confirm the fingerprint) and which have changed (refused). Only
 * the key exchange happens: no credential is offered to a node whose key is not trusted.
 */
export function probeHostKeys(design: Design, options: ProbeOptions): Promise<ProbedKey[]> {
  return Promise.all(
    design.nodes.map(async (node): Promise<ProbedKey> => {
      const verifier = new ProbeVerifier(options.knownHostsFile, options.openSshKnownHosts);
      const ssh = sshOptionsForNode(node, {
        // Never sent: the verifier ends every handshake before authentication.
        auth: { password: () => '' },
        hostKeys: verifier,
        readyTimeoutMs: options.timeoutMs ?? 8000,
      });
      try {
        const t = await connectSsh(ssh);
        await t.close();
        return { node: node.name, state: 'trusted' };
      } catch (e) {
        if (verifier.trusted) return { node: node.name, state: 'trusted' };
        if (verifier.unknown) {
          const k = verifier.unknown;
          return {
            node: node.name,
            state: 'unknown',
            host: k.host,
            port: k.port,
            keyType: k.keyType,
            fingerprint: k.fingerprint,
            message: `${node.name} (${k.host}:${k.port}) presents a ${k.keyType} host key nobody has confirmed: ${k.fingerprint}. Compare it with the node's own (ssh-keygen -lf /etc/ssh/ssh_host_${k.keyType.replace(/^ssh-/, '').replace(/-.*/, '')}_key.pub) before trusting it.`,
          };
        }
        if (isTransportError(e, 'hostkey-changed'))
          return {
            node: node.name,
            state: 'changed',
            host: ssh.host,
            port: ssh.port ?? 22,
            keyType: e.keyType ?? 'unknown',
            fingerprint: e.fingerprint ?? '',
            message: e.message,
          };
        return { node: node.name, state: 'unreachable', error: (e as Error).message };
      }
    }),
  );
}

/**
 * Stores a host key the user confirmed. A host that already has another key on record is
 * refused: a changed key is never replaced from the UI.
 */
export async function trustHostKey(
  key: PresentedHostKey,
  options: Pick<ProbeOptions, 'knownHostsFile' | 'openSshKnownHosts'>,
): Promise<{ stored: boolean }> {
  const verifier = new HostKeyVerifier({
    knownHostsFile: options.knownHostsFile,
    ...(options.openSshKnownHosts ? { openSshKnownHosts: options.openSshKnownHosts } : {}),
  });
  const known = (await verifier.knownKeys(key.host, key.port)).filter((k) => !k.revoked);
  if (known.some((k) => k.fingerprint === key.fingerprint)) return { stored: false };
  if (known.length > 0)
    throw new Error(
      `${key.host}:${key.port} already has a different host key on record (${known.map((k) => `${k.fingerprint} in ${k.source}`).join(', ')}); a changed key is not replaced from here. If the node was reinstalled, remove that line first.`,
    );
  await storeHostKey(options.knownHostsFile, key);
  return { stored: true };
}
