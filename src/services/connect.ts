import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { NodeConnection } from '../deploy/bringUp.ts';
import { fingerprintOf, keyTypeOf } from '../deploy/hostKeyFingerprint.ts';
import type { PresentedHostKey } from '../deploy/hostKeys.ts';
import { HostKeyVerifier } from '../deploy/hostKeys.ts';
import type { JumpHost } from '../deploy/nodeConnection.ts';
import { sshOptionsForNode } from '../deploy/nodeConnection.ts';
import type { SshPool } from '../deploy/transport/sshPool.ts';
import type { SshAuth, SshConnectOptions } from '../deploy/transport/sshTransport.ts';
import { connectSsh } from '../deploy/transport/sshTransport.ts';
import { labsAt } from '../lab/findLab.ts';
import type { LabState } from '../lab/labState.ts';
import type { Design } from '../model/types.ts';

/** Clusterwright's own known-hosts file (OpenSSH's is read too, never written). */
export const KNOWN_HOSTS = join(
  process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'),
  'clusterwright',
  'known_hosts',
);

export class ConnectError extends Error {}

export interface RealConnectOptions {
  /** A private key file; without it (and without a password) the SSH agent is used. */
  readonly identity?: string;
  /** Asked when the key file is encrypted; the answer is never stored. */
  readonly passphrase?: (keyPath: string) => Promise<string | undefined>;
  /** Password authentication: asked once, before connecting; never stored or logged. */
  readonly password?: () => Promise<string | undefined>;
  /** Asked when a node shows a key nobody knows; true trusts and stores it. */
  readonly confirmHostKey?: (key: PresentedHostKey) => Promise<boolean> | boolean;
  readonly knownHostsFile?: string;
  /** OpenSSH known_hosts files read as well (default ~/.ssh/known_hosts); never written. */
  readonly openSshKnownHosts?: readonly string[];
  /**
   * A jump host for every node, in place of the one each node's `ssh` block may name (the
   * CLI's --jump). It is checked and logged in to like a node: same key rules, same credentials.
   */
  readonly jump?: JumpHost;
  /**
   * Connections kept open between calls (the app's); closing a node connection then hands
   * it back. Without it every call connects and closes (the CLI).
   */
  readonly pool?: SshPool;
}

function opener(
  pool: SshPool | undefined,
): (o: SshConnectOptions) => Promise<NodeConnection['transport']> {
  return (o) => (pool ? pool.acquire(o) : connectSsh(o));
}

type Target = { node: string; connect: () => Promise<NodeConnection['transport']> };

export interface Reached {
  readonly connections: NodeConnection[];
  readonly unreachable: { readonly node: string; readonly error: string }[];
}

async function settle(targets: readonly Target[]): Promise<Reached> {
  const settled = await Promise.allSettled(
    targets.map(async (t) => ({ node: t.node, transport: await t.connect() })),
  );
  return {
    connections: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
    unreachable: settled.flatMap((s, i) =>
      s.status === 'rejected'
        ? [{ node: targets[i]?.node ?? '?', error: (s.reason as Error).message }]
        : [],
    ),
  };
}

async function connectAll(targets: readonly Target[]): Promise<NodeConnection[]> {
  const { connections: ok, unreachable } = await settle(targets);
  const failed = unreachable.map((u) => `${u.node}: ${u.error}`);
  if (failed.length > 0) {
    await Promise.all(ok.map((c) => c.transport.close()));
    throw new ConnectError(`cannot reach every node:\n  ${failed.join('\n  ')}`);
  }
  return ok;
}

/** SSH to each node of a design at its `ssh` endpoint; every node must answer. */
export async function connectDesign(
  design: Design,
  options: RealConnectOptions = {},
  only?: readonly string[],
): Promise<NodeConnection[]> {
  return connectAll(designTargets(design, options).filter((t) => !only || only.includes(t.node)));
}

/** Connects to the design's nodes that answer; the others are reported, not thrown. */
export function reachDesign(design: Design, options: RealConnectOptions = {}): Promise<Reached> {
  return settle(designTargets(design, options));
}

/** How to connect to each node, for a monitor that keeps connections and makes them again. */
export function designConnectors(
  design: Design,
  options: RealConnectOptions = {},
): Map<string, () => Promise<NodeConnection['transport']>> {
  return new Map(designTargets(design, options).map((t) => [t.node, t.connect]));
}

/**
 * How to prove who we are to every node (and jump host) of one call. One answer for all of
 * them: a password or a key's passphrase is asked once, not per node.
 */
export function sshAuthOf(options: RealConnectOptions): SshAuth {
  const once = <T>(ask: () => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => (p ??= ask());
  };
  const password = options.password ? once(options.password) : undefined;
  const passphrases = new Map<string, () => Promise<string | undefined>>();
  return {
    ...(options.identity ? { privateKeyPath: options.identity } : {}),
    ...(options.identity && options.passphrase
      ? {
          passphrase: (keyPath: string) => {
            const ask = options.passphrase as (k: string) => Promise<string | undefined>;
            if (!passphrases.has(keyPath))
              passphrases.set(
                keyPath,
                once(() => ask(keyPath)),
              );
            return (passphrases.get(keyPath) as () => Promise<string | undefined>)();
          },
        }
      : {}),
    ...(password ? { password } : {}),
    ...(!options.identity && !password ? { agent: true } : {}),
  };
}

function designTargets(design: Design, options: RealConnectOptions): Target[] {
  const hostKeys = new HostKeyVerifier({
    knownHostsFile: options.knownHostsFile ?? KNOWN_HOSTS,
    ...(options.openSshKnownHosts ? { openSshKnownHosts: options.openSshKnownHosts } : {}),
    ...(options.confirmHostKey ? { confirm: options.confirmHostKey } : {}),
  });
  const missing = design.nodes.filter((n) => !n.ssh).map((n) => n.name);
  if (missing.length > 0)
    throw new ConnectError(
      `nodes without an SSH endpoint: ${missing.join(', ')}; set ssh.host on each`,
    );
  // One verifier for nodes and jump hosts: an unknown jump host is asked about once.
  const settings = {
    auth: sshAuthOf(options),
    hostKeys,
    ...(options.jump ? { jump: options.jump } : {}),
  };
  const open = opener(options.pool);
  return design.nodes.map((n) => ({
    node: n.name,
    connect: () => open(sshOptionsForNode(n, settings)),
  }));
}

/** The running lab of a design's cluster, or a clear error saying how to start one. */
export async function labOf(design: Design, baseDir?: string): Promise<LabState> {
  const lab = (await labsAt(baseDir ? { baseDir } : {})).find(
    (l) => l.cluster === design.cluster.name,
  );
  if (!lab) {
    throw new ConnectError(
      `no lab runs for cluster "${design.cluster.name}"; start one with: clusterwright lab up <design>`,
    );
  }
  return lab;
}

/**
 * SSH to each lab node with the lab's key. The lab recorded every node's host key when it
 * made it, so the keys are pinned up front: nothing is trusted blindly.
 */
export async function connectLab(
  lab: LabState,
  only?: readonly string[],
  pool?: SshPool,
): Promise<NodeConnection[]> {
  return connectAll(await labTargets(lab, only, pool));
}

/** Connects to the lab nodes that answer; the others are reported, not thrown. */
export async function reachLab(lab: LabState): Promise<Reached> {
  return settle(await labTargets(lab));
}

/** How to connect to each lab node, with the lab's pinned host keys. */
export async function labConnectors(
  lab: LabState,
): Promise<Map<string, () => Promise<NodeConnection['transport']>>> {
  return new Map((await labTargets(lab)).map((t) => [t.node, t.connect]));
}

async function labTargets(
  lab: LabState,
  only?: readonly string[],
  pool?: SshPool,
): Promise<Target[]> {
  const open = opener(pool);
  const knownHostsFile = join(lab.stateDir, 'deploy_known_hosts');
  await mkdir(lab.stateDir, { recursive: true });
  const lines = lab.nodes.map((n) => {
    const blob = Buffer.from(n.hostKey.trim().split(/\s+/)[1] ?? '', 'base64');
    return `${n.sshAddress}:${n.sshPort} ${fingerprintOf(blob)} ${keyTypeOf(blob)}`;
  });
  await writeFile(knownHostsFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  const hostKeys = new HostKeyVerifier({ knownHostsFile, openSshKnownHosts: [] });
  const nodes = lab.nodes.filter((n) => !only || only.includes(n.name));
  return nodes.map((n) => ({
    node: n.name,
    connect: () =>
      open({
        host: n.sshAddress,
        port: n.sshPort,
        username: 'root',
        auth: { privateKeyPath: lab.keyPath },
        hostKeys,
        readyTimeoutMs: 4000,
        keepaliveIntervalMs: 1000,
      }),
  }));
}
