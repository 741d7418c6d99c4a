import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorosync } from '../../src/generators/corosync/generateCorosync.ts';
import { generateDrbd } from '../../src/generators/drbd/generateDrbd.ts';
import { generateHypervisors } from '../../src/generators/hypervisor/generateHypervisors.ts';
import { generateIscsi } from '../../src/generators/iscsi/generateIscsi.ts';
import { generatePacemaker } from '../../src/generators/pacemaker/generate.ts';
import { importFromNodes, parseSshUrl } from '../../src/services/importRemote.ts';
import { connectTo } from '../deploy/connect.ts';
import { useSshHosts } from '../support/sshHosts.ts';
import { useTempDir } from '../support/tmp.ts';
import { loadTemplate } from '../support/designs.ts';
import { carried } from './carried.ts';

describe('import from live nodes over SSH', () => {
  const hosts = useSshHosts(2);
  const tmp = useTempDir('cw-live-import-');

  it("reads each node's files and its CIB over a real sshd and gives the deployed design", async () => {
    const design = loadTemplate('two-node-drbd-kvm');
    const files = [
      ...generateCorosync(design),
      ...generateDrbd(design),
      ...generateHypervisors(design),
      ...generateIscsi(design),
      ...generatePacemaker(design),
    ];
    // Each node's files as deploy puts them, under a folder of its own (the test hosts share
    // this machine's file system); the CIB where Pacemaker keeps it.
    const dir = tmp();
    const place = (node: string, path: string, content: string): void => {
      const p = join(dir, node, path);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
    };
    for (const f of files) if (f.node !== undefined) place(f.node, f.path, f.content);
    const cib = files.find((f) => f.kind === 'pacemaker-cib')!;
    for (const n of design.nodes) place(n.name, '/var/lib/pacemaker/cib/cib.xml', cib.content);

    const transports = await Promise.all(
      design.nodes.map((_, i) => connectTo(hosts().host(i), tmp())),
    );
    try {
      const result = await importFromNodes(
        design.nodes.map((n, i) => ({
          transport: transports[i]!,
          root: join(dir, n.name),
          node: n.name,
        })),
      );
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(carried(result.design)).toEqual(carried(design));
      // Notes name the node's file as read over SSH.
      expect(result.notes.some((n) => n.file.startsWith(`${transports[0]!.name}:/etc/`))).toBe(
        true,
      );
    } finally {
      await Promise.all(transports.map((t) => t.close()));
    }
  });

  it('parses ssh:// addresses', () => {
    expect(parseSshUrl('ssh://admin@node1.example.com:2222')).toEqual({
      user: 'admin',
      host: 'node1.example.com',
      port: 2222,
    });
    expect(parseSshUrl('ssh://10.0.0.1')).toEqual({ user: 'root', host: '10.0.0.1', port: 22 });
    expect(parseSshUrl('ssh://x@h:99999')).toBeUndefined();
    expect(parseSshUrl('ssh://x@h;reboot')).toBeUndefined();
  });
});
