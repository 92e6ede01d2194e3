// The script-tag widget (www/widget/afflink.js) on blog pages, in headless Chromium: which links it
// converts (the shared cases of tests/cases/convert.json), how (rel, data-afflink-original,
// disclosure), links added later, opt-out, the JSON settings block, bad settings, strict and
// WebAssembly-refusing Content-Security-Policies, files on another origin (CORS), and that
// it stores nothing and requests nothing but its own files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT, useBrowser } from './harness.mjs';
import { startServer, stopServer } from '../../scripts/serve.mjs';
import { hashes, integrity } from '../../scripts/sri.mjs';

const { openPage } = useBrowser();
const CASES = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'convert.json'), 'utf8'));
const SITE = join(ROOT, 'target', 'e2e-widget');
const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; require-trusted-types-for 'script'";

let site; // the blog, with the afflink files next to it (one origin)
let strict; // the same folder, served with the strict CSP header
let noWasm; // the same folder, with a CSP that refuses WebAssembly
let cdn; // dist/ alone on another origin, with CORS
let cdnNoCors; // dist/ alone on another origin, without CORS
const servers = [];

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attrs = (settings) =>
  Object.entries(settings)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');

/** A blog page: `body` HTML, and the snippet with `settings` loaded from `src`. */
function blog({ settings = {}, body = '', src = '/afflink.js', head = '', extra = '' }) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A blog post</title>${head}
<script async src="${escapeHtml(src)}"${extra}${attrs(settings)}></script></head>
<body><article><h1>My favourite earbuds</h1>${body}</article></body></html>`;
}

function write(name, html) {
  writeFileSync(join(SITE, name), html);
  return name;
}

const SCENARIO = CASES.scenarios[0];
const caseLinks = (links) =>
  links.map((c, i) => `<p>Link ${i}: <a data-case="${i}" href="${escapeHtml(c.href)}">see it</a></p>`).join('\n');

before(async () => {
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(SITE, { recursive: true });
  cpSync(DIST, SITE, { recursive: true });
  writeFileSync(join(SITE, 'favicon.ico'), ''); // the blog's own; its absence would log a 404
  const serve = async (dir, options) => {
    const { server, url } = await startServer(dir, 0, options);
    servers.push(server);
    return url;
  };
  site = await serve(SITE);
  strict = await serve(SITE, { headers: { 'Content-Security-Policy': STRICT_CSP } });
  noWasm = await serve(SITE, { headers: { 'Content-Security-Policy': "default-src 'self'; script-src 'self'" } });
  cdn = await serve(DIST, { headers: { 'Access-Control-Allow-Origin': '*' } });
  cdnNoCors = await serve(DIST);
});

after(async () => {
  // Open servers would keep this test file's process alive.
  await Promise.all(servers.map(stopServer));
  rmSync(SITE, { recursive: true, force: true });
});

/** Every afflink console line and every conversion pass, recorded from before the page loads. */
async function openRecorded(url, options = {}) {
  // The harness opens the page itself; record through an init script on a fresh page instead.
  const allowedOrigins = [new URL(url).origin, ...(options.allowedOrigins ?? [])];
  const { context, page, problems, requests } = await openPage({ ...options, url: 'about:blank', allowedOrigins });
  const messages = [];
  page.on('console', (msg) => {
    if (msg.text().startsWith('afflink:')) messages.push({ type: msg.type(), text: msg.text() });
  });
  await page.addInitScript(() => {
    window.__passes = [];
    document.addEventListener('afflink:converted', (e) => window.__passes.push(e.detail));
    // Each time the widget yields to the page between chunks.
    window.__yields = 0;
    const { scheduler } = window;
    if (scheduler && scheduler.yield) {
      const original = scheduler.yield.bind(scheduler);
      scheduler.yield = () => {
        window.__yields++;
        return original();
      };
    }
  });
  await page.goto(url);
  return { context, page, problems, requests, messages };
}

const passes = (page, n = 1) => page.waitForFunction((k) => window.__passes.length >= k, n, { timeout: 15000 });

function linkStates(page) {
  return page.$$eval('a', (links) =>
    links.map((a) => ({
      case: a.dataset.case,
      id: a.id,
      href: a.getAttribute('href'),
      rel: a.getAttribute('rel'),
      original: a.getAttribute('data-afflink-original'),
      next: a.nextElementSibling ? a.nextElementSibling.outerHTML : null,
    }))
  );
}

test('converts exactly the product links of the shared cases, and leaves every other link as it was', async () => {
  const name = write('cases.html', blog({ settings: SCENARIO.settings, body: caseLinks(SCENARIO.links) }));
  const { context, page, problems, messages } = await openRecorded(site + name);
  await passes(page);
  const states = await linkStates(page);
  const converted = SCENARIO.links.filter((c) => c.link).length;
  assert.deepEqual(await page.evaluate(() => window.__passes[0]), {
    converted,
    unchanged: SCENARIO.links.filter((c) => !c.link && /aliexpress\.|alibaba\./i.test(c.href)).length,
  });
  for (const state of states) {
    const c = SCENARIO.links[Number(state.case)];
    if (c.link) {
      assert.equal(state.href, c.link, c.href);
      assert.equal(state.original, c.href);
      assert.equal(state.rel, 'sponsored noopener');
    } else {
      assert.deepEqual([state.href, state.original, state.rel], [c.href, null, null], `${c.href} (${c.code}) must stay`);
    }
  }
  assert.deepEqual(messages, []);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('each settings scenario converts its own program only', async () => {
  for (const scenario of CASES.scenarios.slice(1)) {
    const name = write('scenario.html', blog({ settings: scenario.settings, body: caseLinks(scenario.links) }));
    const { context, page, problems } = await openRecorded(site + name);
    await passes(page);
    const states = await linkStates(page);
    for (const state of states) {
      const c = scenario.links[Number(state.case)];
      assert.equal(state.href, c.link ?? c.href, `${scenario.name}: ${c.href}`);
    }
    assert.deepEqual(problems(), []);
    await context.close();
  }
});

/** A phone (390×844, touch) and a desktop, as the widget tells them apart. */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };

test('Alibaba.com links get the mobile template on a phone and the PC one on a desktop', async () => {
  const forVisitor = { pc: DESKTOP, wap: PHONE };
  let checked = 0;
  for (const scenario of CASES.platformScenarios) {
    // The tag never picks the app template: that scenario is for the CLI and the API.
    const device = forVisitor[scenario.platform];
    if (!device) continue;
    const name = write('platform.html', blog({ settings: scenario.settings, body: caseLinks(scenario.links) }));
    const { context, page, problems } = await openRecorded(site + name, { device });
    await passes(page);
    for (const state of await linkStates(page)) {
      const c = scenario.links[Number(state.case)];
      assert.equal(state.href, c.link, `${scenario.name}: ${c.href}`);
      checked++;
    }
    assert.deepEqual(problems(), []);
    await context.close();
  }
  assert.equal(checked, 9);
});

const PRODUCT = 'https://www.aliexpress.com/item/1005006123456789.html';
const SETTINGS = { 'aff-short-key': '_dT5B1bR', af: 'myblog' };
const LINK =
  'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dT5B1bR&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html&af=myblog';

test('rel values are added to, opt-outs are respected, the disclosure is text, later links are converted', async () => {
  const body = `
    <p><a id="plain" href="${PRODUCT}">plain</a></p>
    <p><a id="rel" rel="nofollow external" href="${PRODUCT}?spm=x">with rel</a></p>
    <p><a id="spaced" rel=" nofollow  sponsored nofollow " href="${PRODUCT}">with rel, spaced</a></p>
    <svg width="20" height="20"><a id="svg" rel="nofollow" href="${PRODUCT}"><text y="15">s</text></a></svg>
    <p><a id="off" data-afflink="off" href="${PRODUCT}">opted out</a></p>
    <section data-afflink="off"><p><a id="region" href="${PRODUCT}">in an opted-out region</a></p></section>
    <p><a id="page" href="https://www.aliexpress.com/wholesale?SearchText=x">a search page</a></p>
    <p><a id="relative" href="/item/1005006123456789.html">a relative link on this blog</a></p>
    <div id="feed"></div>`;
  const disclosure = '<img src=x onerror=alert(1)> (affiliate link)';
  const name = write('dom.html', blog({ settings: { ...SETTINGS, disclosure }, body }));
  const { context, page, problems, messages } = await openRecorded(site + name);
  await passes(page);
  const byId = Object.fromEntries((await linkStates(page)).map((s) => [s.id, s]));
  assert.equal(byId.plain.href, LINK);
  assert.equal(byId.rel.rel, 'nofollow external sponsored noopener');
  assert.equal(byId.rel.original, `${PRODUCT}?spm=x`);
  // Tokens kept in order, each once, ours added once; an SVG <a> (whose `href` property is not text) too.
  assert.equal(byId.spaced.rel, 'nofollow sponsored noopener');
  assert.equal(byId.svg.href, LINK);
  assert.equal(byId.svg.rel, 'nofollow sponsored noopener');
  assert.equal(byId.svg.original, PRODUCT);
  for (const id of ['off', 'region', 'page', 'relative']) assert.equal(byId[id].original, null, id);
  assert.equal(byId.off.href, PRODUCT);
  assert.equal(byId.region.href, PRODUCT);
  // The disclosure is a text node in a <small>, after the link, once.
  assert.equal(
    byId.plain.next,
    '<small class="afflink-disclosure" data-afflink-disclosure=""> &lt;img src=x onerror=alert(1)&gt; (affiliate link)</small>'
  );
  assert.equal(await page.locator('img').count(), 0);

  // Links added later (infinite scroll) and a link whose address changes (a single-page app).
  await page.evaluate((product) => {
    const feed = document.getElementById('feed');
    for (let i = 0; i < 3; i++) {
      const a = document.createElement('a');
      a.className = 'later';
      a.href = `${product}?n=${i}`;
      a.textContent = `later ${i}`;
      feed.append(a);
    }
    document.getElementById('page').href = product;
  }, PRODUCT);
  await page.waitForFunction(
    () => [...document.querySelectorAll('a.later, #page')].every((a) => a.hasAttribute('data-afflink-original')),
    null,
    { timeout: 10000 }
  );
  const later = await page.$$eval('a.later, #page', (links) => links.map((a) => a.getAttribute('href')));
  assert.deepEqual(later, [LINK, LINK, LINK, LINK]);
  // The page points converted links elsewhere: they are no longer marked as converted, and
  // get back the rel they had, exactly (one pointed at another product first, too); a value
  // the page added since stays, afflink's go.
  await page.evaluate((product) => {
    document.getElementById('spaced').href = `${product}?n=9`;
  }, PRODUCT);
  await page.waitForFunction(() => document.getElementById('spaced').getAttribute('data-afflink-original').endsWith('?n=9'));
  await page.evaluate(() => {
    for (const id of ['plain', 'rel', 'spaced', 'svg']) document.getElementById(id).setAttribute('href', 'https://example.com/');
    document.getElementById('svg').setAttribute('rel', 'nofollow sponsored noopener me');
  });
  await page.waitForFunction(() => ['plain', 'rel', 'spaced', 'svg'].every((id) => !document.getElementById(id).hasAttribute('data-afflink-original')));
  const back = Object.fromEntries((await linkStates(page)).map((s) => [s.id, s]));
  assert.deepEqual(
    ['plain', 'rel', 'spaced', 'svg'].map((id) => [back[id].href, back[id].rel]),
    [['https://example.com/', null], ['https://example.com/', 'nofollow external'], ['https://example.com/', ' nofollow  sponsored nofollow '], ['https://example.com/', 'nofollow me']]
  );
  // Converted links are not converted again (no second disclosure, no double marking).
  assert.equal(await page.locator('small[data-afflink-disclosure]').count(), 4);
  assert.deepEqual(messages, []);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('settings from a JSON block work like data attributes (attributes win)', async () => {
  const config = JSON.stringify({ affShortKey: '_dT5B1bR', af: 'from-json', cn: 'c1' });
  const head = `<script type="application/json" id="afflink-config">${config}</script>`;
  const name = write('json.html', blog({ head, settings: { cn: 'from-attribute' }, body: `<a href="${PRODUCT}">x</a>` }));
  const { context, page, problems } = await openRecorded(site + name);
  await passes(page);
  const href = await page.getAttribute('a', 'href');
  assert.ok(href.endsWith('&af=from-json&cn=from-attribute'), href);
  assert.deepEqual(problems(), []);
  await context.close();
});

/** A page whose widget must report one problem and change nothing. */
async function assertDisabled(url, pattern, options = {}) {
  const { context, page, messages } = await openRecorded(url, options);
  await page.waitForTimeout(1500);
  const errors = messages.filter((m) => m.type === 'error');
  assert.equal(errors.length, 1, JSON.stringify(messages));
  assert.match(errors[0].text, pattern);
  assert.equal(await page.getAttribute('a', 'href'), PRODUCT);
  assert.equal(await page.locator('[data-afflink-original]').count(), 0);
  assert.equal(await page.evaluate(() => window.__passes.length), 0);
  await context.close();
}

test('a bad setting is reported once on the console and no link changes', async () => {
  const body = `<a href="${PRODUCT}">x</a>`;
  // The documented format: `afflink: <sentence> [code] Links were left as they are.`
  const END = ' Links were left as they are\\.$';
  await assertDisabled(site + write('bad-key.html', blog({ settings: { 'aff-short-key': 'not a key!' }, body })), new RegExp(`^afflink: [A-Z].*\\(setting data-aff-short-key\\)\\. \\[invalid_setting\\]${END}`));
  await assertDisabled(site + write('no-key.html', blog({ settings: { af: 'x' }, body })), new RegExp(`^afflink: [A-Z].*\\. \\[no_program_settings\\]${END}`));
  const head = '<script type="application/json" id="afflink-config">{"affShortKey": </script>';
  const block = '^afflink: The settings in <script id="afflink-config"> are not usable: ';
  await assertDisabled(site + write('bad-json.html', blog({ head, body })), new RegExp(`${block}.+\\. \\[invalid_setting\\]${END}`));
  // Values are text: an object, an array or null is refused (a number is taken as its text).
  const object = '<script type="application/json" id="afflink-config">{"affShortKey": "_dT5B1bR", "af": {"x": 1}}</script>';
  await assertDisabled(site + write('json-object.html', blog({ head: object, body })), new RegExp(`${block}the value of "af" is not text\\. \\[invalid_setting\\]${END}`));
  await assertDisabled(site + write('bad-convert.html', blog({ settings: { ...SETTINGS, convert: 'maybe' }, body })), /data-convert/);
});

test('an unknown setting is a warning that names the right one; data-convert="off" changes nothing', async () => {
  const body = `<a href="${PRODUCT}">x</a>`;
  const name = write('typo.html', blog({ settings: { ...SETTINGS, 'aff-shortkey': 'x' }, body }));
  const { context, page, messages } = await openRecorded(site + name);
  await passes(page);
  assert.deepEqual(messages.map((m) => m.type), ['warning']);
  assert.match(messages[0].text, /^afflink: data-aff-shortkey .*Did you mean data-aff-short-key\? \[unknown_setting\]$/);
  await context.close();

  const off = write('off.html', blog({ settings: { ...SETTINGS, convert: 'off' }, body }));
  const opened = await openRecorded(site + off);
  await opened.page.waitForTimeout(1000);
  assert.equal(await opened.page.getAttribute('a', 'href'), PRODUCT);
  assert.ok(!opened.requests.some((u) => u.endsWith('.wasm')), 'no WebAssembly fetched');
  assert.deepEqual(opened.messages, []);
  await opened.context.close();
});

test('a page without program links fetches no WebAssembly until one appears', async () => {
  const name = write('none.html', blog({ settings: SETTINGS, body: '<a href="https://example.com/">elsewhere</a>' }));
  const { context, page, problems, requests } = await openRecorded(site + name);
  await page.waitForTimeout(1000);
  assert.deepEqual(requests.filter((u) => !u.endsWith('/none.html')).map((u) => new URL(u).pathname), ['/afflink.js']);
  await page.evaluate((href) => {
    const a = document.createElement('a');
    a.href = href;
    document.body.append(a);
  }, PRODUCT);
  await passes(page);
  assert.equal(await page.getAttribute('a[href^="https://s.click"]', 'href'), LINK);
  assert.ok(requests.some((u) => u.endsWith('/convert/afflink_convert_bg.wasm')));
  assert.ok(!requests.some((u) => u.includes('/pkg/')), 'the conversion-only build, not the full one');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('works under the strict CSP with Trusted Types, and stores nothing', async () => {
  const name = write('strict.html', blog({ settings: SETTINGS, body: `<a href="${PRODUCT}">x</a>` }));
  const { context, page, problems, requests } = await openRecorded(strict + name);
  await passes(page);
  assert.equal(await page.getAttribute('a', 'href'), LINK);
  // Same origin: the conversion ran in the worker (under Trusted Types, through its policy).
  assert.ok(requests.some((u) => u.endsWith('/afflink-convert-worker.js')), 'the worker was started');
  const stored = await page.evaluate(async () => ({
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
  }));
  assert.deepEqual(stored, { cookie: '', local: 0, session: 0, databases: 0, caches: 0 });
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('a CSP that refuses WebAssembly: one message that says so, links untouched', async () => {
  const name = write('no-wasm.html', blog({ settings: SETTINGS, body: `<a href="${PRODUCT}">x</a>` }));
  await assertDisabled(noWasm + name, /Content-Security-Policy does not allow WebAssembly/);
});

test('the work is split into chunks of the documented size (counted in yields to the page)', async () => {
  // 5,000 product links, same origin: the first pass looks at them 2,000 per task (2 yields),
  // the worker's answers are written 2,000 per task (2 yields). 2,500 links, same origin: a
  // pass at most a quarter over one chunk is one chunk (the first pass's 1 yield only). Files
  // on a CDN, conversion on the page's thread: the same first pass (1 yield), then chunks of
  // 50 and 250 links, each in a task of its own (11 yields: the first chunk's task is not the
  // one where the module's loading ends).
  const body = (n) => Array.from({ length: n }, (_, i) => `<p><a href="https://www.aliexpress.com/item/${1005006000000000 + i}.html">${i}</a></p>`).join('\n');
  for (const [n, src, allowedOrigins, yields] of [
    [5000, '/afflink.js', [], 4],
    [2500, '/afflink.js', [], 1],
    [2500, `${cdn}afflink.js`, [new URL(cdn).origin], 12],
  ]) {
    const name = write('chunks.html', blog({ settings: SETTINGS, body: body(n), src }));
    const { context, page, problems } = await openRecorded(site + name, { allowedOrigins });
    await passes(page);
    assert.deepEqual(await page.evaluate(() => window.__passes), [{ converted: n, unchanged: 0 }], src);
    assert.equal(await page.locator('a[data-afflink-original]').count(), n);
    assert.equal(await page.evaluate(() => window.__yields), yields, `${n} ${src}`);
    assert.deepEqual(problems(), []);
    await context.close();
  }
});

test('a page linking the same products many times: every link gets its own product, in every chunk', async () => {
  // 2,600 links to 700 products, so most answers of the worker's later chunks repeat
  // addresses of earlier ones (each distinct address is converted once per pass); every
  // 13th link is a search page, which is not converted and stays as it is.
  const SEARCH = 'https://www.aliexpress.com/wholesale?SearchText=usb+cable';
  const url = (i) => (i % 13 === 12 ? SEARCH : `https://www.aliexpress.com/item/${1005006000000000 + ((i * 7) % 700)}.html`);
  const body = Array.from({ length: 2600 }, (_, i) => `<p><a href="${url(i)}">${i}</a></p>`).join('\n');
  for (const [src, allowedOrigins] of [['/afflink.js', []], [`${cdn}afflink.js`, [new URL(cdn).origin]]]) {
    const name = write('repeats.html', blog({ settings: SETTINGS, body, src }));
    const { context, page, problems } = await openRecorded(site + name, { allowedOrigins });
    await passes(page);
    const refused = Array.from({ length: 2600 }, (_, i) => i).filter((i) => i % 13 === 12).length;
    assert.deepEqual(await page.evaluate(() => window.__passes), [{ converted: 2600 - refused, unchanged: refused }], src);
    const wrong = await page.evaluate(() =>
      [...document.querySelectorAll('p > a')]
        .map((a, i) => {
          const href = a.getAttribute('href');
          if (i % 13 === 12) return href === 'https://www.aliexpress.com/wholesale?SearchText=usb+cable' ? null : `${i}: ${href}`;
          const expected = `https://www.aliexpress.com/item/${1005006000000000 + ((i * 7) % 700)}.html`;
          const target = new URL(href).searchParams.get('dl_target_url');
          return target === expected && a.getAttribute('data-afflink-original') === expected ? null : `${i}: ${href}`;
        })
        .filter(Boolean),
    );
    assert.deepEqual(wrong, [], src);
    assert.deepEqual(problems(), []);
    await context.close();
  }
});

test('links the page changes or removes while later chunks are converted keep the page\'s change', async () => {
  // 3,000 product links: the worker answers 2,000 at a time (the page's thread, 250). As soon
  // as the first link is written, the page points link 2900 elsewhere, link 2901 at another
  // product, and removes link 2902: later chunks must not write what was read before.
  const product = (i) => `https://www.aliexpress.com/item/${1005006000000000 + i}.html`;
  const OTHER = 'https://www.aliexpress.com/item/1005009999999999.html';
  const body = Array.from({ length: 3000 }, (_, i) => `<p><a id="l${i}" href="${product(i)}">${i}</a></p>`).join('\n');
  const head = `<script>
    new MutationObserver((records, observer) => {
      if (!records.some((r) => r.attributeName === 'data-afflink-original')) return;
      observer.disconnect();
      document.getElementById('l2900').setAttribute('href', 'https://example.com/not-a-product');
      document.getElementById('l2901').setAttribute('href', ${JSON.stringify(OTHER)});
      document.getElementById('l2902').remove();
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-afflink-original'] });
  </script>`;
  for (const [src, allowedOrigins] of [['/afflink.js', []], [`${cdn}afflink.js`, [new URL(cdn).origin]]]) {
    const name = write('changed-while-converting.html', blog({ settings: SETTINGS, body, src, head }));
    const { context, page, problems } = await openRecorded(site + name, { allowedOrigins });
    await passes(page, 2);
    assert.deepEqual(await page.evaluate(() => window.__passes), [{ converted: 2997, unchanged: 3 }, { converted: 1, unchanged: 0 }], src);
    const states = await page.evaluate(() =>
      [...document.querySelectorAll('p > a')].map((a) => [a.id, a.getAttribute('href'), a.getAttribute('data-afflink-original')]),
    );
    assert.equal(states.length, 2999, src);
    const target = (href) => new URL(href).searchParams.get('dl_target_url');
    const wrong = states.filter(([id, href, original]) => {
      const i = Number(id.slice(1));
      if (i === 2900) return href !== 'https://example.com/not-a-product' || original !== null;
      const expected = i === 2901 ? OTHER : product(i);
      return target(href) !== expected || original !== expected;
    });
    assert.deepEqual(wrong, [], src);
    assert.ok(!states.some(([id]) => id === 'l2902'), src);
    assert.deepEqual(problems(), []);
    await context.close();
  }
});

test('files on another origin (a CDN) work with CORS, and fail cleanly without it', async () => {
  const body = `<a href="${PRODUCT}">x</a>`;
  const name = write('cdn.html', blog({ settings: SETTINGS, body, src: `${cdn}afflink.js` }));
  const { context, page, problems, requests } = await openRecorded(site + name, { allowedOrigins: [new URL(cdn).origin] });
  await passes(page);
  assert.equal(await page.getAttribute('a', 'href'), LINK);
  assert.ok(requests.some((u) => u === `${cdn}convert/afflink_convert_bg.wasm`), 'the wasm came from the CDN');
  // Browsers refuse workers from another origin: the page converted on its own thread.
  assert.ok(!requests.some((u) => u.endsWith('/afflink-convert-worker.js')), 'no worker from another origin');
  assert.deepEqual(problems(), []);
  await context.close();

  const bare = write('cdn-no-cors.html', blog({ settings: SETTINGS, body, src: `${cdnNoCors}afflink.js` }));
  await assertDisabled(site + bare, /could not be loaded/, { allowedOrigins: [new URL(cdnNoCors).origin] });
});

test('hostile links and settings run no script and are never converted', async () => {
  const payload = `"><img src=x onerror=alert(1)><script>alert(2)</script>`;
  const body = `
    <a id="js" href="javascript:alert('aliexpress.com/item/1005006123456789.html')">js</a>
    <a id="data" href="data:text/html,<script>alert('aliexpress.')</script>">data</a>
    <a id="user" href="https://www.aliexpress.com@evil.io/item/1005006123456789.html">userinfo</a>
    <a id="look" href="https://www.aliexpress.com.evil.io/item/1005006123456789.html">lookalike</a>
    <a id="xss" href="${PRODUCT}?q=${escapeHtml(encodeURIComponent(payload))}">${escapeHtml(payload)}</a>`;
  const settings = { ...SETTINGS, cn: payload, disclosure: payload };
  const name = write('hostile.html', blog({ settings, body }));
  const { context, page, problems, messages } = await openRecorded(strict + name);
  await passes(page);
  const byId = Object.fromEntries((await linkStates(page)).map((s) => [s.id, s]));
  for (const id of ['js', 'data', 'user', 'look']) assert.equal(byId[id].original, null, id);
  assert.equal(byId.xss.href, `${LINK}&cn=${encodeURIComponent(payload).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
  assert.equal(await page.locator('img, script:not([src]):not([type])').count(), 0);
  assert.equal(await page.locator('small[data-afflink-disclosure]').textContent(), ` ${payload}`);
  assert.deepEqual(messages, []);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('addresses with spaces or line breaks at their ends are converted; a line break inside never shifts the answers', async () => {
  const body = `
    <p><a id="spaced" href="
        ${PRODUCT}
      ">wrapped in the source</a></p>
    <p><a id="a" href="${PRODUCT}">a</a> <a id="b" href="https://www.aliexpress.com/wholesale?SearchText=x">b</a></p>`;
  const name = write('spaces.html', blog({ settings: SETTINGS, body }));
  const { context, page, problems } = await openRecorded(site + name);
  await passes(page);
  assert.equal(await page.getAttribute('#spaced', 'href'), LINK);
  assert.match(await page.getAttribute('#spaced', 'data-afflink-original'), /^\n\s+https:\/\/www\.aliexpress\.com\/item\/1005006123456789\.html\n\s+$/);
  // The page points the converted link at an address with a line break inside, and adds links.
  await page.evaluate((product) => {
    document.getElementById('a').setAttribute('href', `https://www.aliexpress.com/item/\n1005006123456789.html`);
    const more = document.createElement('p');
    for (const [id, href] of [['c', `${product}?x=1\ny`], ['d', product], ['e', 'https://www.aliexpress.com/w/wholesale-x.html']]) {
      const link = document.createElement('a');
      link.id = id;
      link.setAttribute('href', href);
      more.append(link);
    }
    document.body.append(more);
  }, PRODUCT);
  await page.waitForFunction(() => document.getElementById('d').hasAttribute('data-afflink-original'));
  await page.waitForFunction(() => !document.getElementById('a').hasAttribute('data-afflink-original'));
  assert.equal(await page.getAttribute('#a', 'href'), 'https://www.aliexpress.com/item/\n1005006123456789.html');
  assert.equal(await page.getAttribute('#c', 'href'), `${PRODUCT}?x=1\ny`);
  assert.equal(await page.getAttribute('#d', 'href'), LINK);
  assert.equal(await page.getAttribute('#e', 'href'), 'https://www.aliexpress.com/w/wholesale-x.html');
  assert.equal(await page.getAttribute('#b', 'href'), 'https://www.aliexpress.com/wholesale?SearchText=x');
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the loader and the glue it loads on the page\'s thread start with V8\'s compile hint', () => {
  // scripts/build.sh: their functions are compiled with the script, off the page's thread.
  for (const file of ['afflink.js', join('convert', 'afflink_convert.js')]) {
    assert.equal(readFileSync(join(DIST, file), 'utf8').split('\n')[0], '//# allFunctionsCalledOnLoad', file);
  }
});

test('the tag pinned with Subresource Integrity (the hash scripts/sri.mjs prints) loads from a CDN and converts', async () => {
  const hash = integrity(readFileSync(join(DIST, 'afflink.js')));
  const extra = ` integrity="${hash}" crossorigin="anonymous"`;
  const name = write('sri.html', blog({ settings: SETTINGS, body: `<a href="${PRODUCT}">x</a>`, src: `${cdn}afflink.js`, extra }));
  const { context, page, problems } = await openRecorded(site + name, { allowedOrigins: [new URL(cdn).origin] });
  await passes(page);
  assert.equal(await page.getAttribute('a', 'href'), LINK);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the versioned CDN folder holds every file a page loads, sri.json is right, and its pinned tag converts', async () => {
  const version = JSON.parse(readFileSync(join(DIST, 'pkg', 'package.json'), 'utf8')).version;
  const folder = join(DIST, 'cdn', `afflink@${version}`);
  const { files } = JSON.parse(readFileSync(join(folder, 'sri.json'), 'utf8'));
  // Every script and module of the site but the demo page's own, each with its hash.
  const siteFiles = hashes(DIST).filter((r) => !r.file.startsWith('cdn/') && r.file !== 'demo.js');
  assert.ok(siteFiles.length >= 30);
  for (const r of siteFiles) assert.equal(files[r.file], r.integrity, r.file);
  for (const [file, hash] of Object.entries(files)) assert.equal(integrity(readFileSync(join(folder, file))), hash, file);
  const src = `${cdn}cdn/afflink@${version}/afflink.js`;
  const extra = ` integrity="${files['afflink.js']}" crossorigin="anonymous"`;
  const name = write('cdn-pinned.html', blog({ settings: SETTINGS, body: `<a href="${PRODUCT}">x</a>`, src, extra }));
  const { context, page, problems } = await openRecorded(site + name, { allowedOrigins: [new URL(cdn).origin] });
  await passes(page);
  assert.equal(await page.getAttribute('a', 'href'), LINK);
  assert.deepEqual(problems(), []);
  await context.close();
});
