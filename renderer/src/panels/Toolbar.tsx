import { arrange, newDesign, openInteractive, saveInteractive } from '../commands.ts';
import { openDeploy } from '../labCommands.ts';
import { useDesigner } from '../store/store.ts';

/** The toolbar: every button dispatches a command or an action. */
export function Toolbar() {
  const past = useDesigner((s) => s.past);
  const future = useDesigner((s) => s.future);
  const path = useDesigner((s) => s.path);
  const theme = useDesigner((s) => s.theme);
  const minimap = useDesigner((s) => s.minimap);
  const filesOpen = useDesigner((s) => s.filesOpen);
  const labOpen = useDesigner((s) => s.labOpen);
  const store = useDesigner.getState;
  const last = past[past.length - 1];
  const next = future[0];
  return (
    <header className="toolbar" data-testid="toolbar">
      <strong className="brand">Clusterwright</strong>
      <button type="button" data-testid="toolbar-new" onClick={newDesign}>
        New
      </button>
      <button
        type="button"
        data-testid="toolbar-templates"
        onClick={() => store().openDialog({ kind: 'templates' })}
      >
        Templates…
      </button>
      <button type="button" data-testid="toolbar-open" onClick={() => void openInteractive()}>
        Open…
      </button>
      <button
        type="button"
        data-testid="toolbar-save"
        title="Ctrl+S"
        onClick={() => void saveInteractive(true)}
      >
        Save…
      </button>
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
      <button type="button" data-testid="toolbar-fit" onClick={() => store().viewport?.fit()}>
        Zoom to fit
      </button>
      <button type="button" data-testid="toolbar-layout" onClick={() => void arrange()}>
        Auto-layout
      </button>
      <button
        type="button"
        data-testid="toolbar-minimap"
        aria-pressed={minimap}
        onClick={() => store().toggleMinimap()}
      >
        Minimap
      </button>
      <button
        type="button"
        data-testid="toolbar-files"
        aria-pressed={filesOpen}
        onClick={() => store().toggleFiles()}
      >
        Generated files
      </button>
      <span className="sep" />
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
      <button type="button" data-testid="toolbar-theme" onClick={() => store().toggleTheme()}>
        {theme === 'light' ? 'Dark' : 'Light'} theme
      </button>
      <span className="path" data-testid="toolbar-path">
        {path ?? 'unsaved design'}
      </span>
    </header>
  );
}
