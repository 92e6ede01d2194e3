// esbuild does not copy files named by `new URL(…, import.meta.url)`: its `file` loader copies
// the .wasm that main-url.js imports as `afflink/wasm` and gives its URL, which main-url.js
// passes to `init(url)`. Run with `node esbuild.config.mjs` from the scratch project.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: { main: 'main-url.js' },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  loader: { '.wasm': 'file' },
  outdir: process.env.AFFLINK_OUT,
  logLevel: 'warning',
});
