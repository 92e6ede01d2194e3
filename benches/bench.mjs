// The benchmark of issue 6 (run it with `bash scripts/bench.sh`, which builds first).
// Measures, in one run on this machine: classification and deep links (wasm per call, wasm
// batch, plain-JS baseline) in one headless Chromium page; commission estimation natively
// and in wasm; the blog widget's main-thread cost; the sizes. Prints the table, writes
// benches/results.json and rewrites the table in docs/BENCHMARKS.md.
//
//   node benches/bench.mjs            # the full run (after scripts/build.sh)
//   BENCH_QUICK=1 node benches/bench.mjs   # a tenth of the work; writes target/bench/ only
//   BENCH_WIDGET=FILE                      # measure FILE as /afflink.js instead of dist/afflink.js
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import * as data from './data.mjs';
import { renderTables, updateDoc } from './report.mjs';
import { measureToolPastes } from './browser/tool-paste.mjs';
import { runRealWorld, renderRealWorld, updateRealWorldDoc } from './realworld.mjs';
import { runWidgetTrace, updateWidgetTraceDoc } from './browser/widget-trace.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const QUICK = process.env.BENCH_QUICK === '1';
const WORK = join(ROOT, 'target', 'bench');
const SITE = join(WORK, 'site');
const DATA = join(SITE, 'data');

const CONFIG = {
  classifyUrls: QUICK ? 10_000 : 100_000,
  deepLinks: QUICK ? 10_000 : 100_000,
  orders: QUICK ? 100_000 : 1_000_000,
  orderChunk: 50_000,
  reps: QUICK ? 3 : 7, // classification and deep links
  estimateReps: QUICK ? 1 : 3,
  widgetLinks: process.env.BENCH_WIDGET_LINKS ? process.env.BENCH_WIDGET_LINKS.split(',').map(Number) : [1_000, 10_000],
  widgetRuns: Number(process.env.BENCH_WIDGET_RUNS ?? 3), // timing runs, with and without
  widgetMarkerRuns: 2, // runs that find the long tasks running the widget's code
  widgetTimeoutMs: 30_000,
  widgetTraceRuns: Number(process.env.BENCH_WIDGET_TRACE_RUNS ?? (QUICK ? 2 : 5)), // benches/browser/widget-trace.mjs
  seed: data.SEED,
};

const CHROMIUM = existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// Only the micro-benchmark page: lets it collect garbage before each timed run.
const GC_ARGS = ['--js-flags=--expose-gc'];

const WIDGET_TAG =
  '<script async src="/afflink.js" data-aff-short-key="_dTbKz5B" data-af="myblog" data-cn="spring"></script>';

const log = (...a) => console.error('[bench]', ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);

function sh(cmd, args, options = {}) {
  return (execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options }) ?? '').trim();
}

// ---------------------------------------------------------------------------------------
// The site: dist/ plus the bench page, the baseline, the inputs and the blog pages.

function prepareSite() {
  if (!existsSync(join(ROOT, 'dist', 'pkg', 'browser.js'))) throw new Error('dist/ is missing: run `bash scripts/build.sh` first');
  rmSync(WORK, { recursive: true, force: true });
  cpSync(join(ROOT, 'dist'), SITE, { recursive: true });
  mkdirSync(join(SITE, 'bench'), { recursive: true });
  mkdirSync(DATA, { recursive: true });
  cpSync(join(ROOT, 'benches', 'browser', 'runner.mjs'), join(SITE, 'bench', 'runner.mjs'));
  cpSync(join(ROOT, 'benches', 'baseline', 'baseline.mjs'), join(SITE, 'bench', 'baseline.mjs'));
  writeFileSync(join(SITE, 'bench', 'blank.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>afflink bench</title>\n');

  log(`generating ${CONFIG.classifyUrls} URLs, ${CONFIG.deepLinks} product URLs, ${CONFIG.orders} orders`);
  writeFileSync(join(DATA, 'classify-urls.json'), JSON.stringify(data.classifyUrls(CONFIG.classifyUrls)));
  writeFileSync(join(DATA, 'deeplink-urls.json'), JSON.stringify(data.deepLinkUrls(CONFIG.deepLinks)));
  const chunks = [];
  let k = 0;
  for (const chunk of data.orderChunks(CONFIG.orders, CONFIG.orderChunk)) {
    const name = `orders-${String(k++).padStart(3, '0')}.json`;
    writeFileSync(join(DATA, name), JSON.stringify(chunk));
    chunks.push(`/data/${name}`);
  }
  for (const n of CONFIG.widgetLinks) {
    writeFileSync(join(SITE, 'bench', `blog-${n}.html`), data.blogPage(n, WIDGET_TAG));
    writeFileSync(join(SITE, 'bench', `blog-${n}-without.html`), data.blogPage(n, ''));
  }
  // BENCH_WIDGET=FILE measures another build of the widget (development only).
  if (process.env.BENCH_WIDGET) cpSync(process.env.BENCH_WIDGET, join(SITE, 'afflink.js'));
  return { chunks, widgetPresent: existsSync(join(SITE, 'afflink.js')) };
}

// ---------------------------------------------------------------------------------------
// 3, native side: the example program, on the very chunk files the page reads.

function runNative(reps, core) {
  const out = sh('cargo', [
    'run', '--quiet', '--release', '--example', 'bench_estimate', '--',
    DATA, String(reps), JSON.stringify(data.ESTIMATE_CONTEXT), ...(core ? ['core'] : []),
  ]);
  return JSON.parse(out.split('\n').pop());
}

/**
 * Native and wasm in alternation, one full pass over the orders each per round, so that a
 * busy moment of the shared machine hits both alike. The browser sits idle while the
 * native side runs.
 */
async function runEstimateRounds(page, chunks) {
  const native = { times: [], coreOnlyMs: null, check: null };
  const wasm = { times: { wasmBatch: [], wasmBindingOnly: [] }, check: null, wasmMemoryBytes: 0 };
  for (let r = 0; r < CONFIG.estimateReps; r++) {
    const last = r === CONFIG.estimateReps - 1;
    const n = runNative(1, last);
    native.times.push(...n.times);
    native.check ??= n.check;
    if (last) native.coreOnlyMs = n.coreOnlyMs;
    log(`estimation round ${r + 1}: native ${round(n.times[0])} ms`);
    const w = await page.evaluate(
      (args) => window.bench.runEstimate(args),
      { chunks, reps: 1, context: data.ESTIMATE_CONTEXT },
    );
    wasm.times.wasmBatch.push(...w.times.wasmBatch);
    wasm.times.wasmBindingOnly.push(...w.times.wasmBindingOnly);
    wasm.check ??= w.check;
    wasm.wasmMemoryBytes = w.wasmMemoryBytes;
    log(`estimation round ${r + 1}: wasm ${round(w.times.wasmBatch[0])} ms, binding alone ${round(w.times.wasmBindingOnly[0])} ms`);
  }
  return { native, estimate: wasm };
}

// ---------------------------------------------------------------------------------------
// 4. The widget on a blog page.
//
// Timing runs: a fresh browser context per page load; CDP Performance in the thread-time
// domain (the main thread's CPU time, which a busy shared machine disturbs far less than
// wall time); TaskDuration read once the page is done. Marker runs (separate, because the
// MutationObserver they add costs a little): which long tasks ran the widget's code.

// Registered before any page script: long tasks, long animation frames (they name the
// scripts that ran in them), the widget's events, and a promise that settles once the page
// is done (all product links converted; or, without the widget, just loaded). With
// `markers`, also the times at which link addresses changed.
function widgetInitScript({ markers }) {
  const b = (window.__bench = { longtasks: [], frames: [], events: [], marks: [], convertedSum: 0 });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        for (const x of e.scripts) b.frames.push({ start: x.startTime, duration: x.duration, sourceURL: x.sourceURL });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    b.frames = null; // no Long Animation Frames API
  }
  if (markers) {
    new MutationObserver(() => b.marks.push(performance.now())).observe(document, {
      subtree: true,
      attributes: true,
      attributeFilter: ['href'],
    });
  }
  const loaded = new Promise((r) => window.addEventListener('load', r, { once: true }));
  let allConverted;
  const converted = new Promise((r) => (allConverted = r));
  document.addEventListener('afflink:converted', (e) => {
    const d = e.detail ?? {};
    const t = performance.now();
    b.events.push({ t, converted: d.converted, unchanged: d.unchanged });
    b.marks.push(t);
    b.convertedSum += Number(d.converted) || 0;
    const want = Number(document.querySelector('meta[name="bench-links"]')?.content);
    if (b.convertedSum >= want) allConverted();
  });
  // After the trigger, one more frame and a task, so the page has been laid out and painted.
  const settle = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  b.done = (withScript, timeoutMs) =>
    Promise.race([
      (withScript ? Promise.all([loaded, converted]) : loaded).then(settle).then(() => 'done'),
      new Promise((r) => setTimeout(() => r('timeout'), timeoutMs)),
    ]).then((how) => ({ how, at: performance.now() }));
}

async function widgetRun(browser, baseUrl, links, withScript, markers = false) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await page.addInitScript(widgetInitScript, { markers });
  const url = `${baseUrl}bench/blog-${links}${withScript ? '' : '-without'}.html`;
  await page.goto(url, { waitUntil: 'commit' });
  const settled = await page.evaluate((args) => window.__bench.done(...args), [withScript, CONFIG.widgetTimeoutMs]);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  // Verification, after the measurement.
  const facts = await page.evaluate(() => {
    const anchors = [...document.querySelectorAll('a[href]')];
    const b = window.__bench;
    return {
      longtasks: b.longtasks,
      frames: b.frames,
      marks: b.marks,
      events: b.events,
      deepLinks: anchors.filter((a) => a.href.startsWith('https://s.click.aliexpress.com/deep_link.htm?')).length,
      anchors: anchors.length,
    };
  });
  await context.close();
  // The widget's code ran in a long task when the task changed a link address, dispatched
  // afflink:converted, or ran a script from the test server (the page has none of its own)
  // that a long animation frame names.
  const origin = new URL(baseUrl).origin;
  const scripts = (facts.frames ?? []).filter((x) => x.sourceURL.startsWith(origin));
  const inside = (t, at) => t.start - 1 <= at && at <= t.start + t.duration + 1;
  const overlaps = (t, x) => x.start < t.start + t.duration && t.start < x.start + x.duration;
  const widgetTasks = facts.longtasks.filter((t) => facts.marks.some((at) => inside(t, at)) || scripts.some((x) => overlaps(t, x)));
  const longest = (ts) => (ts.length ? Math.max(...ts.map((t) => t.duration)) : 0);
  return {
    settled: settled.how,
    doneAtMs: settled.at,
    taskMs: m.TaskDuration * 1000,
    scriptMs: m.ScriptDuration * 1000,
    layoutMs: (m.LayoutDuration + m.RecalcStyleDuration) * 1000,
    longestTaskMs: longest(facts.longtasks),
    longestWidgetTaskMs: markers ? longest(widgetTasks) : null,
    widgetScripts: [...new Set(scripts.map((x) => x.sourceURL.slice(origin.length)))],
    events: facts.events.map(({ converted, unchanged }) => ({ converted, unchanged })),
    deepLinks: facts.deepLinks,
    anchors: facts.anchors,
    errors,
  };
}

async function runWidget(browser, baseUrl, present) {
  if (!present) {
    log('widget: dist/afflink.js is missing, not measured');
    return { measured: false, note: 'not measured: widget missing (no afflink.js in dist/)' };
  }
  const rows = [];
  for (const links of CONFIG.widgetLinks) {
    const runs = { without: [], with: [], markers: [] };
    for (let r = 0; r < CONFIG.widgetRuns; r++) {
      // Alternate, so a busy moment of the shared machine hits both alike.
      runs.without.push(await widgetRun(browser, baseUrl, links, false));
      runs.with.push(await widgetRun(browser, baseUrl, links, true));
    }
    for (let r = 0; r < CONFIG.widgetMarkerRuns; r++) runs.markers.push(await widgetRun(browser, baseUrl, links, true, true));
    const med = (k, v) => median(runs[v].map((x) => x[k]));
    const range = (k, v) => [round(Math.min(...runs[v].map((x) => x[k]))), round(Math.max(...runs[v].map((x) => x[k])))];
    const all = [...runs.with, ...runs.markers];
    const row = {
      links,
      complete: all.every((x) => x.settled === 'done' && x.deepLinks >= links),
      convertedLinks: Math.min(...all.map((x) => x.deepLinks)),
      taskMsWithout: round(med('taskMs', 'without')),
      taskMsWith: round(med('taskMs', 'with')),
      taskMsRangeWithout: range('taskMs', 'without'),
      taskMsRangeWith: range('taskMs', 'with'),
      addedMs: round(med('taskMs', 'with') - med('taskMs', 'without')),
      addedScriptMs: round(med('scriptMs', 'with') - med('scriptMs', 'without')),
      addedLayoutMs: round(med('layoutMs', 'with') - med('layoutMs', 'without')),
      convertedAtMs: round(med('doneAtMs', 'with')),
      longestTaskWithoutMs: round(Math.max(...runs.without.map((x) => x.longestTaskMs))),
      longestTaskWithMs: round(Math.max(...runs.with.map((x) => x.longestTaskMs))),
      longestWidgetTaskMs: round(Math.max(...runs.markers.map((x) => x.longestWidgetTaskMs))),
      widgetScripts: [...new Set(all.flatMap((x) => x.widgetScripts))],
      errors: [...new Set(all.flatMap((x) => x.errors))],
      runs,
    };
    log(`widget ${links}: added ${row.addedMs} ms, longest task running widget code ${row.longestWidgetTaskMs} ms, ${row.convertedLinks}/${links} converted`);
    rows.push(row);
  }
  return { measured: true, timeDomain: 'threadTicks', rows };
}

// ---------------------------------------------------------------------------------------

function machine(browserVersion) {
  const tryRun = (cmd, args) => {
    try {
      return sh(cmd, args);
    } catch {
      return null;
    }
  };
  return {
    date: new Date().toISOString(),
    nproc: Number(tryRun('nproc', [])),
    cpu: cpus()[0]?.model ?? null,
    loadAverageAtStart: loadavg().map((x) => round(x, 2)),
    chromium: browserVersion,
    rustc: tryRun('rustc', ['--version']),
    node: process.version,
    playwrightCore: JSON.parse(readFileSync(join(ROOT, 'node_modules', 'playwright-core', 'package.json'), 'utf8')).version,
  };
}

function summarize3(run, baselineKey) {
  const ms = Object.fromEntries(Object.entries(run.times).map(([k, v]) => [k, round(median(v))]));
  const ratio = Object.fromEntries(Object.keys(ms).map((k) => [k, round(ms[k] / ms[baselineKey], 2)]));
  return { n: run.n, ms, ratioToBaseline: ratio, allMs: run.times, check: run.check };
}

function sizeReport() {
  const file = join(WORK, 'sizes.json');
  sh('node', ['scripts/size.mjs', '--json', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(readFileSync(file, 'utf8'));
}

async function main() {
  const started = Date.now();
  const startLoad = loadavg();
  const { chunks, widgetPresent } = prepareSite();
  if (process.env.BENCH_ONLY === 'widget') {
    // Iterating on the widget: only row 4, printed as JSON, nothing written.
    const { server, url } = await startServer(SITE, 0);
    const widgetBrowser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      console.log(JSON.stringify(await runWidget(widgetBrowser, url, widgetPresent), null, 2));
    } finally {
      await widgetBrowser.close();
      server.close();
    }
    return;
  }

  const { server, url: baseUrl } = await startServer(SITE, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...GC_ARGS] });
  let results;
  try {
    const info = machine(browser.version());
    info.loadAverageAtStart = startLoad.map((x) => round(x, 2));
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (e) => log('page error:', e.message));
    await page.goto(`${baseUrl}bench/blank.html`);
    await page.evaluate(async () => {
      window.bench = await import('/bench/runner.mjs');
      return window.bench.setup();
    });

    log('classification');
    const classify = await page.evaluate((reps) => window.bench.runClassify({ reps }), CONFIG.reps);
    log('deep links');
    const deepLinks = await page.evaluate(
      (args) => window.bench.runDeepLinks(args),
      { reps: CONFIG.reps, affShortKey: data.DEEP_LINK_KEY, params: data.DEEP_LINK_PARAMS },
    );
    log('estimation (cargo run --release --example bench_estimate, and wasm)');
    const { native, estimate } = await runEstimateRounds(page, chunks);
    await page.context().close();
    // Closed before the widget is measured: no other browser shares the 2 cores meanwhile.
    await browser.close();

    // The widget: a separate browser without --expose-gc, as a visitor's would be.
    const widgetBrowser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    let widget;
    let widgetTrace;
    try {
      widget = await runWidget(widgetBrowser, baseUrl, widgetPresent);
      // The widget's main-thread time from a Chrome trace (issue 12): its own key and section.
      widgetTrace = await runWidgetTrace({ browser: widgetBrowser, site: SITE, links: CONFIG.widgetLinks, runs: CONFIG.widgetTraceRuns, log });
    } finally {
      await widgetBrowser.close();
    }

    log('tool pastes (10,000 lines in the checker, the builder and the calculator)');
    const toolPastes = await measureToolPastes({ runs: QUICK ? 1 : 5, dist: join(ROOT, 'dist'), log });

    const nativeMs = median(native.times);
    const wasmMs = median(estimate.times.wasmBatch);
    const bindingMs = median(estimate.times.wasmBindingOnly);
    const perSec = (ms) => Math.round(CONFIG.orders / (ms / 1000));
    results = {
      schema: 'afflink/bench/1',
      quick: QUICK,
      config: CONFIG,
      machine: info,
      classify: summarize3(classify, 'baseline'),
      deepLinks: { ...summarize3(deepLinks, 'baseline'), params: data.DEEP_LINK_PARAMS },
      estimate: {
        orders: CONFIG.orders,
        chunks: chunks.length,
        context: data.ESTIMATE_CONTEXT,
        native: { ms: round(nativeMs), ordersPerSecond: perSec(nativeMs), allMs: native.times.map((x) => round(x)), coreOnlyMs: round(native.coreOnlyMs), check: native.check },
        wasmBatch: { ms: round(wasmMs), ordersPerSecond: perSec(wasmMs), allMs: estimate.times.wasmBatch.map((x) => round(x)), check: estimate.check },
        wasmBindingOnly: { ms: round(bindingMs), ordersPerSecond: perSec(bindingMs), allMs: estimate.times.wasmBindingOnly.map((x) => round(x)) },
        ratioWasmToNative: round(nativeMs / wasmMs, 2),
        ratioBindingToNative: round(nativeMs / bindingMs, 2),
        totalsAgree:
          native.check.orders === estimate.check.orders &&
          native.check.errors === estimate.check.errors &&
          native.check.qualifying === estimate.check.qualifying &&
          Number(native.check.estimated) === Number(estimate.check.estimated),
        wasmMemoryBytes: estimate.wasmMemoryBytes,
      },
      widget,
      toolPastes,
      widgetTrace,
      sizes: sizeReport(),
    };
    results.realworld = await runRealWorld({ quick: QUICK }); // Node and native: benches/realworld.mjs
    results.machine.loadAverageAtEnd = loadavg().map((x) => round(x, 2));
    results.machine.seconds = Math.round((Date.now() - started) / 1000);
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }

  const out = QUICK ? join(WORK, 'results-quick.json') : join(ROOT, 'benches', 'results.json');
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log(renderTables(results));
  console.log(renderRealWorld(results.realworld));
  if (!QUICK) {
    updateDoc(results);
    updateRealWorldDoc(results.realworld);
    updateWidgetTraceDoc(results.widgetTrace, results.machine);
  }
  log(`wrote ${out}${QUICK ? '' : ' and docs/BENCHMARKS.md'} in ${results.machine.seconds} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
