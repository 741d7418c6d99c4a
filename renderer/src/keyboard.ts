import { disconnect } from './actions/disconnect.ts';
import { saveInteractive } from './commands.ts';
import { useDesigner } from './store/store.ts';

/** Where typing goes into a field, shortcuts stay out of the way. */
function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The designer's shortcuts: undo, redo, delete, copy, paste, save. */
export function installKeyboard(target: Window): () => void {
  const onKey = (e: KeyboardEvent): void => {
    if (isEditable(e.target)) return;
    const store = useDesigner.getState();
    if (store.dialog) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'z' && !e.shiftKey) store.undo();
    else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) store.redo();
    else if (mod && key === 'c') store.copy();
    else if (mod && key === 'v') store.pasteClipboard();
    else if (mod && key === 's') void saveInteractive(e.shiftKey);
    else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) {
      if (store.selection.length > 0) store.requestDelete(store.selection);
      else
        for (const id of store.edgeSelection) {
          const m = /^([^>]+)>([^:]+):/.exec(id);
          if (m?.[1] && m[2]) useDesigner.getState().dispatch(disconnect, { from: m[1], to: m[2] });
        }
    } else return;
    e.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
