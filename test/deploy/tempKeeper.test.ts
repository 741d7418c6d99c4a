import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyDeploy } from '../../src/deploy/apply.ts';
import { backupDirFor, newDeployId } from '../../src/deploy/deployId.ts';
import type { DeployFile } from '../../src/deploy/plan.ts';
import { planDeploy } from '../../src/deploy/plan.ts';
import { GUARD_NAME } from '../../src/deploy/remote/tempKeeper.ts';
import { writeRemoteFilesAtomic } from '../../src/deploy/remote/writeFilesAtomic.ts';
import type { SshTransport } from '../../src/deploy/transport/sshTransport.ts';
import { SshPool } from '../../src/deploy/transport/sshPool.ts';
import type { SshTestHost } from '../support/sshHosts.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { optionsFor } from './connect.ts';

/**
 * The node's temp-file keeper (src/deploy/remote/tempKeeper.ts): one per connection, kept
 * by the pool between deploys, and the one that clears what interrupted deploys left.
 * (That it removes a cut deploy's temp files is interrupt.test.ts's subject.)
 */
const hosts = useSshHosts(1);
const tempDir = useTempDir('cw-keeper-');

function keepers(host: SshTestHost): number {
  return host.pids().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(GUARD_NAME);
    } catch {
      return false;
    }
  }).length;
}

async function waitUntil(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function files(root: string, version: string): DeployFile[] {
  return [
    {
      node: 'n1',
      path: `${root}/etc/a.conf`,
      mode: 0o644,
      content: `a ${version}\n`,
      element: 'a',
    },
    {
      node: 'n1',
      path: `${root}/etc/sub/b.conf`,
      mode: 0o600,
      content: `b ${version}\n`,
      element: 'b',
    },
  ];
}

async function deploy(t: SshTransport, f: DeployFile[], backupRoot: string) {
  const plans = await planDeploy([{ node: 'n1', transport: t, files: f }]);
  const deployId = newDeployId();
  const [result] = await applyDeploy(plans, new Map([['n1', t]]), {
    backupDir: backupDirFor(deployId, backupRoot),
    deployId,
  });
  if (!result) throw new Error('no result');
  return result;
}

const temps = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('.cw-tmp-')) : [];

describe('the temp-file keeper', () => {
  it('is one per pooled connection, serves every deploy over it, and ends with it', async () => {
    const dir = tempDir();
    const root = join(dir, 'node');
    const pool = new SshPool();
    const options = optionsFor(hosts().host(0), dir);
    try {
      for (const version of ['one', 'two', 'three']) {
        const t = await pool.acquire(options);
        const r = await deploy(t, files(root, version), join(dir, 'backups'));
        await t.close();
        expect(r.ok, r.error?.message).toBe(true);
        expect(r.via).toBe('sftp');
        expect(r.written).toHaveLength(2);
        expect(keepers(hosts().host(0))).toBe(1);
      }
      expect(readFileSync(join(root, 'etc/sub/b.conf'), 'utf8')).toBe('b three\n');
      expect([...temps(join(root, 'etc')), ...temps(join(root, 'etc/sub'))]).toEqual([]);
    } finally {
      await pool.closeAll();
    }
    await waitUntil('the keeper to end with its connection', () => keepers(hosts().host(0)) === 0);
  });

  it('removes what interrupted deploys left (temp files and staging folders) and says so', async () => {
    const dir = tempDir();
    const root = join(dir, 'node');
    const etc = join(root, 'etc');
    mkdirSync(join(etc, '.cw-tmp-0123abcd'), { recursive: true });
    writeFileSync(join(etc, '.cw-tmp-0123abcd', 'a.conf'), 'half');
    writeFileSync(join(etc, '.cw-tmp-feedbeef.0.a.conf'), 'half');
    writeFileSync(join(etc, 'other.conf'), 'not ours');
    // Removed, but not reported: its name would split the keeper's answer in two.
    writeFileSync(join(etc, '.cw-tmp-odd\nd'), 'half');
    const pool = new SshPool();
    try {
      const t = await pool.acquire(optionsFor(hosts().host(0), dir));
      const r = await deploy(t, files(root, 'one'), join(dir, 'backups'));
      expect(r.ok, r.error?.message).toBe(true);
      expect([...r.staleTempFilesRemoved].sort()).toEqual([
        `${etc}/.cw-tmp-0123abcd`,
        `${etc}/.cw-tmp-feedbeef.0.a.conf`,
      ]);
      expect(readdirSync(etc).sort()).toEqual(['a.conf', 'other.conf', 'sub']);
      expect(readFileSync(join(etc, 'other.conf'), 'utf8')).toBe('not ours');
    } finally {
      await pool.closeAll();
    }
    await waitUntil('the keeper to end with its connection', () => keepers(hosts().host(0)) === 0);
  });

  it('leaves alone the temp files of a batch still running over the same connection', async () => {
    const dir = tempDir();
    const etc = join(dir, 'node', 'etc');
    mkdirSync(etc, { recursive: true });
    const pool = new SshPool();
    try {
      const t = await pool.acquire(optionsFor(hosts().host(0), dir));
      const write = (name: string) => ({
        path: `${etc}/${name}`,
        content: Buffer.from(`${name}\n`),
        mode: 0o644,
        current: { kind: 'missing' as const },
      });
      // Batch A stops once its temp file exists; batch B writes to the same folder meanwhile.
      let resume = (): void => undefined;
      const paused = new Promise<void>((r) => (resume = r));
      let reached = (): void => undefined;
      const atPause = new Promise<void>((r) => (reached = r));
      const a = writeRemoteFilesAtomic(t, [write('a.conf')], {
        token: 'aaaa',
        onProgress: async () => {
          reached();
          await paused;
        },
      });
      await atPause;
      expect(temps(etc)).toEqual(['.cw-tmp-aaaa.0.a.conf']);
      const b = await writeRemoteFilesAtomic(t, [write('b.conf')], { token: 'bbbb' });
      expect(b.staleRemoved).toEqual([]);
      resume();
      const done = await a;
      expect(done.results.map((r) => r.changed)).toEqual([true]);
      expect(readdirSync(etc).sort()).toEqual(['a.conf', 'b.conf']);
      expect(readFileSync(join(etc, 'a.conf'), 'utf8')).toBe('a.conf\n');
    } finally {
      await pool.closeAll();
    }
    await waitUntil('the keeper to end with its connection', () => keepers(hosts().host(0)) === 0);
  });

  it('refuses a folder that is a file in its own words, and leaves no temp file', async () => {
    const dir = tempDir();
    const root = join(dir, 'node');
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc/sub'), 'a file where a folder should be');
    const pool = new SshPool();
    try {
      const t = await pool.acquire(optionsFor(hosts().host(0), dir));
      const r = await deploy(t, files(root, 'one'), join(dir, 'backups'));
      expect(r.ok).toBe(false);
      expect(r.error?.message).toContain(
        `make folder ${root}/etc/sub failed: a file is in its place`,
      );
      expect(temps(join(root, 'etc'))).toEqual([]);
      // The connection and its keeper still serve the next deploy.
      const fixed = files(root, 'two').filter((f) => !f.path.includes('/sub/'));
      const again = await deploy(t, fixed, join(dir, 'backups'));
      expect(again.ok, again.error?.message).toBe(true);
      expect(keepers(hosts().host(0))).toBe(1);
    } finally {
      await pool.closeAll();
    }
    await waitUntil('the keeper to end with its connection', () => keepers(hosts().host(0)) === 0);
  });

  it('refuses a path with a line break, naming it', async () => {
    const dir = tempDir();
    const pool = new SshPool();
    try {
      const t = await pool.acquire(optionsFor(hosts().host(0), dir));
      const bad: DeployFile[] = [
        {
          node: 'n1',
          path: `${dir}/node/etc/a\nb.conf`,
          mode: 0o644,
          content: 'x\n',
          element: 'a',
        },
      ];
      const r = await deploy(t, bad, join(dir, 'backups'));
      expect(r.ok).toBe(false);
      expect(r.error?.message).toContain('holds a line break');
      expect(r.error?.message).toContain(JSON.stringify(`${dir}/node/etc/a\nb.conf`));
    } finally {
      await pool.closeAll();
    }
    await waitUntil('the keeper to end with its connection', () => keepers(hosts().host(0)) === 0);
  });
});
