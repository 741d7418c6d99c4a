import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseAllSingleFailures } from '../../src/validate/failover/analyse.ts';
import { validateDesign } from '../../src/validate/validate.ts';
import { arbitraryDesign } from '../support/arbitraryDesign.ts';

describe('over random designs', () => {
  it('validation never throws and no rule fails internally', () => {
    fc.assert(
      fc.property(arbitraryDesign(), (design) => {
        const diagnostics = validateDesign(design);
        expect(diagnostics.filter((d) => d.code === 'internal-rule-failure')).toEqual([]);
        for (const d of diagnostics) {
          expect(d.message).not.toBe('');
          expect(d.fix).not.toBe('');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the failover analysis never places on a failed node, overfills a node or loses a VM', () => {
    fc.assert(
      fc.property(arbitraryDesign(), (design) => {
        const cpus = new Map(design.nodes.map((n) => [n.name, n.capacity.cpus]));
        const memory = new Map(design.nodes.map((n) => [n.name, n.capacity.memoryMiB]));
        const vmByName = new Map(design.vms.map((v) => [v.name, v]));
        for (const a of analyseAllSingleFailures(design)) {
          expect(a.placements.filter((p) => a.failed.includes(p.node))).toEqual([]);
          const usedCpu = new Map<string, number>();
          const usedMem = new Map<string, number>();
          for (const p of a.placements) {
            const vm = vmByName.get(p.resource);
            if (!vm) continue;
            usedCpu.set(p.node, (usedCpu.get(p.node) ?? 0) + vm.vcpus);
            usedMem.set(p.node, (usedMem.get(p.node) ?? 0) + vm.memoryMiB);
          }
          for (const [node, used] of usedCpu) expect(used).toBeLessThanOrEqual(cpus.get(node) ?? 0);
          for (const [node, used] of usedMem)
            expect(used).toBeLessThanOrEqual(memory.get(node) ?? 0);
          const seen = [
            ...a.placements.filter((p) => p.kind === 'vm').map((p) => p.resource),
            ...a.unplaced.filter((u) => u.kind === 'vm').map((u) => u.resource),
          ].sort();
          expect(seen).toEqual(design.vms.map((v) => v.name).sort());
        }
      }),
      { numRuns: 200 },
    );
  });
});
