import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const consoleRoot = fileURLToPath(new URL('.', import.meta.url));

/** Built into dist/auditor-console, which the service serves at /console/. */
export default defineConfig({
  root: consoleRoot,
  base: '/console/',
  build: {
    outDir: fileURLToPath(new URL('../../dist/auditor-console', import.meta.url)),
    emptyOutDir: true,
    // One module and no lazy chunks: nothing to preload, so no polyfill for it.
    modulePreload: { polyfill: false },
  },
});
