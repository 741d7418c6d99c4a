import type { NodeRollbackView, RollbackView } from '../../../src/services/labDeployContract.ts';

/** What the deploy dialog says about a rollback, line by line (plain text, no markup). */

/** The CIB line of a node; undefined on a node the deploy did not push its CIB from. */
export function cibLine(n: NodeRollbackView): string | undefined {
  const cib = n.cib;
  if (!cib) return undefined;
  switch (cib.action) {
    case 'restore':
      // The detail says it: "would put back …" in a dry run, "put back …" after.
      return `CIB: ${cib.detail}`;
    case 'already':
      return `CIB: nothing to do — ${cib.detail}`;
    case 'changed':
    case 'no-backup':
      return `CIB: LEFT AS IT IS — ${cib.detail}`;
  }
}

/** The headline of a rollback (or of its dry run). */
export function rollbackHeadline(view: RollbackView): string {
  const nothing = view.nodes.every((n) => n.nothingToDo);
  if (view.dryRun)
    return nothing
      ? 'Nothing to roll back: no node has a deploy to undo.'
      : 'A rollback would do this (nothing has changed yet):';
  if (!view.ok) return 'Rolled back, but NOT EVERYTHING: see the nodes below.';
  return nothing ? 'Nothing was rolled back: nothing was left to undo.' : 'Rolled back.';
}

/** Whether the rollback the dry run describes would change anything. */
export function rollbackWouldChange(view: RollbackView): boolean {
  return view.nodes.some((n) => !n.nothingToDo);
}
