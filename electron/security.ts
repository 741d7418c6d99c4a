/**
 * The security settings of Clusterwright's window, in one place so a unit test can check them
 * without an Electron binary (Electron's security checklist, docs/tutorial/security.md).
 */

/** The app's own scheme: the renderer is served from app://clusterwright/, never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'clusterwright';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** No network at all: the renderer talks to the backend only through the preload's API. */
export const ELECTRON_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The one permission the app's own pages get: desktop notifications, which Live raises on a
 * failover. Camera, geolocation and everything else stay refused, as do other origins.
 */
export function allowsPermission(permission: string, requestingUrl: string): boolean {
  return permission === 'notifications' && requestingUrl.startsWith(`${APP_ORIGIN}/`);
}

/** Pages the app may open in the user's browser; everything else is refused. */
export const EXTERNAL_ALLOWLIST: readonly string[] = [
  'https://github.com/',
  'https://linbit.com/drbd-user-guide/',
  'https://clusterlabs.org/',
];

export function isAllowedExternal(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '')
    return false;
  return EXTERNAL_ALLOWLIST.some((prefix) => parsed.href.startsWith(prefix));
}

/** IPC is answered only for the app's own top-level page. */
export function isTrustedSender(
  frame: { readonly url: string; readonly parent: unknown } | null,
): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN || frame.url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}

/** Navigation away from the app is never allowed (links open through openExternal instead). */
export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}
