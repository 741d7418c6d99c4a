import fc from 'fast-check';
import { checkDesignData, parseDesign, serializeDesign } from '../../src/model/designFile.ts';
import type { Design } from '../../src/model/types.ts';
import { PatternKind } from '../../src/model/schema.ts';
import { buildPatternDesign } from '../../src/patterns/buildPattern.ts';
import { loadTemplate, templateNames } from './designs.ts';

/**
 * Random designs that are meant to be sound, for properties over "every design validation
 * accepts": arbitraryDesign's fully random designs almost never pass the rules, so this
 * starts from a template or a pattern wizard design of random size and applies random edits
 * an administrator would make (renamed elements, free text with hostile characters, other
 * sizes). The property filters on validation, so an edit that breaks a rule only costs a draw.
 */
const NAME = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const HOSTILE = fc.constantFrom(...'"\'\\$()`;{}<>&#% aé'.split(''));
const TEXT = fc
  .oneof(
    fc.string({ unit: HOSTILE, maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  )
  .map((s) =>
    // Free text is single-line in the model; keep everything else, quotes and `$(` included.
    // eslint-disable-next-line no-control-regex
    s.replace(/[\u0000-\u001f\u007f]/g, ' '),
  );

const base = fc.oneof(
  fc.constantFrom(...templateNames()).map((name) => loadTemplate(name)),
  fc
    .record({
      pattern: fc.constantFrom(...PatternKind.options),
      nodes: fc.integer({ min: 2, max: 8 }),
      vms: fc.integer({ min: 1, max: 6 }),
      hypervisor: fc.constantFrom('kvm' as const, 'xen' as const, 'openvz' as const),
    })
    .map((options) => {
      try {
        return buildPatternDesign(options);
      } catch {
        return undefined; // a size the pattern can't take: the draw is wasted, not failed
      }
    }),
);

/** Renames one element everywhere its name appears as a whole word in the design file. */
function rename(text: string, from: string, to: string): string {
  return text.replace(new RegExp(`(?<![a-z0-9-])${from}(?![a-z0-9-])`, 'g'), to);
}

export function soundDesign(): fc.Arbitrary<Design | undefined> {
  return fc
    .record({
      design: base,
      renames: fc.array(fc.tuple(fc.nat(), NAME), { maxLength: 4 }),
      descriptions: fc.array(fc.tuple(fc.nat(), TEXT), { maxLength: 4 }),
      memoryScale: fc.constantFrom(1, 2),
    })
    .map(({ design, renames, descriptions, memoryScale }) => {
      if (!design) return undefined;
      const names = [
        ...design.nodes,
        ...design.drbd,
        ...design.vms,
        ...design.floatingIps,
        ...design.fencing,
      ].map((e) => e.name);
      let text = serializeDesign(design);
      for (const [i, to] of renames) {
        const from = names[i % names.length];
        if (from === undefined || names.includes(to) || text.includes(to)) continue;
        text = rename(text, from, `x${to}`);
      }
      const parsed = parseDesign(text, 'sound.yaml');
      if (!parsed.design) return undefined;
      const copy = structuredClone(parsed.design) as unknown as {
        vms: { description?: string; memoryMiB: number }[];
        nodes: { capacity: { memoryMiB: number } }[];
      };
      for (const [i, value] of descriptions) {
        const vm = copy.vms[i % Math.max(copy.vms.length, 1)];
        if (vm) vm.description = value;
      }
      for (const n of copy.nodes) n.capacity.memoryMiB *= memoryScale;
      const checked = checkDesignData(copy);
      return checked.design && !checked.diagnostics.some((d) => d.severity === 'error')
        ? checked.design
        : undefined;
    });
}
