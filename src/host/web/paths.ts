import { fileURLToPath } from 'node:url';

/** renderer/dist at the root of the repo: what `vite build` writes. */
export const RENDERER_DIST = fileURLToPath(new URL('../../../renderer/dist/', import.meta.url));
