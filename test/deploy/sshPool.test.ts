import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SshPool } from '../../src/deploy/transport/sshPool.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { transportErrorOf } from './errorOf.ts';
import { optionsFor } from './connect.ts';

const hosts = useSshHosts(1);
const tempDir = useTempDir('cw-pool-');

/** Logins the host's sshd accepted so far (sshd -e logs each one). */
const logins = () =>
  readFileSync(join(hosts().dir, 'host0', 'sshd.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('Accepted publickey')).length;

async function waitUntil(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a pool of SSH connections', () => {
  it('reuses one login for calls in a row, closes it when idle, and forgets a dead one', async () => {
    const host = hosts().host(0);
    const options = optionsFor(host, tempDir());
    const pool = new SshPool({ idleMs: 300 });
    try {
      const before = logins();
      const a = await pool.acquire(options);
      expect((await a.exec('echo one')).stdout).toBe('one\n');
      await a.close();
      await expect(transportErrorOf(a.exec('true'))).resolves.toMatchObject({ kind: 'closed' });
      const [b, c] = await Promise.all([pool.acquire(options), pool.acquire(options)]);
      expect((await (await b.files())?.lstat('/'))?.kind).toBe('dir');
      expect((await c.exec('echo two')).stdout).toBe('two\n');
      await Promise.all([b.close(), c.close()]);
      expect(logins() - before).toBe(1);

      // Unused for longer than idleMs: closed.
      await waitUntil('the idle connection to close', () => pool.size === 0);
      const d = await pool.acquire(options);
      expect(logins() - before).toBe(2);

      // The node goes away under an open connection: the pool forgets it.
      await host.killSshd();
      await waitUntil('the dead connection to be dropped', () => pool.size === 0);
      await d.close();
      await host.startSshd();
      const e = await pool.acquire(options);
      expect((await e.exec('echo three')).stdout).toBe('three\n');
      await e.close();
      expect(logins() - before).toBe(3);
    } finally {
      await pool.closeAll();
    }
  });
});
