import { build } from 'vite';
import type { InlineConfig } from 'vite';

/**
 * Bundles the main process and the preload into dist-electron/ as CommonJS, each on its own:
 * a sandboxed preload may require nothing but "electron", so it must be a single file.
 */
function config(entry: string, name: string, emptyOutDir: boolean): InlineConfig {
  return {
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: entry,
      outDir: 'dist-electron',
      emptyOutDir,
      target: 'node22',
      rollupOptions: {
        external: ['electron', /^node:/],
        output: { format: 'cjs', entryFileNames: `${name}.cjs` },
      },
    },
    ssr: { noExternal: name === 'preload' ? true : [] },
  };
}

await build(config('electron/main.ts', 'main', true));
await build(config('electron/preload/preload.ts', 'preload', false));
