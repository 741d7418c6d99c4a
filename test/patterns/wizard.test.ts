import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { parseDesign, serializeDesign } from '../../src/model/designFile.ts';
import type { Pattern } from '../../src/patterns/buildPattern.ts';
import { PatternError, buildPatternDesign } from '../../src/patterns/buildPattern.ts';
import { PATTERN_TEMPLATES, patternTemplateHeader } from '../../src/patterns/patternTemplates.ts';
import { validateDesign } from '../../src/validate/validate.ts';
import { TEMPLATES_DIR } from '../support/designs.ts';
import { useTempDir } from '../support/tmp.ts';

const PATTERNS: readonly Pattern[] = [
  'active-passive',
  'active-active',
  'n-plus-1',
  'n-plus-m',
  'n-to-1',
  'n-to-n',
];
const SIZES = [2, 3, 4, 5, 8, 12, 16];
/** N+M sizes whose survivors of M failures are no majority: the promise cannot hold. */
const LOSES_QUORUM = new Set(['3+2', '4+2', '4+3', '5+3']);

describe('the pattern wizard', () => {
  for (const pattern of PATTERNS) {
    for (const nodes of SIZES) {
      const sparesList = pattern === 'n-plus-m' ? [1, 2, 3].filter((m) => m < nodes) : [undefined];
      for (const spares of sparesList) {
        if (spares !== undefined && LOSES_QUORUM.has(`${nodes}+${spares}`)) {
          it(`refuses N+${spares} on ${nodes} nodes: after ${spares} failures the rest lose quorum`, () => {
            expect(() => buildPatternDesign({ pattern, nodes, spares })).toThrow(
              new RegExp(`after ${spares} nodes fail the other ${nodes - spares} are no majority`),
            );
          });
          continue;
        }
        it(`${pattern} with ${nodes} nodes${spares ? `, ${spares} spares` : ''} is a valid design that keeps its promise's shape`, () => {
          const design = buildPatternDesign({ pattern, nodes, ...(spares ? { spares } : {}) });
          expect(validateDesign(design).filter((d) => d.severity === 'error')).toEqual([]);
          expect(design.nodes).toHaveLength(nodes);
          expect(design.cluster.pattern?.kind).toBe(pattern);
          const spareNodes = design.nodes.filter((n) => n.spare).map((n) => n.name);
          // Nothing starts on a spare: every guest's home is an active node.
          for (const vm of design.vms) expect(spareNodes).not.toContain(vm.preferredNode);
          // Storage spans exactly where the pattern lets a guest go.
          for (const vm of design.vms) {
            const disk = design.drbd.find(
              (d) => vm.disks[0]?.kind === 'drbd' && d.name === vm.disks[0].resource,
            )!;
            expect(disk.nodes).toContain(vm.preferredNode);
            if (pattern === 'n-plus-1' || pattern === 'n-to-1' || pattern === 'n-plus-m') {
              expect([...disk.nodes].sort()).toEqual([vm.preferredNode!, ...spareNodes].sort());
            }
            if (pattern === 'active-active')
              expect(disk.dualPrimary && vm.liveMigration).toBe(true);
            // DRBD's own quorum survives the failures the pattern promises: none for the
            // M+1 replicas of N+2 and N+3, which keep only one after M failures.
            expect(disk.quorum).toBe(
              disk.nodes.length >= 3 && !(pattern === 'n-plus-m' && spares! >= 2)
                ? 'majority'
                : 'off',
            );
          }
          // Active/passive: the services stay together, on whichever node runs them.
          const together = design.constraints.filter(
            (c) => c.kind === 'colocation' && c.with === 'vm1' && c.score === 'INFINITY',
          );
          expect(together.map((c) => c.kind === 'colocation' && c.resource)).toEqual(
            pattern === 'active-passive' ? design.vms.slice(1).map((vm) => vm.name) : [],
          );
          expect(spareNodes).toHaveLength(
            pattern === 'active-passive'
              ? nodes - 1
              : pattern === 'n-plus-m'
                ? spares!
                : pattern === 'n-plus-1' || pattern === 'n-to-1'
                  ? 1
                  : 0,
          );
          expect(design.cluster.pacemaker.resourceStickiness).toBe(pattern === 'n-to-1' ? 0 : 100);
          // It saves and loads as any design does.
          expect(parseDesign(serializeDesign(design)).design).toEqual(design);
        });
      }
    }
  }

  it('refuses sizes it cannot build, saying which flag is wrong', () => {
    expect(() => buildPatternDesign({ pattern: 'n-plus-1', nodes: 1 })).toThrow(PatternError);
    expect(() => buildPatternDesign({ pattern: 'n-plus-m', nodes: 3, spares: 3 })).toThrow(
      /--spares/,
    );
    expect(() => buildPatternDesign({ pattern: 'n-plus-m', nodes: 4, spares: 0 })).toThrow(
      /at least one spare/,
    );
    expect(() => buildPatternDesign({ pattern: 'n-to-n', nodes: 33 })).toThrow(/--nodes/);
  });

  for (const t of PATTERN_TEMPLATES) {
    it(`templates/${t.file}.yaml is what the wizard makes (npm run templates)`, () => {
      const text = readFileSync(join(TEMPLATES_DIR, `${t.file}.yaml`), 'utf8');
      expect(text).toBe(patternTemplateHeader(t) + serializeDesign(buildPatternDesign(t.options)));
    });
  }
});

describe('clusterwright new', () => {
  const tmp = useTempDir();
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('writes a design that validates', async () => {
    const file = join(tmp(), 'nm.yaml');
    const r = await run([
      'new',
      '--pattern',
      'n-plus-m',
      '--nodes',
      '6',
      '--spares',
      '2',
      '--vms',
      '5',
      '--hypervisor',
      'xen',
      '--out',
      file,
    ]);
    expect(r.code).toBe(0);
    const design = parseDesign(readFileSync(file, 'utf8')).design!;
    expect(design.vms).toHaveLength(5);
    expect(design.vms.every((v) => v.hypervisor === 'xen')).toBe(true);
    expect((await run(['validate', file])).code).toBe(0);
  });

  it('exits 2 on an unknown pattern or a bad number, writing nothing', async () => {
    const dir = tmp();
    const file = join(dir, 'x.yaml');
    const bad = await run(['new', '--pattern', 'n-plus-7', '--nodes', '4', '--out', file]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown pattern "n-plus-7"; use one of: active-passive/);
    const nan = await run(['new', '--pattern', 'n-to-n', '--nodes', 'four', '--out', file]);
    expect(nan.code).toBe(2);
    expect(nan.err).toMatch(/--nodes must be a whole number/);
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });
});
