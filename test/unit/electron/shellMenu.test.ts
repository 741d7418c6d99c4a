import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { menuTemplate } from '../../../electron/menu.ts';
import { MENU_COMMANDS, menuMessage } from '../../../src/services/shellMenu.ts';
import type { MenuMessage } from '../../../src/services/shellMenu.ts';
import type { MenuHandlers } from '../../../renderer/src/shellMenu.ts';
import { MENU_HANDLERS, bindShellMenu } from '../../../renderer/src/shellMenu.ts';
import { useDesigner } from '../../../renderer/src/store/store.ts';

/** Clicks every entry of the menu, submenus included, and returns what the main process sent. */
function clickEverything(recent: readonly string[]): {
  sent: MenuMessage[];
  opened: string[];
  labels: string[];
} {
  const sent: MenuMessage[] = [];
  const opened: string[] = [];
  const labels: string[] = [];
  const walk = (items: readonly MenuItemConstructorOptions[]): void => {
    for (const item of items) {
      if (item.label) labels.push(item.label);
      (item.click as (() => void) | undefined)?.();
      if (Array.isArray(item.submenu)) walk(item.submenu);
    }
  };
  walk(menuTemplate({ send: (m) => sent.push(m), recent, openExternal: (u) => opened.push(u) }));
  return { sent, opened, labels };
}

/** Stands in for the preload's shell object; returns what the renderer listens with. */
function fakeShell(): (value: unknown) => void {
  let listener: ((m: MenuMessage) => void) | undefined;
  vi.stubGlobal('window', {
    clusterwrightShell: {
      onMenuCommand: (l: (m: MenuMessage) => void) => (listener = l),
    },
  });
  // As the preload does: only what menuMessage accepts reaches the renderer.
  return (value) => {
    const message = menuMessage(value);
    if (message && listener) listener(message);
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('the Electron menu and the renderer agree on its commands', () => {
  const recent = ['/home/ha/designs/san.yaml', '/home/ha/designs/kvm-pair.yaml'];

  it('sends every menu command, and only commands the preload passes on', () => {
    const { sent, opened, labels } = clickEverything(recent);
    for (const message of sent) expect(menuMessage(message)).toEqual(message);
    expect([...new Set(sent.map((m) => m.command))].sort()).toEqual([...MENU_COMMANDS].sort());
    expect(sent.filter((m) => m.command === 'open-recent')).toEqual(
      recent.map((path) => ({ command: 'open-recent', path })),
    );
    for (const label of ['Export Bundle', 'Export Diagram', 'Import…', 'New from Pattern…'])
      expect(labels).toContain(label);
    expect(opened.every((u) => u.startsWith('https://'))).toBe(true);
  });

  it('shows a disabled entry when there are no recent designs', () => {
    const file = menuTemplate({
      send: () => undefined,
      recent: [],
      openExternal: () => undefined,
    })[0]!;
    const openRecent = (file.submenu as MenuItemConstructorOptions[]).find(
      (i) => i.label === 'Open Recent',
    );
    expect(openRecent?.submenu).toEqual([{ label: 'No recent designs', enabled: false }]);
  });

  it('routes every message the menu sends to its handler in bindShellMenu', () => {
    const deliver = fakeShell();
    const calls: unknown[] = [];
    const recording = Object.fromEntries(
      MENU_COMMANDS.map((c) => [c, (m: MenuMessage) => calls.push(m)]),
    ) as unknown as MenuHandlers;
    bindShellMenu(recording);
    const { sent } = clickEverything(recent);
    for (const message of sent) deliver(message);
    expect(calls).toEqual(sent);
    // The renderer's own handlers cover the same list.
    expect(Object.keys(MENU_HANDLERS).sort()).toEqual([...MENU_COMMANDS].sort());
  });

  it('runs the designer commands: theme, files view, dialogs', () => {
    const deliver = fakeShell();
    bindShellMenu();
    const before = useDesigner.getState();
    deliver({ command: 'toggle-theme' });
    deliver({ command: 'toggle-files' });
    deliver({ command: 'toggle-minimap' });
    expect(useDesigner.getState().theme).not.toBe(before.theme);
    expect(useDesigner.getState().filesOpen).toBe(!before.filesOpen);
    expect(useDesigner.getState().minimap).toBe(!before.minimap);
    deliver({ command: 'templates' });
    expect(useDesigner.getState().dialog).toEqual({ kind: 'templates' });
    deliver({ command: 'import' });
    expect(useDesigner.getState().fileDialog).toEqual({ kind: 'import' });
    deliver({ command: 'pattern' });
    expect(useDesigner.getState().fileDialog).toEqual({ kind: 'pattern' });
  });

  it('refuses what is not a menu message', () => {
    for (const bad of [
      'new',
      null,
      { command: 'format-disk' },
      { command: 'open-recent' },
      { command: 'open-recent', path: '' },
      { command: 'open-recent', path: 7 },
      { command: 'open-recent', path: `/${'x'.repeat(5000)}` },
    ])
      expect(menuMessage(bad)).toBeNull();
    expect(menuMessage({ command: 'new', path: '/etc/passwd' })).toEqual({ command: 'new' });
  });
});
