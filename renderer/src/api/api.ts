import type { ClusterwrightApi } from '../../../src/services/contract.ts';

declare global {
  interface Window {
    /** Provided by the Electron preload, or by the web host's client (see main.tsx). */
    clusterwright?: ClusterwrightApi;
  }
}

/** The one way the renderer reaches the backend. */
export function api(): ClusterwrightApi {
  const found = window.clusterwright;
  if (!found)
    throw new Error('no Clusterwright API: open the app through Electron or the web host');
  return found;
}
