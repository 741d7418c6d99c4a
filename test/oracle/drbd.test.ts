import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDrbd } from '../../src/generators/drbd/generateDrbd.ts';
import type { Design, Drbd } from '../../src/model/types.ts';
import type { DrbdNode } from '../generators/parse/drbdParse.ts';
import { drbdAll, parseDrbdConf } from '../generators/parse/drbdParse.ts';
import { loadTemplate } from '../support/designs.ts';
import type { NamespaceJob, ToolResult } from '../support/oracles.ts';
import { drbdDumpJob, inNamespaces, writeBundleFiles } from '../support/oracles.ts';
import { useTempDir } from '../support/tmp.ts';
import { oracleDesigns } from './storageDesigns.ts';

const tempDir = useTempDir('cw-drbd-');

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
function dumpCases(design: Design, dir: string): DumpCase[] {
  const files = generateDrbd(design);
  const paths = writeBundleFiles(dir, files);
  const cases: DumpCase[] = [];
  for (const node of design.nodes) {
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

/** Runs drbdadm dump on every node's DRBD files (in one namespace) and checks each dump. */
export function proveDrbd(design: Design, dir: string): void {
  const cases = dumpCases(design, dir);
  const results = inNamespaces(
    dir,
    cases.map((c) => c.job),
  );
  cases.forEach((c, i) => expectDumpMatches(design, c, results[i] as ToolResult));
}

describe.each(oracleDesigns())('drbdadm dump: %s', (_name, design) => {
  it('accepts every node’s DRBD configuration and dumps the design’s values', () => {
    proveDrbd(design, tempDir());
  });
});

describe('the DRBD oracle itself', () => {
  it('fails on a broken resource file and on the wrong node (so a pass means something)', () => {
    const dir = tempDir();
    const design = loadTemplate('two-node-drbd-kvm');
    const files = generateDrbd(design).filter((f) => f.node === 'alpha');
    const broken = files.map((f) =>
      f.path.endsWith('.res')
        ? { ...f, content: f.content.replace('protocol C;', 'protocol Q;') }
        : f,
    );
    const paths = writeBundleFiles(dir, broken);
    const job = (hostname: string, addresses: string[]): NamespaceJob =>
      drbdDumpJob({
        dir: join(dir, hostname),
        files: broken.map((f) => paths.get(f) ?? ''),
        hostname,
        addresses,
        version: '9',
      });
    const [bad] = inNamespaces(dir, [job('alpha', ['10.11.0.11'])]);
    expect(bad?.status).toBe(10);
    const good = writeBundleFiles(join(dir, 'good'), files);
    const [wrongIp] = inNamespaces(dir, [
      drbdDumpJob({
        dir: join(dir, 'w'),
        files: files.map((f) => good.get(f) ?? ''),
        hostname: 'alpha',
        addresses: ['10.11.0.99'],
        version: '9',
      }),
    ]);
    expect(wrongIp?.status).not.toBe(0);
    expect(wrongIp?.stderr).toContain('not found on this host');
  });
});
