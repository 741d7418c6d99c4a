import type { ImportNote } from '../../../src/services/contract.ts';
import { useDesigner } from '../store/store.ts';

const KEPT: Readonly<Record<ImportNote['keptAs'], string>> = {
  description: "also in the element's description",
  note: 'kept in this note only',
  replaced: 'the design holds another value',
};

/** What the last import could not express in the design: listed, never dropped silently. */
export function ImportNotes() {
  const imported = useDesigner((s) => s.importNotes);
  if (!imported) return null;
  return (
    <section className="import-notes" data-testid="import-notes">
      <h2>
        Import notes ({imported.notes.length})
        <button
          type="button"
          className="dismiss"
          data-testid="import-notes-dismiss"
          title="Hide these notes"
          onClick={() => useDesigner.getState().setImportNotes(null)}
        >
          ✕
        </button>
      </h2>
      <p className="muted">From {imported.source}: what the design could not express.</p>
      {imported.notes.length === 0 ? (
        <p className="muted">Everything in the files is in the design.</p>
      ) : null}
      <ul>
        {imported.notes.map((n, i) => (
          <li key={i}>
            <button
              type="button"
              className={`import-note kept-${n.keptAs}`}
              data-testid="import-note"
              data-element={n.element ?? ''}
              disabled={n.element === undefined}
              onClick={() => {
                if (n.element !== undefined) useDesigner.getState().focusElement(n.element);
              }}
            >
              <span className="import-note-where">
                {n.file}
                {n.line !== undefined ? `:${n.line}` : ''}
                {n.element !== undefined ? ` · ${n.element}` : ''}
              </span>
              {n.what}
              <span className="import-note-kept">{KEPT[n.keptAs]}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
