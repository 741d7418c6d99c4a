import type { MenuCommand, MenuMessage } from '../../src/services/shellMenu.ts';
import { arrange, newDesign, openInteractive, saveInteractive, shell } from './commands.ts';
import { exportBundle, exportDiagram, openRecent } from './fileCommands.ts';
import { useDesigner } from './store/store.ts';

type Handler<C extends MenuCommand> = (message: Extract<MenuMessage, { command: C }>) => void;

/** What each command of the Electron menu does; the type makes a missing one a compile error. */
export type MenuHandlers = { readonly [C in MenuCommand]: Handler<C> };

const store = useDesigner.getState;

export const MENU_HANDLERS: MenuHandlers = {
  new: () => newDesign(),
  open: () => void openInteractive(),
  'open-recent': ({ path }) => void openRecent(path),
  save: () => void saveInteractive(false),
  'save-as': () => void saveInteractive(true),
  templates: () => store().openDialog({ kind: 'templates' }),
  pattern: () => store().openFileDialog({ kind: 'pattern' }),
  import: () => store().openFileDialog({ kind: 'import' }),
  'export-tar.gz': () => void exportBundle('tar.gz'),
  'export-zip': () => void exportBundle('zip'),
  'export-png': () => void exportDiagram('png'),
  'export-svg': () => void exportDiagram('svg'),
  undo: () => store().undo(),
  redo: () => store().redo(),
  'zoom-fit': () => store().viewport?.fit(),
  'auto-layout': () => void arrange(),
  'toggle-minimap': () => store().toggleMinimap(),
  'toggle-files': () => store().toggleFiles(),
  'toggle-theme': () => store().toggleTheme(),
};

/** Runs a menu message's command. */
export function runMenuMessage(message: MenuMessage, handlers: MenuHandlers = MENU_HANDLERS): void {
  // The union of handlers cannot be called with the union of messages without this widening.
  (handlers[message.command] as (m: MenuMessage) => void)(message);
}

/** Binds the Electron menu's commands; does nothing in a browser. */
export function bindShellMenu(handlers: MenuHandlers = MENU_HANDLERS): void {
  shell()?.onMenuCommand((message) => runMenuMessage(message, handlers));
}
