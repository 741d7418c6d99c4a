import type {
  BrowserWindow as ElectronBrowserWindow,
  BrowserWindowConstructorOptions,
} from 'electron';

/** Electron's BrowserWindow class, passed in so this module loads (and is tested) without Electron. */
export type BrowserWindowClass = new (
  options: BrowserWindowConstructorOptions,
) => ElectronBrowserWindow;

/**
 * Opens the designer's window. The options are written out here, literally, so both a unit
 * test and electronegativity's static checks see exactly what the window gets: an isolated,
 * sandboxed renderer without Node, whose only way out is the preload's API.
 */
export function openMainWindow(
  BrowserWindow: BrowserWindowClass,
  preload: string,
): ElectronBrowserWindow {
  // Written inline: electronegativity reads a TypeScript window's options only from the call.
  return new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Clusterwright',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click could open links in new windows; the app has no use for it.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}
