import { useEffect, useState } from 'react';
import type { GeneratedBundle } from '../../../src/services/contract.ts';
import { api } from '../api/api.ts';
import { useDesigner } from '../store/store.ts';
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
          <ul data-testid="files-list">
            {state.bundle.files.map((f) => (
              <li key={f.bundlePath}>
                <button
                  type="button"
                  data-testid={`file-${f.bundlePath}`}
                  aria-pressed={f.bundlePath === shown}
                  onClick={() => setShown(f.bundlePath)}
                >
                  {f.bundlePath}
                </button>
              </li>
            ))}
          </ul>
          <pre data-testid="file-content">{file?.content ?? 'Pick a file.'}</pre>
        </div>
      ) : null}
    </section>
  );
}
