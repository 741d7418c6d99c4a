import { describe, expect, it } from 'vitest';
import { generateHypervisors } from '../../src/generators/hypervisor/generateHypervisors.ts';
import { generateIscsi } from '../../src/generators/iscsi/generateIscsi.ts';
import type { Design } from '../../src/model/types.ts';
import { expectParsesBack } from '../generators/parseBack.ts';
import { loadTemplate } from '../support/designs.ts';
import { tgtAdminPretend, virtXmlValidate, writeBundleFiles } from '../support/oracles.ts';
import { useTempDir } from '../support/tmp.ts';
import { oracleDesigns } from './storageDesigns.ts';

const tempDir = useTempDir('cw-guests-');

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
