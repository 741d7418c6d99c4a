import type { MenuItemConstructorOptions } from 'electron';
import type { ClusterwrightApi } from '../src/services/contract.ts';
import type { MenuCommand, MenuMessage } from '../src/services/shellMenu.ts';

/** What the application menu needs from the main process. */
export interface MenuDeps {
  /** Sends a command to the window's renderer. */
  send(message: MenuMessage): void;
  /** Recent designs, newest first (the services' recent.list). */
  readonly recent: readonly string[];
  openExternal(url: string): void;
}

/** Entries of Open Recent: the newest designs, by file name with the path alongside. */
const RECENT_SHOWN = 10;

/**
 * The application menu: the same commands as the toolbar. Undo and redo carry no accelerator
 * so that Ctrl+Z keeps working inside text fields (the renderer's keyboard handler decides).
 */
export function menuTemplate(deps: MenuDeps): MenuItemConstructorOptions[] {
  const item = (
    label: string,
    command: Exclude<MenuCommand, 'open-recent'>,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => deps.send({ command }),
  });
  const recent: MenuItemConstructorOptions[] =
    deps.recent.length === 0
      ? [{ label: 'No recent designs', enabled: false }]
      : deps.recent.slice(0, RECENT_SHOWN).map((path) => ({
          label: `${path.split('/').pop() ?? path}  —  ${path}`,
          click: () => deps.send({ command: 'open-recent', path }),
        }));
  return [
    {
      label: 'File',
      submenu: [
        item('New', 'new', 'CmdOrCtrl+N'),
        item('New from Pattern…', 'pattern'),
        item('Templates…', 'templates'),
        { type: 'separator' },
        item('Open…', 'open', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: recent },
        item('Import…', 'import'),
        { type: 'separator' },
        item('Save', 'save', 'CmdOrCtrl+S'),
        item('Save As…', 'save-as', 'CmdOrCtrl+Shift+S'),
        { type: 'separator' },
        {
          label: 'Export Bundle',
          submenu: [item('tar.gz…', 'export-tar.gz'), item('zip…', 'export-zip')],
        },
        {
          label: 'Export Diagram',
          submenu: [item('PNG…', 'export-png'), item('SVG…', 'export-svg')],
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      // Undo and redo act on the design; cut/copy/paste keep working in text fields.
      submenu: [
        item('Undo', 'undo'),
        item('Redo', 'redo'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        item('Zoom to Fit', 'zoom-fit'),
        item('Auto-layout', 'auto-layout'),
        item('Minimap', 'toggle-minimap'),
        item('Generated Files', 'toggle-files'),
        item('Light or Dark Theme', 'toggle-theme'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Help',
      submenu: [
        {
          label: 'DRBD user guide',
          click: () => deps.openExternal('https://linbit.com/drbd-user-guide/'),
        },
        {
          label: 'ClusterLabs (Pacemaker, Corosync)',
          click: () => deps.openExternal('https://clusterlabs.org/'),
        },
      ],
    },
  ];
}

/**
 * The services, with `after` called once a design was opened or saved: those calls change the
 * recent designs, so the menu's Open Recent is rebuilt.
 */
export function withRecentHook(services: ClusterwrightApi, after: () => void): ClusterwrightApi {
  return {
    ...services,
    'design.open': async (request) => {
      const opened = await services['design.open'](request);
      after();
      return opened;
    },
    'design.save': async (request) => {
      const saved = await services['design.save'](request);
      after();
      return saved;
    },
  };
}
