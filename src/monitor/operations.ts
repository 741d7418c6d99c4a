import { command } from '../deploy/quote.ts';

/**
 * The operations a user can run on a live cluster from the canvas, each one a single
 * standard Pacemaker command line. The UI shows exactly this text before it is run.
 */
export type ClusterOperation =
  | { readonly kind: 'node-standby'; readonly node: string }
  | { readonly kind: 'node-online'; readonly node: string }
  | { readonly kind: 'resource-move'; readonly resource: string; readonly node: string }
  | { readonly kind: 'resource-clear'; readonly resource: string }
  | { readonly kind: 'resource-cleanup'; readonly resource: string; readonly node?: string };

export type OperationKind = ClusterOperation['kind'];

export const OPERATION_KINDS: readonly OperationKind[] = [
  'node-standby',
  'node-online',
  'resource-move',
  'resource-clear',
  'resource-cleanup',
];

/** What the design's names are called in the cluster. */
export interface OperationTargets {
  /** Design node name → the node name Pacemaker uses (its hostname). */
  readonly nodes: ReadonlyMap<string, string>;
  /**
   * Design element name → the CIB resource to act on: the clone or group at the top, since
   * Pacemaker moves those as a whole. `promotable` moves only the promoted role.
   */
  readonly resources: ReadonlyMap<string, { readonly id: string; readonly promotable: boolean }>;
}

/** An operation naming something the design does not have. */
export class OperationError extends Error {}

export interface OperationCommand {
  readonly argv: readonly string[];
  /** The quoted command line, as shown to the user and run by the transport. */
  readonly command: string;
  /** What it does, in words. */
  readonly summary: string;
}

function nodeOf(targets: OperationTargets, node: string): string {
  const found = targets.nodes.get(node);
  if (found === undefined)
    throw new OperationError(
      `no node named "${node}" in the design (nodes: ${[...targets.nodes.keys()].join(', ') || 'none'}); pick one of them`,
    );
  return checked(found, 'node');
}

function resourceOf(
  targets: OperationTargets,
  resource: string,
): { readonly id: string; readonly promotable: boolean } {
  const found = targets.resources.get(resource);
  if (found === undefined)
    throw new OperationError(
      `no cluster resource named "${resource}" in the design (resources: ${[...targets.resources.keys()].join(', ') || 'none'}); pick a DRBD resource, VM, floating IP, filesystem, iSCSI target, service or fencing device`,
    );
  return { ...found, id: checked(found.id, 'resource') };
}

/** A value read as an option by the tools would change the command: refused, never quoted away. */
function checked(value: string, what: string): string {
  if (value.startsWith('-'))
    throw new OperationError(`refusing ${what} "${value}": a name cannot start with "-"`);
  return value;
}

function built(argv: readonly string[], summary: string): OperationCommand {
  return { argv, command: command(argv), summary };
}

/** The exact command an operation runs on a cluster node. */
export function operationCommand(
  op: ClusterOperation,
  targets: OperationTargets,
): OperationCommand {
  switch (op.kind) {
    case 'node-standby': {
      const node = nodeOf(targets, op.node);
      return built(
        ['crm_attribute', '--type', 'nodes', '--node', node, '--name', 'standby', '--update', 'on'],
        `put node ${op.node} in standby: its resources move away`,
      );
    }
    case 'node-online': {
      const node = nodeOf(targets, op.node);
      return built(
        [
          'crm_attribute',
          '--type',
          'nodes',
          '--node',
          node,
          '--name',
          'standby',
          '--update',
          'off',
        ],
        `bring node ${op.node} out of standby: it can run resources again`,
      );
    }
    case 'resource-move': {
      const r = resourceOf(targets, op.resource);
      const node = nodeOf(targets, op.node);
      return built(
        [
          'crm_resource',
          '--move',
          '--resource',
          r.id,
          '--node',
          node,
          ...(r.promotable ? ['--promoted'] : []),
        ],
        `move ${op.resource}${r.promotable ? "'s promoted role" : ''} to ${op.node} (a location constraint stays until cleared)`,
      );
    }
    case 'resource-clear': {
      const r = resourceOf(targets, op.resource);
      return built(
        ['crm_resource', '--clear', '--resource', r.id],
        `remove the constraints that moves and bans of ${op.resource} left`,
      );
    }
    case 'resource-cleanup': {
      const r = resourceOf(targets, op.resource);
      const node = op.node === undefined ? undefined : nodeOf(targets, op.node);
      return built(
        ['crm_resource', '--cleanup', '--resource', r.id, ...(node ? ['--node', node] : [])],
        `forget the failures of ${op.resource}${op.node ? ` on ${op.node}` : ''} so Pacemaker tries it again`,
      );
    }
  }
}
