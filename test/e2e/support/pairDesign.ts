import type { ClusterNode, Design } from '../../../src/model/types.ts';
import { loadTemplate } from '../../support/designs.ts';

/**
 * The two-node template without its VM (SSH test hosts have neither libvirt nor qemu), as
 * cluster `cluster`, each node reached at `sshOf(index)`: what the deploy e2e tests deploy.
 */
export function pairWithoutVm(
  cluster: string,
  sshOf: (index: number) => NonNullable<ClusterNode['ssh']>,
): Design {
  const t = loadTemplate('two-node-drbd-kvm');
  const { web: _vm, ...layout } = t.layout;
  return {
    ...t,
    cluster: { ...t.cluster, name: cluster },
    vms: [],
    constraints: t.constraints.filter((c) => !JSON.stringify(c).includes('"web"')),
    layout,
    nodes: t.nodes.map((n, i) => ({ ...n, hypervisors: [], ssh: sshOf(i) })),
  };
}
