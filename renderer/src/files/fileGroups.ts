import type { GeneratedFile } from '../../../src/services/contract.ts';

/** A heading of the generated files list and the files under it. */
export interface FileGroup {
  /** `bundle` (README, manifest), `cluster`, `ansible`, or `node:<name>`. */
  readonly key: string;
  readonly title: string;
  readonly files: readonly { readonly file: GeneratedFile; readonly label: string }[];
}

function groupKey(file: GeneratedFile): string {
  if (file.node !== undefined) return `node:${file.node}`;
  const slash = file.bundlePath.indexOf('/');
  return slash < 0 ? 'bundle' : file.bundlePath.slice(0, slash);
}

/** Cluster-wide groups first in this order, then other folders, then the nodes by name. */
const FIRST = ['bundle', 'cluster', 'ansible'];

function rank(key: string): [number, string] {
  const first = FIRST.indexOf(key);
  if (first >= 0) return [first, ''];
  return key.startsWith('node:') ? [FIRST.length + 1, key] : [FIRST.length, key];
}

/** Case-insensitive: every word of the filter must appear in the file's bundle path. */
export function matchesFilter(file: GeneratedFile, filter: string): boolean {
  const path = file.bundlePath.toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .every((w) => path.includes(w));
}

/**
 * The files list of the generated files view: README and manifest, cluster/, ansible/, then
 * each node with its files (labelled by their path on the node), keeping the bundle's order
 * inside a group. Files the filter does not match are left out, and so are empty groups.
 */
export function groupFiles(files: readonly GeneratedFile[], filter = ''): FileGroup[] {
  const groups = new Map<string, { file: GeneratedFile; label: string }[]>();
  for (const file of files) {
    if (!matchesFilter(file, filter)) continue;
    const key = groupKey(file);
    const label =
      file.node !== undefined
        ? file.path
        : key === 'bundle'
          ? file.bundlePath
          : file.bundlePath.slice(key.length + 1);
    const list = groups.get(key) ?? [];
    list.push({ file, label });
    groups.set(key, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => {
      const [ra, na] = rank(a);
      const [rb, nb] = rank(b);
      return ra - rb || na.localeCompare(nb, undefined, { numeric: true });
    })
    .map(([key, list]) => ({
      key,
      title: key === 'bundle' ? 'bundle' : key.startsWith('node:') ? key.slice(5) : `${key}/`,
      files: list,
    }));
}
