import { pacemakerConfig } from '../generators/pacemaker/fromDesign.ts';
import type { Resource } from '../generators/pacemaker/config.ts';
import { nodeHostname } from '../model/elements.ts';
import type { Design } from '../model/types.ts';
import type { OperationTargets } from '../monitor/operations.ts';

/**
 * How the design's elements are named in the cluster the Pacemaker generator configures:
 * which CIB resource each element is (operations act on the clone or group at the top), and
 * which element each primitive crm_mon reports belongs to (a container's `dns_private`
 * filesystem belongs to the VM `dns`).
 */
export interface CibNames extends OperationTargets {
  /** Primitive id (as crm_mon reports it) → design element name. */
  readonly elementOf: ReadonlyMap<string, string>;
  /** Pacemaker node name → design node name. */
  readonly nodeOf: ReadonlyMap<string, string>;
}

function primitivesOf(r: Resource): string[] {
  switch (r.kind) {
    case 'primitive':
      return [r.id];
    case 'group':
      return r.members.map((m) => m.id);
    case 'clone':
      return [r.child.id];
  }
}

export function cibNames(design: Design): CibNames {
  const elements = new Set(
    [
      design.drbd,
      design.floatingIps,
      design.filesystems,
      design.iscsiTargets,
      design.vms,
      design.services,
      design.fencing,
    ].flatMap((c: readonly { readonly name: string }[]) => c.map((e) => e.name)),
  );
  const resources = new Map<string, { id: string; promotable: boolean }>();
  const elementOf = new Map<string, string>();
  for (const r of pacemakerConfig(design).resources) {
    const ids = primitivesOf(r);
    const owner = ids.find((id) => elements.has(id));
    if (owner === undefined) continue;
    resources.set(owner, { id: r.id, promotable: r.kind === 'clone' && r.promotable });
    for (const id of ids) elementOf.set(id, owner);
  }
  return {
    nodes: new Map(design.nodes.map((n) => [n.name, nodeHostname(n)])),
    nodeOf: new Map(design.nodes.map((n) => [nodeHostname(n), n.name])),
    resources,
    elementOf,
  };
}
