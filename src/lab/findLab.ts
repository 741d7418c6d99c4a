import { LabError } from './labError.ts';
import type { LabNodeState, LabState } from './labState.ts';
import { DEFAULT_LAB_BASE, listLabs, readLabState } from './labState.ts';

/** Where to look for labs: one lab folder, or every lab under a base folder. */
export interface LabLocation {
  readonly baseDir?: string;
  readonly stateDir?: string;
}

export async function labsAt(where: LabLocation = {}): Promise<LabState[]> {
  if (where.stateDir) {
    const state = await readLabState(where.stateDir);
    return state ? [state] : [];
  }
  return listLabs(where.baseDir);
}

/** The lab holding a node; a node name must name exactly one node among the labs found. */
export async function findLabNode(
  node: string,
  where: LabLocation = {},
): Promise<{ lab: LabState; node: LabNodeState }> {
  const hits = (await labsAt(where)).flatMap((lab) =>
    lab.nodes.filter((n) => n.name === node).map((n) => ({ lab, node: n })),
  );
  const place = where.stateDir ?? where.baseDir ?? DEFAULT_LAB_BASE;
  if (hits.length === 0)
    throw new LabError(
      `no lab node named "${node}" in ${place}; "clusterwright lab status" lists them`,
    );
  if (hits.length > 1)
    throw new LabError(
      `node name "${node}" is in several labs (${hits.map((h) => h.lab.cluster).join(', ')}); take the other labs down first`,
    );
  return hits[0] as { lab: LabState; node: LabNodeState };
}
