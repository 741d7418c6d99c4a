import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/lab/poll.ts';
import type { SshTestHosts } from '../support/sshHosts.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';

/**
 * `clusterwright status --watch` as a user runs it, a real process against real sshd hosts:
 * it keeps its connections, prints what changes, and ends on Ctrl-C with every connection
 * closed, as the hosts' own sshd logs show.
 */
const hosts = useSshHosts(3);
const tempDir = useTempDir('cw-status-cli-');
const BIN = fileURLToPath(new URL('../../bin/clusterwright.mjs', import.meta.url));

function designText(set: SshTestHosts): string {
  const node = (name: string, i: number) =>
    [
      `  - name: ${name}`,
      `    addresses: { ring0: 172.30.75.${11 + i}, mgmt: 172.30.76.${11 + i} }`,
      `    ssh: { host: ${set.host(i).address} }`,
      '    capacity: { cpus: 2, memoryMiB: 2048 }',
    ].join('\n');
  return [
    'schemaVersion: 2',
    'cluster:',
    '  name: watched',
    '  lab: true',
    '  corosync: { transport: knet, cipher: none, hash: none, links: [ring0] }',
    '  pacemaker: { stonithEnabled: false }',
    'networks:',
    '  - { name: ring0, cidr: 172.30.75.0/24, role: cluster }',
    '  - { name: mgmt, cidr: 172.30.76.0/24, role: management }',
    'nodes:',
    ...['w0', 'w1', 'w2'].map(node),
    '',
  ].join('\n');
}

const sshdLog = (set: SshTestHosts, i: number) =>
  readFileSync(join(set.dir, `host${i}`, 'sshd.log'), 'utf8');
const count = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l)).length;

describe('clusterwright status --watch', () => {
  it('keeps its connections, prints changes, and closes every connection on SIGINT', async () => {
    const set = hosts();
    const dir = tempDir();
    const design = join(dir, 'watched.yaml');
    writeFileSync(design, designText(set));
    // The hosts' keys on record, in Clusterwright's own known-hosts file.
    mkdirSync(join(dir, 'config', 'clusterwright'), { recursive: true });
    writeFileSync(
      join(dir, 'config', 'clusterwright', 'known_hosts'),
      set.hosts
        .map((h) => `${h.address}:22 ${h.hostKeyFingerprint()} ${h.hostKeyType()}\n`)
        .join(''),
    );
    const logins = [0, 1, 2].map((i) => count(sshdLog(set, i), /Accepted publickey/));
    const goodbyes = [0, 1, 2].map((i) => count(sshdLog(set, i), /Received disconnect/));

    const child = spawn(
      process.execPath,
      [BIN, 'status', design, '--watch', '--interval', '0.3', '-i', set.privateKeyPath],
      {
        env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config'), HOME: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const waitFor = (what: string, test: () => boolean) =>
      pollUntil(
        async () => (test() ? true : undefined),
        Date.now() + 60_000,
        () => {
          return `${what}; stdout so far:\n${out}\nstderr:\n${err}`;
        },
      );

    try {
      await waitFor('the first report', () => /node w2: OFFLINE\n/.test(out));
      expect(out).toMatch(/^cluster watched \(view from no node, /);
      expect(out).toMatch(/error: no node gave a cluster view: crm_mon: Not connected/);

      // w1 goes away: the watch says so, as a change, and later says it is back.
      await set.host(1).killAll();
      await waitFor('w1 unreachable', () =>
        /\+ node w1: OFFLINE \(unreachable over SSH: /.test(out),
      );
      await set.host(1).startSshd();
      await waitFor('w1 back', () =>
        /^- node w1: OFFLINE \(unreachable over SSH: .*\n(?:[-+] .*\n)*\+ node w1: OFFLINE$/m.test(
          out,
        ),
      );
      // Each change is a timestamp and the lines gone (-) and new (+), not the whole report.
      expect(out).toMatch(/^\[\d{4}-\d\d-\d\dT[\d:.]+Z\]$/m);
      expect(out).toMatch(/^- node w1: OFFLINE$/m);
      expect(out.match(/^cluster watched /gm)).toHaveLength(1);

      // Many rounds later, w0 and w2 were logged into once; w1 once more after its restart.
      expect(
        [0, 1, 2].map((i) => count(sshdLog(set, i), /Accepted publickey/) - logins[i]!),
      ).toEqual([1, 2, 1]);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(err).toMatch(
      /clusterwright status: SIGINT: stopped watching, closed 3 SSH connection\(s\)/,
    );
    const ended = await pollUntil(
      async () => {
        const n = [0, 1, 2].map(
          (i) => count(sshdLog(set, i), /Received disconnect/) - goodbyes[i]!,
        );
        return n.every((x) => x >= 1) ? n : undefined;
      },
      Date.now() + 10_000,
      'every host to log the end of its connection',
    );
    // w1's first connection died with its sshd; every connection open at SIGINT said goodbye.
    expect(ended).toEqual([1, 1, 1]);
  });
});
