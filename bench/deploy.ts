/**
 * Deploy throughput: Clusterwright's plan + atomic apply of a bundle's node files against
 * 1 and 8 SSH test hosts, and Ansible running the bundle's own site.yml play that copies
 * the same files to the same hosts. Prints medians, ratios and CPU; passes or fails on
 * nothing.
 *
 *   sudo npx tsx bench/deploy.ts     (RUNS=5 ANSIBLE_RUNS=3 to change the counts, ANSIBLE=0 to skip it)
 *
 * The hosts are network namespaces with a real sshd each (SFTP subsystem as Debian ships
 * it), and each has a private /etc and /var (overlays on this machine's), so both tools
 * write the bundle's real paths: host i gets template node (i mod 2)'s files. Before every
 * run (untimed) the files and backups are removed from every host, so every file is really
 * written; each host holds the corosync authkey the bundle's earlier plays would have put
 * there (site.yml's copy play validates corosync.conf, which needs it).
 *
 * What runs:
 * - Clusterwright cold: connect, plan, apply (with the deploy record a rollback needs),
 *   close; what `clusterwright deploy` does on every call.
 * - Clusterwright warm: plan + apply over connections an SshPool keeps open between
 *   deploys, as the app keeps them (and as Ansible's ControlPersist keeps its masters).
 * - Ansible: `ansible-playbook` with the play "Copy the configuration files" taken as it
 *   is from the bundle's site.yml (copy with backup and each file's validate command),
 *   the bundle's inventory variables, forks = hosts, ControlPersist; one untimed warm-up
 *   run first, so the timed runs reuse their SSH masters like the warm Clusterwright runs.
 *   The bundle's other plays need what a namespace host lacks (a package mirror for apt,
 *   the DRBD kernel module, systemd for corosync and pacemaker) and are not run.
 *
 * CPU: "client" is this process (Clusterwright) or ansible-playbook and its ssh masters;
 * "hosts" is everything the hosts' sshd ran (sessions, shells, tools, sftp-server, the
 * temp-file keeper), read from the sshd listeners' own and reaped children's times once
 * the sessions end. Both share this machine's cores, so on a small machine 8 hosts compete
 * for the CPU that 8 real nodes would each have to themselves: the script prints that CPU
 * and the least wall time it allows. On 2 cores, 8 hosts cannot come within 1.5x of one
 * host: one host's deploy is mostly waiting (round trips, fsync), while 8 hosts' is their
 * CPU (client + 8 sshd and sftp-servers, and the files really written) divided by 2.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { applyDeploy } from '../src/deploy/apply.ts';
import { backupDirFor, DEFAULT_BACKUP_ROOT, newDeployId } from '../src/deploy/deployId.ts';
import { HostKeyVerifier } from '../src/deploy/hostKeys.ts';
import type { NodeDeployTarget } from '../src/deploy/plan.ts';
import { planDeploy } from '../src/deploy/plan.ts';
import { SshPool } from '../src/deploy/transport/sshPool.ts';
import type { SshConnectOptions, SshTransport } from '../src/deploy/transport/sshTransport.ts';
import { connectSsh } from '../src/deploy/transport/sshTransport.ts';
import { generateBundle } from '../src/generators/bundle.ts';
import type { BundleFile } from '../src/generators/bundleFile.ts';
import { bundlePath } from '../src/generators/bundleFile.ts';
import { loadTemplate } from '../test/support/designs.ts';
import type { SshTestHost } from '../test/support/sshHosts.ts';
import { startSshHosts } from '../test/support/sshHosts.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const ANSIBLE_RUNS = Number(process.env.ANSIBLE_RUNS ?? 3);
const TEMPLATE = 'two-node-drbd-kvm';
const COPY_PLAY = 'Copy the configuration files';
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

const sha256Hex = (c: string) => createHash('sha256').update(c, 'utf8').digest('hex');
const design = loadTemplate(TEMPLATE);
const bundle = generateBundle(design, sha256Hex);
const nodeFiles = bundle.files.filter((f) => f.node !== undefined);
const templateNodes = [...new Set(nodeFiles.map((f) => f.node as string))].sort();
const nodeOf = (i: number) => templateNodes[i % templateNodes.length] as string;
/** Host i's name: the template's own node names first, so the bundle's paths fit. */
const hostName = (i: number) => (i < templateNodes.length ? nodeOf(i) : `h${i}`);
const filesFor = (i: number): BundleFile[] =>
  nodeFiles.filter((f) => f.node === nodeOf(i)).map((f) => ({ ...f, node: hostName(i) }));

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** CPU ms of a process and its reaped children (fields 14-17 of /proc/<pid>/stat). */
function treeCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [11, 12, 13, 14].reduce((n, k) => n + Number(f[k]), 0) * TICK_MS;
}
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** This process's reaped children (ansible-playbook runs through spawnSync). */
const childrenCpuMs = () => {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * TICK_MS;
};
const hostsCpuMs = (hosts: readonly SshTestHost[]) =>
  hosts.reduce((n, h) => n + treeCpuMs(h.sshdPid() as number), 0);
/** Lets the hosts' sshd reap sessions that just ended, so their CPU is counted. */
const settle = () => new Promise((r) => setTimeout(r, 400));

/**
 * Untimed: removes the bundle's files and every backup from a host, as before a first
 * deploy. In this process, through the host's mount namespace: a child process here (rm
 * under nsenter) would leave this large process's memory copy-on-write, and the page
 * faults that follow would be counted in the timed run after it.
 */
function reset(h: SshTestHost): void {
  for (const p of [...new Set(nodeFiles.map((f) => f.path)), DEFAULT_BACKUP_ROOT])
    rmSync(h.fileOnHost(p), { recursive: true, force: true });
}

interface Series {
  readonly wall: number[];
  readonly client: number[];
  hostsTotal: number;
  runs: number;
}
const series = (): Series => ({ wall: [], client: [], hostsTotal: 0, runs: 0 });
const phases: Record<string, number[]> = {};
const phase = (name: string, ms: number) => (phases[name] ??= []).push(ms);

function connectOptions(hosts: readonly SshTestHost[], dir: string): SshConnectOptions[] {
  const hostKeys = new HostKeyVerifier({
    knownHostsFile: join(dir, 'known_hosts'),
    openSshKnownHosts: [],
    confirm: (k) => hosts.some((h) => h.hostKeyFingerprint() === k.fingerprint),
  });
  return hosts.map((h) => ({
    host: h.address,
    username: h.username,
    auth: { privateKeyPath: h.privateKeyPath },
    hostKeys,
  }));
}

function connectAll(hosts: readonly SshTestHost[], dir: string): Promise<SshTransport[]> {
  return Promise.all(connectOptions(hosts, dir).map((o) => connectSsh(o)));
}

async function planAndApply(
  kind: 'cold' | 'warm',
  hosts: readonly SshTestHost[],
  transports: readonly SshTransport[],
) {
  const n = `${kind} ${hosts.length}`;
  const t0 = performance.now();
  const targets: NodeDeployTarget[] = transports.map((transport, i) => ({
    node: hostName(i),
    transport,
    files: filesFor(i),
  }));
  const plans = await planDeploy(targets);
  const t1 = performance.now();
  const deployId = newDeployId();
  const results = await applyDeploy(plans, new Map(targets.map((t) => [t.node, t.transport])), {
    backupDir: backupDirFor(deployId),
    deployId,
  });
  phase(`${n} plan`, t1 - t0);
  phase(`${n} apply`, performance.now() - t1);
  const written = results.reduce((k, r) => k + r.written.length, 0);
  const expected = hosts.reduce((k, _, i) => k + filesFor(i).length, 0);
  if (written !== expected || results.some((r) => !r.ok || r.via !== 'sftp'))
    throw new Error(
      `clusterwright wrote ${written} of ${expected} files: ${JSON.stringify(results)}`,
    );
}

async function clusterwrightCold(hosts: readonly SshTestHost[], dir: string, s: Series) {
  hosts.forEach(reset);
  await settle();
  const h0 = hostsCpuMs(hosts);
  const c0 = ownCpuMs();
  const t0 = performance.now();
  const transports = await connectAll(hosts, dir);
  phase(`cold ${hosts.length} connect`, performance.now() - t0);
  await planAndApply('cold', hosts, transports);
  await Promise.all(transports.map((t) => t.close()));
  s.wall.push(performance.now() - t0);
  s.client.push(ownCpuMs() - c0);
  await settle();
  s.hostsTotal += hostsCpuMs(hosts) - h0;
  s.runs++;
}

async function clusterwrightWarm(
  hosts: readonly SshTestHost[],
  dir: string,
  runs: number,
  s: Series,
) {
  // The app's path: each deploy takes its connections from the pool and hands them back.
  const pool = new SshPool();
  const options = connectOptions(hosts, dir);
  const deployOnce = async () => {
    const transports = await Promise.all(options.map((o) => pool.acquire(o)));
    await planAndApply('warm', hosts, transports);
    await Promise.all(transports.map((t) => t.close()));
  };
  hosts.forEach(reset);
  await deployOnce(); // opens the connections and SFTP sessions
  await settle();
  const h0 = hostsCpuMs(hosts);
  for (let r = 0; r < runs; r++) {
    hosts.forEach(reset);
    const c0 = ownCpuMs();
    const t0 = performance.now();
    await deployOnce();
    s.wall.push(performance.now() - t0);
    s.client.push(ownCpuMs() - c0);
    s.runs++;
  }
  // The sessions' CPU shows once they end; the untimed close adds only the goodbye.
  await pool.closeAll();
  await settle();
  s.hostsTotal += hostsCpuMs(hosts) - h0;
}

/** The bundle on disk, with nodes/<host> for every host and an inventory of the hosts. */
function ansibleProject(hosts: readonly SshTestHost[], dir: string, privateKey: string) {
  const root = mkdtempSync(join(dir, 'ansible-'));
  for (const f of bundle.files) {
    const p = join(root, bundlePath(f));
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, f.content, { mode: f.mode });
  }
  hosts.forEach((_, i) => {
    if (hostName(i) !== nodeOf(i)) symlinkSync(nodeOf(i), join(root, 'nodes', hostName(i)));
  });
  const site = parse(readFileSync(join(root, 'ansible', 'site.yml'), 'utf8')) as { name: string }[];
  const play = site.find((p) => p.name === COPY_PLAY);
  if (!play) throw new Error(`the bundle's site.yml has no play "${COPY_PLAY}"`);
  writeFileSync(join(root, 'ansible', 'copy.yml'), stringify([play]));
  const inv = parse(readFileSync(join(root, 'ansible', 'inventory.yml'), 'utf8')) as {
    all: { children: Record<string, { hosts: Record<string, Record<string, unknown>> }> };
  };
  const [group, { hosts: vars }] = Object.entries(inv.all.children)[0] as [
    string,
    { hosts: Record<string, Record<string, unknown>> },
  ];
  const inventory = {
    all: {
      children: {
        [group]: {
          hosts: Object.fromEntries(
            hosts.map((h, i) => [
              hostName(i),
              {
                ...vars[nodeOf(i)],
                ansible_host: h.address,
                ansible_ssh_private_key_file: privateKey,
                ansible_python_interpreter: '/usr/bin/python3',
              },
            ]),
          ),
        },
      },
    },
  };
  writeFileSync(join(root, 'ansible', 'hosts.yml'), stringify(inventory));
  return root;
}

function ansibleRun(root: string, n: number): void {
  const r = spawnSync(
    'ansible-playbook',
    ['-i', join(root, 'ansible', 'hosts.yml'), '-f', String(n), join(root, 'ansible', 'copy.yml')],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        ANSIBLE_HOST_KEY_CHECKING: 'False',
        ANSIBLE_SSH_ARGS:
          '-o ControlMaster=auto -o ControlPersist=300s -o UserKnownHostsFile=/dev/null',
        ANSIBLE_SSH_CONTROL_PATH_DIR: join(root, 'cp'),
        ANSIBLE_LOCAL_TEMP: join(root, 'tmp'),
        ANSIBLE_NOCOLOR: '1',
      },
    },
  );
  if (r.status !== 0) throw new Error(`ansible-playbook failed:\n${r.stdout}\n${r.stderr}`);
}

/** Ends Ansible's persistent SSH masters; returns their CPU, which no wait() reaps here. */
function stopMasters(root: string): number {
  let cpu = 0;
  const dir = join(root, 'cp');
  for (const name of readdirSync(dir)) {
    const sock = join(dir, name);
    const check = spawnSync('ssh', ['-o', `ControlPath=${sock}`, '-O', 'check', 'x'], {
      encoding: 'utf8',
    });
    const pid = /pid=(\d+)/.exec(check.stderr)?.[1];
    if (pid) cpu += treeCpuMs(Number(pid));
    spawnSync('ssh', ['-o', `ControlPath=${sock}`, '-O', 'exit', 'x']);
  }
  return cpu;
}

async function ansible(hosts: readonly SshTestHost[], dir: string, privateKey: string, s: Series) {
  const root = ansibleProject(hosts, dir, privateKey);
  hosts.forEach(reset);
  ansibleRun(root, hosts.length); // warm-up: starts the masters
  await settle();
  const h0 = hostsCpuMs(hosts);
  for (let r = 0; r < ANSIBLE_RUNS; r++) {
    hosts.forEach(reset);
    const c0 = childrenCpuMs();
    const t0 = performance.now();
    ansibleRun(root, hosts.length);
    s.wall.push(performance.now() - t0);
    s.client.push(childrenCpuMs() - c0);
    s.runs++;
  }
  const masters = stopMasters(root);
  await settle();
  s.hostsTotal += hostsCpuMs(hosts) - h0;
  // The masters served the warm-up too; share their CPU out over the timed runs only.
  const perRun = masters / ANSIBLE_RUNS;
  s.client.forEach((_, i) => (s.client[i] = (s.client[i] as number) + perRun));
}

/**
 * Untimed: gives host i its template node's cluster addresses (on the loopback of its
 * namespace), as the real node has them: `corosync -t`, which site.yml's copy play runs on
 * corosync.conf, wants the local host among the nodes it lists.
 */
function claimNodeAddresses(h: SshTestHost, i: number): void {
  const node = design.nodes.find((n) => n.name === nodeOf(i));
  const addresses = Object.values(node?.addresses ?? {});
  const inNs = (...args: string[]) => execFileSync('ip', ['netns', 'exec', h.netns, ...args]);
  for (const a of addresses) inNs('ip', 'addr', 'add', `${a}/32`, 'dev', 'lo');
}

function seedAuthkey(h: SshTestHost): void {
  execFileSync('nsenter', [
    '-t',
    String(h.sshdPid()),
    '-m',
    'sh',
    '-c',
    'mkdir -p /etc/corosync && head -c 256 /dev/urandom > /etc/corosync/authkey && chmod 0400 /etc/corosync/authkey',
  ]);
}

const load0 = readFileSync('/proc/loadavg', 'utf8').trim();
const set = await startSshHosts(8, { privateDirs: ['/etc', '/var'] });
const dir = mkdtempSync(join(tmpdir(), 'cw-bench-'));
const haveAnsible =
  process.env.ANSIBLE !== '0' && spawnSync('ansible-playbook', ['--version']).status === 0;
const results: Record<string, Series> = {};
try {
  set.hosts.forEach(seedAuthkey);
  set.hosts.forEach(claimNodeAddresses);
  for (const n of [1, 8]) {
    const hosts = set.hosts.slice(0, n);
    const cold = (results[`clusterwright cold ${n}`] = series());
    for (let i = 0; i < RUNS; i++) await clusterwrightCold(hosts, dir, cold);
    await clusterwrightWarm(hosts, dir, RUNS, (results[`clusterwright warm ${n}`] = series()));
    if (haveAnsible)
      await ansible(hosts, dir, set.privateKeyPath, (results[`ansible warm ${n}`] = series()));
  }
  const load1 = readFileSync('/proc/loadavg', 'utf8').trim();
  console.log(
    `deploy of the ${TEMPLATE} node files (${nodeFiles.length} for ${templateNodes.length} nodes; host i gets node i mod ${templateNodes.length}'s) — ${RUNS} runs, ansible ${ANSIBLE_RUNS}`,
  );
  console.log(`load average before: ${load0}   after: ${load1}   (${new Date().toISOString()})`);
  console.log('                         median ms   client CPU ms   hosts CPU ms (per run)');
  for (const [k, s] of Object.entries(results)) {
    console.log(
      `  ${k.padEnd(22)} ${median(s.wall).toFixed(0).padStart(8)}   ${median(s.client).toFixed(0).padStart(12)}   ${(s.hostsTotal / s.runs).toFixed(0).padStart(12)}`,
    );
  }
  for (const [k, v] of Object.entries(phases))
    console.log(`    phase ${k.padEnd(15)} ${median(v).toFixed(0)} ms`);
  const m = (k: string) => (results[k] ? median(results[k].wall) : NaN);
  const cores = availableParallelism();
  for (const k of ['clusterwright cold 8', 'clusterwright warm 8']) {
    const r = results[k];
    if (!r) continue;
    const cpu = median(r.client) + r.hostsTotal / r.runs;
    console.log(
      `  ${k}: ${cpu.toFixed(0)} ms of CPU (client + hosts) on ${cores} cores: no less than ${(cpu / cores).toFixed(0)} ms of wall time even when nothing else runs; measured ${m(k).toFixed(0)} ms`,
    );
  }
  console.log(
    `  8 hosts / 1 host: cold ${(m('clusterwright cold 8') / m('clusterwright cold 1')).toFixed(2)}x, warm ${(m('clusterwright warm 8') / m('clusterwright warm 1')).toFixed(2)}x   (goal <= 1.5x)`,
  );
  if (haveAnsible) {
    for (const n of [1, 8])
      console.log(
        `  clusterwright / ansible at ${n} host(s): warm ${(m(`clusterwright warm ${n}`) / m(`ansible warm ${n}`)).toFixed(3)}x, cold ${(m(`clusterwright cold ${n}`) / m(`ansible warm ${n}`)).toFixed(3)}x   (goal <= 0.33x)`,
      );
  } else {
    console.log(
      '  ansible skipped (ANSIBLE=0, or ansible-playbook missing: apt-get install ansible-core)',
    );
  }
} finally {
  await set.cleanup();
  rmSync(dir, { recursive: true, force: true });
}
