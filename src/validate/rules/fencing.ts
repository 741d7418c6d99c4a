import type { Diagnostic } from '../../model/diagnostic.ts';
import type { Design } from '../../model/types.ts';
import type { Rule } from '../rule.ts';

/** Without fencing, a node that stops answering can still write to shared data: split brain. */
export const fencingRule: Rule = {
  codes: ['stonith-disabled', 'node-unfenced'],
  check(design: Design): Diagnostic[] {
    const out: Diagnostic[] = [];
    const severity = design.cluster.lab ? 'warning' : 'error';
    if (!design.cluster.pacemaker.stonithEnabled) {
      out.push({
        code: 'stonith-disabled',
        severity,
        elements: [design.cluster.name],
        path: ['cluster', 'pacemaker', 'stonithEnabled'],
        message: 'fencing (STONITH) is disabled: a node that hangs can corrupt replicated data',
        fix: 'set stonithEnabled: true and add a fencing device for every node (or mark the design as a lab)',
      });
      return out;
    }
    const fenced = new Set(design.fencing.flatMap((f) => f.targets));
    design.nodes.forEach((node, i) => {
      if (!fenced.has(node.name)) {
        out.push({
          code: 'node-unfenced',
          severity,
          elements: [node.name],
          path: ['nodes', i],
          message: `no fencing device can fence node "${node.name}"`,
          fix: `add a fencing device (IPMI, SBD, fence_virsh…) whose targets include ${node.name}`,
        });
      }
    });
    return out;
  },
};
