import { join } from 'node:path';
import { expect } from 'vitest';
import { generateCorosync } from '../../src/generators/corosync/generateCorosync.ts';
import { generateDrbd } from '../../src/generators/drbd/generateDrbd.ts';
import { generateHypervisors } from '../../src/generators/hypervisor/generateHypervisors.ts';
import { generateIscsi } from '../../src/generators/iscsi/generateIscsi.ts';
import type { Design, Drbd } from '../../src/model/types.ts';
import { expectParsesBack } from '../generators/parseBack.ts';
import type { DrbdNode } from '../generators/parse/drbdParse.ts';
import { drbdAll, parseDrbdConf } from '../generators/parse/drbdParse.ts';
import type { NamespaceJob, ToolResult } from '../support/oracles.ts';
import {
  corosyncEtcBind,
  corosyncJob,
  drbdDumpJob,
  inNamespaces,
  tgtAdminPretend,
  virtXmlValidate,
  writeBundleFiles,
} from '../support/oracles.ts';

/**
 * Proofs with the real tools, shared by the per-format oracle tests and the injection
 * property test. `onlyFirstNode` checks one node per design (the files are the same on
 * every node) where many designs go through the tools.
 */
export interface ProveOptions {
  readonly onlyFirstNode?: boolean;
}

/** Every `volume` section anywhere under a resource (8.4 dumps put them inside `on`). */
function volumes(nodes: readonly DrbdNode[]): DrbdNode[] {
  return nodes.flatMap((n) => (n.key === 'volume' ? [n] : volumes(n.body ?? [])));
}

interface DumpCase {
  readonly node: string;
  readonly version: '9' | '8.4';
  readonly resources: readonly Drbd[];
  readonly job: NamespaceJob;
}

/** One drbdadm dump per node and DRBD version, as that node. */
function dumpCases(design: Design, dir: string, options: ProveOptions): DumpCase[] {
  const files = generateDrbd(design);
  const paths = writeBundleFiles(dir, files);
  const cases: DumpCase[] = [];
  const nodes = options.onlyFirstNode ? design.nodes.slice(0, 1) : design.nodes;
  for (const node of nodes) {
    for (const version of ['9', '8.4'] as const) {
      const resources = design.drbd.filter(
        (r) => r.version === version && r.nodes.includes(node.name),
      );
      if (resources.length === 0) continue;
      const mine = files.filter(
        (f) =>
          f.node === node.name &&
          (f.path.endsWith('global_common.conf') || resources.some((r) => f.element === r.name)),
      );
      const job = drbdDumpJob({
        dir: join(dir, 'conf', node.name),
        files: mine.map((f) => paths.get(f) ?? ''),
        hostname: node.hostname ?? node.name,
        addresses: Object.values(node.addresses),
        version,
      });
      cases.push({ node: node.name, version, resources, job });
    }
  }
  return cases;
}

/** Reads drbdadm's own dump back and compares it with the design. */
function expectDumpMatches(design: Design, c: DumpCase, result: ToolResult): void {
  expect(result.status, `drbdadm ${c.version} dump on ${c.node}: ${result.stderr}`).toBe(0);
  const dumped = drbdAll(parseDrbdConf(result.stdout), 'resource');
  expect(dumped.map((r) => r.args[0])).toEqual(c.resources.map((r) => r.name));
  const nodeOf = (n: string) => design.nodes.find((x) => x.name === n);
  for (const [i, res] of c.resources.entries()) {
    const body = dumped[i]?.body ?? [];
    const ons = drbdAll(body, 'on');
    expect(ons.map((o) => o.args[0])).toEqual(
      res.nodes.map((n) => nodeOf(n)?.hostname ?? nodeOf(n)?.name),
    );
    expect(ons.map((o) => o.body?.find((s) => s.key === 'address')?.args)).toEqual(
      res.nodes.map((n) => ['ipv4', `${nodeOf(n)?.addresses[res.network]}:${res.port}`]),
    );
    expect(ons.map((o) => o.body?.find((s) => s.key === 'node-id')?.args[0])).toEqual(
      res.nodes.map((_, id) => (c.version === '9' ? String(id) : undefined)),
    );
    const disks = new Set(volumes(body).map((v) => JSON.stringify(v.body)));
    expect([...disks]).toEqual(
      res.volumes.map((v) =>
        JSON.stringify([
          { key: 'device', args: [`/dev/drbd${v.minor}`, 'minor', String(v.minor)] },
          { key: 'disk', args: [v.disk] },
          { key: 'meta-disk', args: ['internal'] },
        ]),
      ),
    );
    const net = drbdAll(body, 'net')[0]?.body ?? [];
    expect(net.find((s) => s.key === 'allow-two-primaries')?.args).toEqual(
      res.dualPrimary ? ['yes'] : undefined,
    );
    const fencingIn = c.version === '9' ? net : (drbdAll(body, 'disk')[0]?.body ?? []);
    expect(fencingIn.find((s) => s.key === 'fencing')?.args).toEqual(
      res.fencing === 'dont-care' ? undefined : [res.fencing],
    );
  }
}

/** Tool runs for the namespaces, and the check of their results. */
export interface Proof {
  readonly jobs: readonly NamespaceJob[];
  readonly check: (results: readonly ToolResult[]) => void;
}

/** drbdadm dump on every node's DRBD files, each dump read back and compared. */
export function drbdProof(design: Design, dir: string, options: ProveOptions = {}): Proof {
  const cases = dumpCases(design, dir, options);
  return {
    jobs: cases.map((c) => c.job),
    check: (results) =>
      cases.forEach((c, i) => expectDumpMatches(design, c, results[i] as ToolResult)),
  };
}

/** corosync -t on each node, as that node (its link-0 address on loopback), then parse-back. */
export function corosyncProof(design: Design, dir: string, options: ProveOptions = {}): Proof {
  const all = generateCorosync(design);
  const files = options.onlyFirstNode ? all.slice(0, 1) : all;
  const paths = writeBundleFiles(join(dir, 'corosync'), files);
  const link0 = design.cluster.corosync.links[0] ?? '';
  return {
    jobs: files.map((file) =>
      corosyncJob(
        paths.get(file) ?? '',
        design.nodes.find((n) => n.name === file.node)?.addresses[link0] ?? '',
      ),
    ),
    check: (results) => {
      results.forEach((r, i) => {
        expect(r.status, `corosync -t on ${files[i]?.node}: ${r.stderr}`).toBe(0);
      });
      expectParsesBack(design, all);
    },
  };
}

/**
 * Runs many proofs in one namespace: creating namespaces costs more than the tools, and
 * on a busy machine far more.
 */
export function runProofs(dir: string, proofs: readonly Proof[]): void {
  const results = inNamespaces(
    dir,
    proofs.flatMap((p) => p.jobs),
    [corosyncEtcBind(dir)],
  );
  let at = 0;
  for (const p of proofs) {
    p.check(results.slice(at, at + p.jobs.length));
    at += p.jobs.length;
  }
}

export function proveDrbd(design: Design, dir: string, options: ProveOptions = {}): void {
  runProofs(dir, [drbdProof(design, dir, options)]);
}

export function proveCorosync(design: Design, dir: string, options: ProveOptions = {}): void {
  runProofs(dir, [corosyncProof(design, dir, options)]);
}

/** virt-xml-validate on every libvirt domain, tgt-admin -p on every tgt target, parse-back. */
export function proveGuestsAndTargets(design: Design, dir: string): void {
  const files = [...generateHypervisors(design), ...generateIscsi(design)];
  const paths = writeBundleFiles(dir, files);
  // A guest's file is the same on each of its nodes: check each distinct text once.
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.content)) continue;
    seen.add(f.content);
    const path = paths.get(f) ?? '';
    if (f.kind === 'libvirt') {
      const r = virtXmlValidate(path);
      expect(r.status, `virt-xml-validate ${f.node}:${f.path}: ${r.stderr}`).toBe(0);
    }
    if (f.kind === 'iscsi-tgt') {
      const r = tgtAdminPretend(path);
      expect(r.status, `tgt-admin -p ${f.node}:${f.path}: ${r.stderr}`).toBe(0);
      // The commands tgt-admin would run name the target, each initiator and the CHAP user.
      const target = design.iscsiTargets.find((t) => t.name === f.element);
      expect(r.stdout).toContain(`--op new --mode target --tid 1 -T ${target?.iqn}\n`);
      for (const i of target?.allowedInitiators ?? []) expect(r.stdout).toContain(` -Q ${i}\n`);
      if (target?.chap) expect(r.stdout).toContain(`--user=${target.chap.user} `);
    }
  }
  expectParsesBack(design, files);
}
