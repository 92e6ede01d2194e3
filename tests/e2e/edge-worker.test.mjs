// The edge worker (examples/edge-worker/worker.js) under miniflare's workerd, offline: it
// imports the built package (pkg/, as the packed tarball holds it: the browser entry and the
// `.wasm` as a compiled WebAssembly.Module), and sits in front of an origin served on
// 127.0.0.1. Pages made from the shared cases of tests/cases/convert.json come out with the
// links the script tag writes (href, rel, data-afflink-original); opted-out and already
// converted links, every other byte of the page, and non-HTML responses pass through as
// the origin sent them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { ROOT } from './harness.mjs';

const PKG = join(ROOT, 'pkg');
const WORKER = join(ROOT, 'examples', 'edge-worker', 'worker.js');
const CASES = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'convert.json'), 'utf8'));
const PROGRAM_LINK = /aliexpress\.|alibaba\./i;
const MOBILE = { 'Sec-CH-UA-Mobile': '?1', 'User-Agent': 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile' };
const DESKTOP = { 'Sec-CH-UA-Mobile': '?0', 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64)' };

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const caseLinks = (links) =>
  links.map((c, i) => `<p>Link ${i}: <a data-case="${i}" href="${escapeHtml(c.href)}">see it</a></p>`).join('\n');
const page = (body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post — ünïcode</title>
<script>var tpl = '<a href="https://www.aliexpress.com/item/1005006123456789.html">x</a>';</script></head>
<body><article><h1>My favourite earbuds</h1>
<!-- <a href="https://www.aliexpress.com/item/1005006123456789.html">in a comment</a> -->
${body}
<pre>&lt;a href="https://www.aliexpress.com/item/1005006123456789.html"&gt;</pre></article></body></html>`;

// The origin: every page of a scenario, and responses that are not HTML.
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  Buffer.from('<a href="https://www.aliexpress.com/item/1005006123456789.html">', 'latin1'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
]);
const JSON_BODY = JSON.stringify({
  link: '<a href="https://www.aliexpress.com/item/1005006123456789.html">buy</a>',
  href: 'https://www.aliexpress.com/item/1005006123456789.html',
});
const pages = new Map();
let origin;
/** The URLs the origin server was asked for, in turn. */
const asked = [];
let server;
let mf;

const FIRST = CASES.scenarios[0];
const firstConverted = FIRST.links.find((c) => c.link);

/** Links around the cases: opt-out regions, an already converted link, rel values to keep. */
const EXTRA = `
<section data-afflink="off"><p>Sponsored elsewhere: <a data-extra="region" href="${escapeHtml(firstConverted.href)}">it</a>
<span><a data-extra="region-deep" href="${escapeHtml(firstConverted.href)}">deeper</a></span></p></section>
<p><a data-extra="self-off" data-afflink="off" href="${escapeHtml(firstConverted.href)}">off</a></p>
<p><a data-extra="marked" data-afflink-original="https://www.aliexpress.com/item/1.html" href="${escapeHtml(firstConverted.href)}">done</a></p>
<p><a data-extra="after-region" rel="nofollow" href="${escapeHtml(firstConverted.href)}">after</a></p>
<p><a data-extra="rel-dup" rel="sponsored  nofollow sponsored" href="${escapeHtml(firstConverted.href)}">dup</a></p>
<p><a data-extra="spaces" href=" ${escapeHtml(firstConverted.href)}&#10;">spaces</a></p>
<p><a data-extra="numeric" href="https://www.aliexpress.com/item/1005006123456789&#46;html">numeric</a></p>
<p><a data-extra="unsure" href="https://www.aliexpress.com/item/1005006123456789.html?x=&hellip;">unsure</a></p>
<p><a data-extra="line-break" href="https://www.aliexpress.com/item/10050061&#10;23456789.html">broken</a></p>
<p><a data-extra="other" href="https://example.com/?a=1&amp;b=2">elsewhere</a> <a data-extra="relative" href="/about">about</a></p>`;

/** The workers: one per settings scenario (the environment differs), all in one workerd. */
const WORKERS = [
  ...CASES.scenarios.map((s, i) => ({ name: `scenario-${i}`, config: s.settings, path: `/scenario-${i}.html` })),
  ...CASES.platformScenarios
    .map((s, i) => ({ name: `platform-${i}`, config: s.settings, path: `/platform-${i}.html`, scenario: s }))
    .filter((w) => w.scenario.platform !== 'app'), // the script tag never picks the app template
  { name: 'camel-case', config: JSON.stringify({ affShortKey: '_dT5B1bR', af: 'myblog', disclosure: '(affiliate <link>)' }) },
  { name: 'table', config: { affShortKey: '_dT5B1bR', af: 'myblog' }, table: true },
  { name: 'bad-settings', config: JSON.stringify({ affShortKey: 'has spaces in it' }) },
  { name: 'not-an-object', config: '["affShortKey"]' },
  { name: 'off', config: JSON.stringify({ affShortKey: '_dT5B1bR', convert: 'off' }) },
  { name: 'no-origin', config: JSON.stringify({ affShortKey: '_dT5B1bR' }), noOrigin: true },
  { name: 'origin-path', config: JSON.stringify({ affShortKey: '_dT5B1bR' }), originPath: '/blog/' },
];

function packageModules() {
  // The package as a Worker imports it: the entry the `default` condition names (the
  // browser one), the files next to it, and the `.wasm` the worker imports.
  const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  const entry = manifest.exports['.'].default.replace('./', '');
  const wasm = manifest.exports['./afflink_wasm_bg.wasm'].replace('./', '');
  assert.equal(manifest.exports['./wasm'].default, `./${wasm}`);
  const read = (file) => readFileSync(join(PKG, file));
  return [
    { type: 'ESModule', path: '/edge/worker.js', contents: readFileSync(WORKER, 'utf8') },
    { type: 'ESModule', path: '/edge/afflink', contents: read(entry).toString('utf8') },
    ...manifest.files
      .filter((f) => f.endsWith('.js') && f !== entry && !/rewrite/.test(f))
      .map((f) => ({ type: 'ESModule', path: `/edge/${f}`, contents: read(f).toString('utf8') })),
    { type: 'CompiledWasm', path: `/edge/afflink/${wasm}`, contents: read(wasm) },
  ];
}

before(async () => {
  assert.ok(existsSync(join(PKG, 'package.json')), 'pkg/ is missing: run `bash scripts/build.sh` first');
  for (const [i, s] of CASES.scenarios.entries()) pages.set(`/scenario-${i}.html`, page(caseLinks(s.links) + (i === 0 ? EXTRA : '')));
  for (const [i, s] of CASES.platformScenarios.entries()) pages.set(`/platform-${i}.html`, page(caseLinks(s.links)));
  pages.set('/plain.html', page(`<p><a data-case="0" href="${escapeHtml(firstConverted.href)}" rel="nofollow">one</a></p>`));
  // A link whose end tag is left out: a paragraph's end closes it.
  pages.set('/unclosed.html', page(`<p><a data-case="0" href="${escapeHtml(firstConverted.href)}">one</p><p>next</p>`));
  server = createServer((req, res) => {
    asked.push(req.url);
    const path = new URL(req.url, 'http://x').pathname;
    if (pages.has(path)) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'X-Origin': 'yes' });
      res.end(pages.get(path));
    } else if (path === '/image.png') {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(PNG);
    } else if (path === '/data.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON_BODY);
    } else if (path === '/moved') {
      res.writeHead(302, { Location: '/plain.html' });
      res.end();
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  const modules = packageModules();
  mf = new Miniflare({
    // A `Request.cf` object of our own: without one, miniflare fetches it from the internet.
    cf: { colo: 'TST', country: 'ZZ' },
    workers: WORKERS.map((w) => ({
      name: w.name,
      modules,
      modulesRoot: '/edge',
      compatibilityDate: '2026-07-01',
      bindings: {
        ...(w.noOrigin ? {} : { ORIGIN: origin + (w.originPath ?? '') }),
        AFFLINK_CONFIG: typeof w.config === 'string' || w.table ? w.config : JSON.stringify(w.config),
      },
    })),
  });
  await mf.ready;
});

after(async () => {
  await mf?.dispose();
  await new Promise((resolve) => server?.close(resolve));
});

async function get(worker, path, headers = DESKTOP) {
  const w = await mf.getWorker(worker);
  const response = await w.fetch(`http://blog.test${path}`, { headers, redirect: 'manual' });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

// A start tag `<a …>`, quoted values allowed to hold `>`.
const A_TAG = /<a(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*\s*\/?>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const decode = (s) =>
  s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|quot|lt|gt|apos);/gi, (_, r) =>
    r[0] === '#'
      ? String.fromCodePoint(r[1] === 'x' || r[1] === 'X' ? parseInt(r.slice(2), 16) : parseInt(r.slice(1), 10))
      : { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" }[r.toLowerCase()]
  );
function attributes(tag) {
  const out = {};
  for (const m of tag.slice(2).replace(/\/?>$/, '').matchAll(ATTR)) {
    if (!(m[1].toLowerCase() in out)) out[m[1].toLowerCase()] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}
const startTags = (html) => [...html.matchAll(A_TAG)].map((m) => m[0]);
const withoutStartTags = (html) => html.replace(A_TAG, '<a>');

/**
 * Checks a converted page against its origin page: `expect(attrs)` gives the link a tag
 * should get (or null: the tag unchanged, byte for byte), and everything but the start tags
 * of converted links is the same bytes.
 */
function checkPage(sent, got, expect) {
  const before = startTags(sent);
  const afterTags = startTags(got);
  assert.equal(afterTags.length, before.length);
  assert.ok(before.length > 3);
  let converted = 0;
  for (const [i, tag] of before.entries()) {
    const a = attributes(tag);
    // Markup in a script, a comment or text is not a link: the tag stays.
    const isLink = a['data-case'] !== undefined || a['data-extra'] !== undefined;
    const link = isLink ? expect(a) : null;
    if (link === null) {
      assert.equal(afterTags[i], tag, `${a['data-case'] ?? a['data-extra']}: ${a.href} must stay as it was`);
      continue;
    }
    const b = attributes(afterTags[i]);
    assert.equal(b.href, link.href, a.href);
    assert.equal(b['data-afflink-original'], a.href);
    assert.equal(b.rel, link.rel);
    for (const name of Object.keys(a).filter((n) => n !== 'href' && n !== 'rel')) assert.equal(b[name], a[name]);
    converted++;
  }
  assert.equal(withoutStartTags(got), withoutStartTags(sent), 'every byte but the converted links’ start tags');
  return converted;
}

test('converts exactly the product links of each shared scenario, as the script tag does', async () => {
  for (const [i, scenario] of CASES.scenarios.entries()) {
    const { response, body } = await get(`scenario-${i}`, `/scenario-${i}.html`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-origin'), 'yes');
    const sent = pages.get(`/scenario-${i}.html`);
    const link = scenario.links.find((c) => c.link);
    const converted = checkPage(sent, body.toString('utf8'), (a) => {
      if (a['data-case'] !== undefined) {
        const c = scenario.links[Number(a['data-case'])];
        assert.equal(a.href, c.href);
        return c.link ? { href: c.link, rel: 'sponsored noopener' } : null;
      }
      // The extra links (first scenario) point at its first product, or elsewhere.
      const product = firstConverted.link;
      const expected = {
        region: null,
        'region-deep': null,
        'self-off': null,
        marked: null,
        'after-region': { href: product, rel: 'nofollow sponsored noopener' },
        'rel-dup': { href: product, rel: 'sponsored nofollow noopener' },
        spaces: { href: product, rel: 'sponsored noopener' },
        numeric: { href: product, rel: 'sponsored noopener' },
        // A named reference the worker cannot decode for sure: left as it is.
        unsure: null,
        'line-break': null,
        other: null,
        relative: null,
      }[a['data-extra']];
      assert.notEqual(expected, undefined, a['data-extra']);
      return expected;
    });
    assert.equal(converted, scenario.links.filter((c) => c.link).length + (i === 0 ? 4 : 0), scenario.name);
    assert.ok(link, `${scenario.name} converts something`);
  }
});

test('picks the Alibaba.com template for the visitor’s platform from the request headers', async () => {
  for (const [i, scenario] of CASES.platformScenarios.entries()) {
    if (scenario.platform === 'app') continue;
    const headers = scenario.platform === 'wap' ? MOBILE : DESKTOP;
    const { response, body } = await get(`platform-${i}`, `/platform-${i}.html`, headers);
    checkPage(pages.get(`/platform-${i}.html`), body.toString('utf8'), (a) => {
      const c = scenario.links[Number(a['data-case'])];
      return { href: c.link, rel: 'sponsored noopener' };
    });
    // With a mobile template, a cache must keep the page per platform.
    assert.equal(/User-Agent/.test(response.headers.get('vary') ?? ''), Boolean(scenario.settings['alibaba-template-wap']), scenario.name);
  }
  // A user agent alone (no client hint) also says "mobile browser".
  const wap = CASES.platformScenarios.findIndex((s) => s.platform === 'wap' && s.settings['alibaba-template-wap']);
  const { body } = await get(`platform-${wap}`, `/platform-${wap}.html`, { 'User-Agent': MOBILE['User-Agent'] });
  const first = startTags(body.toString('utf8')).map(attributes).find((a) => a['data-case'] === '0');
  assert.equal(first.href, CASES.platformScenarios[wap].links[0].link);
});

test('reads the settings object as the script tag reads its JSON block: camelCase keys, a disclosure', async () => {
  const { body } = await get('camel-case', '/plain.html');
  const got = body.toString('utf8');
  const a = startTags(got).map(attributes).find((x) => x['data-case'] === '0');
  assert.match(a.href, /^https:\/\/s\.click\.aliexpress\.com\/deep_link\.htm\?aff_short_key=_dT5B1bR&dl_target_url=.*&af=myblog$/);
  assert.equal(a.rel, 'nofollow sponsored noopener');
  assert.equal(a['data-afflink-original'], firstConverted.href);
  // The same settings as a table of texts (wrangler.toml `[vars]`), without the disclosure.
  const table = await get('table', '/plain.html');
  const t = startTags(table.body.toString('utf8')).map(attributes).find((x) => x['data-case'] === '0');
  assert.equal(t.href, a.href);
  assert.ok(!table.body.toString('utf8').includes('afflink-disclosure'));
  // The disclosure right after the link, as text (never HTML).
  assert.ok(
    got.includes('</a><small class="afflink-disclosure" data-afflink-disclosure=""> (affiliate &lt;link&gt;)</small>'),
    got
  );
  // A link without its own end tag is converted, with no disclosure (never outside its paragraph).
  const unclosed = (await get('camel-case', '/unclosed.html')).body.toString('utf8');
  assert.match(unclosed, /data-afflink-original=/);
  assert.ok(!unclosed.includes('afflink-disclosure'), unclosed);
});

test('bad settings and conversion turned off leave every page byte for byte as the origin sent it', async () => {
  for (const name of ['bad-settings', 'not-an-object', 'off']) {
    const { response, body } = await get(name, '/plain.html');
    assert.equal(response.status, 200);
    assert.deepEqual(body, Buffer.from(pages.get('/plain.html')), name);
  }
});

test('every request goes to ORIGIN: a path such as //other.host/page names no other host', async () => {
  // A second server stands in for another site: it must never be asked.
  const other = [];
  const otherServer = createServer((req, res) => {
    other.push(req.url);
    res.end('other site');
  });
  await new Promise((resolve) => otherServer.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${otherServer.address().port}`;
  try {
    for (const path of [`//${host}/phish.html`, `/\\${host}/phish.html`, `///${host}/phish.html`]) {
      asked.length = 0;
      const { response, body } = await get('scenario-0', path, { ...DESKTOP, Cookie: 'session=SECRET', Authorization: 'Bearer TOKEN' });
      assert.equal(response.status, 404, path);
      assert.equal(body.toString(), 'not found', path);
      assert.equal(asked.length, 1, path);
      assert.ok(asked[0].includes(`${host}/phish.html`), `${path}: the origin was asked for ${asked[0]}`);
    }
    assert.deepEqual(other, []);
  } finally {
    await new Promise((resolve) => otherServer.close(resolve));
  }
  // ORIGIN with a path: the request's path is appended to it.
  asked.length = 0;
  const { response } = await get('origin-path', '/plain.html?x=1');
  assert.equal(response.status, 404);
  assert.deepEqual(asked, ['/blog/plain.html?x=1']);
});

test('without ORIGIN, the worker answers 500 and says why', async () => {
  const { response, body } = await get('no-origin', '/plain.html');
  assert.equal(response.status, 500);
  assert.match(body.toString(), /ORIGIN/);
});

test('non-HTML responses, redirects and errors pass through byte for byte', async () => {
  const png = await get('scenario-0', '/image.png');
  assert.equal(png.response.headers.get('content-type'), 'image/png');
  assert.deepEqual(png.body, PNG);
  const json = await get('scenario-0', '/data.json');
  assert.equal(json.response.headers.get('content-type'), 'application/json');
  assert.deepEqual(json.body, Buffer.from(JSON_BODY));
  const moved = await get('scenario-0', '/moved');
  assert.equal(moved.response.status, 302);
  assert.equal(moved.response.headers.get('location'), '/plain.html');
  const missing = await get('scenario-0', '/nothing-here');
  assert.equal(missing.response.status, 404);
  assert.equal(missing.body.toString(), 'not found');
});
