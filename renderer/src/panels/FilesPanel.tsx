import { useEffect, useMemo, useState } from 'react';
import type { GeneratedBundle, GeneratedFile } from '../../../src/services/contract.ts';
import { api } from '../api/api.ts';
import { groupFiles } from '../files/fileGroups.ts';
import { languageOf } from '../highlight/highlight.ts';
import { useDesigner } from '../store/store.ts';
import { CodeView } from './CodeView.tsx';
import { FilesDiff } from './FilesDiff.tsx';
import { FilesViewSwitch } from './FilesViewSwitch.tsx';

type State =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly bundle: GeneratedBundle }
  | { readonly kind: 'failed'; readonly error: string };

/** The files the design generates, regenerated as the design changes. */
export function FilesPanel() {
  const design = useDesigner((s) => s.design);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [shown, setShown] = useState<string | null>(null);
  const view = useDesigner((s) => s.filesView);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      const generate = api()['bundle.generate'];
      generate({ design }).then(
        (bundle) => current && setState({ kind: 'ready', bundle }),
        (e: unknown) =>
          current &&
          setState({ kind: 'failed', error: e instanceof Error ? e.message : String(e) }),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [design]);

  const file =
    state.kind === 'ready' ? state.bundle.files.find((f) => f.bundlePath === shown) : undefined;
  return (
    <section className="files" data-testid="files-panel">
      <h2>
        Generated files <FilesViewSwitch />
      </h2>
      {state.kind === 'loading' ? <p className="muted">Generating…</p> : null}
      {state.kind === 'failed' ? (
        <p className="inline-error" data-testid="files-error">
          Not available: {state.error}
        </p>
      ) : null}
      {state.kind === 'ready' && state.bundle.files.length === 0 ? (
        <p className="muted" data-testid="files-blocked">
          No files while the design has errors: fix the problems listed on the right first.
        </p>
      ) : null}
      {state.kind === 'ready' && state.bundle.files.length > 0 && view === 'changes' ? (
        <FilesDiff files={state.bundle.files} />
      ) : null}
      {state.kind === 'ready' && state.bundle.files.length > 0 && view === 'files' ? (
        <div className="files-body">
          <FileList files={state.bundle.files} shown={shown} onShow={setShown} />
          {file ? (
            <div className="file-shown">
              <p className="file-shown-path muted">{file.bundlePath}</p>
              <CodeView text={file.content} language={languageOf(file)} testid="file-content" />
            </div>
          ) : (
            <pre data-testid="file-content">Pick a file.</pre>
          )}
        </div>
      ) : null}
    </section>
  );
}

/** The files grouped per place (bundle, cluster/, ansible/, each node), with a filter box. */
function FileList({
  files,
  shown,
  onShow,
}: {
  files: readonly GeneratedFile[];
  shown: string | null;
  onShow: (bundlePath: string) => void;
}) {
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => groupFiles(files, filter), [files, filter]);
  const matching = groups.reduce((n, g) => n + g.files.length, 0);
  return (
    <div className="files-nav">
      <input
        type="search"
        className="files-filter"
        data-testid="files-filter"
        aria-label="Filter the files"
        placeholder="Filter: node, path, .res…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {filter.trim() !== '' ? (
        <p className="muted files-count" data-testid="files-count">
          {matching} of {files.length} files
        </p>
      ) : null}
      <ul data-testid="files-list">
        {groups.map((g) => (
          <li key={g.key} className="files-group" data-testid={`files-group-${g.key}`}>
            <h3>
              {g.key.startsWith('node:') ? <span className="muted">node </span> : null}
              {g.title}
            </h3>
            <ul>
              {g.files.map(({ file, label }) => (
                <li key={file.bundlePath}>
                  <button
                    type="button"
                    data-testid={`file-${file.bundlePath}`}
                    aria-pressed={file.bundlePath === shown}
                    title={file.bundlePath}
                    onClick={() => onShow(file.bundlePath)}
                  >
                    {label}
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
