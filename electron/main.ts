import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, normalize, sep } from 'node:path';
import type { ClusterwrightApi } from '../src/services/contract.ts';
import { createConnectionPool } from '../src/services/connectionPool.ts';
import { createServices } from '../src/services/services.ts';
import type { MenuMessage } from '../src/services/shellMenu.ts';
import { SHELL_MENU, SHELL_PICK_OPEN, SHELL_PICK_SAVE } from './channels.ts';
import { SHELL_SAVE_FILE, SHELL_SAVE_MAX_BYTES } from './channels.ts';
import { saveFilters, writeSavedFile } from './saveFile.ts';
import { SafeStorageSecretStore } from './secretStore.ts';
import type { MenuDeps } from './menu.ts';
import { menuTemplate, withRecentHook } from './menu.ts';
import { registerIpc } from './ipc.ts';
import {
  APP_ENTRY,
  APP_HOST,
  APP_SCHEME,
  ELECTRON_CSP,
  allowsPermission,
  isAllowedExternal,
  isTrustedSender,
} from './security.ts';
import { openMainWindow } from './window.ts';

/** Electron's main process: one window, the services bound to IPC, native menus and dialogs. */

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } },
]);

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const YAML_FILTERS = [{ name: 'Clusterwright design', extensions: ['yaml', 'yml'] }];

/** Serves renderer/dist under app://clusterwright/ with the CSP on every response. */
function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = normalize(join(root, relative));
    if (url.host !== APP_HOST || !file.startsWith(normalize(root + sep)))
      return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': ELECTRON_CSP,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

function hardenSessions(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [ELECTRON_CSP] },
    });
  });
  // The designer needs no camera or geolocation; only Live's failover notifications.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowsPermission(permission, details.requestingUrl)),
  );
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternal(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function registerShell(getWindow: () => BrowserWindow | null): void {
  ipcMain.handle(SHELL_PICK_OPEN, async (event) => {
    const win = getWindow();
    if (!win || !isTrustedSender(event.senderFrame)) return null;
    const picked = await dialog.showOpenDialog(win, {
      properties: ['openFile'],
      filters: YAML_FILTERS,
    });
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  });
  ipcMain.handle(SHELL_PICK_SAVE, async (event, suggested: unknown) => {
    const win = getWindow();
    if (!win || !isTrustedSender(event.senderFrame)) return null;
    const picked = await dialog.showSaveDialog(win, {
      filters: YAML_FILTERS,
      ...(typeof suggested === 'string' ? { defaultPath: suggested } : {}),
    });
    return picked.canceled ? null : (picked.filePath ?? null);
  });
  ipcMain.handle(SHELL_SAVE_FILE, async (event, suggested: unknown, bytes: unknown) => {
    const win = getWindow();
    if (!win || !isTrustedSender(event.senderFrame)) return null;
    if (typeof suggested !== 'string' || !(bytes instanceof Uint8Array)) return null;
    if (bytes.byteLength > SHELL_SAVE_MAX_BYTES) return null;
    const name = basename(suggested);
    const picked = await dialog.showSaveDialog(win, {
      defaultPath: name,
      filters: saveFilters(name),
    });
    if (picked.canceled || !picked.filePath) return null;
    await writeSavedFile(picked.filePath, bytes);
    return picked.filePath;
  });
}

/** Builds the application menu, with the recent designs as they are now. */
async function refreshMenu(services: ClusterwrightApi, send: MenuDeps['send']): Promise<void> {
  const recent = await services['recent.list']({}).then(
    (list) => list.files.map((f) => f.path),
    () => [],
  );
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ send, recent, openExternal: (url) => void shell.openExternal(url) }),
    ),
  );
}

async function start(): Promise<void> {
  await app.whenReady();
  const appRoot = app.getAppPath();
  hardenSessions();
  serveRenderer(join(appRoot, 'renderer', 'dist'));
  let win: BrowserWindow | null = null;
  // Connections to real nodes outlive a deploy (the next one skips the handshakes); secrets
  // the user asks to remember go to the OS keyring through safeStorage, never to the design.
  const pool = createConnectionPool();
  const services = createServices({
    pool,
    secretStore: new SafeStorageSecretStore(
      join(app.getPath('userData'), 'secrets.json'),
      safeStorage,
    ),
  });
  app.on('will-quit', () => void pool.closeAll());
  const send = (message: MenuMessage): void => win?.webContents.send(SHELL_MENU, message);
  const menu = (): void => void refreshMenu(services, send);
  registerIpc(ipcMain, withRecentHook(services, menu));
  registerShell(() => win);

  const open = (): void => {
    win = openMainWindow(BrowserWindow, join(appRoot, 'dist-electron', 'preload.cjs'));
    win.once('ready-to-show', () => win?.show());
    win.on('closed', () => (win = null));
    void win.loadURL(APP_ENTRY);
  };
  menu();
  open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

void start();
