import type { Design } from '../model/types.ts';

const ROW_HEIGHT = 160;
const COLUMN_WIDTH = 200;

/**
 * A simple deterministic layered layout: networks in the top row, nodes below them, storage
 * (DRBD, iSCSI, filesystems) below that, workloads (VMs, floating IPs, services, fencing) at
 * the bottom; each row left to right in file order. Constraints are edges, not boxes.
 */
export function layeredLayout(
  design: Omit<Design, 'layout'>,
): Record<string, { x: number; y: number }> {
  const rows: readonly (readonly { readonly name: string }[])[] = [
    design.networks,
    design.nodes,
    [...design.drbd, ...design.iscsiTargets, ...design.iscsiInitiators, ...design.filesystems],
    [...design.vms, ...design.floatingIps, ...design.services, ...design.fencing],
  ];
  const layout: Record<string, { x: number; y: number }> = {};
  rows.forEach((row, r) =>
    row.forEach((el, i) => {
      layout[el.name] = { x: i * COLUMN_WIDTH, y: r * ROW_HEIGHT };
    }),
  );
  return layout;
}
