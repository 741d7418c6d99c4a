import { describe, expect, it } from 'vitest';
import { generateCorosync } from '../../src/generators/corosync/generateCorosync.ts';
import { loadTemplate } from '../support/designs.ts';
import { corosyncCheck, writeBundleFiles } from '../support/oracles.ts';
import { useTempDir } from '../support/tmp.ts';
import { proveCorosync } from './proveStorage.ts';
import { oracleDesigns } from './storageDesigns.ts';

const tempDir = useTempDir('cw-corosync-');

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
