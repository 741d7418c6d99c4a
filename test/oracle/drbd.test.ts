import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDrbd } from '../../src/generators/drbd/generateDrbd.ts';
import { loadTemplate } from '../support/designs.ts';
import type { NamespaceJob } from '../support/oracles.ts';
import { drbdDumpJob, inNamespaces, writeBundleFiles } from '../support/oracles.ts';
import { useTempDir } from '../support/tmp.ts';
import { proveDrbd } from './proveStorage.ts';
import { oracleDesigns } from './storageDesigns.ts';

const tempDir = useTempDir('cw-drbd-');

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
