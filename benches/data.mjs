// Deterministic inputs for the benchmark (scripts/bench.sh): URLs to classify, product URLs
// to deep-link, orders to estimate and blog pages for the widget. Everything is derived
// from the shared case files in tests/cases/ with a fixed seed, so two runs measure the
// same inputs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classify, buildDeepLink } from './baseline/baseline.mjs';
import { parseCsv as readCsv } from '../www/elements/shared/afflink-csv.js';

export const SEED = 0x0af11e6;
const CASES = fileURLToPath(new URL('../tests/cases/', import.meta.url));
const load = (name) => JSON.parse(readFileSync(CASES + name, 'utf8'));

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const hex = (rand, n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');

/** Replaces every digit but the first of each run of 8+ digits: same shape, new id. */
function mutateIds(rand, url) {
  return url.replace(/[0-9]{8,}/g, (run) => run[0] + Array.from(run.slice(1), () => Math.floor(rand() * 10)).join(''));
}

// Tracking junk real product links carry (none of it is affiliate tracking).
const JUNK = [
  (r) => `spm=a2g0o.productlist.main.${Math.floor(r() * 60)}.${hex(r, 8)}${hex(r, 4)}`,
  (r) => `algo_pvid=${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`,
  (r) => `pdp_npi=4%40dis%21USD%21${(r() * 90 + 1).toFixed(2)}%21${(r() * 40 + 1).toFixed(2)}%21%21%21`,
  () => 'gatewayAdapt=glo2fra',
  (r) => `pdp_ext_f=%7B%22sku_id%22%3A%22${Math.floor(r() * 1e14)}%22%7D`,
  (r) => `_randl_shipto=${pick(r, ['US', 'FR', 'DE', 'BR'])}`,
];

function addJunk(rand, url) {
  if (url.includes('#') || !/^[\x21-\x7e]+$/.test(url)) return url;
  const n = 1 + Math.floor(rand() * 3);
  const parts = Array.from({ length: n }, () => pick(rand, JUNK)(rand));
  return url + (url.includes('?') ? '&' : '?') + parts.join('&');
}

const wellFormed = (s) => typeof s === 'string' && s.isWellFormed();

/**
 * The classifier's case inputs in four groups: products, other pages and links (tracking
 * and short links) from classify.json and realworld.json; hostile input is all of
 * hostile.json and the rejected cases of the other two.
 */
function classifyPool() {
  const groups = { product: [], page: [], link: [], hostile: [] };
  for (const file of ['classify.json', 'hostile.json', 'realworld.json']) {
    for (const c of load(file)) {
      if (!wellFormed(c.input)) continue; // a lone surrogate is an argument error, not a URL
      let group = c.kind === 'affiliateLink' || c.kind === 'shortLink' ? 'link' : c.kind;
      if (file === 'hostile.json' || group === 'rejected') group = 'hostile';
      groups[group].push(c.input);
    }
  }
  return groups;
}

// The mix of the classification input: most links a publisher handles are products.
const CLASSIFY_MIX = [
  ['product', 0.6],
  ['page', 0.2],
  ['link', 0.05],
  ['hostile', 0.15],
];

/** `n` real-shaped URLs: products (with new ids and tracking junk), pages, hostile input. */
export function classifyUrls(n = 100_000, seed = SEED) {
  const rand = rng(seed);
  const pool = classifyPool();
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    let x = rand();
    let group = CLASSIFY_MIX[CLASSIFY_MIX.length - 1][0];
    for (const [g, p] of CLASSIFY_MIX) {
      if (x < p) {
        group = g;
        break;
      }
      x -= p;
    }
    let url = mutateIds(rand, pick(rand, pool[group]));
    if (group === 'product' && rand() < 0.35) url = addJunk(rand, url);
    out[i] = url;
  }
  return out;
}

/** Product page URLs that an AliExpress deep link may point to (no one's tracking on them). */
function deepLinkPool() {
  const inputs = [...load('classify.json'), ...load('realworld.json')]
    .map((c) => c.input)
    .filter(wellFormed);
  return [...new Set(inputs)].filter((u) => {
    const c = classify(u);
    return c.kind === 'product' && c.program === 'aliexpress' && c.affiliateParams.length === 0;
  });
}

/** The custom tracking strings of the deep-link benchmark. */
export const DEEP_LINK_KEY = '_dTbKz5B';
export const DEEP_LINK_PARAMS = { af: 'myblog', cn: 'spring-sale 2026', cv: 'sidebar/banner', dp: 'post 42?ref=nl&x=1' };

/** `n` AliExpress product URLs (new ids, tracking junk), every one of which deep-links. */
export function deepLinkUrls(n = 100_000, seed = SEED + 1) {
  const rand = rng(seed);
  const pool = deepLinkPool();
  const out = [];
  while (out.length < n) {
    let url = mutateIds(rand, pick(rand, pool));
    if (rand() < 0.35) url = addJunk(rand, url);
    try {
      buildDeepLink(DEEP_LINK_KEY, url, DEEP_LINK_PARAMS);
      out.push(url);
    } catch {
      // a mutation made it something else: draw again
    }
  }
  return out;
}

/** The rows of a CSV text, read by the tools' own reader (www/elements/shared/afflink-csv.js). */
const parseCsv = (text) => readCsv(text).map((r) => r.cells);

const ORDER_FIELDS = ['program', 'orderId', 'amount', 'currency', 'category', 'buyer', 'country', 'status',
  'paidDate', 'completedDate', 'clickDate', 'spam'];

function orderTemplates() {
  const [header, ...rows] = parseCsv(readFileSync(CASES + 'commission.csv', 'utf8'));
  const good = [];
  const bad = [];
  for (const cells of rows) {
    if (cells.length < header.length) continue;
    const r = Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    const order = {};
    for (const f of ORDER_FIELDS) if (r[f] !== '') order[f] = r[f];
    (r.expectError === '' ? good : bad).push(order);
  }
  return { good, bad };
}

/** The estimation context of the benchmark: the worked example's incentive (+2%). */
export const ESTIMATE_CONTEXT = { previousPeriodSales: '400000' };

/**
 * `n` orders in chunks of `chunkSize`: 98% from the case file's estimable orders with new
 * ids and amounts (mostly small, a few over Alibaba.com's 5,000 limit), 2% refused ones.
 * Yields each chunk as an array of order objects.
 */
export function* orderChunks(n = 1_000_000, chunkSize = 50_000, seed = SEED + 2) {
  const rand = rng(seed);
  const { good, bad } = orderTemplates();
  for (let start = 0; start < n; start += chunkSize) {
    const chunk = [];
    for (let i = start; i < Math.min(n, start + chunkSize); i++) {
      const refused = rand() < 0.02;
      const order = { ...pick(rand, refused ? bad : good) };
      order.orderId = `b${i}`;
      if (!refused) {
        const x = rand();
        const amount = x < 0.9 ? 1 + rand() * 499 : x < 0.98 ? 500 + rand() * 4499.99 : 5000 + rand() * 3000;
        order.amount = amount.toFixed(2);
      }
      chunk.push(order);
    }
    yield chunk;
  }
}

/**
 * A blog page with `links` product links (AliExpress product pages, as a blogger pastes
 * them) and a tenth as many other links (own pages, other sites, AliExpress search and store
 * pages) that must stay as they are. `script` is the widget's tag, placed at the end of the
 * body as a footer snippet is, or '' for the page without it.
 */
export function blogPage(links, script, seed = SEED + 3) {
  const rand = rng(seed + links);
  const products = deepLinkUrls(Math.min(links, 5000), seed + 7);
  const others = [
    '/about.html', '/archive/2026/03/', 'https://en.wikipedia.org/wiki/Bluetooth',
    'https://www.aliexpress.com/wholesale?SearchText=usb+cable', 'https://www.aliexpress.com/store/1101234567',
    'https://www.alibaba.com/showroom/usb-cable.html', 'https://github.com/', '#comments',
  ];
  const words = ['great', 'battery', 'cable', 'tested', 'cheap', 'shipping', 'solid', 'review', 'week', 'colour',
    'charger', 'quality', 'returned', 'recommend', 'price'];
  const sentence = () => Array.from({ length: 8 + Math.floor(rand() * 10) }, () => pick(rand, words)).join(' ');
  const parts = [];
  for (let i = 0; i < links; i++) {
    const url = products[i % products.length].replaceAll('&', '&amp;');
    let p = `<p>${sentence()} <a href="${url}">product ${i + 1}</a> ${sentence()}.`;
    if (i % 10 === 9) p += ` See <a href="${pick(rand, others).replaceAll('&', '&amp;')}">this page</a>.`;
    parts.push(`${p}</p>`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="bench-links" content="${links}">
<link rel="icon" href="data:,">
<title>Blog post with ${links} product links</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em}</style>
</head>
<body>
<article>
<h1>My ${links} favourite finds</h1>
${parts.join('\n')}
</article>
${script}
</body>
</html>
`;
}
