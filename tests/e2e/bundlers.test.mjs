// The packed npm package as a user consumes it: the tarball (`npm pack` of pkg/) installed in
// a scratch project, the app in tests/bundlers/ bundled once each with Vite, webpack 5, Rollup
// and esbuild (pinned devDependencies of the workspace), plus a plain page whose import map
// points at the package's files on another origin, as a CDN serves them. Each page runs in
// headless Chromium (one shared browser) and must load its WebAssembly and answer a classify,
// a deep-link and a commission case from tests/cases/ exactly as the shared cases expect.
// Builds into target/bundlers/. Needs pkg/ (`bash scripts/build.sh`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, useBrowser } from './harness.mjs';
import { startServer, stopServer } from '../../scripts/serve.mjs';

const { openPage } = useBrowser();
const WORK = join(ROOT, 'target', 'bundlers');
const APP = join(WORK, 'app'); // the scratch project: the app sources and the installed tarball
const SITE = join(WORK, 'site'); // one folder per page, served on 127.0.0.1
const CDN = join(WORK, 'cdn'); // the package's files as a CDN serves them: /afflink@VERSION/…
const BIN = join(ROOT, 'node_modules', '.bin');

/** How each bundle is made (run in APP with AFFLINK_OUT set) and whether it needs index.html. */
const BUNDLERS = {
  vite: { cmd: [join(BIN, 'vite'), 'build', '--config', 'vite.config.mjs'], html: false },
  webpack: { cmd: [join(BIN, 'webpack'), '--config', 'webpack.config.mjs'], html: true },
  rollup: { cmd: [join(BIN, 'rollup'), '--config', 'rollup.config.mjs', '--silent'], html: true },
  esbuild: { cmd: [process.execPath, 'esbuild.config.mjs'], html: true },
};

// The cases: the first product case of classify.json, the first deep-link case with tracking
// strings of links.json, the first row of commission.csv.
const classifyCase = JSON.parse(readFileSync(join(ROOT, 'tests/cases/classify.json'), 'utf8')).find((c) => c.kind === 'product');
const linkCase = JSON.parse(readFileSync(join(ROOT, 'tests/cases/links.json'), 'utf8')).find((c) => c.op === 'deeplink' && c.params.length > 0);
const commissionCase = firstCsvRow(readFileSync(join(ROOT, 'tests/cases/commission.csv'), 'utf8'));

/** The header and first row of a CSV file (RFC 4180 quoting) as an object. */
function firstCsvRow(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < 2; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  return Object.fromEntries(rows[0].map((h, i) => [h, rows[1][i] ?? '']));
}

// The order and context as tests/js/commission.test.mjs reads a row.
const ORDER_FIELDS = ['program', 'orderId', 'amount', 'currency', 'category', 'buyer', 'country', 'status', 'paidDate', 'completedDate', 'clickDate', 'spam', 'refundedAmount'];
const order = Object.fromEntries(
  ORDER_FIELDS.filter((f) => commissionCase[f] !== '').map((f) => [f, f === 'spam' && /^(true|false)$/.test(commissionCase[f]) ? commissionCase[f] === 'true' : commissionCase[f]]),
);
const context = {};
if (commissionCase.previousPeriodSales) context.previousPeriodSales = commissionCase.previousPeriodSales;
if (commissionCase.rates) context.rateCards = [commissionCase.rates];
if (commissionCase.exchangeRates) context.exchangeRates = Object.fromEntries(commissionCase.exchangeRates.split(/\s+/).map((p) => p.split('=')));
const INPUTS = {
  url: classifyCase.input,
  deepLink: { affShortKey: linkCase.affShortKey, productUrl: linkCase.productUrl, params: Object.fromEntries(linkCase.params) },
  order,
  context,
};

let site;
let cdn;
let version;

function run(cmd, cwd, env = {}) {
  try {
    execFileSync(cmd[0], cmd.slice(1), { cwd, env: { ...process.env, ...env }, stdio: 'pipe' });
  } catch (e) {
    throw new Error(`${cmd.join(' ')} failed (exit ${e.status}):\n${e.stdout}\n${e.stderr}`);
  }
}

before(async () => {
  assert.ok(existsSync(join(ROOT, 'pkg', 'package.json')), 'pkg/ is missing: run `bash scripts/build.sh` first');
  assert.ok(classifyCase && linkCase && commissionCase.case, 'the shared cases are missing');
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(APP, { recursive: true });
  // The tarball, installed as a user would.
  run(['npm', 'pack', '--silent', '--pack-destination', WORK], join(ROOT, 'pkg'));
  const tarball = join(WORK, readdirSync(WORK).find((f) => /^afflink-.*\.tgz$/.test(f)));
  cpSync(join(ROOT, 'tests', 'bundlers'), APP, { recursive: true });
  writeFileSync(join(APP, 'package.json'), JSON.stringify({ name: 'afflink-bundlers-consumer', private: true, type: 'module' }, null, 2));
  run(['npm', 'install', '--no-audit', '--no-fund', '--loglevel=error', tarball], APP);
  const installed = join(APP, 'node_modules', 'afflink');
  version = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version;

  // Each bundle, built once.
  for (const [name, { cmd, html }] of Object.entries(BUNDLERS)) {
    const out = join(SITE, name);
    run(cmd, APP, { AFFLINK_OUT: out });
    if (html) cpSync(join(APP, 'index.html'), join(out, 'index.html'));
  }

  // The CDN: the installed package's files at /afflink@VERSION/, on an origin of its own
  // that allows cross-origin use (module scripts and the .wasm fetch need CORS).
  cpSync(installed, join(CDN, `afflink@${version}`), { recursive: true });
  let cdnUrl;
  ({ server: cdn, url: cdnUrl } = await startServer(CDN, 0, { headers: { 'Access-Control-Allow-Origin': '*' } }));
  // The plain page: the app unbundled, `afflink` mapped to the CDN's files.
  const plain = join(SITE, 'importmap');
  mkdirSync(plain, { recursive: true });
  for (const f of ['app.js', 'main.js']) cpSync(join(APP, f), join(plain, f));
  const map = { imports: { afflink: `${cdnUrl}afflink@${version}/browser.js`, 'afflink/': `${cdnUrl}afflink@${version}/` } };
  writeFileSync(
    join(plain, 'index.html'),
    readFileSync(join(APP, 'index.html'), 'utf8').replace('<script type="module"', `<script type="importmap">${JSON.stringify(map)}</script>\n    <script type="module"`),
  );
  ({ server: site } = await startServer(SITE, 0));
});

after(async () => {
  if (cdn) await stopServer(cdn);
  if (site) await stopServer(site);
});

function siteUrl(path) {
  return `http://127.0.0.1:${site.address().port}/${path}`;
}

function cdnOrigin() {
  return `http://127.0.0.1:${cdn.address().port}`;
}

/** Opens a page, waits for the app to load its WebAssembly, calls the three functions in it. */
async function callInPage(url, allowedOrigins = []) {
  const { context: ctx, page, problems } = await openPage({ url, allowedOrigins });
  try {
    await page.waitForFunction(() => document.body?.dataset.state !== 'loading', null, { timeout: 60_000 });
    const app = await page.evaluate(() => ({ state: window.afflinkApp?.state, error: window.afflinkApp?.error }));
    assert.equal(app.state, 'ready', `the app did not load afflink: ${app.error}`);
    const results = await page.evaluate(({ url: u, deepLink, order: o, context: c }) => {
      const a = window.afflinkApp;
      return { classified: a.classifyUrl(u), link: a.buildAliExpressDeepLink(deepLink), estimate: a.estimateCommission(o, c) };
    }, INPUTS);
    // Every .wasm the page fetched, with its HTTP status (a 404 must not happen).
    const wasm = await page.evaluate(() =>
      performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith('.wasm')).map((e) => ({ url: e.name, status: e.responseStatus })),
    );
    return { results, wasm, problems: problems() };
  } finally {
    await ctx.close();
  }
}

function checkResults({ classified, link, estimate }) {
  const { note: _note, ...expected } = classifyCase;
  assert.deepEqual(classified, expected, 'classifyUrl');
  assert.deepEqual({ link }, linkCase.expect, 'buildAliExpressDeepLink');
  const codes = (list) => list.map((r) => r.code).join('|');
  assert.deepEqual(
    [String(estimate.qualifies), estimate.ratePercent, estimate.commission, codes(estimate.reasons), codes(estimate.warnings), codes(estimate.assumptions)],
    [commissionCase.expectQualifies, commissionCase.expectRatePercent, commissionCase.expectCommission, commissionCase.expectReasons, commissionCase.expectWarnings, commissionCase.expectAssumptions],
    `estimateCommission (${commissionCase.case})`,
  );
}

for (const name of Object.keys(BUNDLERS)) {
  test(`${name}: the bundle loads its WebAssembly from its own output and answers in Chromium`, async () => {
    const base = siteUrl(`${name}/`);
    const { results, wasm, problems } = await callInPage(base);
    assert.ok(wasm.length >= 1, `${name}: no .wasm was fetched`);
    for (const w of wasm) {
      assert.equal(w.status, 200, `${name}: ${w.url}`);
      assert.ok(w.url.startsWith(base), `${name}: the .wasm came from ${w.url}, not from the bundle's output`);
    }
    checkResults(results);
    assert.deepEqual(problems, []);
  });
}

test('import map: a plain page loads the package files from a CDN origin and answers in Chromium', async () => {
  const { results, wasm, problems } = await callInPage(siteUrl('importmap/'), [cdnOrigin()]);
  assert.deepEqual(
    wasm.map((w) => [w.url, w.status]),
    [[`${cdnOrigin()}/afflink@${version}/afflink_wasm_bg.wasm`, 200]],
  );
  checkResults(results);
  assert.deepEqual(problems, []);
});
