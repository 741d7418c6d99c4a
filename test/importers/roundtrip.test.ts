import { describe, expect, it } from 'vitest';
import { bundlePath } from '../../src/generators/bundleFile.ts';
import type { BundleFile } from '../../src/generators/bundleFile.ts';
import { generateCorosync } from '../../src/generators/corosync/generateCorosync.ts';
import { generateDrbd } from '../../src/generators/drbd/generateDrbd.ts';
import { generateHypervisors } from '../../src/generators/hypervisor/generateHypervisors.ts';
import { generateIscsi } from '../../src/generators/iscsi/generateIscsi.ts';
import { generatePacemaker } from '../../src/generators/pacemaker/generate.ts';
import { renderCib } from '../../src/generators/pacemaker/cib.ts';
import { pacemakerConfig } from '../../src/generators/pacemaker/fromDesign.ts';
import { importFiles } from '../../src/importers/importFiles.ts';
import type { Design } from '../../src/model/types.ts';
import { loadTemplate, templateNames } from '../support/designs.ts';
import { carried } from './carried.ts';

/** Every file the generators write for a design, as the bundle lays them out. */
function bundle(design: Design): BundleFile[] {
  return [
    ...generateCorosync(design),
    ...generateDrbd(design),
    ...generateHypervisors(design),
    ...generateIscsi(design),
    ...generatePacemaker(design),
  ];
}

describe('round trip: generate → import gives the same design (up to what files carry)', () => {
  for (const name of templateNames()) {
    it(name, () => {
      const design = loadTemplate(name);
      // crm.txt and pcs.sh say what cib.xml says, in other dialects: the CIB is imported.
      const files = bundle(design)
        .filter((f) => f.kind !== 'pacemaker-crm' && f.kind !== 'pacemaker-pcs')
        .map((f) => ({ path: bundlePath(f), content: f.content }));
      const result = importFiles(files);
      if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(carried(result.design)).toEqual(carried(design));
      for (const vm of design.vms)
        if (vm.mac !== undefined)
          expect(result.design.vms.find((v) => v.name === vm.name)?.mac).toBe(vm.mac);
    });
  }
});

describe("round trip through a lab's CIB: stand-ins import as what they stand for", () => {
  for (const name of templateNames()) {
    it(name, () => {
      const design = loadTemplate(name);
      const labCib = renderCib(pacemakerConfig(design, { standIns: true }));
      // The lab CIB really holds stand-ins, or this test would prove nothing.
      expect(labCib).toMatch(/type="(Dummy|Stateful)"/);
      const files = bundle(design)
        .filter((f) => f.kind !== 'pacemaker-crm' && f.kind !== 'pacemaker-pcs')
        .map((f) => ({
          path: bundlePath(f),
          content: f.kind === 'pacemaker-cib' ? labCib : f.content,
        }));
      const result = importFiles(files);
      if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(carried(result.design)).toEqual(carried(design));
      expect(result.notes.filter((n) => /cw-real-|Dummy|Stateful/.test(n.what))).toEqual([]);
    });
  }
});
