import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateBundle } from '../../src/generators/bundle.ts';
import type { BundleFile } from '../../src/generators/bundleFile.ts';
import { bundlePath } from '../../src/generators/bundleFile.ts';
import { CIB_WORKDIR } from '../../src/generators/ansible/site.ts';
import { sha256Hex, writeBundle } from '../../src/services/bundle.ts';
import { loadTemplate, templateNames } from '../support/designs.ts';
import { useTempDir } from '../support/tmp.ts';
import { requireTool, runTool } from '../support/tools.ts';
import { fixture, fixtureGenerator } from './fixtureBundle.ts';

interface CopyItem {
  dest: string;
  mode?: string;
  validate?: string;
}
interface HostVars {
  ansible_host: string;
  ansible_port: number;
  ansible_user: string;
  cw_files: CopyItem[];
  cw_packages: string[];
  cw_drbd_resources: string[];
}
type Task = Record<string, unknown> & { name: string };
interface Play {
  name: string;
  hosts: string;
  tasks: Task[];
}

function read(files: readonly BundleFile[], path: string): string {
  return files.find((f) => f.path === path)!.content;
}

function hostsOf(files: readonly BundleFile[]): Record<string, HostVars> {
  const inv = parse(read(files, 'ansible/inventory.yml')) as {
    all: { children: Record<string, { hosts: Record<string, HostVars> }> };
  };
  const groups = Object.values(inv.all.children);
  expect(groups).toHaveLength(1);
  return groups[0]!.hosts;
}

describe.each(templateNames())('ansible files of template %s', (name) => {
  const design = loadTemplate(name);
  const { files } = generateBundle(design, sha256Hex);

  it('inventory: one host per node with its SSH endpoint and packages', () => {
    // Ansible templates every string it reads: design values must never look like Jinja.
    expect(read(files, 'ansible/inventory.yml')).not.toMatch(/\{\{|\{%|\{#/);
    const hosts = hostsOf(files);
    expect(Object.keys(hosts)).toEqual(design.nodes.map((n) => n.name));
    for (const n of design.nodes) {
      const h = hosts[n.name]!;
      expect(h.ansible_host).toBe(n.ssh?.host ?? n.hostname ?? n.name);
      expect(h.ansible_port).toBe(n.ssh?.port ?? 22);
      expect(h.ansible_user).toBe(n.ssh?.user ?? 'root');
      expect(h.cw_packages).toEqual(expect.arrayContaining(['corosync', 'pacemaker']));
      expect(h.cw_drbd_resources).toEqual(
        design.drbd.filter((r) => r.nodes.includes(n.name)).map((r) => r.name),
      );
      if (h.cw_drbd_resources.length > 0) expect(h.cw_packages).toContain('drbd-utils');
    }
  });

  it('site.yml: the bring-up steps in order', () => {
    const plays = parse(read(files, 'ansible/site.yml')) as Play[];
    const names = plays.map((p) => p.name);
    const crypto = design.cluster.corosync.cipher !== 'none';
    expect(names).toEqual([
      'Install the cluster packages',
      ...(crypto ? ['Corosync authkey, made on the first node and shared'] : []),
      'Copy the configuration files',
      ...(design.drbd.length > 0 ? ['Bring up DRBD'] : []),
      'Start corosync and Pacemaker',
      'Push the Pacemaker configuration',
      ...(design.iscsiInitiators.length > 0 ? ['Log the iSCSI initiators in'] : []),
    ]);
    expect(plays.find((p) => p.name === 'Push the Pacemaker configuration')!.hosts).toBe(
      design.nodes[0]!.name,
    );
    const copy = plays.find((p) => p.name === 'Copy the configuration files')!.tasks[0]!;
    expect(copy['ansible.builtin.copy']).toMatchObject({
      backup: true,
      mode: "{{ item.mode | default('0644') }}",
      validate: '{{ cw_validate[item.validate] if item.validate is defined else omit }}',
    });
    expect(copy.loop).toBe('{{ cw_files }}');
  });
});

describe('ansible files with technology files', () => {
  const design = loadTemplate('two-node-drbd-kvm');
  const { files } = generateBundle(design, sha256Hex, [fixtureGenerator]);
  const tmp = useTempDir('cw-ansible-');

  it('each host copies exactly its node files, with mode and a validate command per tool', () => {
    const hosts = hostsOf(files);
    for (const n of design.nodes) {
      const own = files.filter((f) => f.node === n.name);
      const items = hosts[n.name]!.cw_files;
      expect(items.map((i) => `nodes/${n.name}${i.dest}`)).toEqual(own.map(bundlePath));
      expect(items.map((i) => i.dest)).toEqual(own.map((f) => f.path));
      expect(items.map((i) => i.mode ?? '0644')).toEqual(own.map((f) => `0${f.mode.toString(8)}`));
    }
    const plays = parse(read(files, 'ansible/site.yml')) as (Play & {
      vars?: Record<string, Record<string, string>>;
    })[];
    const commands = plays.find((p) => p.name === 'Copy the configuration files')!.vars!
      .cw_validate!;
    const alpha = new Map(
      hosts.alpha!.cw_files.map((i) => [i.dest, i.validate && commands[i.validate]]),
    );
    expect(alpha.get('/etc/drbd.d/r0.res')).toBe('drbdadm -c %s dump all');
    expect(alpha.get('/etc/corosync/corosync.conf')).toBe('corosync -c %s -t');
    expect(alpha.get('/etc/libvirt/qemu/web.xml')).toBe('virt-xml-validate %s domain');
    expect(alpha.get('/etc/tgt/conf.d/t1.conf')).toBe('tgt-admin -c %s -p');
  });

  it('passes ansible-playbook --syntax-check', async () => {
    const playbook = requireTool('ansible-playbook', 'ansible-core');
    const dir = await writeBundle(files, join(tmp(), 'bundle'));
    const r = runTool(playbook, ['--syntax-check', '-i', 'inventory.yml', 'site.yml'], {
      cwd: join(dir, 'ansible'),
      env: { ...process.env, ANSIBLE_INVENTORY_UNPARSED_FAILED: '1', ANSIBLE_LOCAL_TEMP: tmp() },
    });
    expect(r.status, r.stderr).toBe(0);
  });

  /**
   * Runs the CIB play's commands and copies offline, in order, against CIB files: a copy of a
   * "live" CIB (other resources, a status section) stands in for the running cluster.
   */
  it('the CIB push patches only the configuration, keeping the live status', () => {
    for (const [t, p] of [
      ['cibadmin', 'pacemaker-cli-utils'],
      ['crm_diff', 'pacemaker-cli-utils'],
    ] as const)
      requireTool(t, p);
    const work = tmp();
    const live = join(work, 'live-cluster.xml');
    writeFileSync(
      live,
      fixture('cib.xml')
        .replace('id="dummy"', 'id="old"')
        .replace('epoch="1"', 'epoch="7"')
        .replace(
          '<status/>',
          '<status><node_state id="1" uname="alpha" in_ccm="true" crmd="online" join="member" expected="member"/></status>',
        ),
    );
    writeFileSync(join(work, 'cib.xml'), read(files, 'cluster/cib.xml'));
    const plays = parse(read(files, 'ansible/site.yml')) as Play[];
    const cibPlay = plays.find((p) => p.name === 'Push the Pacemaker configuration')!;
    const local = (s: string): string =>
      s.replaceAll(CIB_WORKDIR, work).replace('{{ playbook_dir }}/../cluster', work);
    const registered = new Map<string, string>();
    const ran: string[] = [];
    for (const task of cibPlay.tasks) {
      const cmd = task['ansible.builtin.command'] as { argv: string[]; stdin?: string } | undefined;
      const copy = task['ansible.builtin.copy'] as
        { src?: string; content?: string; dest: string } | undefined;
      if (copy) {
        const dest = local(copy.dest);
        if (copy.src) copyFileSync(local(copy.src), dest);
        else writeFileSync(dest, registered.get(/cw_\w+/.exec(copy.content!)![0])!);
        continue;
      }
      if (!cmd || cmd.argv[0] === 'crm_verify') continue;
      if (task.when === 'cw_diff.rc == 1' && registered.get('cw_diff.rc') !== '1') continue;
      const argv = cmd.argv.map(local);
      const env = task.environment as { CIB_file: string } | undefined;
      const cibFile = env ? local(env.CIB_file) : live;
      const input = cmd.stdin ? registered.get(/cw_\w+/.exec(cmd.stdin)![0]) : undefined;
      const r = runTool(argv[0]!, argv.slice(1), {
        env: { ...process.env, CIB_file: cibFile },
        ...(input === undefined ? {} : { input }),
      });
      ran.push(argv[0]!);
      if (typeof task.register === 'string') {
        registered.set(task.register, r.stdout);
        registered.set(`${task.register}.rc`, String(r.status));
      }
      const allowed = argv[0] === 'crm_diff' ? [0, 1] : [0];
      expect(allowed, `${argv.join(' ')}: ${r.stderr}`).toContain(r.status);
    }
    expect(ran).toEqual(['cibadmin', 'cibadmin', 'cibadmin', 'crm_diff', 'cibadmin']);
    const after = readFileSync(live, 'utf8');
    expect(after).toContain('<primitive id="dummy"');
    expect(after).not.toContain('<primitive id="old"');
    expect(after).toContain('<node_state id="1" uname="alpha"');
  });
});
