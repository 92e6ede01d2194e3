// webpack 5: nothing to configure for afflink (`new URL(…, import.meta.url)` is an asset
// module, the .wasm is emitted). An ES module bundle, so the page loads it as type="module".
import { resolve } from 'node:path';

export default {
  mode: 'production',
  entry: './main.js',
  experiments: { outputModule: true },
  output: { path: resolve(process.env.AFFLINK_OUT), filename: 'main.js', module: true, clean: true },
  stats: 'errors-warnings',
};
