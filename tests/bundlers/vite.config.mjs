// Vite: nothing to configure for afflink (the .wasm named by `new URL(…, import.meta.url)`
// is copied into the assets). Run from the scratch project: `vite build --config vite.config.mjs`.
import { defineConfig } from 'vite';

export default defineConfig({
  root: '.',
  base: './',
  logLevel: 'warn',
  build: { outDir: process.env.AFFLINK_OUT, emptyOutDir: true },
});
