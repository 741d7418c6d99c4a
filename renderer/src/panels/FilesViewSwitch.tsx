import { useDesigner } from '../store/store.ts';

/** Files, or the changes since the last export: the two views of the generated files. */
export function FilesViewSwitch() {
  const view = useDesigner((s) => s.filesView);
  const set = useDesigner.getState().setFilesView;
  return (
    <span className="files-views" role="tablist">
      <button
        type="button"
        role="tab"
        aria-selected={view === 'files'}
        data-testid="files-view-files"
        onClick={() => set('files')}
      >
        Files
      </button>
      <button
        type="button"
        role="tab"
        aria-selected={view === 'changes'}
        data-testid="files-view-changes"
        onClick={() => set('changes')}
      >
        Changes since export
      </button>
    </span>
  );
}
