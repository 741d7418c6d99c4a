import type { Diagnostic } from '../../model/diagnostic.ts';
import type { Design } from '../../model/types.ts';
import { diag } from '../diag.ts';
import type { Rule } from '../rule.ts';

/** Patterns that depend on Pacemaker seeing how much room each node has. */
const UTILIZATION_PATTERNS = new Set(['n-plus-1', 'n-plus-m', 'n-to-1', 'n-to-n']);

/** The redundancy pattern a design declares, against its nodes and Pacemaker settings. */
export const patternRule: Rule = {
  codes: ['placement-strategy-default', 'pattern-spares-mismatch'],
  check(design: Design): Diagnostic[] {
    const out: Diagnostic[] = [];
    const pattern = design.cluster.pattern;
    if (!pattern) return out;
    const name = design.cluster.name;
    if (
      UTILIZATION_PATTERNS.has(pattern.kind) &&
      design.cluster.pacemaker.placementStrategy === 'default'
    ) {
      out.push(
        diag(
          'placement-strategy-default',
          'info',
          [name],
          ['cluster', 'pacemaker', 'placementStrategy'],
          `the ${pattern.kind} pattern relies on node capacity, but placementStrategy is default: Pacemaker ignores CPU and memory and may pile the VMs of a failed node onto one survivor`,
          'set placementStrategy: balanced (or utilization)',
        ),
      );
    }
    const spares = design.nodes.filter((n) => n.spare).length;
    if (pattern.spares !== spares) {
      out.push(
        diag(
          'pattern-spares-mismatch',
          'warning',
          [name],
          ['cluster', 'pattern', 'spares'],
          `the pattern promises ${pattern.spares} spare node${pattern.spares === 1 ? '' : 's'}, but ${spares} node${spares === 1 ? ' is' : 's are'} marked spare`,
          'mark the spare nodes with spare: true, or correct pattern.spares',
        ),
      );
    }
    return out;
  },
};
