import type { MenuMessage } from '../../src/services/shellMenu.ts';
import { api } from './api/api.ts';
import { moveElements } from './actions/moveElements.ts';
import { emptyDesign } from './design/newElement.ts';
import { useDesigner } from './store/store.ts';

/**
 * What the toolbar, the keyboard and the menus do. Calls to the backend live here so the
 * components stay thin; each one reports failure to the user rather than throwing.
 */
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function newDesign(): void {
  useDesigner.getState().load(emptyDesign(), null, 'new design');
}

export async function openTemplate(name: string): Promise<void> {
  const store = useDesigner.getState();
  try {
    const opened = await api()['templates.open']({ name });
    if (!opened.design) {
      store.showToast(`template ${name} does not load: ${opened.diagnostics[0]?.message ?? ''}`);
      return;
    }
    store.load(opened.design, null, `open template ${name}`);
    store.openDialog(null);
    requestAnimationFrame(() => useDesigner.getState().viewport?.fit());
  } catch (e) {
    store.showToast(`could not open template ${name}: ${message(e)}`);
  }
}

export async function openPath(path: string): Promise<boolean> {
  const store = useDesigner.getState();
  try {
    const opened = await api()['design.open']({ path });
    if (!opened.design) {
      store.showToast(
        opened.ioError ?? `${path} is not a design: ${opened.diagnostics[0]?.message ?? ''}`,
      );
      return false;
    }
    store.load(opened.design, path, `open ${path}`);
    requestAnimationFrame(() => useDesigner.getState().viewport?.fit());
    return true;
  } catch (e) {
    store.showToast(`could not open ${path}: ${message(e)}`);
    return false;
  }
}

export async function saveTo(path: string): Promise<boolean> {
  const store = useDesigner.getState();
  try {
    const saved = await api()['design.save']({ path, design: store.design });
    store.setPath(saved.path);
    store.showToast(`saved to ${saved.path}`);
    return true;
  } catch (e) {
    store.showToast(`could not save to ${path}: ${message(e)}`);
    return false;
  }
}

export async function arrange(): Promise<void> {
  const store = useDesigner.getState();
  try {
    // elkjs is large: load it the first time someone asks for a layout.
    const { autoLayout } = await import('./layout/autoLayout.ts');
    const positions = await autoLayout(store.design);
    useDesigner.getState().dispatch(moveElements, { positions });
    requestAnimationFrame(() => useDesigner.getState().viewport?.fit());
  } catch (e) {
    store.showToast(`auto-layout failed: ${message(e)}`);
  }
}

/** The native dialogs and menu of the Electron shell; absent in a browser. */
interface Shell {
  pickOpenPath(): Promise<string | null>;
  pickSavePath(suggested: string | null): Promise<string | null>;
  onMenuCommand(listener: (message: MenuMessage) => void): void;
}

export function shell(): Shell | undefined {
  return (window as { clusterwrightShell?: Shell }).clusterwrightShell;
}

/** Open: the native file dialog under Electron, a path prompt in the browser. */
export async function openInteractive(): Promise<void> {
  const native = shell();
  if (!native) return useDesigner.getState().openDialog({ kind: 'open' });
  const path = await native.pickOpenPath();
  if (path !== null) await openPath(path);
}

/** Save (to the current file when there is one) or save as. */
export async function saveInteractive(saveAs: boolean): Promise<void> {
  const native = shell();
  const current = useDesigner.getState().path;
  if (!native) return useDesigner.getState().openDialog({ kind: 'save' });
  const path = !saveAs && current !== null ? current : await native.pickSavePath(current);
  if (path !== null) await saveTo(path);
}
