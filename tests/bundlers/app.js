// The consumer app every bundler builds (and the import-map page loads as is): it loads
// afflink's WebAssembly with `init(source)` and hands the package's functions to the test
// (tests/e2e/bundlers.test.mjs) as `window.afflinkApp`, with `state` 'ready' or 'error'.
import { init, classifyUrl, buildAliExpressDeepLink, estimateCommission } from 'afflink';

export async function start(source) {
  const app = { state: 'loading', error: null };
  window.afflinkApp = app;
  try {
    await init(source);
    Object.assign(app, { classifyUrl, buildAliExpressDeepLink, estimateCommission, state: 'ready' });
  } catch (e) {
    Object.assign(app, { state: 'error', error: `${e?.code ?? e?.name}: ${e?.message}` });
  }
  document.body.dataset.state = app.state;
}
