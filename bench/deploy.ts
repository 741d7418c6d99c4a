/**
 * Deploy throughput: Clusterwright's plan + atomic apply against 1 and 8 SSH test hosts
 * (network namespaces with a real sshd each), and Ansible's `copy` module pushing the
 * same files to the same hosts. Prints medians and ratios; passes or fails on nothing.
 *
 *   sudo npx tsx bench/deploy.ts     (RUNS=5 ANSIBLE_RUNS=3 to change the counts, ANSIBLE=0 to skip it)
 *
 * The bundle stands in for a 2-node template's node files (corosync, DRBD, libvirt, tgt,
 * iSCSI initiator, CIB) at realistic sizes, until the generators land; every host gets
 * the same set under its own folder, and every run starts from empty folders, so every
 * file is really written.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDeploy } from '../src/deploy/apply.ts';
import { HostKeyVerifier } from '../src/deploy/hostKeys.ts';
import { planDeploy } from '../src/deploy/plan.ts';
import { connectSsh } from '../src/deploy/transport/sshTransport.ts';
import type { BundleFile } from '../src/generators/bundleFile.ts';
import type { SshTestHost } from '../test/support/sshHosts.ts';
import { startSshHosts } from '../test/support/sshHosts.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const ANSIBLE_RUNS = Number(process.env.ANSIBLE_RUNS ?? 3);

const FILES: readonly (readonly [string, number, number])[] = [
  ['/etc/corosync/corosync.conf', 0o644, 900],
  ['/etc/drbd.d/global_common.conf', 0o644, 600],
  ['/etc/drbd.d/r0.res', 0o600, 700],
  ['/etc/drbd.d/r1.res', 0o600, 700],
  ['/etc/libvirt/qemu/vm1.xml', 0o600, 4200],
  ['/etc/libvirt/qemu/vm2.xml', 0o600, 4200],
  ['/etc/tgt/conf.d/iqn.2026-11.example.storage.conf', 0o600, 500],
  ['/etc/iscsi/initiatorname.iscsi', 0o600, 60],
  ['/var/lib/clusterwright/cib.xml', 0o640, 9000],
];

/** The same bytes for both tools, whatever the host. */
function contentOf(path: string, size: number): string {
  return `# ${path}\n${'x'.repeat(Math.max(0, size - path.length - 4))}\n`;
}

function filesFor(root: string, node: string): BundleFile[] {
  return FILES.map(([path, mode, size]) => ({
    node,
    path: `${root}/${node}${path}`,
    mode,
    content: contentOf(path, size),
    element: 'bench',
    kind: 'readme' as const,
  }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const phases: Record<string, number[]> = {};
function phase(name: string, ms: number): void {
  (phases[name] ??= []).push(ms);
}

async function clusterwright(hosts: readonly SshTestHost[], dir: string): Promise<number> {
  const root = mkdtempSync(join(dir, 'cw-'));
  const t0 = performance.now();
  const hostKeys = new HostKeyVerifier({
    knownHostsFile: join(dir, 'known_hosts'),
    openSshKnownHosts: [],
    confirm: () => true,
  });
  const targets = await Promise.all(
    hosts.map(async (h, i) => {
      const node = `n${i}`;
      const transport = await connectSsh({
        host: h.address,
        username: h.username,
        auth: { privateKeyPath: h.privateKeyPath },
        hostKeys,
      });
      return { node, transport, files: filesFor(root, node) };
    }),
  );
  const t1 = performance.now();
  const plans = await planDeploy(targets);
  const t2 = performance.now();
  const results = await applyDeploy(plans, new Map(targets.map((t) => [t.node, t.transport])));
  const t3 = performance.now();
  await Promise.all(targets.map((t) => t.transport.close()));
  const ms = performance.now() - t0;
  phase(`${hosts.length} connect`, t1 - t0);
  phase(`${hosts.length} plan`, t2 - t1);
  phase(`${hosts.length} apply`, t3 - t2);
  const written = results.reduce((n, r) => n + r.written.length, 0);
  if (written !== hosts.length * FILES.length || results.some((r) => !r.ok)) {
    throw new Error(`clusterwright wrote ${written} files: ${JSON.stringify(results)}`);
  }
  return ms;
}

function ansible(hosts: readonly SshTestHost[], dir: string, privateKey: string): number {
  const root = mkdtempSync(join(dir, 'ans-'));
  const src = join(root, 'src');
  mkdirSync(src);
  const inventory = join(root, 'inventory.ini');
  writeFileSync(
    inventory,
    `[nodes]\n${hosts
      .map(
        (h, i) =>
          `n${i} ansible_host=${h.address} ansible_user=root ansible_ssh_private_key_file=${privateKey} ansible_python_interpreter=/usr/bin/python3`,
      )
      .join('\n')}\n`,
  );
  const tasks = filesFor(root, '{{ inventory_hostname }}').map((f, i) => {
    const [path, , size] = FILES[i] as readonly [string, number, number];
    writeFileSync(join(src, `f${i}`), contentOf(path, size));
    return `    - copy:\n        src: ${join(src, `f${i}`)}\n        dest: "${f.path}"\n        mode: "0${f.mode.toString(8)}"\n`;
  });
  const dirs = [...new Set(FILES.map(([p]) => p.slice(0, p.lastIndexOf('/'))))];
  const playbook = join(root, 'site.yml');
  writeFileSync(
    playbook,
    `- hosts: nodes\n  gather_facts: false\n  tasks:\n` +
      dirs
        .map(
          (d) =>
            `    - file:\n        path: "${root}/{{ inventory_hostname }}${d}"\n        state: directory\n`,
        )
        .join('') +
      tasks.join(''),
  );
  const t0 = performance.now();
  const r = spawnSync('ansible-playbook', ['-i', inventory, '-f', String(hosts.length), playbook], {
    encoding: 'utf8',
    env: {
      ...process.env,
      ANSIBLE_HOST_KEY_CHECKING: 'False',
      ANSIBLE_SSH_ARGS:
        '-o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=/dev/null',
      ANSIBLE_LOCAL_TEMP: join(root, 'tmp'),
    },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`ansible-playbook failed:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

const set = await startSshHosts(8);
const dir = mkdtempSync(join(tmpdir(), 'cw-bench-'));
try {
  const rows: Record<string, number> = {};
  for (const n of [1, 8]) {
    const hosts = set.hosts.slice(0, n);
    const cw: number[] = [];
    for (let i = 0; i < RUNS; i++) cw.push(await clusterwright(hosts, dir));
    rows[`clusterwright ${n}`] = median(cw);
    const haveAnsible =
      process.env.ANSIBLE !== '0' && spawnSync('ansible-playbook', ['--version']).status === 0;
    if (haveAnsible) {
      const an: number[] = [];
      for (let i = 0; i < ANSIBLE_RUNS; i++) an.push(ansible(hosts, dir, set.privateKeyPath));
      rows[`ansible ${n}`] = median(an);
    }
  }
  console.log(
    `deploy of ${FILES.length} files per host (median ms; ${RUNS} runs, ansible ${ANSIBLE_RUNS})`,
  );
  for (const [k, v] of Object.entries(rows)) console.log(`  ${k.padEnd(18)} ${v.toFixed(0)} ms`);
  for (const [k, v] of Object.entries(phases)) {
    console.log(`    phase, ${k.padEnd(10)} ${median(v).toFixed(0)} ms`);
  }
  const cw1 = rows['clusterwright 1'] ?? NaN;
  const cw8 = rows['clusterwright 8'] ?? NaN;
  console.log(`  8 hosts / 1 host (clusterwright): ${(cw8 / cw1).toFixed(2)}x   (goal <= 1.5x)`);
  if (rows['ansible 8'] !== undefined) {
    console.log(
      `  clusterwright / ansible at 8 hosts: ${(cw8 / rows['ansible 8']).toFixed(2)}x   (goal <= 0.33x)`,
    );
    console.log(
      `  clusterwright / ansible at 1 host:  ${(cw1 / (rows['ansible 1'] ?? NaN)).toFixed(2)}x`,
    );
  } else {
    console.log('  ansible-playbook not found (apt-get install ansible-core): no comparison');
  }
} finally {
  await set.cleanup();
  rmSync(dir, { recursive: true, force: true });
}
