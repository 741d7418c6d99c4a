import { describe, expect, it } from 'vitest';
import { APP_ENTRY, allowsPermission } from '../../../electron/security.ts';

describe('Electron permissions', () => {
  it("grants notifications to the app's own pages only, and nothing else", () => {
    expect(allowsPermission('notifications', APP_ENTRY)).toBe(true);
    expect(allowsPermission('notifications', 'app://clusterwright.evil/index.html')).toBe(false);
    expect(allowsPermission('notifications', 'https://clusterlabs.org/')).toBe(false);
    for (const other of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'unknown'])
      expect(allowsPermission(other, APP_ENTRY)).toBe(false);
  });
});
