import { openDeploy } from '../labCommands.ts';
import { useDesigner } from '../store/store.ts';
import { LiveControls } from './LiveControls.tsx';
import { ExportMenu, FileMenu, ViewMenu } from './ToolbarMenus.tsx';

/** The toolbar: every button dispatches a command or an action. */
export function Toolbar() {
  const past = useDesigner((s) => s.past);
  const future = useDesigner((s) => s.future);
  const path = useDesigner((s) => s.path);
  const labOpen = useDesigner((s) => s.labOpen);
  const store = useDesigner.getState;
  const last = past[past.length - 1];
  const next = future[0];
  return (
    <header className="toolbar" data-testid="toolbar">
      <strong className="brand">Clusterwright</strong>
      <FileMenu />
      <ExportMenu />
      <ViewMenu />
      <span className="sep" />
      <button
        type="button"
        data-testid="toolbar-undo"
        disabled={!last}
        title={last ? `Undo ${last.label} (Ctrl+Z)` : 'Nothing to undo'}
        onClick={() => store().undo()}
      >
        Undo
      </button>
      <button
        type="button"
        data-testid="toolbar-redo"
        disabled={!next}
        title={next ? `Redo ${next.label} (Ctrl+Shift+Z)` : 'Nothing to redo'}
        onClick={() => store().redo()}
      >
        Redo
      </button>
      <span className="sep" />
      <LiveControls />
      <button
        type="button"
        data-testid="toolbar-lab"
        aria-pressed={labOpen}
        onClick={() => store().toggleLab()}
      >
        Lab
      </button>
      <button type="button" data-testid="toolbar-deploy" onClick={() => void openDeploy(false)}>
        Deploy…
      </button>
      <span className="path" data-testid="toolbar-path">
        {path ?? 'unsaved design'}
      </span>
    </header>
  );
}
