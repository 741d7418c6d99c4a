import type { Diagnostic } from '../../model/diagnostic.ts';
import type { Design } from '../../model/types.ts';
import type { DesignIndex } from '../designIndex.ts';
import { diag, listing } from '../diag.ts';
import type { Rule } from '../rule.ts';

/** Fence kinds that drive one machine's management controller, powered by that machine. */
const BMC_KINDS = new Set(['ipmi', 'redfish']);
/** Fence kinds that reach a device over the network and need its address. */
const NEEDS_ADDRESS = new Set(['ipmi', 'redfish', 'apc', 'fence_virsh']);

/** Without fencing, a node that stops answering can still write to shared data: split brain. */
export const fencingRule: Rule = {
  codes: [
    'stonith-disabled',
    'node-unfenced',
    'fence-bmc-multiple-targets',
    'fence-bmc-only',
    'fence-no-address',
    'fence-single-node',
  ],
  check(design: Design, index: DesignIndex): Diagnostic[] {
    const out: Diagnostic[] = [];
    const severity = design.cluster.lab ? 'warning' : 'error';
    if (!design.cluster.pacemaker.stonithEnabled) {
      out.push(
        diag(
          'stonith-disabled',
          severity,
          [design.cluster.name],
          ['cluster', 'pacemaker', 'stonithEnabled'],
          'fencing (STONITH) is disabled: a node that hangs can corrupt replicated data',
          'set stonithEnabled: true and add a fencing device for every node (or mark the design as a lab)',
        ),
      );
      return out;
    }
    const kindOf = new Map(design.fencing.map((f) => [f.name, f.kind]));
    const bmcOnly: string[] = [];
    design.nodes.forEach((node, i) => {
      const devices = index.fencingOf.get(node.name);
      if (!devices) {
        out.push(
          diag(
            'node-unfenced',
            severity,
            [node.name],
            ['nodes', i],
            `no fencing device can fence node "${node.name}"`,
            `add a fencing device (IPMI, SBD, fence_virsh…) whose targets include ${node.name}`,
          ),
        );
        return;
      }
      const kinds = devices.map((d) => kindOf.get(d));
      if (kinds.every((k) => k !== undefined && BMC_KINDS.has(k))) bmcOnly.push(node.name);
    });
    if (bmcOnly.length > 0 && !design.cluster.lab) {
      out.push(
        diag(
          'fence-bmc-only',
          'info',
          bmcOnly,
          ['fencing'],
          `${listing(bmcOnly)} ${bmcOnly.length === 1 ? 'is' : 'are'} fenced only through ${bmcOnly.length === 1 ? 'its' : 'their'} own management controller (IPMI/Redfish): if a node loses power, so does its controller, fencing fails and the cluster waits`,
          "add a second fencing level that does not share the node's power, such as a switched PDU (apc) or SBD",
        ),
      );
    }
    if (design.nodes.length === 1) {
      const only = design.nodes[0]?.name ?? '';
      out.push(
        diag(
          'fence-single-node',
          'warning',
          [only],
          ['nodes', 0],
          `node "${only}" is the only node: no other node can run a fencing device against it, and nothing can take its resources over`,
          'add at least a second node',
        ),
      );
    }
    design.fencing.forEach((f, i) => {
      const targets = [...new Set(f.targets)];
      if (BMC_KINDS.has(f.kind) && targets.length > 1) {
        out.push(
          diag(
            'fence-bmc-multiple-targets',
            'error',
            [f.name, ...targets],
            ['fencing', i, 'targets'],
            `${f.kind} device "${f.name}" drives one machine's controller but lists ${targets.length} targets (${listing(targets)}): fencing any of them would power-cycle the same machine`,
            `give each node its own ${f.kind} device with that node's controller address`,
          ),
        );
      }
      if (NEEDS_ADDRESS.has(f.kind) && f.params.ip === undefined && f.params.ipaddr === undefined) {
        out.push(
          diag(
            'fence-no-address',
            'warning',
            [f.name],
            ['fencing', i, 'params'],
            `${f.kind} device "${f.name}" has no "ip" parameter: the fence agent does not know which controller to call`,
            'add params.ip with the address of the controller (BMC, PDU or hypervisor host)',
          ),
        );
      }
    });
    return out;
  },
};
