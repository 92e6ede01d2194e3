// Rollup: node-resolve finds the package (its `default` export condition: the browser entry);
// @rollup/plugin-url emits the .wasm that main-url.js imports as `afflink/wasm` and gives
// its file name, which main-url.js passes to `init(url)`.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import url from '@rollup/plugin-url';

export default {
  input: 'main-url.js',
  output: { dir: process.env.AFFLINK_OUT, format: 'es', entryFileNames: 'main.js' },
  plugins: [nodeResolve({ browser: true }), url({ include: ['**/*.wasm'], limit: 0, fileName: '[name]-[hash][extname]' })],
};
