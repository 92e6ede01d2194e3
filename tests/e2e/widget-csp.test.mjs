// The script tag (www/widget/afflink.js) under Content-Security-Policies that govern the page
// and its worker differently (docs/WIDGET.md, "How it loads" and "Safety"): the worker's CSP
// is the one its own file is served with, not the page's; and a Trusted Types list without
// `afflink` sends the conversion to the page's thread, with the one violation Chromium logs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT, useBrowser } from './harness.mjs';
import { startServer, stopServer } from '../../scripts/serve.mjs';

const { openPage } = useBrowser();
const SITE = join(ROOT, 'target', 'e2e-widget-csp');
const PRODUCT = 'https://www.aliexpress.com/item/1005006123456789.html';
const LINK =
  'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dT5B1bR&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html&af=myblog';
/** No 'wasm-unsafe-eval': a page under it cannot compile WebAssembly. */
const NO_WASM = "default-src 'self'; script-src 'self'";
const TRUSTED_TYPES = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; require-trusted-types-for 'script'; trusted-types default";

let site; // the blog and the afflink files, no CSP
let trusted; // the same, every file with TRUSTED_TYPES
const servers = [];

before(async () => {
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(SITE, { recursive: true });
  cpSync(DIST, SITE, { recursive: true });
  writeFileSync(join(SITE, 'favicon.ico'), '');
  const page = (head) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post</title>${head}
<script async src="/afflink.js" data-aff-short-key="_dT5B1bR" data-af="myblog"></script></head>
<body><p><a href="${PRODUCT}">see it</a></p></body></html>`;
  writeFileSync(join(SITE, 'meta.html'), page(`<meta http-equiv="Content-Security-Policy" content="${NO_WASM}">`));
  writeFileSync(join(SITE, 'plain.html'), page(''));
  for (const [name, headers] of [['site', {}], ['trusted', { 'Content-Security-Policy': TRUSTED_TYPES }]]) {
    const { server, url } = await startServer(SITE, 0, { headers });
    servers.push(server);
    if (name === 'site') site = url;
    else trusted = url;
  }
});

after(async () => {
  await Promise.all(servers.map(stopServer));
  rmSync(SITE, { recursive: true, force: true });
});

/** Opens `url`, waits for the first pass; the link, whether the worker ran, afflink's messages. */
async function converted(url, options = {}) {
  const opened = await openPage({ url: 'about:blank', allowedOrigins: [new URL(url).origin], ...options });
  const messages = [];
  opened.page.on('console', (msg) => {
    if (msg.text().startsWith('afflink:')) messages.push(msg.text());
  });
  await opened.page.goto(url);
  await opened.page.waitForFunction(() => document.querySelector('a[data-afflink-original]'), null, { timeout: 15000 });
  return {
    ...opened,
    href: await opened.page.getAttribute('a', 'href'),
    worker: opened.requests.some((u) => u.endsWith('/afflink-convert-worker.js')),
    messages,
  };
}

test("a CSP without 'wasm-unsafe-eval' in a <meta> tag does not govern the worker: links are converted there", async () => {
  const { context, href, worker, messages, problems } = await converted(`${site}meta.html`);
  assert.equal(href, LINK);
  assert.equal(worker, true);
  assert.deepEqual(messages, []);
  assert.deepEqual(problems(), []);
  await context.close();
});

test("a CSP without 'wasm-unsafe-eval' on the HTML only (a header the worker's file is not served with): converted in the worker", async () => {
  const route = {
    url: '**/plain.html',
    async handler(r) {
      const response = await r.fetch();
      await r.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': NO_WASM } });
    },
  };
  const { context, page, href, worker, messages, problems } = await converted(`${site}plain.html`, { route });
  // The page itself is under the header: it cannot compile WebAssembly.
  assert.equal(await page.evaluate(() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'compiled', () => 'refused')), 'refused');
  assert.equal(href, LINK);
  assert.equal(worker, true);
  assert.deepEqual(messages, []);
  // Only the probe above was refused.
  assert.ok(problems().every((p) => /wasm-eval|WebAssembly/i.test(p)), problems().join('\n'));
  await context.close();
});

test('a Trusted Types list without afflink: converted on the page\'s thread; Chromium logs the refused policy, nothing else', async () => {
  const { context, href, worker, messages, problems } = await converted(`${trusted}plain.html`);
  assert.equal(href, LINK);
  assert.equal(worker, false, 'no worker: its policy was refused');
  assert.deepEqual(messages, []);
  // The violation docs/WIDGET.md describes, as a console error and as a violation event.
  const found = problems();
  assert.ok(found.length > 0, 'the refused policy is reported');
  assert.ok(found.every((p) => /TrustedTypePolicy named 'afflink'|trusted-types blocked/.test(p)), found.join('\n'));
  await context.close();
});
