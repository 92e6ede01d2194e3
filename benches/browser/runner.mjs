// The in-page half of the benchmark (scripts/bench.sh): runs in one headless Chromium page
// served from 127.0.0.1, with the wasm package at /pkg/ and the plain-JS baseline at
// /bench/baseline.mjs. Each `run*` function returns plain JSON for benches/bench.mjs.
import * as api from '/pkg/browser.js';
import * as raw from '/pkg/afflink_wasm.js';
import * as baseline from '/bench/baseline.mjs';

const now = () => performance.now();
const gc = () => globalThis.gc?.(); // Chromium runs with --js-flags=--expose-gc

async function json(path) {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

export async function setup() {
  await api.init();
  return { userAgent: navigator.userAgent, crossOriginIsolated: globalThis.crossOriginIsolated };
}

/** Times `fn` once after a collection; returns milliseconds and what it returned. */
function timed(fn) {
  gc();
  const t0 = now();
  const value = fn();
  return { ms: now() - t0, value };
}

/**
 * Warms each method up once, then runs the methods in turn `reps` times (rounds, so a slow
 * moment of the shared machine hits them alike). Returns each method's times.
 */
function rounds(methods, reps) {
  const times = Object.fromEntries(Object.keys(methods).map((k) => [k, []]));
  const results = {};
  for (const [name, fn] of Object.entries(methods)) results[name] = timed(fn).value; // warm-up
  for (let r = 0; r < reps; r++) {
    for (const [name, fn] of Object.entries(methods)) times[name].push(timed(fn).ms);
  }
  return { times, results };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// ---------------------------------------------------------------------------------------
// 1. Classification

const classifyKey = (c) => [c.input, c.kind, c.program, c.productId, c.canonicalUrl, c.affiliateParams, c.reason?.code ?? null];

export async function runClassify({ reps }) {
  const urls = await json('/data/classify-urls.json');
  const n = urls.length;
  const { times, results } = rounds(
    {
      wasmPerCall: () => {
        const out = new Array(n);
        for (let i = 0; i < n; i++) out[i] = api.classifyUrl(urls[i]);
        return out;
      },
      wasmBatch: () => api.classifyUrls(urls),
      baseline: () => {
        const out = new Array(n);
        for (let i = 0; i < n; i++) out[i] = baseline.classify(urls[i]);
        return out;
      },
    },
    reps,
  );
  // The three must give the same answers, or the comparison means nothing.
  let batchDiffers = 0;
  let baselineDiffers = 0;
  const examples = [];
  const kinds = {};
  for (let i = 0; i < n; i++) {
    const want = classifyKey(results.wasmPerCall[i]);
    kinds[want[1]] = (kinds[want[1]] ?? 0) + 1;
    if (!same(want, classifyKey(results.wasmBatch[i]))) batchDiffers++;
    if (!same(want, classifyKey(results.baseline[i]))) {
      baselineDiffers++;
      if (examples.length < 5) examples.push({ wasm: want, baseline: classifyKey(results.baseline[i]) });
    }
  }
  return { n, times, check: { kinds, batchDiffers, baselineDiffers, examples } };
}

// ---------------------------------------------------------------------------------------
// 2. Deep links

export async function runDeepLinks({ reps, affShortKey, params }) {
  const urls = await json('/data/deeplink-urls.json');
  const n = urls.length;
  const pairs = Object.entries(params);
  const { times, results } = rounds(
    {
      wasmPerCall: () => {
        const out = new Array(n);
        for (let i = 0; i < n; i++) {
          const productUrl = urls[i];
          try {
            out[i] = { input: productUrl, link: api.buildAliExpressDeepLink({ affShortKey, productUrl, params }) };
          } catch (e) {
            out[i] = { input: productUrl, error: { code: e.code, message: e.message } };
          }
        }
        return out;
      },
      wasmBatch: () => api.buildAliExpressDeepLinks(urls, { affShortKey, params }),
      baseline: () => {
        const out = new Array(n);
        for (let i = 0; i < n; i++) {
          const productUrl = urls[i];
          try {
            out[i] = { input: productUrl, link: baseline.buildDeepLink(affShortKey, productUrl, pairs) };
          } catch (e) {
            out[i] = { input: productUrl, error: { code: e.code, message: e.message } };
          }
        }
        return out;
      },
    },
    reps,
  );
  let links = 0;
  let batchDiffers = 0;
  let baselineDiffers = 0;
  const examples = [];
  const key = (r) => r.link ?? r.error?.code;
  for (let i = 0; i < n; i++) {
    const want = key(results.wasmPerCall[i]);
    if (results.wasmPerCall[i].link) links++;
    if (want !== key(results.wasmBatch[i])) batchDiffers++;
    if (want !== key(results.baseline[i])) {
      baselineDiffers++;
      if (examples.length < 5) examples.push({ input: urls[i], wasm: want, baseline: key(results.baseline[i]) });
    }
  }
  return { n, times, check: { links, batchDiffers, baselineDiffers, examples } };
}

// ---------------------------------------------------------------------------------------
// 3. Commission estimation

const cents = (s) => {
  const [whole, frac = ''] = s.split('.');
  return BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2)) * (whole.startsWith('-') ? -1n : 1n);
};
const money = (c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

/**
 * Estimates every chunk of orders with `estimateCommissions` (the public API: objects in,
 * objects out) and with the raw binding `estimateCommissions` of the glue (JSON text in, as
 * the native side reads it; the report out as plain objects, see docs/BOUNDARY.md), `reps`
 * times each. The chunk texts are fetched once
 * and kept; parsing a chunk into objects is outside the timing. The first call warms up.
 */
let orderTexts = null;

export async function runEstimate({ chunks, reps, context }) {
  const ctxJson = JSON.stringify(context);
  if (orderTexts === null) {
    orderTexts = [];
    for (const path of chunks) orderTexts.push(await (await fetch(path)).text());
    // Warm-up on the first chunk.
    api.estimateCommissions(JSON.parse(orderTexts[0]), context);
    raw.estimateCommissions(orderTexts[0], ctxJson);
  }
  const texts = orderTexts;
  const totals = () => ({ orders: 0, errors: 0, qualifying: 0, estimatedCents: 0n });

  const api_ms = [];
  const raw_ms = [];
  let check = null;
  for (let r = 0; r < reps; r++) {
    let ms = 0;
    const t = totals();
    for (const text of texts) {
      let orders = JSON.parse(text);
      gc();
      const t0 = now();
      const report = api.estimateCommissions(orders, context);
      ms += now() - t0;
      orders = null;
      const s = report.summary;
      t.orders += s.orders;
      t.errors += s.errors;
      t.qualifying += s.qualifyingOrders;
      t.estimatedCents += cents(s.estimated);
    }
    api_ms.push(ms);
    check ??= { ...t, estimated: money(t.estimatedCents), estimatedCents: undefined };

    ms = 0;
    for (const text of texts) {
      gc();
      const t0 = now();
      const out = raw.estimateCommissions(text, ctxJson);
      ms += now() - t0;
      if (out.lines.length === 0) throw new Error('empty report');
    }
    raw_ms.push(ms);
  }
  return { times: { wasmBatch: api_ms, wasmBindingOnly: raw_ms }, check, wasmMemoryBytes: api.wasmMemoryBytes() };
}
