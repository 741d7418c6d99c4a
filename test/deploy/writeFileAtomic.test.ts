import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanRemoteTempFiles } from '../../src/deploy/remote/cleanTempFiles.ts';
import { readRemoteFile } from '../../src/deploy/remote/readFile.ts';
import { RemoteCommandError } from '../../src/deploy/remote/remoteError.ts';
import { statRemoteFile, statRemoteFiles } from '../../src/deploy/remote/statFiles.ts';
import { writeRemoteFileAtomic } from '../../src/deploy/remote/writeFileAtomic.ts';
import { backupDirFor, newDeployId } from '../../src/deploy/deployId.ts';
import type { SshTransport } from '../../src/deploy/transport/sshTransport.ts';
import type { SshTestHost } from '../support/sshHosts.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { runTool } from '../support/tools.ts';
import { connectTo } from './connect.ts';
import { transportErrorOf } from './errorOf.ts';

// Namespaces share this machine's file system: what the node writes, the test reads.
const hosts = useSshHosts(1);
const tempDir = useTempDir('cw-write-');

const mtimeNs = (p: string) => statSync(p, { bigint: true }).mtimeNs;
const modeOf = (p: string) => statSync(p).mode & 0o7777;
const tempFilesIn = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.cw-tmp-'));

async function withConnection<T>(
  dir: string,
  fn: (t: SshTransport) => Promise<T>,
  extra = {},
): Promise<T> {
  const t = await connectTo(hosts().host(0), dir, extra);
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}

/** Whether the node still runs the shell of a writeRemoteFileAtomic (its $0 is cw-write). */
function remoteWriteRunning(host: SshTestHost): boolean {
  return host.pids().some((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('cw-write');
    } catch {
      return false;
    }
  });
}

async function waitUntil(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('atomic remote file write', () => {
  it('writes content and mode, then leaves an identical file (and its mtime) alone', async () => {
    const dir = tempDir();
    const path = join(dir, 'etc', 'corosync', 'corosync.conf');
    await withConnection(dir, async (t) => {
      const first = await writeRemoteFileAtomic(t, { path, content: 'totem {}\n', mode: 0o640 });
      expect(first).toEqual({ changed: true, metadataFixed: false });
      expect(readFileSync(path, 'utf8')).toBe('totem {}\n');
      expect(modeOf(path)).toBe(0o640);
      expect(await readRemoteFile(t, path)).toBe('totem {}\n');
      const before = mtimeNs(path);

      const second = await writeRemoteFileAtomic(t, { path, content: 'totem {}\n', mode: 0o640 });
      expect(second).toEqual({ changed: false, metadataFixed: false });
      expect(mtimeNs(path)).toBe(before);

      // Same content, other mode: only the mode changes.
      const third = await writeRemoteFileAtomic(t, { path, content: 'totem {}\n', mode: 0o600 });
      expect(third).toEqual({ changed: false, metadataFixed: true });
      expect(modeOf(path)).toBe(0o600);
      expect(mtimeNs(path)).toBe(before);
      expect(tempFilesIn(join(dir, 'etc', 'corosync'))).toEqual([]);
    });
  });

  it('keeps a timestamped backup of the file it replaces, and sets the owner', async () => {
    const dir = tempDir();
    const path = join(dir, 'r0.res');
    writeFileSync(path, 'old\n');
    chmodSync(path, 0o600);
    const id = newDeployId(new Date('2026-11-25T12:30:00Z'));
    expect(id).toMatch(/^20261125T123000\.000Z-[0-9a-f]{4}$/);
    const backupDir = backupDirFor(id, join(dir, 'backups'));
    await withConnection(dir, async (t) => {
      const r = await writeRemoteFileAtomic(t, {
        path,
        content: 'new\n',
        mode: 0o644,
        owner: 'nobody',
        group: 'nogroup',
        backupDir,
      });
      expect(r).toEqual({ changed: true, metadataFixed: false, backupPath: `${backupDir}${path}` });
      expect(readFileSync(path, 'utf8')).toBe('new\n');
      expect(readFileSync(`${backupDir}${path}`, 'utf8')).toBe('old\n');
      expect(modeOf(`${backupDir}${path}`)).toBe(0o600);
      const st = await statRemoteFile(t, path);
      expect(st).toMatchObject({ kind: 'file', owner: 'nobody', group: 'nogroup', mode: 0o644 });
      expect(statSync(path).uid).toBe(Number(runTool('id', ['-u', 'nobody']).stdout.trim()));
    });
  });

  it('reports missing files and refuses to replace a symlink', async () => {
    const dir = tempDir();
    const link = join(dir, 'link');
    symlinkSync('/etc/hostname', link);
    await withConnection(dir, async (t) => {
      expect(await statRemoteFiles(t, [join(dir, 'nope'), link, dir])).toEqual([
        { kind: 'missing' },
        { kind: 'other' },
        { kind: 'other' },
      ]);
      expect(await readRemoteFile(t, join(dir, 'nope'))).toBeUndefined();
      const e = await writeRemoteFileAtomic(t, { path: link, content: 'x', mode: 0o644 }).catch(
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(RemoteCommandError);
      expect((e as Error).message).toMatch(/not a regular file/);
    });
    expect(readFileSync('/etc/hostname', 'utf8')).not.toBe('x');
  });

  it('refuses relative and non-normalised paths before touching the node', async () => {
    const dir = tempDir();
    await withConnection(dir, async (t) => {
      for (const path of ['etc/x', '/etc/../x', '/etc//x', '/etc/x/']) {
        await expect(writeRemoteFileAtomic(t, { path, content: 'x', mode: 0o644 })).rejects.toThrow(
          /remote path/,
        );
      }
    });
  });
});

describe('an interrupted write', () => {
  const big = randomBytes(2 * 1024 * 1024);

  for (const fraction of [0.1, 0.5, 0.9]) {
    it(`killing sshd at ${fraction * 100}% of a large file leaves the old file and no temp file`, async () => {
      const host = hosts().host(0);
      const dir = tempDir();
      const path = join(dir, 'disk.img');
      writeFileSync(path, 'old content\n');
      const t = await connectTo(host, dir);
      let killed = false;
      const e = await transportErrorOf(
        writeRemoteFileAtomic(t, {
          path,
          content: big,
          mode: 0o644,
          onProgress: async (sent, total) => {
            if (!killed && sent >= total * fraction) {
              killed = true;
              await host.killSshd();
            }
          },
        }),
      );
      expect(killed).toBe(true);
      expect(['closed', 'timeout']).toContain(e.kind);
      // The node's half of the write runs on until its cut input ends; only then is the
      // outcome final. Its trap removes the temp file on the way out.
      await waitUntil('the remote write to end', () => !remoteWriteRunning(host));
      expect(tempFilesIn(dir)).toEqual([]);
      expect(readFileSync(path, 'utf8')).toBe('old content\n');

      await host.startSshd();
      await withConnection(dir, async (t2) => {
        expect(await cleanRemoteTempFiles(t2, [dir])).toEqual([]);
        expect(await writeRemoteFileAtomic(t2, { path, content: big, mode: 0o644 })).toMatchObject({
          changed: true,
        });
        expect(readFileSync(path).equals(big)).toBe(true);
        expect(await writeRemoteFileAtomic(t2, { path, content: big, mode: 0o644 })).toMatchObject({
          changed: false,
        });
      });
      expect(tempFilesIn(dir)).toEqual([]);
    });
  }

  it('dropping the link mid-transfer leaves the old file; cleanup and a re-run converge', async () => {
    const host = hosts().host(0);
    const dir = tempDir();
    const path = join(dir, 'disk.img');
    writeFileSync(path, 'old content\n');
    const t = await connectTo(host, dir, { keepaliveIntervalMs: 500, keepaliveCountMax: 3 });
    let dropped = false;
    try {
      const e = await transportErrorOf(
        writeRemoteFileAtomic(t, {
          path,
          content: big,
          mode: 0o644,
          onProgress: (sent, total) => {
            if (!dropped && sent >= total / 2) {
              dropped = true;
              host.setLink(false);
            }
          },
        }),
      );
      expect(e.kind).toBe('timeout');
    } finally {
      host.setLink(true);
    }
    await withConnection(dir, async (t2) => {
      // The node's half-written temp file may still exist (its sshd never saw the cut).
      const removed = await cleanRemoteTempFiles(t2, [dir]);
      expect(removed.every((p) => p.startsWith(`${dir}/.cw-tmp-disk.img.`))).toBe(true);
      expect(tempFilesIn(dir)).toEqual([]);
      // Once the old session notices the cut (the link is back), its write must give up.
      await waitUntil('the old remote write to end', () => !remoteWriteRunning(host), 60_000);
      expect(readFileSync(path, 'utf8')).toBe('old content\n');
      expect(tempFilesIn(dir)).toEqual([]);
      expect((await writeRemoteFileAtomic(t2, { path, content: big, mode: 0o644 })).changed).toBe(
        true,
      );
    });
    expect(readFileSync(path).equals(big)).toBe(true);
    expect(tempFilesIn(dir)).toEqual([]);
  });
});
