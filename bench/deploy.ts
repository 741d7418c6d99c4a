/**
 * Deploy throughput: Clusterwright's plan + atomic apply against 1 and 8 SSH test hosts
 * (network namespaces with a real sshd each), and Ansible's `copy` module pushing the
 * same files to the same hosts. Prints medians and ratios; passes or fails on nothing.
 *
 *   sudo npx tsx bench/deploy.ts     (RUNS=5 ANSIBLE_RUNS=3 to change the counts, ANSIBLE=0 to skip it)
 *
 * The files are the node files of the two-node template's bundle; host i gets node
 * (i mod 2)'s, under its own folder (the hosts share this machine's file system), and
 * every run starts from empty folders, so every file is really written. Ansible gets a
 * copy-module playbook for the same files: the bundle's own site.yml writes to real /etc
 * paths, which here would be this machine's.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDeploy } from '../src/deploy/apply.ts';
import { HostKeyVerifier } from '../src/deploy/hostKeys.ts';
import { planDeploy } from '../src/deploy/plan.ts';
import { connectSsh } from '../src/deploy/transport/sshTransport.ts';
import { generateBundle } from '../src/generators/bundle.ts';
import type { BundleFile } from '../src/generators/bundleFile.ts';
import { loadTemplate } from '../test/support/designs.ts';
import type { SshTestHost } from '../test/support/sshHosts.ts';
import { startSshHosts } from '../test/support/sshHosts.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const ANSIBLE_RUNS = Number(process.env.ANSIBLE_RUNS ?? 3);

/** The two-node template's node files; host i plays template node (i mod 2). */
const TEMPLATE = 'two-node-drbd-kvm';
const sha256Hex = (c: string) => createHash('sha256').update(c, 'utf8').digest('hex');
const nodeFiles = generateBundle(loadTemplate(TEMPLATE), sha256Hex).files.filter(
  (f) => f.node !== undefined,
);
const templateNodes = [...new Set(nodeFiles.map((f) => f.node as string))].sort();

/** Host i's files: its template node's, under the host's own folder of `root`. */
function filesFor(root: string, host: number): BundleFile[] {
  const node = templateNodes[host % templateNodes.length];
  return nodeFiles
    .filter((f) => f.node === node)
    .map((f) => ({ ...f, node: `h${host}`, path: `${root}/h${host}${f.path}` }));
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
      const node = `h${i}`;
      const transport = await connectSsh({
        host: h.address,
        username: h.username,
        auth: { privateKeyPath: h.privateKeyPath },
        hostKeys,
      });
      return { node, transport, files: filesFor(root, i) };
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
  const expected = hosts.reduce((n, _, i) => n + filesFor(root, i).length, 0);
  if (written !== expected || results.some((r) => !r.ok)) {
    throw new Error(`clusterwright wrote ${written} files: ${JSON.stringify(results)}`);
  }
  return ms;
}

/**
 * The same files with Ansible's copy module: one play over all hosts, one task per file
 * of each template node (skipped on the other node's hosts), forks = hosts.
 */
function ansible(hosts: readonly SshTestHost[], dir: string, privateKey: string): number {
  const root = mkdtempSync(join(dir, 'ans-'));
  const src = join(root, 'src');
  const inventory = join(root, 'inventory.ini');
  writeFileSync(
    inventory,
    `[nodes]\n${hosts
      .map(
        (h, i) =>
          `h${i} ansible_host=${h.address} tnode=${templateNodes[i % templateNodes.length]} ansible_user=root ansible_ssh_private_key_file=${privateKey} ansible_python_interpreter=/usr/bin/python3`,
      )
      .join('\n')}\n`,
  );
  let tasks = '';
  for (const node of templateNodes) {
    const files = nodeFiles.filter((f) => f.node === node);
    mkdirSync(join(src, node), { recursive: true });
    for (const d of new Set(files.map((f) => f.path.slice(0, f.path.lastIndexOf('/'))))) {
      tasks += `    - file:\n        path: "${root}/{{ inventory_hostname }}${d}"\n        state: directory\n      when: tnode == "${node}"\n`;
    }
    files.forEach((f, i) => {
      writeFileSync(join(src, node, `f${i}`), f.content);
      tasks += `    - copy:\n        src: ${join(src, node, `f${i}`)}\n        dest: "${root}/{{ inventory_hostname }}${f.path}"\n        mode: "0${f.mode.toString(8)}"\n      when: tnode == "${node}"\n`;
    });
  }
  const playbook = join(root, 'site.yml');
  writeFileSync(playbook, `- hosts: nodes\n  gather_facts: false\n  tasks:\n${tasks}`);
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
    `deploy of the ${TEMPLATE} node files (${nodeFiles.length} for ${templateNodes.length} nodes; host i gets node i mod ${templateNodes.length}'s) (median ms; ${RUNS} runs, ansible ${ANSIBLE_RUNS})`,
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
