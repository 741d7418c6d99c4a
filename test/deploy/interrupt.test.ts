import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NodeApplyResult } from '../../src/deploy/apply.ts';
import { applyDeploy } from '../../src/deploy/apply.ts';
import { backupDirFor, newDeployId } from '../../src/deploy/deployId.ts';
import type { DeployFile } from '../../src/deploy/plan.ts';
import { planDeploy } from '../../src/deploy/plan.ts';
import { GUARD_NAME } from '../../src/deploy/remote/tempKeeper.ts';
import type { SshConnectOptions, SshTransport } from '../../src/deploy/transport/sshTransport.ts';
import { generateBundle } from '../../src/generators/bundle.ts';
import type { SshTestHost } from '../support/sshHosts.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { loadTemplate } from '../support/designs.ts';
import { useTempDir } from '../support/tmp.ts';
import { connectTo } from './connect.ts';

/**
 * Interrupting a deploy on one of three hosts, at several points of its transfer: by
 * killing the host's sshd, and by pulling its link. Each host has a private /etc and /var,
 * so the bundle's real paths are used. Afterwards no host holds a partial file or a temp
 * file, every file is wholly the old or wholly the new version, and a re-run converges.
 */
const hosts = useSshHosts(3, { privateDirs: ['/etc', '/var'] });
const tempDir = useTempDir('cw-interrupt-');
const NODES = ['n0', 'n1', 'n2'];
const BIG = '/etc/clusterwright/payload/big.img';

const template = generateBundle(loadTemplate('two-node-drbd-kvm'), () => '').files.filter(
  (f) => f.node !== undefined,
);
const templateNodes = [...new Set(template.map((f) => f.node as string))].sort();

/** Version `v` of every node's files: the template's (marked) and a 2 MiB payload. */
function version(v: string): DeployFile[] {
  const big = randomBytes(1536 * 1024).toString('base64');
  return NODES.flatMap((node, i) => [
    ...template
      .filter((f) => f.node === templateNodes[i % templateNodes.length])
      .map((f) => ({ ...f, node, content: `${f.content}# version ${v}\n` })),
    { node, path: BIG, mode: 0o600, content: `${v}\n${big}`, element: 'payload' },
  ]);
}

const dirsOf = (files: readonly DeployFile[]) => [
  ...new Set(files.map((f) => f.path.slice(0, f.path.lastIndexOf('/')))),
];

/** Every `.cw-tmp-*` entry a host has in the folders the bundle uses. */
function tempEntries(host: SshTestHost, files: readonly DeployFile[]): string[] {
  return dirsOf(files).flatMap((d) => {
    const p = host.fileOnHost(d);
    return existsSync(p)
      ? readdirSync(p)
          .filter((n) => n.startsWith('.cw-tmp-'))
          .map((n) => `${d}/${n}`)
      : [];
  });
}

function guardRunning(host: SshTestHost): boolean {
  return host.pids().some((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(GUARD_NAME);
    } catch {
      return false;
    }
  });
}

async function waitUntil(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function deployAll(
  dir: string,
  files: readonly DeployFile[],
  extra: Partial<SshConnectOptions> = {},
  onProgress?: (node: string, path: string, sent: number, total: number) => void | Promise<void>,
): Promise<NodeApplyResult[]> {
  const transports = await Promise.all(NODES.map((_, i) => connectTo(hosts().host(i), dir, extra)));
  try {
    const byNode = new Map<string, SshTransport>(
      NODES.map((n, i) => [n, transports[i] as SshTransport]),
    );
    const plans = await planDeploy(
      NODES.map((node, i) => ({ node, transport: transports[i] as SshTransport, files })),
    );
    const deployId = newDeployId();
    return await applyDeploy(plans, byNode, {
      backupDir: backupDirFor(deployId),
      deployId,
      ...(onProgress ? { onProgress } : {}),
    });
  } finally {
    await Promise.all(transports.map((t) => t.close()));
  }
}

/** Each of a host's files is wholly one of the versions given, with its mode. */
function expectWhole(host: SshTestHost, node: string, versions: readonly DeployFile[][]): void {
  for (const f of versions[0]?.filter((x) => x.node === node) ?? []) {
    const p = host.fileOnHost(f.path);
    const held = readFileSync(p, 'utf8');
    const match = versions.find(
      (v) => v.find((x) => x.node === node && x.path === f.path)?.content === held,
    );
    expect(match, `${node}:${f.path} is neither version`).toBeDefined();
    expect(statSync(p).mode & 0o7777).toBe(f.mode);
  }
}

async function converge(dir: string, b: DeployFile[]): Promise<void> {
  const rerun = await deployAll(dir, b);
  expect(rerun.map((r) => r.ok)).toEqual([true, true, true]);
  expect(rerun.map((r) => r.staleTempFilesRemoved)).toEqual([[], [], []]);
  NODES.forEach((n, i) => expectWhole(hosts().host(i), n, [b]));
  const again = await deployAll(dir, b);
  expect(again.map((r) => r.written.length)).toEqual([0, 0, 0]);
  for (const h of hosts().hosts) expect(tempEntries(h, b)).toEqual([]);
}

describe('a deploy interrupted on one host of three', () => {
  for (const fraction of [0.1, 0.5, 1]) {
    it(`killing sshd at ${fraction * 100}% of the transfer leaves no partial or temp file; a re-run converges`, async () => {
      const dir = tempDir();
      const host = hosts().host(1);
      const a = version('A');
      const b = version('B');
      expect((await deployAll(dir, a)).every((r) => r.ok)).toBe(true);

      let killed = false;
      try {
        const results = await deployAll(dir, b, {}, async (node, path, sent, total) => {
          if (!killed && node === 'n1' && path === BIG && sent >= total * fraction) {
            killed = true;
            await host.killSshd();
          }
        });
        expect(killed).toBe(true);
        expect(results.map((r) => r.ok)).toEqual([true, false, true]);
        expect(results[1]?.error?.name).toBe('TransportError');
        // The host's half ends once its input is cut; its guard removes the staging folders.
        await waitUntil('the guard on the host to end', () => !guardRunning(host));
      } finally {
        if (host.sshdPid() === undefined) await host.startSshd();
      }
      expect(tempEntries(host, b)).toEqual([]);
      expectWhole(host, 'n1', [a, b]);
      expectWhole(hosts().host(0), 'n0', [b]);
      expectWhole(hosts().host(2), 'n2', [b]);
      await converge(dir, b);
    }, 120_000);
  }

  it('pulling the link mid-transfer: the node keeps whole files; the re-run cleans up and converges', async () => {
    const dir = tempDir();
    const host = hosts().host(1);
    const a = version('A');
    const b = version('B');
    expect((await deployAll(dir, a)).every((r) => r.ok)).toBe(true);
    let dropped = false;
    try {
      const results = await deployAll(
        dir,
        b,
        { keepaliveIntervalMs: 500, keepaliveCountMax: 3 },
        (node, path, sent, total) => {
          if (!dropped && node === 'n1' && path === BIG && sent >= total / 2) {
            dropped = true;
            host.setLink(false);
          }
        },
      );
      expect(dropped).toBe(true);
      expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    } finally {
      host.setLink(true);
    }
    expectWhole(host, 'n1', [a, b]);
    // The host never saw the cut: its staging folder may still be there; the re-run's
    // cleanup removes it before writing.
    const rerun = await deployAll(dir, b);
    expect(rerun.map((r) => r.ok)).toEqual([true, true, true]);
    expect(rerun[1]?.staleTempFilesRemoved.every((p) => p.includes('/.cw-tmp-'))).toBe(true);
    NODES.forEach((n, i) => expectWhole(hosts().host(i), n, [b]));
    // Once the old session notices the cut, its guard gives up without touching the new files.
    await waitUntil('the old guard to end', () => !guardRunning(host), 90_000);
    for (const h of hosts().hosts) expect(tempEntries(h, b)).toEqual([]);
    NODES.forEach((n, i) => expectWhole(hosts().host(i), n, [b]));
  }, 180_000);
});
