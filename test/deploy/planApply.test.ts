import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../src/deploy/apply.ts';
import { applyDeploy } from '../../src/deploy/apply.ts';
import { backupDirFor, newDeployId } from '../../src/deploy/deployId.ts';
import type { NodeDeployTarget } from '../../src/deploy/plan.ts';
import { planDeploy } from '../../src/deploy/plan.ts';
import type { SshTransport } from '../../src/deploy/transport/sshTransport.ts';
import type { BundleFile } from '../../src/generators/bundleFile.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { connectTo } from './connect.ts';

const hosts = useSshHosts(3);
const tempDir = useTempDir('cw-plan-');
const NODES = ['n1', 'n2', 'n3'];

/**
 * A small bundle per node. The hosts share this machine's file system, so each node's
 * "absolute" paths live under its own folder of the test's temp dir.
 */
function bundle(root: string, version: string): BundleFile[] {
  return NODES.flatMap((node) => [
    {
      node,
      path: `${root}/${node}/etc/corosync/corosync.conf`,
      mode: 0o644,
      content: `totem {\n  version: 2\n  cluster_name: ${version}\n}\n`,
      element: 'cluster',
      kind: 'corosync' as const,
    },
    {
      node,
      path: `${root}/${node}/etc/drbd.d/r0.res`,
      mode: 0o600,
      content: `resource r0 {\n  on ${node} { address 10.0.0.1:7789; }\n}\n`,
      element: 'r0',
      kind: 'drbd' as const,
    },
  ]);
}

/** Every file under dir with its bytes, mode and mtime: a byte-exact picture. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const p = join(e.parentPath, e.name);
    const st = statSync(p, { bigint: true });
    out[p] = e.isFile()
      ? `${readFileSync(p).toString('base64')} ${st.mode} ${st.mtimeNs}`
      : `dir ${st.mode}`;
  }
  return out;
}

async function connectAll(dir: string): Promise<Map<string, SshTransport>> {
  const entries = await Promise.all(
    NODES.map(async (n, i) => [n, await connectTo(hosts().host(i), dir)] as const),
  );
  return new Map(entries);
}

function targets(transports: Map<string, SshTransport>, files: BundleFile[]): NodeDeployTarget[] {
  return NODES.map((node) => {
    const transport = transports.get(node);
    if (!transport) throw new Error(`no connection to ${node}`);
    return { node, transport, files };
  });
}

describe('plan and apply', () => {
  it('plans (touching nothing), applies in parallel, and a second run changes nothing', async () => {
    const dir = tempDir();
    const root = join(dir, 'nodes');
    const transports = await connectAll(dir);
    try {
      const files = bundle(root, 'alpha');
      const before = snapshot(root);
      const plans = await planDeploy(targets(transports, files));
      expect(snapshot(root)).toEqual(before);
      expect(plans.map((p) => p.summary)).toEqual(
        NODES.map(() => ({ create: 2, update: 0, metadata: 0, unchanged: 0, blocked: 0 })),
      );
      expect(plans[0]?.files[0]?.diff).toContain('+  cluster_name: alpha');

      const events: ApplyEvent[] = [];
      const backupDir = backupDirFor(newDeployId(), join(dir, 'backups'));
      const results = await applyDeploy(plans, transports, {
        backupDir,
        onEvent: (e) => events.push(e),
      });
      expect(results.map((r) => [r.node, r.ok, r.written.length])).toEqual(
        NODES.map((n) => [n, true, 2]),
      );
      for (const f of files) {
        expect(readFileSync(f.path, 'utf8')).toBe(f.content);
        expect(statSync(f.path).mode & 0o7777).toBe(f.mode);
      }
      for (const n of NODES) {
        expect(events.filter((e) => e.node === n).map((e) => e.type)).toEqual([
          'node-start',
          'file-start',
          'file-start',
          'file-done',
          'file-done',
          'node-done',
        ]);
      }

      // Second deploy of the same bundle: nothing to do, mtimes untouched.
      const applied = snapshot(root);
      const again = await planDeploy(targets(transports, files));
      expect(again.map((p) => p.summary.unchanged)).toEqual([2, 2, 2]);
      const second = await applyDeploy(again, transports, { backupDir });
      expect(second.map((r) => r.written.length)).toEqual([0, 0, 0]);
      expect(snapshot(root)).toEqual(applied);

      // A change on one node: a unified diff, and only that file is rewritten (with a backup).
      const changed = bundle(root, 'beta').filter((f) => f.node !== 'n2' || f.kind !== 'drbd');
      const conf = `${root}/n1/etc/corosync/corosync.conf`;
      const plan3 = await planDeploy(targets(transports, changed));
      const n1conf = plan3[0]?.files.find((f) => f.file.path === conf);
      expect(n1conf?.change).toBe('update');
      expect(n1conf?.diff).toContain('-  cluster_name: alpha\n+  cluster_name: beta');
      expect(n1conf?.diff).toContain(`--- a${conf}`);
      const third = await applyDeploy(plan3, transports, { backupDir });
      expect(third.map((r) => r.written.length)).toEqual([1, 1, 1]);
      expect(readFileSync(`${backupDir}${conf}`, 'utf8')).toContain('alpha');
    } finally {
      await Promise.all([...transports.values()].map((t) => t.close()));
    }
  });

  it('reports a node that dies during apply, and the others still finish', async () => {
    const dir = tempDir();
    const root = join(dir, 'nodes');
    const transports = await connectAll(dir);
    try {
      const files = bundle(root, 'gamma');
      const plans = await planDeploy(targets(transports, files));
      await hosts().host(1).killAll();
      const events: ApplyEvent[] = [];
      const results = await applyDeploy(plans, transports, { onEvent: (e) => events.push(e) });
      expect(results.map((r) => r.ok)).toEqual([true, false, true]);
      expect(results[1]?.error?.message).toBeTruthy();
      expect(events.find((e) => e.type === 'node-failed')).toMatchObject({
        node: 'n2',
        kind: 'closed',
      });
      expect(existsSync(`${root}/n2/etc/drbd.d/r0.res`)).toBe(false);
      expect(readFileSync(`${root}/n3/etc/drbd.d/r0.res`, 'utf8')).toContain('on n3');
    } finally {
      await Promise.all([...transports.values()].map((t) => t.close()));
      await hosts().host(1).startSshd();
    }
  });

  it('refuses a bundle with two files for one path', async () => {
    const dir = tempDir();
    const transports = await connectAll(dir);
    try {
      const files = bundle(join(dir, 'nodes'), 'x');
      const first = files[0];
      if (!first) throw new Error('the test bundle is empty');
      const dup = [...files, { ...first, element: 'other' }];
      await expect(planDeploy(targets(transports, dup))).rejects.toThrow(/two bundle files/);
    } finally {
      await Promise.all([...transports.values()].map((t) => t.close()));
    }
  });
});
