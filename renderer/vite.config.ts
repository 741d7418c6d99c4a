import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Builds the renderer into renderer/dist with relative URLs, for the web host and file://. */
// eslint-disable-next-line no-restricted-syntax -- Vite reads the config's default export
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Under a strict CSP (no inline script) every module must be a file of its own origin.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
  },
});
