// The package's own JS test files (tests/js/), unchanged, against the built package in
// headless Chromium: the same shared cases, the JS boundary (every export with every wrong
// type throws invalid_argument and the module stays usable; a million calls keep
// WebAssembly memory flat) and the API, in the browser as in Node. An import map points
// `afflink` at the package's browser entry and `node:test`, `node:assert/strict` and
// `node:fs/promises` at small shims (tests/e2e/browser-shims/).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT, useBrowser } from './harness.mjs';
import { startServer, stopServer } from '../../scripts/serve.mjs';

const { openPage } = useBrowser();
const SITE = join(ROOT, 'target', 'e2e-js-in-browser');
/** The files that need only the package and the shared cases (readme.test.mjs runs npm and tsc). */
const FILES = ['boundary.test.mjs', 'package.test.mjs', 'links.test.mjs', 'commission.test.mjs', 'reconcile.test.mjs', 'orders.test.mjs'];
let server;
let url;

before(async () => {
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(SITE, { recursive: true });
  cpSync(join(DIST, 'pkg'), join(SITE, 'pkg'), { recursive: true });
  cpSync(join(ROOT, 'tests', 'js'), join(SITE, 'js'), { recursive: true });
  cpSync(join(ROOT, 'tests', 'cases'), join(SITE, 'cases'), { recursive: true });
  cpSync(join(ROOT, 'tests', 'e2e', 'browser-shims'), join(SITE, 'shims'), { recursive: true });
  const imports = { afflink: '/pkg/browser.js', 'node:test': '/shims/test.mjs', 'node:assert/strict': '/shims/assert.mjs', 'node:fs/promises': '/shims/fs-promises.mjs' };
  writeFileSync(
    join(SITE, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>afflink JS tests</title><link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify({ imports })}</script></head><body></body></html>`
  );
  ({ server, url } = await startServer(SITE, 0));
});

after(async () => {
  await stopServer(server);
  rmSync(SITE, { recursive: true, force: true });
});

for (const file of FILES) {
  test(`tests/js/${file} passes in Chromium`, async () => {
    const { context, page, problems } = await openPage({ url });
    const results = await page.evaluate(async (path) => {
      const runner = await import('/shims/test.mjs');
      await import(path);
      return runner.run();
    }, `/js/${file}`);
    const failed = results.filter((r) => !r.ok);
    assert.deepEqual(failed, [], `${failed.length} of ${results.length} failed`);
    assert.ok(results.length > 0, 'no test ran');
    console.log(`# ${file}: ${results.length} tests passed in Chromium`);
    // The memory test logs its figures; nothing else may reach the console as an error.
    assert.deepEqual(problems(), []);
    await context.close();
  });
}
