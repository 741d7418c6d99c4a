import type { PresentedHostKey } from '../deploy/hostKeys.ts';
import { HostKeyVerifier, storeHostKey } from '../deploy/hostKeys.ts';
import { sshOptionsForNode } from '../deploy/nodeConnection.ts';
import type { SshConnectOptions } from '../deploy/transport/sshTransport.ts';
import { connectSsh } from '../deploy/transport/sshTransport.ts';
import { isTransportError } from '../deploy/transport/transportError.ts';
import type { Design } from '../model/types.ts';
import type { RealConnectOptions } from './connect.ts';
import { sshAuthOf } from './connect.ts';
import type { HostKeyView } from './labDeployContract.ts';

/** What a node's (or a jump host's) host key is to us. */
export type ProbedKey =
  | { readonly node: string; readonly state: 'trusted' }
  | ({ readonly node: string } & HostKeyView)
  | { readonly node: string; readonly state: 'unreachable'; readonly error: string }
  /** Behind a jump host whose key is not trusted yet: its own key is read once it is. */
  | { readonly node: string; readonly state: 'waiting'; readonly jump: string };

/** Thrown by the probe's verifier once it has seen the key: the probe never logs in. */
class SeenKey extends Error {}

/**
 * The verifier for a probe: it decides as the deploy's verifier would (same files), notes
 * the verdict, then ends the handshake. An unknown key is not confirmed and not stored.
 */
class ProbeVerifier extends HostKeyVerifier {
  unknown?: PresentedHostKey;
  trusted = false;
  /** Whether the probed host got as far as showing its key (a jump host failing does not). */
  seen = false;

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
    this.seen = true;
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
  /**
   * How to log in to a jump host, once its key is trusted, to read the keys of the nodes
   * behind it (the plan's own credentials; default the SSH agent). Nodes are never logged in to.
   */
  readonly credentials?: Pick<RealConnectOptions, 'identity' | 'passphrase' | 'password'>;
}

type Endpoint = { readonly host: string; readonly port: number; readonly username: string };
/** A probe's answer before it is given to a node: a ProbedKey without its `node`. */
type Verdict = ProbedKey extends infer K
  ? K extends { node: string }
    ? Omit<K, 'node'>
    : never
  : never;

const endpointId = (e: { host: string; port: number }) => `${e.host}:${e.port}`;

function unknownMessage(who: string, k: PresentedHostKey): string {
  return `${who} (${k.host}:${k.port}) presents a ${k.keyType} host key nobody has confirmed: ${k.fingerprint}. Compare it with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_${k.keyType.replace(/^ssh-/, '').replace(/-.*/, '')}_key.pub) before trusting it.`;
}

/**
 * Reads one host's key, straight or through a jump host: only the key exchange with it
 * happens. What the verifier saw decides; an error before that is the way there failing.
 */
async function probeOne(
  who: string,
  target: Endpoint,
  options: ProbeOptions,
  jump?: SshConnectOptions,
): Promise<Verdict> {
  const verifier = new ProbeVerifier(options.knownHostsFile, options.openSshKnownHosts);
  try {
    const t = await connectSsh({
      ...target,
      // Never sent: the verifier ends every handshake before authentication.
      auth: { password: () => '' },
      hostKeys: verifier,
      readyTimeoutMs: options.timeoutMs ?? 8000,
      ...(jump ? { jump } : {}),
    });
    await t.close();
    return { state: 'trusted' };
  } catch (e) {
    if (verifier.trusted) return { state: 'trusted' };
    if (verifier.unknown) {
      const k = verifier.unknown;
      return { state: 'unknown', ...k, message: unknownMessage(who, k) };
    }
    if (verifier.seen && isTransportError(e, 'hostkey-changed'))
      return {
        state: 'changed',
        host: target.host,
        port: target.port,
        keyType: e.keyType ?? 'unknown',
        fingerprint: e.fingerprint ?? '',
        message: e.message,
      };
    const how = jump && !verifier.seen ? `through jump host ${jump.host}:${jump.port ?? 22}: ` : '';
    return { state: 'unreachable', error: `${how}${(e as Error).message}` };
  }
}

/**
 * Asks every node of a design for its host key and says which are trusted, which are
 * unknown (the user must confirm the fingerprint) and which have changed (refused). Only
 * the key exchange happens: no credential is offered to a node, nor to a jump host whose key
 * is not trusted. A node behind a jump host is asked through it, once the jump host's key is
 * trusted; until then the jump host's key comes first (once, however many nodes use it),
 * labelled with the nodes behind it in `jumpFor`.
 */
export async function probeHostKeys(design: Design, options: ProbeOptions): Promise<ProbedKey[]> {
  const settings = {
    auth: sshAuthOf(options.credentials ?? {}),
    // A plain verifier for logging in to a jump host: an unknown or changed key is refused.
    hostKeys: new HostKeyVerifier({
      knownHostsFile: options.knownHostsFile,
      ...(options.openSshKnownHosts ? { openSshKnownHosts: options.openSshKnownHosts } : {}),
    }),
    readyTimeoutMs: options.timeoutMs ?? 8000,
  };
  const plans = design.nodes.map((node) => ({ node, ssh: sshOptionsForNode(node, settings) }));
  // Each endpoint reached straight (a node's or a jump host's) is probed once.
  const direct = new Map<string, Promise<Verdict>>();
  const straight = (who: string, e: Endpoint) => {
    const id = endpointId(e);
    if (!direct.has(id)) direct.set(id, probeOne(who, e, options));
    return direct.get(id) as Promise<Verdict>;
  };
  const endpointOf = (o: SshConnectOptions): Endpoint => ({
    host: o.host,
    port: o.port ?? 22,
    username: o.username,
  });
  const nodes = await Promise.all(
    plans.map(async ({ node, ssh }): Promise<ProbedKey> => {
      if (!ssh.jump) return { node: node.name, ...(await straight(node.name, endpointOf(ssh))) };
      const jumpId = endpointId(endpointOf(ssh.jump));
      const viaJump = await straight(`jump host ${ssh.jump.host}`, endpointOf(ssh.jump));
      if (viaJump.state === 'unreachable')
        return {
          node: node.name,
          state: 'unreachable',
          error: `jump host ${jumpId}: ${viaJump.error}`,
        };
      if (viaJump.state !== 'trusted') return { node: node.name, state: 'waiting', jump: jumpId };
      return {
        node: node.name,
        ...(await probeOne(node.name, endpointOf(ssh), options, ssh.jump)),
      };
    }),
  );
  // The keys of jump hosts that are not nodes of the design themselves, first.
  const nodeIds = new Set(
    plans.filter((p) => !p.ssh.jump).map((p) => endpointId(endpointOf(p.ssh))),
  );
  const jumps = new Map<string, string[]>();
  for (const p of plans) {
    if (!p.ssh.jump) continue;
    const id = endpointId(endpointOf(p.ssh.jump));
    if (!nodeIds.has(id)) jumps.set(id, [...(jumps.get(id) ?? []), p.node.name]);
  }
  const jumpKeys: ProbedKey[] = [];
  for (const [id, behind] of jumps) {
    const v = await direct.get(id);
    if (v && (v.state === 'unknown' || v.state === 'changed'))
      jumpKeys.push({ ...v, node: v.host, jumpFor: behind });
  }
  return [...jumpKeys, ...nodes];
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
