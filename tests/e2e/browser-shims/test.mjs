// A minimal `node:test` for running the package's Node test files unchanged in a browser
// page (tests/e2e/js-in-browser.test.mjs maps `node:test` here with an import map):
// `test(name, fn)` registers; `run()` runs them in order and reports each.
const registered = [];

export function test(name, fn) {
  registered.push({ name, fn });
}

export async function run() {
  const results = [];
  for (const { name, fn } of registered) {
    const started = performance.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Math.round(performance.now() - started) });
    } catch (error) {
      results.push({ name, ok: false, error: `${error && error.stack ? error.stack : error}` });
    }
  }
  return results;
}

export default test;
