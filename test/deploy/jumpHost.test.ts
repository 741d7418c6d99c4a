import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyDeploy } from '../../src/deploy/apply.ts';
import type { NodeConnection } from '../../src/deploy/bringUp.ts';
import { backupDirFor, newDeployId } from '../../src/deploy/deployId.ts';
import type { PresentedHostKey } from '../../src/deploy/hostKeys.ts';
import { HostKeyVerifier } from '../../src/deploy/hostKeys.ts';
import { planDeploy } from '../../src/deploy/plan.ts';
import { SshPool } from '../../src/deploy/transport/sshPool.ts';
import { connectSsh } from '../../src/deploy/transport/sshTransport.ts';
import type { BundleFile } from '../../src/generators/bundleFile.ts';
import type { Design } from '../../src/model/types.ts';
import { connectDesign, designConnectors } from '../../src/services/connect.ts';
import type { ProbedKey } from '../../src/services/hostKeyProbe.ts';
import { probeHostKeys, trustHostKey } from '../../src/services/hostKeyProbe.ts';
import { serializeDesign } from '../../src/model/designFile.ts';
import { labDeployHandlers } from '../../src/services/labDeployChannels.ts';
import type { PlanView } from '../../src/services/labDeployContract.ts';
import { fileURLToPath } from 'node:url';
import { loadTemplate } from '../support/designs.ts';
import type { SshTestHost } from '../support/sshHosts.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { transportErrorOf } from './errorOf.ts';

/** Host 0 is the jump host; hosts 1 and 2 are nodes reachable only through it. */
// Private /etc, /var and /run, as real nodes have: the CLI's dry run reads the nodes' own files.
const hosts = useSshHosts(3, { privateDirs: ['/etc', '/var', '/run'] });
const tempDir = useTempDir('cw-jump-');
const jumpHost = () => hosts().host(0);
const inner = () => [hosts().host(1), hosts().host(2)];

/**
 * Cuts a host off from this machine: its replies to the bridge address (where every
 * connection from here comes from) go nowhere, while the jump host, on the same link, still
 * reaches it.
 */
function onlyThroughJumpHost(h: SshTestHost): void {
  const bridge = h.address.replace(/\.\d+$/, '.1');
  execFileSync('ip', ['netns', 'exec', h.netns, 'ip', 'route', 'add', 'blackhole', `${bridge}/32`]);
}

beforeAll(() => {
  for (const h of inner()) onlyThroughJumpHost(h);
});

/** A two-node design whose nodes are the inner hosts, each reached through `jump`. */
function designVia(jump: { host: string; port: number; user: string } | undefined): Design {
  const t = loadTemplate('two-node-drbd-kvm');
  return {
    ...t,
    nodes: t.nodes.map((n, i) => {
      const h = inner()[i];
      if (!h) throw new Error(`no test host for node ${n.name}`);
      return {
        ...n,
        ssh: { host: h.address, port: h.port, user: 'root', ...(jump ? { jump } : {}) },
      };
    }),
  };
}

const jumpOf = () => ({ host: jumpHost().address, port: jumpHost().port, user: 'root' });

/** Trusts what the user would, having compared fingerprints: each host's own key. */
function confirmer(asked: PresentedHostKey[]) {
  return (k: PresentedHostKey) => {
    asked.push(k);
    return hosts().hosts.some(
      (h) => h.address === k.host && h.hostKeyFingerprint() === k.fingerprint,
    );
  };
}

function bundleFor(root: string, nodes: readonly string[], version: string): BundleFile[] {
  return nodes.flatMap((node) => [
    {
      node,
      path: `${root}/${node}/etc/corosync/corosync.conf`,
      mode: 0o644,
      content: `totem {\n  version: 2\n  cluster_name: ${version}\n}\n`,
      element: 'cluster',
      kind: 'corosync' as const,
    },
  ]);
}

/** Where each connection's session came from and went to, as the node's sshd saw it. */
async function sessionEnds(c: NodeConnection): Promise<[string, string]> {
  const r = await c.transport.exec('echo $SSH_CONNECTION');
  const parts = r.stdout.trim().split(' ');
  return [parts[0] ?? '', parts[2] ?? ''];
}

const closeAll = (cs: readonly NodeConnection[]) => Promise.all(cs.map((c) => c.transport.close()));

describe('nodes behind a jump host', () => {
  it('cannot be reached straight from here (the test setup holds)', async () => {
    const dir = tempDir();
    const h = inner()[0] as SshTestHost;
    const e = await transportErrorOf(
      connectSsh({
        host: h.address,
        port: h.port,
        username: 'root',
        auth: { privateKeyPath: hosts().privateKeyPath },
        hostKeys: new HostKeyVerifier({
          knownHostsFile: join(dir, 'known_hosts'),
          openSshKnownHosts: [],
          confirm: () => true,
        }),
        readyTimeoutMs: 1500,
      }),
    );
    expect(['timeout', 'unreachable']).toContain(e.kind);
  });

  it('are deployed to through the jump host: plan and apply of their files', async () => {
    const dir = tempDir();
    const design = designVia(jumpOf());
    const asked: PresentedHostKey[] = [];
    const connections = await connectDesign(design, {
      identity: hosts().privateKeyPath,
      knownHostsFile: join(dir, 'known_hosts'),
      confirmHostKey: confirmer(asked),
    });
    try {
      // The jump host's key was asked about once, like each node's, and checked the same way.
      expect(asked.filter((k) => k.host === jumpHost().address)).toHaveLength(1);
      expect(asked.map((k) => k.host).sort()).toEqual(
        [jumpHost().address, ...inner().map((h) => h.address)].sort(),
      );
      for (const [i, c] of connections.entries())
        expect(await sessionEnds(c)).toEqual([jumpHost().address, inner()[i]?.address]);

      const root = join(dir, 'nodes');
      const names = design.nodes.map((n) => n.name);
      const files = bundleFor(root, names, 'via-jump');
      const transports = new Map(connections.map((c) => [c.node, c.transport]));
      const targets = connections.map((c) => ({ node: c.node, transport: c.transport, files }));
      const plans = await planDeploy(targets);
      expect(plans.map((p) => p.summary.create)).toEqual([1, 1]);
      const results = await applyDeploy(plans, transports, {
        backupDir: backupDirFor(newDeployId(), join(dir, 'backups')),
      });
      expect(results.map((r) => [r.node, r.ok, r.written.length])).toEqual(
        names.map((n) => [n, true, 1]),
      );
      for (const f of files) {
        expect(readFileSync(f.path, 'utf8')).toBe(f.content);
        expect(statSync(f.path).mode & 0o7777).toBe(0o644);
      }
      const again = await planDeploy(targets);
      expect(again.map((p) => p.summary.unchanged)).toEqual([1, 1]);
    } finally {
      await closeAll(connections);
    }
  });

  it('are reached through a jump host given for every node (--jump), for status too', async () => {
    const dir = tempDir();
    const design = designVia(undefined);
    const options = {
      identity: hosts().privateKeyPath,
      knownHostsFile: join(dir, 'known_hosts'),
      confirmHostKey: confirmer([]),
      jump: { host: jumpHost().address },
    };
    const connectors = designConnectors(design, options);
    const t = await connectors.get(design.nodes[1]?.name ?? '')?.();
    if (!t) throw new Error('no connector for the second node');
    try {
      const r = await t.exec('echo $SSH_CONNECTION');
      expect(r.stdout.split(' ')[0]).toBe(jumpHost().address);
      expect(r.stdout.split(' ')[2]).toBe(inner()[1]?.address);
    } finally {
      await t.close();
    }
  });

  it("probe: the jump host's unknown key first (once), then the nodes' keys through it", async () => {
    const dir = tempDir();
    const design = designVia(jumpOf());
    const options = {
      knownHostsFile: join(dir, 'known_hosts'),
      openSshKnownHosts: [],
      credentials: { identity: hosts().privateKeyPath },
    };
    const names = design.nodes.map((n) => n.name);

    const first = await probeHostKeys(design, options);
    const jumpKeys = first.filter((k) => 'jumpFor' in k);
    expect(jumpKeys).toHaveLength(1);
    expect(first[0]).toMatchObject({
      node: jumpHost().address,
      state: 'unknown',
      host: jumpHost().address,
      port: 22,
      fingerprint: jumpHost().hostKeyFingerprint(),
      jumpFor: names,
    });
    expect(first.slice(1)).toEqual(
      names.map((node) => ({ node, state: 'waiting', jump: `${jumpHost().address}:22` })),
    );

    await trustHostKey(first[0] as PresentedHostKey, options);
    const second = await probeHostKeys(design, options);
    expect(second.map((k) => [k.node, k.state, fingerprintOf(k)])).toEqual(
      inner().map((h, i) => [names[i], 'unknown', h.hostKeyFingerprint()]),
    );

    for (const k of second) await trustHostKey(k as PresentedHostKey, options);
    const third = await probeHostKeys(design, options);
    expect(third).toEqual(names.map((node) => ({ node, state: 'trusted' })));

    // The app's deploy then connects with unknown keys refused: every key is on record now.
    const connections = await connectDesign(design, {
      identity: hosts().privateKeyPath,
      knownHostsFile: options.knownHostsFile,
      confirmHostKey: () => false,
    });
    expect(connections.map((c) => c.node)).toEqual(names);
    await closeAll(connections);
  });

  it('probe: without a working login on the jump host, the nodes are unreachable, not guessed', async () => {
    const dir = tempDir();
    const design = designVia(jumpOf());
    const options = {
      knownHostsFile: join(dir, 'known_hosts'),
      openSshKnownHosts: [],
      credentials: { password: () => Promise.resolve('not the password') },
    };
    await trustHostKey(
      {
        host: jumpHost().address,
        port: 22,
        keyType: jumpHost().hostKeyType(),
        fingerprint: jumpHost().hostKeyFingerprint(),
      },
      options,
    );
    const probed = await probeHostKeys(design, options);
    expect(probed.map((k) => k.state)).toEqual(['unreachable', 'unreachable']);
    expect(probed[0]).toMatchObject({
      error: expect.stringContaining(`through jump host ${jumpHost().address}:22`) as unknown,
    });
  });

  it("the app's pool keeps each node's connection through the jump host and reuses it", async () => {
    const dir = tempDir();
    const logins = (h: SshTestHost) =>
      readFileSync(join(hosts().dir, `host${hosts().hosts.indexOf(h)}`, 'sshd.log'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('Accepted publickey')).length;
    const all = [jumpHost(), ...inner()];
    const before = all.map(logins);
    const pool = new SshPool();
    const options = {
      identity: hosts().privateKeyPath,
      knownHostsFile: join(dir, 'known_hosts'),
      confirmHostKey: confirmer([]),
      pool,
    };
    try {
      const design = designVia(jumpOf());
      for (let round = 0; round < 2; round++) {
        const cs = await connectDesign(design, options);
        for (const [i, c] of cs.entries())
          expect(await sessionEnds(c)).toEqual([jumpHost().address, inner()[i]?.address]);
        await closeAll(cs);
      }
      // One login per node on the node and one on the jump host for each: the second round
      // reused them all.
      expect(all.map((h, i) => logins(h) - (before[i] ?? 0))).toEqual([2, 1, 1]);
      expect(pool.size).toBe(2);
    } finally {
      await pool.closeAll();
    }
  });

  it("the deploy dialog's plan: the jump host's key, then (logged in with the dialog's password) the nodes'", async () => {
    const dir = tempDir();
    const path = join(dir, 'pair.yaml');
    writeFileSync(path, serializeDesign(designVia(jumpOf())));
    const api = labDeployHandlers({
      knownHostsFile: join(dir, 'known_hosts'),
      openSshKnownHosts: [],
    });
    const plan = async (): Promise<{ view: PlanView; log: readonly string[] }> => {
      const { jobId } = await api['deploy.plan']({ path, lab: false, password: hosts().password });
      for (;;) {
        const p = await api['jobs.poll']({ id: jobId, since: 0 });
        if (p.state !== 'running') {
          if (p.result?.kind !== 'deploy.plan') throw new Error(p.error ?? 'no plan');
          return { view: p.result.value, log: p.log };
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const first = await plan();
    expect(first.view.unreachable).toEqual([]);
    expect(first.view.hostKeys).toEqual([
      expect.objectContaining({
        node: jumpHost().address,
        state: 'unknown',
        fingerprint: jumpHost().hostKeyFingerprint(),
        jumpFor: ['alpha', 'beta'],
      }),
    ]);
    expect(first.log.join('\n')).toMatch(/alpha: its key is read through jump host/);
    const [jumpKey] = first.view.hostKeys;
    if (!jumpKey) throw new Error('no jump host key');
    expect(await api['hostkeys.trust'](jumpKey)).toEqual({ stored: true });

    const second = await plan();
    expect(second.view.unreachable).toEqual([]);
    expect(second.view.hostKeys.map((k) => [k.node, k.state, k.fingerprint, k.jumpFor])).toEqual(
      inner().map((h, i) => [['alpha', 'beta'][i], 'unknown', h.hostKeyFingerprint(), undefined]),
    );
  });

  it('clusterwright deploy --dry-run and status reach the nodes through --jump', () => {
    const dir = tempDir();
    // The two-node template without its VM and hypervisors (no libvirt on the test hosts).
    const t = designVia(undefined);
    const { web: _vm, ...layout } = t.layout;
    const design: Design = {
      ...t,
      vms: [],
      layout,
      constraints: t.constraints.filter((c) => !JSON.stringify(c).includes('"web"')),
      nodes: t.nodes.map((n) => ({ ...n, hypervisors: [] })),
    };
    const file = join(dir, 'pair.yaml');
    writeFileSync(file, serializeDesign(design));
    const secrets = join(dir, 'secrets.json');
    writeFileSync(
      secrets,
      JSON.stringify({ 'ipmi-alpha': 'ipmi-pw-1', 'ipmi-beta': 'ipmi-pw-2' }),
      {
        mode: 0o600,
      },
    );
    // Clusterwright's own known_hosts lives under $XDG_CONFIG_HOME: a fresh one per test.
    mkdirSync(join(dir, 'config'));
    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [fileURLToPath(new URL('../../bin/clusterwright.mjs', import.meta.url)), ...args],
        {
          env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') },
          encoding: 'utf8',
        },
      );
    const key = hosts().privateKeyPath;
    const jump = `root@${jumpHost().address}:22`;

    const deploy = cli(
      'deploy',
      file,
      '--dry-run',
      '--yes',
      '--no-prompt',
      '--secrets',
      secrets,
      '-i',
      key,
      '--jump',
      jump,
    );
    expect(deploy.stderr).toContain(
      `${jumpHost().address}:22 presents an unknown ${jumpHost().hostKeyType()} host key ${jumpHost().hostKeyFingerprint()}`,
    );
    expect(deploy.stdout).toMatch(/^alpha: \d+ new, \d+ changed/m);
    expect(deploy.stdout).toMatch(/^beta: \d+ new, \d+ changed/m);
    expect(deploy.stdout).toContain('dry run, nothing changed');
    expect(deploy.status, deploy.stderr).toBe(0);

    // The keys --yes stored are used from then on; status has no --yes and needs none.
    const status = cli('status', file, '--json', '-i', key, '--jump', jumpHost().address);
    const report = JSON.parse(status.stdout) as {
      nodes: { name: string; reachable: boolean }[];
      unreachable: unknown[];
    };
    expect(report.nodes.map((n) => [n.name, n.reachable])).toEqual([
      ['alpha', true],
      ['beta', true],
    ]);
    expect(report.unreachable).toEqual([]);
  });

  // Last: it gives the jump host a new key.
  it('a changed jump host key is refused: by the probe and by the deploy', async () => {
    const dir = tempDir();
    const design = designVia(jumpOf());
    const knownHostsFile = join(dir, 'known_hosts');
    const options = {
      knownHostsFile,
      openSshKnownHosts: [],
      credentials: { identity: hosts().privateKeyPath },
    };
    await trustHostKey(
      {
        host: jumpHost().address,
        port: 22,
        keyType: jumpHost().hostKeyType(),
        fingerprint: jumpHost().hostKeyFingerprint(),
      },
      options,
    );
    const old = jumpHost().hostKeyFingerprint();
    await jumpHost().regenerateHostKey();
    expect(jumpHost().hostKeyFingerprint()).not.toBe(old);

    const probed = await probeHostKeys(design, options);
    expect(probed[0]).toMatchObject({
      node: jumpHost().address,
      state: 'changed',
      fingerprint: jumpHost().hostKeyFingerprint(),
    });
    expect(probed.slice(1).map((k) => k.state)).toEqual(['waiting', 'waiting']);
    await expect(trustHostKey(probed[0] as PresentedHostKey, options)).rejects.toThrow(
      /different host key on record/,
    );

    const asked: PresentedHostKey[] = [];
    await expect(
      connectDesign(design, {
        identity: hosts().privateKeyPath,
        knownHostsFile,
        confirmHostKey: confirmer(asked),
      }),
    ).rejects.toThrow(/has CHANGED/);
    // Refused outright: nobody was asked to confirm it, and no node was reached.
    expect(asked).toEqual([]);
  });
});

function fingerprintOf(k: ProbedKey): string {
  return 'fingerprint' in k ? k.fingerprint : '';
}
