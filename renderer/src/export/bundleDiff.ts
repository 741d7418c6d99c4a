import { createTwoFilesPatch, structuredPatch } from 'diff';

/** A file as the diff sees it: where it sits in the bundle and what it holds. */
export interface DiffableFile {
  readonly bundlePath: string;
  readonly content: string;
}

export interface FileChange {
  readonly bundlePath: string;
  readonly status: 'added' | 'removed' | 'changed';
  /** A unified diff, `a/` the exported file, `b/` the one the design generates now. */
  readonly patch: string;
  readonly linesAdded: number;
  readonly linesRemoved: number;
}

export interface BundleChanges {
  readonly changes: readonly FileChange[];
  readonly unchanged: number;
}

function countLines(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const hunk of structuredPatch('', '', before, after, '', '', { context: 0 }).hunks)
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added++;
      else if (line.startsWith('-')) removed++;
    }
  return { added, removed };
}

/** What changed between the files of the last export and the files the design generates now. */
export function bundleChanges(
  before: readonly DiffableFile[],
  after: readonly DiffableFile[],
): BundleChanges {
  const old = new Map(before.map((f) => [f.bundlePath, f.content]));
  const now = new Map(after.map((f) => [f.bundlePath, f.content]));
  const paths = [...new Set([...old.keys(), ...now.keys()])].sort();
  const changes: FileChange[] = [];
  let unchanged = 0;
  for (const path of paths) {
    const a = old.get(path);
    const b = now.get(path);
    if (a === b) {
      unchanged++;
      continue;
    }
    const status = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
    const patch = createTwoFilesPatch(
      a === undefined ? '/dev/null' : `a/${path}`,
      b === undefined ? '/dev/null' : `b/${path}`,
      a ?? '',
      b ?? '',
      undefined,
      undefined,
      { context: 3 },
    );
    const lines = countLines(a ?? '', b ?? '');
    changes.push({
      bundlePath: path,
      status,
      // The `====` rule above the header says nothing.
      patch: patch.replace(/^={10,}\n/, ''),
      linesAdded: lines.added,
      linesRemoved: lines.removed,
    });
  }
  return { changes, unchanged };
}
