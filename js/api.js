// The afflink JavaScript front, shared by the Node and browser entries.
// It checks arguments, crosses into WebAssembly once per call with plain strings, and
// turns refusals into `Error` objects that carry a stable `code`.
import * as wasm from './afflink_wasm.js';
import { isLoaded, wasmMemory } from './init.js';

export { wasmMemoryBytes } from './init.js';

/** An `Error` with a stable machine-readable `code` (see docs/CODES.md). */
export class AfflinkError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'AfflinkError';
    this.code = code;
  }
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isWellFormed(s) {
  return typeof s.isWellFormed === 'function' ? s.isWellFormed() : !LONE_SURROGATE.test(s);
}

// wasm-bindgen would silently turn a lone surrogate into U+FFFD: refuse it here instead.
function requireString(value, what) {
  if (typeof value !== 'string') {
    throw new AfflinkError('invalid_argument', `${what} must be a string, not ${describe(value)}.`);
  }
  if (!isWellFormed(value)) {
    throw new AfflinkError('invalid_argument', `${what} is not well-formed text (it contains a lone surrogate).`);
  }
}

function requireReady() {
  if (!isLoaded()) {
    throw new AfflinkError('not_initialized', 'afflink is not ready: call and await init() first.');
  }
}

// Classification results cross as numbers (`record` in src/wasm/json_api.rs): a header,
// the id and slug as offsets into the input. The tables are read once.
const KINDS = ['product', 'page', 'affiliateLink', 'shortLink', 'rejected'];
const PROGRAMS = [null, 'aliexpress', 'alibaba'];
const ASK_JSON = 1 << 15;
const WORDS = 7;
let tables = null;
let record = null;

function classifyTables() {
  if (tables === null) {
    const [prefixes, aliexpress, alibaba, ...codes] = wasm.classifyTables().split('\n').map((line) => line.split('\t'));
    tables = { codes, prefixes: [null, ...prefixes], params: { aliexpress, alibaba } };
  }
  return tables;
}

/** The result of one record (`r[at]`: the word after the header). */
function resultOf(input, h, r, at) {
  const t = tables;
  const kind = KINDS[h & 7];
  const program = PROGRAMS[(h >>> 3) & 3];
  if (kind !== 'product') {
    const reason = t.codes[((h >>> 5) & 127) - 1];
    return { input, kind, program, productId: null, canonicalUrl: null, affiliateParams: null, reason: { code: reason[0], message: reason[1] } };
  }
  // Id or slug not an ASCII slice of the input (rare): the JSON form.
  if (h & ASK_JSON) return JSON.parse(wasm.classifyJson(input));
  const productId = input.slice(r[at], r[at + 1]);
  const form = (h >>> 12) & 7;
  const canonicalUrl =
    form === 5
      ? `${t.prefixes[5]}${input.slice(r[at + 2], r[at + 3])}_${productId}.html`
      : `${t.prefixes[form]}${productId}.html`;
  const n = (h >>> 16) & 15;
  const affiliateParams = [];
  if (n > 0) {
    const names = t.params[program];
    for (let k = 0; k < n; k++) affiliateParams.push(names[(r[at + 4 + (k >> 3)] >>> ((k & 7) * 4)) & 15]);
  }
  return { input, kind, program, productId, canonicalUrl, affiliateParams, reason: null };
}

/** The last `classifyRecord` call's record in the module's memory (renewed when it grows). */
function lastRecord() {
  if (record === null || record.byteLength === 0) {
    record = new Uint32Array(wasmMemory().buffer, wasm.classifyRecordAddress(), WORDS);
  }
  return record;
}

/** The inputs of a batch as one string and their lengths (one crossing, no array of strings). */
function joined(list) {
  const lens = new Uint32Array(list.length);
  for (let i = 0; i < list.length; i++) lens[i] = list[i].length;
  return [list.join(''), lens];
}

const encoder = new TextEncoder();

/** Classifies one URL. See the type declarations for the result's shape. */
export function classifyUrl(url) {
  requireString(url, 'url');
  requireReady();
  classifyTables();
  const h = wasm.classifyRecord(url);
  return resultOf(url, h, lastRecord(), 1);
}

/** Classifies many URLs in one crossing into WebAssembly; one result per input, in order. */
export function classifyUrls(urls) {
  requireStrings(urls, 'urls');
  requireReady();
  if (urls.length === 0) return [];
  classifyTables();
  const [text, lens] = joined(urls);
  const r = wasm.classifyManyRecords(encoder.encode(text), lens);
  // Cannot happen (the lengths come from the same strings); the JSON form never misaligns.
  if (r.length !== urls.length * WORDS) return urls.map((url) => JSON.parse(wasm.classifyJson(url)));
  const out = new Array(urls.length);
  for (let i = 0, at = 0; i < urls.length; i++, at += WORDS) out[i] = resultOf(urls[i], r[at], r, at + 1);
  return out;
}

function requireObject(value, what) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AfflinkError('invalid_argument', `${what} must be an object, not ${describe(value)}.`);
  }
}

// `{name: value}` → two parallel arrays; `null`/`undefined` values count as not given.
function pairs(object, what) {
  if (object === undefined || object === null) return [[], []];
  requireObject(object, what);
  let entries;
  try {
    entries = Object.entries(object);
  } catch {
    throw new AfflinkError('invalid_argument', `${what} cannot be read.`);
  }
  const names = [];
  const values = [];
  for (const [name, value] of entries) {
    if (value === undefined || value === null) continue;
    requireString(name, `the name ${JSON.stringify(name)} in ${what}`);
    requireString(value, `${what}.${name}`);
    names.push(name);
    values.push(value);
  }
  return [names, values];
}

function requireStrings(list, what) {
  if (!Array.isArray(list)) {
    throw new AfflinkError('invalid_argument', `${what} must be an array of strings, not ${describe(list)}.`);
  }
  // The item's name only for the message.
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item !== 'string' || !isWellFormed(item)) requireString(item, `${what}[${i}]`);
  }
}

// The binding answers `{field: value}` or `{error: {code, message}}`.
function unwrap(json, field) {
  const result = JSON.parse(json);
  if (result.error) throw new AfflinkError(result.error.code, result.error.message);
  return result[field];
}

/** Adds custom tracking strings (`af cn cv dp` / `pid tp1..tp5`) to a tracking link. */
export function appendTrackingParams(link, params) {
  requireString(link, 'link');
  const [names, values] = pairs(params, 'params');
  requireReady();
  return unwrap(wasm.appendTrackingParamsJson(link, names, values), 'link');
}

/** An AliExpress deep link to a product page, with custom tracking strings. */
export function buildAliExpressDeepLink(options) {
  requireObject(options, 'options');
  const { affShortKey, productUrl, params } = options;
  requireString(affShortKey, 'affShortKey');
  requireString(productUrl, 'productUrl');
  const [names, values] = pairs(params, 'params');
  requireReady();
  return unwrap(wasm.buildAliExpressDeepLinkJson(affShortKey, productUrl, names, values), 'link');
}

/** AliExpress deep links for many product URLs: one `{input, link}` or `{input, error}` each. */
export function buildAliExpressDeepLinks(productUrls, options) {
  requireStrings(productUrls, 'productUrls');
  requireObject(options, 'options');
  requireString(options.affShortKey, 'affShortKey');
  const [names, values] = pairs(options.params, 'params');
  requireReady();
  if (productUrls.length > 0) {
    // The compact form (see `buildAliExpressDeepLinksLines`); "" means: ask for JSON.
    const text = wasm.buildAliExpressDeepLinksLines(...joined(productUrls), options.affShortKey, names, values);
    const lines = text.split('\n');
    if (lines[0] !== '') unwrap(lines[0], 'results'); // throws what every link shares
    else if (lines.length === productUrls.length + 1) {
      const out = new Array(productUrls.length);
      for (let i = 0; i < productUrls.length; i++) {
        const line = lines[i + 1];
        if (line.charCodeAt(0) === 76 /* L */) out[i] = { input: productUrls[i], link: line.slice(2) };
        else {
          const tab = line.indexOf('\t', 2);
          out[i] = { input: productUrls[i], error: { code: line.slice(2, tab), message: line.slice(tab + 1) } };
        }
      }
      return out;
    }
  }
  return unwrap(wasm.buildAliExpressDeepLinksJson(productUrls, options.affShortKey, names, values), 'results');
}

/** An Alibaba.com link template (`{product_id}`/`{product_url}`) from a real link for a known product. */
export function alibabaTemplateFromSample(link, productId) {
  requireString(link, 'link');
  requireString(productId, 'productId');
  requireReady();
  return unwrap(wasm.alibabaTemplateFromSampleJson(link, productId), 'template');
}

/** An Alibaba.com product link from a template, for a `productUrl` or a `productId`. */
export function buildAlibabaProductLink(options) {
  requireObject(options, 'options');
  const { template, productUrl, productId, params } = options;
  requireString(template, 'template');
  if ((productUrl === undefined) === (productId === undefined)) {
    throw new AfflinkError('invalid_argument', 'Give exactly one of productUrl and productId.');
  }
  const isId = productId !== undefined;
  requireString(isId ? productId : productUrl, isId ? 'productId' : 'productUrl');
  const [names, values] = pairs(params, 'params');
  requireReady();
  return unwrap(wasm.buildAlibabaProductLinkJson(template, isId ? productId : productUrl, isId, names, values), 'link');
}

/** Alibaba.com product links for many product URLs: one `{input, link}` or `{input, error}` each. */
export function buildAlibabaProductLinks(productUrls, options) {
  requireStrings(productUrls, 'productUrls');
  requireObject(options, 'options');
  requireString(options.template, 'template');
  const [names, values] = pairs(options.params, 'params');
  requireReady();
  return unwrap(wasm.buildAlibabaProductLinksJson(productUrls, options.template, names, values), 'results');
}

/** Checks a postback URL template: `{ok, macros, problems: [{code, severity, message}]}`. */
export function checkPostbackUrl(url) {
  requireString(url, 'url');
  requireReady();
  return JSON.parse(wasm.checkPostbackUrlJson(url));
}

/** The URL the program would call for a postback template and macro values. */
export function expandPostbackUrl(url, values) {
  requireString(url, 'url');
  const [names, vals] = pairs(values, 'values');
  requireReady();
  return unwrap(wasm.expandPostbackUrlJson(url, names, vals), 'url');
}

/**
 * Compares afflink's estimates with what the program reported: `{lines, summary,
 * suggestedCard}`. `input` is `{report, columns?, orders?}` (the AliExpress order report as
 * CSV text) or `{postbackTemplate, postbackLog, orders?}` (the Alibaba.com postback calls
 * as text); `context` as for `estimateCommissions`. Money is decimal strings.
 */
export function reconcileCommissions(input, context) {
  requireObject(input, 'input');
  const copy = {};
  for (const name of ['report', 'postbackTemplate', 'postbackLog']) {
    if (input[name] === undefined || input[name] === null) continue;
    requireString(input[name], name);
    copy[name] = input[name];
  }
  if (input.columns !== undefined && input.columns !== null) {
    const [names, headers] = pairs(input.columns, 'columns');
    copy.columns = Object.fromEntries(names.map((n, i) => [n, headers[i]]));
  }
  if (input.orders !== undefined && input.orders !== null) {
    if (!Array.isArray(input.orders)) {
      throw new AfflinkError('invalid_argument', `orders must be an array, not ${describe(input.orders)}.`);
    }
    copy.orders = input.orders.map(orderJson);
  }
  const ctx = contextJson(context);
  const json = toJson(copy, 'input');
  requireReady();
  return unwrap(wasm.reconcileCommissionsJson(json, ctx), 'reconciliation');
}

// JSON cannot carry NaN or Infinity: keep them visible so the core refuses them by name.
function orderJson(order) {
  if (order === null || typeof order !== 'object' || Array.isArray(order)) return order;
  const plain = Object.getPrototypeOf(order) === Object.prototype;
  const amount = order.amount;
  // JSON would turn a non-finite amount into null: it goes as text, and is refused as such.
  if (typeof amount === 'number' && !Number.isFinite(amount)) return { ...order, amount: String(amount) };
  // A plain object serialises as its copy would; anything else is copied as before.
  return plain ? order : { ...order };
}

function contextJson(context) {
  if (context === undefined || context === null) return 'null';
  requireObject(context, 'context');
  const copy = { ...context };
  if (typeof copy.previousPeriodSales === 'number' && !Number.isFinite(copy.previousPeriodSales)) {
    copy.previousPeriodSales = String(copy.previousPeriodSales);
  }
  if (copy.exchangeRates !== null && typeof copy.exchangeRates === 'object' && !Array.isArray(copy.exchangeRates)) {
    copy.exchangeRates = Object.fromEntries(
      Object.entries(copy.exchangeRates).map(([c, r]) => [c, typeof r === 'number' && !Number.isFinite(r) ? String(r) : r]),
    );
  }
  return toJson(copy, 'context');
}

function toJson(value, what) {
  try {
    return JSON.stringify(value);
  } catch {
    throw new AfflinkError('invalid_argument', `${what} cannot be turned into JSON.`);
  }
}

/**
 * Estimates one order's commission: `{orderId, program, card, qualifies, reasons, ratePercent,
 * breakdown, commission, period, currency, amount, exchangeRate, amountUsd, refundedAmount,
 * items?, warnings, assumptions}`. Money is decimal strings.
 */
export function estimateCommission(order, context) {
  requireObject(order, 'order');
  const ctx = contextJson(context);
  const json = toJson(orderJson(order), 'order');
  requireReady();
  return unwrap(wasm.estimateCommissionJson(json, ctx), 'estimate');
}

/** Estimates many orders: `{lines, summary}`; a bad order gets `{orderId, error}` on its own line. */
export function estimateCommissions(orders, context) {
  if (!Array.isArray(orders)) {
    throw new AfflinkError('invalid_argument', `orders must be an array, not ${describe(orders)}.`);
  }
  const ctx = contextJson(context);
  const json = toJson(orders.map(orderJson), 'orders');
  requireReady();
  return unwrap(wasm.estimateCommissionsJson(json, ctx), 'report');
}

/** The rate card afflink ships for `"aliexpress"` or `"alibaba"` (lowest documented figures). */
export function defaultRateCard(program) {
  if (program !== 'aliexpress' && program !== 'alibaba') {
    throw new AfflinkError('invalid_argument', 'program must be "aliexpress" or "alibaba".');
  }
  requireReady();
  return JSON.parse(wasm.defaultRateCardJson(program));
}

/**
 * A shipped rate card by name: `"aliexpress-documented"` / `"alibaba-documented"` (the defaults,
 * also `"aliexpress"` / `"alibaba"`), `"aliexpress-example-2016"`, `"alibaba-listing"`.
 * The name may also be given in `context.rateCards`.
 */
export function rateCard(name) {
  requireString(name, 'name');
  requireReady();
  const json = wasm.rateCardJson(name);
  if (!json) throw new AfflinkError('invalid_rate_card', `${JSON.stringify(name)} is not a shipped rate card; see rateCards().`);
  return JSON.parse(json);
}

/** The shipped rate cards: `[{name, program, default, title, note}]`, the defaults first. */
export function rateCards() {
  requireReady();
  return JSON.parse(wasm.rateCardsJson());
}

/** Every stable code with its plain-English message. */
export function codeMessages() {
  requireReady();
  return JSON.parse(wasm.codesJson());
}
