/**
 * The commands the Electron menu sends to the renderer: one list shared by the main process
 * (which sends them), the preload (which passes on only these) and the renderer (which must
 * handle each one: its handlers are a Record over MenuCommand, so a missing one does not
 * compile). Plain data: the sandboxed preload bundles it.
 */
export const MENU_COMMANDS = [
  'new',
  'open',
  'open-recent',
  'save',
  'save-as',
  'templates',
  'pattern',
  'import',
  'export-tar.gz',
  'export-zip',
  'export-png',
  'export-svg',
  'undo',
  'redo',
  'zoom-fit',
  'auto-layout',
  'toggle-minimap',
  'toggle-files',
  'toggle-theme',
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** One menu click: the command, and for `open-recent` the design to open. */
export type MenuMessage =
  | { readonly command: Exclude<MenuCommand, 'open-recent'> }
  | { readonly command: 'open-recent'; readonly path: string };

/** Longest path the menu passes on; longer is not a path the recent list holds. */
const MAX_PATH = 4096;

/** A menu message as the preload received it, or null when it is not one. */
export function menuMessage(value: unknown): MenuMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const { command, path } = value as { command?: unknown; path?: unknown };
  if (typeof command !== 'string' || !(MENU_COMMANDS as readonly string[]).includes(command))
    return null;
  if (command !== 'open-recent') return { command: command as Exclude<MenuCommand, 'open-recent'> };
  if (typeof path !== 'string' || path === '' || path.length > MAX_PATH) return null;
  return { command, path };
}
