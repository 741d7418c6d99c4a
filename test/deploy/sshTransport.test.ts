import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { existsSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { requireTool, runTool } from '../support/tools.ts';
import { connectTo, optionsFor } from './connect.ts';
import { transportErrorOf } from './errorOf.ts';
import { connectSsh } from '../../src/deploy/transport/sshTransport.ts';

const hosts = useSshHosts(2);
const tempDir = useTempDir('cw-ssh-');

describe('SSH transport', () => {
  it('runs a command and returns its exit code, stdout and stderr', async () => {
    const t = await connectTo(hosts().host(0), tempDir());
    try {
      const r = await t.exec('echo hello; echo oops >&2; exit 3');
      expect(r).toEqual({ code: 3, stdout: 'hello\n', stderr: 'oops\n' });
      // Many commands over one connection at once.
      const many = await Promise.all(Array.from({ length: 20 }, (_, i) => t.exec(`echo ${i}`)));
      expect(many.map((m) => m.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}\n`));
    } finally {
      await t.close();
    }
  });

  it('pipes bytes and streams into a command', async () => {
    const t = await connectTo(hosts().host(0), tempDir());
    try {
      expect((await t.exec('cat', { stdin: 'line one\nline two\n' })).stdout).toBe(
        'line one\nline two\n',
      );
      const big = Buffer.alloc(4 * 1024 * 1024, 'x');
      const stream = Readable.from(
        (function* () {
          for (let i = 0; i < big.length; i += 65536) yield big.subarray(i, i + 65536);
        })(),
      );
      const r = await t.exec('sha256sum', { stdin: stream });
      expect(r.stdout.split(' ')[0]).toBe(createHash('sha256').update(big).digest('hex'));
    } finally {
      await t.close();
    }
  });

  it('reports a command killed by a timeout as a typed error', async () => {
    const t = await connectTo(hosts().host(0), tempDir());
    try {
      const e = await transportErrorOf(t.exec('sleep 30', { timeoutMs: 300 }));
      expect(e.kind).toBe('timeout');
      // The connection is still usable afterwards.
      expect((await t.exec('echo still')).stdout).toBe('still\n');
    } finally {
      await t.close();
    }
  });

  it('refuses a key the host does not accept', async () => {
    const dir = tempDir();
    const key = join(dir, 'stranger');
    runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const e = await transportErrorOf(
      connectTo(hosts().host(0), dir, { auth: { privateKeyPath: key } }),
    );
    expect(e.kind).toBe('auth');
  });

  it('asks for the passphrase of an encrypted key, and refuses a wrong one', async () => {
    const dir = tempDir();
    const key = join(dir, 'locked');
    // One KDF round: the pure-JS bcrypt of ssh2 is slow, and the rounds are not under test.
    runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-a', '1', '-N', 'open sesame', '-f', key]);
    appendFileSync(join(hosts().dir, 'authorized_keys'), runTool('cat', [`${key}.pub`]).stdout);
    const asked: string[] = [];
    const t = await connectTo(hosts().host(0), dir, {
      auth: {
        privateKeyPath: key,
        passphrase: (p) => {
          asked.push(p);
          return 'open sesame';
        },
      },
    });
    expect((await t.exec('echo in')).stdout).toBe('in\n');
    await t.close();
    expect(asked).toEqual([key]);
    const e = await transportErrorOf(
      connectTo(hosts().host(0), dir, {
        auth: { privateKeyPath: key, passphrase: () => 'wrong' },
      }),
    );
    expect(e.kind).toBe('auth');
  });

  it('authenticates with a password asked through a callback', async () => {
    const dir = tempDir();
    const t = await connectTo(hosts().host(0), dir, {
      auth: { password: () => hosts().password },
    });
    expect((await t.exec('echo pw')).stdout).toBe('pw\n');
    await t.close();
    const e = await transportErrorOf(
      connectTo(hosts().host(0), dir, { auth: { password: () => 'not the password' } }),
    );
    expect(e.kind).toBe('auth');
  });

  it('authenticates through an SSH agent', async () => {
    const dir = tempDir();
    const sock = join(dir, 'agent.sock');
    const agent = spawn(requireTool('ssh-agent', 'openssh-client'), ['-D', '-a', sock], {
      stdio: 'ignore',
    });
    try {
      const deadline = Date.now() + 5000;
      while (!existsSync(sock) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const added = runTool('ssh-add', [hosts().privateKeyPath], {
        env: { ...process.env, SSH_AUTH_SOCK: sock },
      });
      expect(added.status).toBe(0);
      const t = await connectTo(hosts().host(0), dir, { auth: { agent: sock } });
      expect((await t.exec('echo agent')).stdout).toBe('agent\n');
      await t.close();
    } finally {
      agent.kill('SIGTERM');
    }
  });

  it('reaches a host through a jump host', async () => {
    const jump = hosts().host(0);
    const inner = hosts().host(1);
    const dir = tempDir();
    const t = await connectTo(inner, dir, { jump: optionsFor(jump, dir) });
    try {
      // The inner sshd sees the connection coming from the jump host's address.
      const r = await t.exec('echo $SSH_CONNECTION');
      expect(r.stdout.split(' ')[0]).toBe(jump.address);
      expect(r.stdout.split(' ')[2]).toBe(inner.address);
    } finally {
      await t.close();
    }
  });

  it('refuses a host name that starts with "-"', async () => {
    const dir = tempDir();
    await expect(
      connectSsh({ ...optionsFor(hosts().host(0), dir), host: '-oProxyCommand=touch /tmp/x' }),
    ).rejects.toThrow(/cannot start with "-"/);
  });

  it('reports a port nobody listens on as unreachable', async () => {
    const e = await transportErrorOf(
      connectTo(hosts().host(0), tempDir(), { port: 2222, readyTimeoutMs: 3000 }),
    );
    expect(e.kind).toBe('unreachable');
  });
});

describe('a server that never speaks SSH', () => {
  it('is given up on after the login timeout', async () => {
    // A loopback listener that accepts and then says nothing, like a hung sshd.
    const held: Socket[] = [];
    const server = createServer((s) => held.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const e = await transportErrorOf(
        connectTo(hosts().host(0), tempDir(), { host: '127.0.0.1', port, readyTimeoutMs: 500 }),
      );
      expect(e.kind).toBe('timeout');
      expect(e.message).toContain('500 ms');
    } finally {
      for (const s of held) s.destroy();
      server.close();
    }
  });
});

describe('a dead host', () => {
  const dead = useSshHosts(1);
  afterAll(() => dead().host(0).setLink(true));

  it('is seen by keepalives on an open connection, and on connect', async () => {
    const host = dead().host(0);
    const dir = tempDir();
    const t = await connectTo(host, dir, { keepaliveIntervalMs: 500, keepaliveCountMax: 3 });
    expect((await t.exec('echo up')).stdout).toBe('up\n');
    host.setLink(false);
    // A command that would run for a minute: the keepalives see the link is gone.
    const e = await transportErrorOf(t.exec('sleep 60'));
    expect(e.kind).toBe('timeout');
    expect(await t.whenClosed()).toBe(e);
    const again = await transportErrorOf(t.exec('true'));
    expect(again.kind).toBe('timeout');

    const e2 = await transportErrorOf(connectTo(host, dir, { readyTimeoutMs: 2000 }));
    expect(['timeout', 'unreachable']).toContain(e2.kind);
  });
});
