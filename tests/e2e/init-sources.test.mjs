// init(source) in Chromium: every kind of source wasm-bindgen's initialiser takes, each in
// a page of its own (a fresh module), the .wasm copied where the package cannot find it by
// itself (as esbuild leaves it), and the refusal of a second, different source. Node:
// tests/js/init.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT, useBrowser } from './harness.mjs';
import { startServer, stopServer } from '../../scripts/serve.mjs';

const { openPage } = useBrowser();
const SITE = join(ROOT, 'target', 'e2e-init-sources');
let server;
let url;

before(async () => {
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(join(SITE, 'assets'), { recursive: true });
  cpSync(join(DIST, 'pkg'), join(SITE, 'pkg'), { recursive: true });
  // The module somewhere else, under another name, as a bundler's asset folder has it.
  copyFileSync(join(SITE, 'pkg', 'afflink_wasm_bg.wasm'), join(SITE, 'assets', 'afflink-3f9a.wasm'));
  writeFileSync(
    join(SITE, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>init sources</title><link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify({ imports: { afflink: '/pkg/browser.js' } })}</script></head><body></body></html>`,
  );
  ({ server, url } = await startServer(SITE, 0));
});

after(async () => {
  await stopServer(server);
  rmSync(SITE, { recursive: true, force: true });
});

const WASM = '/assets/afflink-3f9a.wasm';
const SOURCES = {
  'no source (next to the entry)': 'await init();',
  'a URL string': `await init(${JSON.stringify(WASM)});`,
  'a URL object': `await init(new URL(${JSON.stringify(WASM)}, location.href));`,
  '{ module_or_path: string }': `await init({ module_or_path: ${JSON.stringify(WASM)} });`,
  'a Request': `await init(new Request(${JSON.stringify(WASM)}));`,
  'a promise of a Response (fetch)': `await init(fetch(${JSON.stringify(WASM)}));`,
  'a Response': `await init(await fetch(${JSON.stringify(WASM)}));`,
  'bytes (an ArrayBuffer)': `await init(await (await fetch(${JSON.stringify(WASM)})).arrayBuffer());`,
  'a typed array': `await init(new Uint8Array(await (await fetch(${JSON.stringify(WASM)})).arrayBuffer()));`,
  'a compiled WebAssembly.Module': `await init(await WebAssembly.compileStreaming(fetch(${JSON.stringify(WASM)})));`,
};

async function inFreshPage(body) {
  const { context, page, problems } = await openPage({ url });
  try {
    const result = await page.evaluate(
      (code) => new Function(`return (async () => {
        const { init, classifyUrl, AfflinkError } = await import('afflink');
        ${code}
        return classifyUrl('https://www.aliexpress.com/item/1005006123456789.html').productId;
      })()`)(),
      body,
    );
    return { result, problems: problems() };
  } finally {
    await context.close();
  }
}

for (const [name, body] of Object.entries(SOURCES)) {
  test(`init takes ${name} in Chromium`, async () => {
    const { result, problems } = await inFreshPage(body);
    assert.equal(result, '1005006123456789');
    assert.deepEqual(problems, []);
  });
}

test('a second init with another source is refused with already_initialized (Chromium)', async () => {
  const { result } = await inFreshPage(`
    await init(${JSON.stringify(WASM)});
    const e = await init(fetch(${JSON.stringify(WASM)})).then(() => null, (e) => e);
    if (!(e instanceof AfflinkError) || e.code !== 'already_initialized') throw new Error('not refused: ' + e);`);
  assert.equal(result, '1005006123456789');
});
