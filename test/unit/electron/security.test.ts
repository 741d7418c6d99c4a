import type { BrowserWindowConstructorOptions, IpcMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { CONTRACT_CHANNELS, ipcName } from '../../../electron/channels.ts';
import type { IpcReply } from '../../../electron/channels.ts';
import { registerIpc } from '../../../electron/ipc.ts';
import {
  APP_ENTRY,
  ELECTRON_CSP,
  isAllowedExternal,
  isAppUrl,
  isTrustedSender,
} from '../../../electron/security.ts';
import type { BrowserWindowClass } from '../../../electron/window.ts';
import { openMainWindow } from '../../../electron/window.ts';
import { CHANNELS } from '../../../src/services/contract.ts';
import { createServices } from '../../../src/services/services.ts';

/** Stands in for Electron's BrowserWindow: records the options the app opens its window with. */
function recordWindowOptions(): BrowserWindowConstructorOptions {
  let seen: BrowserWindowConstructorOptions | undefined;
  const Fake = function (this: unknown, options: BrowserWindowConstructorOptions) {
    seen = options;
  } as unknown as BrowserWindowClass;
  openMainWindow(Fake, '/opt/clusterwright/dist-electron/preload.cjs');
  if (!seen) throw new Error('no window was opened');
  return seen;
}

describe('Electron window and content security', () => {
  it('opens an isolated, sandboxed window without Node', () => {
    const prefs = recordWindowOptions().webPreferences;
    expect(prefs).toMatchObject({
      preload: '/opt/clusterwright/dist-electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has a strict CSP: own scripts and styles only, no network, no framing', () => {
    const directives = new Map(
      ELECTRON_CSP.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
    );
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(ELECTRON_CSP).not.toMatch(/unsafe-(inline|eval)|\*/);
  });

  it('opens only allow-listed https pages outside the app', () => {
    expect(isAllowedExternal('https://clusterlabs.org/pacemaker/doc/')).toBe(true);
    expect(isAllowedExternal('https://linbit.com/drbd-user-guide/drbd-guide-9_0-en/')).toBe(true);
    expect(isAllowedExternal('http://clusterlabs.org/')).toBe(false);
    expect(isAllowedExternal('https://clusterlabs.org.evil.example/')).toBe(false);
    expect(isAllowedExternal('https://clusterlabs.org@evil.example/')).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternal('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternal('not a url')).toBe(false);
  });

  it('trusts IPC only from the app page in the top frame', () => {
    expect(isTrustedSender({ url: APP_ENTRY, parent: null })).toBe(true);
    expect(isTrustedSender({ url: APP_ENTRY, parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'app://clusterwright.evil/index.html', parent: null })).toBe(
      false,
    );
    expect(isTrustedSender({ url: 'https://clusterwright/', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('https://example.org/')).toBe(false);
  });
});

describe('Electron IPC', () => {
  type Handler = (event: unknown, request: unknown) => Promise<IpcReply>;
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (name: string, handler: Handler) => handlers.set(name, handler),
  } as unknown as IpcMain;
  registerIpc(ipcMain, createServices());
  const app = { senderFrame: { url: APP_ENTRY, parent: null } };
  const invoke = (channel: string, request: unknown, event: unknown = app): Promise<IpcReply> => {
    const handler = handlers.get(ipcName(channel as never));
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, request);
  };

  it('has one handler per contract channel, and the preload knows the same channels', () => {
    expect([...handlers.keys()].sort()).toEqual(CHANNELS.map((c) => `cw:${c}`).sort());
    expect([...CONTRACT_CHANNELS].sort()).toEqual([...CHANNELS].sort());
  });

  it('answers the app, refuses other senders and bad payloads', async () => {
    const list = await invoke('templates.list', {});
    expect(list.ok).toBe(true);
    expect(list.ok && (list.response as { name: string }[]).map((t) => t.name)).toContain(
      'two-node-drbd-kvm',
    );
    const foreign = await invoke(
      'templates.list',
      {},
      {
        senderFrame: { url: 'https://evil.example/', parent: null },
      },
    );
    expect(foreign).toEqual({
      ok: false,
      error: 'refused: the request did not come from the Clusterwright window',
    });
    const bad = await invoke('templates.open', { name: '../../etc/passwd' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^bad request for templates.open/);
    const failing = await invoke('design.save', { path: '/nonexistent-dir/x.yaml', design: {} });
    expect(failing).toEqual({
      ok: false,
      error: 'the design does not match the schema; fix its problems first',
    });
  });
});
