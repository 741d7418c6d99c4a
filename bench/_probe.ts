import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostKeyVerifier } from '../src/deploy/hostKeys.ts';
import { connectSsh } from '../src/deploy/transport/sshTransport.ts';
import { runScript } from '../src/deploy/remote/runScript.ts';
import { PassThrough } from 'node:stream';
import { startSshHosts } from '../test/support/sshHosts.ts';
const set = await startSshHosts(1, { privateDirs: ['/etc', '/var'] });
const h = set.hosts[0]!;
function treeCpu(pid: number): number {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 10;
}
const dir = mkdtempSync(join(tmpdir(), 'cwp-'));
const hostKeys = new HostKeyVerifier({ knownHostsFile: join(dir, 'kh'), openSshKnownHosts: [], confirm: () => true });
const conn = () => connectSsh({ host: h.address, username: 'root', auth: { privateKeyPath: h.privateKeyPath }, hostKeys });
const N = 30;
async function measure(name: string, fn: (t: Awaited<ReturnType<typeof conn>>, i: number) => Promise<void>) {
  const t = await conn();
  await (await t.files())?.lstat('/');
  const c0 = treeCpu(h.sshdPid()!); const u0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < N; i++) await fn(t, i);
  const wall = performance.now() - t0; const u = process.cpuUsage(u0);
  await t.close(); await new Promise((r) => setTimeout(r, 400));
  console.log(name.padEnd(24), 'wall', (wall / N).toFixed(1), 'client', ((u.user + u.system) / 1000 / N).toFixed(2), 'host', ((treeCpu(h.sshdPid()!) - c0) / N).toFixed(2));
}
try {
  await measure('nothing', async () => {});
  await measure('exec true', async (t) => { await t.exec('true'); });
  await measure('runScript sh true', async (t) => { await runScript(t, 'x', 'true', []); });
  await measure('guard', async (t) => { const inp = new PassThrough(); let g: Promise<unknown> | undefined; await new Promise<void>((res) => { g = runScript(t, 'cw-guard', 'IFS= read -r w', [], { stdin: inp, onStarted: res }); }); inp.end('done\n'); await g; });
  await measure('4 lstat+read', async (t) => { const f = (await t.files())!; await Promise.all(['/etc/hostname','/etc/passwd','/etc/group','/etc/hosts'].map(async (p) => { await f.lstat(p); await f.readFile(p); })); });
  await measure('4 writeNew (fsync)', async (t, i) => { const f = (await t.files())!; await Promise.all([1,2,3,4].map((k) => f.writeNewFile(`${dir}/w${i}-${k}`, Buffer.alloc(1500, 120), 0o644))); });
} finally { await set.cleanup(); }
