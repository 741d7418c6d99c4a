import { useMemo } from 'react';
import type { GeneratedFile } from '../../../src/services/contract.ts';
import { bundleChanges } from '../export/bundleDiff.ts';
import { useDesigner } from '../store/store.ts';
import { CodeView } from './CodeView.tsx';

/** The generated files against the last export: a unified diff per changed file. */
export function FilesDiff({ files }: { files: readonly GeneratedFile[] }) {
  const lastExport = useDesigner((s) => s.lastExport);
  const diff = useMemo(
    () => (lastExport ? bundleChanges(lastExport.files, files) : null),
    [lastExport, files],
  );
  if (!lastExport || !diff)
    return (
      <p className="muted" data-testid="files-diff-none">
        Nothing exported yet: export the bundle (Export ▸ Bundle) to compare the design against it.
      </p>
    );
  const count = (status: string): number => diff.changes.filter((c) => c.status === status).length;
  return (
    <div className="files-diff">
      <p data-testid="files-diff-summary">
        Since {lastExport.fileName} ({new Date(lastExport.at).toLocaleString()}): {count('changed')}{' '}
        changed, {count('added')} added, {count('removed')} removed, {diff.unchanged} unchanged
      </p>
      {diff.changes.map((c) => (
        <details
          key={c.bundlePath}
          open
          data-testid={`diff-${c.bundlePath}`}
          data-status={c.status}
        >
          <summary>
            <span className={`diff-status diff-${c.status}`}>{c.status}</span> {c.bundlePath}{' '}
            <span className="muted">
              +{c.linesAdded} −{c.linesRemoved}
            </span>
          </summary>
          <CodeView text={c.patch} language="diff" testid="diff-patch" />
        </details>
      ))}
    </div>
  );
}
