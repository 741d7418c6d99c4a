/**
 * Which of the folders a deploy made go again in its rollback. A folder goes only when,
 * once the rollback's removals are done, nothing is left in it: every entry is a file the
 * rollback removes or a folder that goes too. Deepest first, so a parent is judged after
 * its children. A folder that holds anything else stays, and so do all above it.
 * - remove: empty after the rollback; it goes
 * - keep: something else is in it; it stays
 * - already: not there any more
 */
export type RollbackFolderAction = 'remove' | 'keep' | 'already';

export interface RollbackFolder {
  readonly path: string;
  readonly action: RollbackFolderAction;
  readonly detail: string;
}

const depth = (p: string) => p.split('/').length;

/** The recorded folders, deepest first (then by name, so the order is stable). */
export function deepestFirst(dirs: readonly string[]): string[] {
  return [...new Set(dirs)].sort((a, b) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * `entries` holds each existing folder's entry names (a folder absent from it is gone);
 * `removed` the paths the rollback removes.
 */
export function decideFolders(
  created: readonly string[],
  entries: ReadonlyMap<string, readonly string[]>,
  removed: ReadonlySet<string>,
): RollbackFolder[] {
  const going = new Set<string>();
  return deepestFirst(created).map((path): RollbackFolder => {
    const names = entries.get(path);
    if (!names) return { path, action: 'already', detail: 'not there any more' };
    const left = names.filter((n) => {
      const p = `${path}/${n}`;
      return !removed.has(p) && !going.has(p);
    });
    if (left.length > 0) {
      const shown = left.slice(0, 3).join(', ') + (left.length > 3 ? ', …' : '');
      return {
        path,
        action: 'keep',
        detail: `the deploy made it, but it holds ${left.length} other entr${left.length === 1 ? 'y' : 'ies'} (${shown}); left as it is`,
      };
    }
    going.add(path);
    return { path, action: 'remove', detail: 'the deploy made it; empty once its files are gone' };
  });
}
