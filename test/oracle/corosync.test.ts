import { describe, expect, it } from 'vitest';
import { generateCorosync } from '../../src/generators/corosync/generateCorosync.ts';
import type { Design } from '../../src/model/types.ts';
import { expectParsesBack } from '../generators/parseBack.ts';
import { loadTemplate } from '../support/designs.ts';
import { corosyncCheck, writeBundleFiles } from '../support/oracles.ts';
import { useTempDir } from '../support/tmp.ts';
import { oracleDesigns } from './storageDesigns.ts';

const tempDir = useTempDir('cw-corosync-');

/** corosync -t on each node, as that node (its link-0 address on loopback), then parse-back. */
export function proveCorosync(design: Design, dir: string): void {
  const files = generateCorosync(design);
  const paths = writeBundleFiles(dir, files);
  const link0 = design.cluster.corosync.links[0] ?? '';
  const results = corosyncCheck(
    dir,
    files.map((file) => ({
      conf: paths.get(file) ?? '',
      address: design.nodes.find((n) => n.name === file.node)?.addresses[link0] ?? '',
    })),
  );
  results.forEach((r, i) => {
    expect(r.status, `corosync -t on ${files[i]?.node}: ${r.stderr}`).toBe(0);
  });
  expectParsesBack(design, files);
}

describe.each(oracleDesigns())('corosync -t: %s', (_name, design) => {
  it('accepts corosync.conf on every node and it parses back to the design', () => {
    proveCorosync(design, tempDir());
  });
});

describe('the corosync oracle itself', () => {
  it('fails for a host that is not in the nodelist (so a pass means something)', () => {
    const dir = tempDir();
    const files = generateCorosync(loadTemplate('two-node-drbd-kvm'));
    const paths = writeBundleFiles(dir, files);
    const conf = [...paths.values()][0] ?? '';
    const [outsider, member] = corosyncCheck(dir, [
      { conf, address: '10.10.0.99' },
      { conf, address: '10.10.0.12' },
    ]);
    expect(outsider?.status).toBe(8);
    expect(outsider?.stderr).toContain('No valid name found for local host');
    expect(member?.status).toBe(0);
  });
});
