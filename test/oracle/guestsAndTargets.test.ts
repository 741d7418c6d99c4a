import { describe, expect, it } from 'vitest';
import { generateHypervisors } from '../../src/generators/hypervisor/generateHypervisors.ts';
import { loadTemplate } from '../support/designs.ts';
import { virtXmlValidate, writeBundleFiles } from '../support/oracles.ts';
import { useTempDir } from '../support/tmp.ts';
import { proveGuestsAndTargets } from './proveStorage.ts';
import { oracleDesigns } from './storageDesigns.ts';

const tempDir = useTempDir('cw-guests-');

describe.each(oracleDesigns())('guests and targets: %s', (_name, design) => {
  it('passes virt-xml-validate and tgt-admin, and parses back to the design', () => {
    proveGuestsAndTargets(design, tempDir());
  });
});

describe('the libvirt oracle itself', () => {
  it('rejects a domain with an unknown element (so a pass means something)', () => {
    const dir = tempDir();
    const [f] = generateHypervisors(loadTemplate('two-node-drbd-kvm'));
    if (!f) throw new Error('the template has a guest');
    const paths = writeBundleFiles(dir, [
      { ...f, content: f.content.replace('<vcpu', '<bogus/><vcpu') },
    ]);
    expect(virtXmlValidate([...paths.values()][0] ?? '').status).toBe(3);
  });
});
