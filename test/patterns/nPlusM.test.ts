import { describe, expect, it } from 'vitest';
import { checkDesignData } from '../../src/model/designFile.ts';
import { buildPatternDesign } from '../../src/patterns/buildPattern.ts';
import { validateDesign } from '../../src/validate/validate.ts';

describe('a declared N+M pattern is checked against every combination of M failures', () => {
  it('the wizard’s N+2 design survives any two failures', () => {
    const design = buildPatternDesign({ pattern: 'n-plus-m', nodes: 6, spares: 2 });
    expect(validateDesign(design).filter((d) => d.code.startsWith('capacity'))).toEqual([]);
  });

  it('a design that claims N+2 but survives only one failure names the breaking pair and the shortfall', () => {
    const base = buildPatternDesign({ pattern: 'n-plus-m', nodes: 5, spares: 2 });
    const raw = structuredClone(base) as unknown as {
      nodes: { name: string; capacity: { cpus: number; memoryMiB: number } }[];
    };
    // The first spare has room for one node's two guests; the second for nobody's.
    raw.nodes.find((n) => n.name === 'node04')!.capacity = { cpus: 4, memoryMiB: 8192 };
    raw.nodes.find((n) => n.name === 'node05')!.capacity = { cpus: 1, memoryMiB: 256 };
    const design = checkDesignData(raw).design!;
    const diagnostics = validateDesign(design);
    expect(diagnostics.filter((d) => d.code === 'capacity-n1')).toEqual([]);
    const nm = diagnostics.find((d) => d.code === 'capacity-n-plus-m');
    expect(nm, JSON.stringify(diagnostics.map((d) => d.code))).toBeDefined();
    expect(nm!.severity).toBe('error');
    expect(nm!.elements.slice(0, 2)).toEqual(['node01', 'node02']);
    expect(nm!.message).toMatch(
      /after node01 and node02 fail together 4 vCPUs and 8192 MiB have no place/,
    );
  });
});
