import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostKeyVerifier } from '../src/deploy/hostKeys.ts';
import { connectSsh } from '../src/deploy/transport/sshTransport.ts';
import { startSshHosts } from '../test/support/sshHosts.ts';

const TICK = 10;
function treeCpu(pid: number): number {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK;
}
const set = await startSshHosts(8);
const remote = () => set.hosts.reduce((n, h) => n + treeCpu(h.sshdPid()!), 0);
function clientCpu() { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
const settle = () => new Promise((r) => setTimeout(r, 300));
async function measure(name: string, fn: () => Promise<void>, reps = 5) {
  const rows: string[] = [];
  for (let i = 0; i < reps; i++) {
    await settle();
    const m0 = remote(), c0 = clientCpu(), t0 = performance.now();
    await fn();
    const wall = performance.now() - t0, c = clientCpu() - c0;
    await settle();
    rows.push(`${wall.toFixed(0)}/${c.toFixed(0)}/${remote() - m0}`);
  }
  console.log(name.padEnd(30), rows.join('  '), '(wall/client/remote cpu ms)');
}
const dir = mkdtempSync(join(tmpdir(), 'cwp-'));
const hostKeys = new HostKeyVerifier({ knownHostsFile: join(dir, 'kh'), openSshKnownHosts: [], confirm: () => true });
const conn = (h: (typeof set.hosts)[number]) => connectSsh({ host: h.address, username: 'root', auth: { privateKeyPath: h.privateKeyPath }, hostKeys });
const cmd = process.argv[2] ?? 'true';
try {
  for (const n of [1, 8]) {
    const hs = set.hosts.slice(0, n);
    await measure(`connect+close ${n}`, async () => { const ts = await Promise.all(hs.map(conn)); await Promise.all(ts.map((t) => t.close())); });
    await measure(`c + 10 exec ${n}`, async () => { const ts = await Promise.all(hs.map(conn)); await Promise.all(ts.map(async (t) => { for (let i = 0; i < 10; i++) await t.exec(cmd); })); await Promise.all(ts.map((t) => t.close())); });
    await measure(`c + 10 sftp stat ${n}`, async () => { const ts = await Promise.all(hs.map(conn)); await Promise.all(ts.map(async (t) => { await (t as any).sftpProbe?.(); })); await Promise.all(ts.map((t) => t.close())); });
  }
} finally { await set.cleanup(); }
