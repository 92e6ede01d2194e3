// The afflink JavaScript front, shared by the Node and browser entries.
// It checks arguments and crosses into WebAssembly once per call. Every crossing, its
// encoding and who reads it are in docs/BOUNDARY.md: classification as numeric records,
// link batches as lines, the rest as plain values (serde-wasm-bindgen). Refusals are
// thrown from the module as `AfflinkError`s that carry a stable `code`.
import * as wasm from './afflink_wasm.js';
import { AfflinkError, batchOrders, isLoaded, isWellFormed, orderJson, requireJsonText, requireKnownKeys, wasmMemory, withRefused } from './init.js';

export { AfflinkError, wasmMemoryBytes } from './init.js';

function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
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

// Classification results cross as numbers (`records.rs` in src/wasm/): a header, then for
// `classifyUrl` the id and slug as offsets into the input, for `classifyUrls` the canonical
// URLs as one text. The tables are read once. Layouts: docs/BOUNDARY.md.
const KINDS = ['product', 'page', 'affiliateLink', 'shortLink', 'rejected'];
const PROGRAMS = [null, 'aliexpress', 'alibaba'];
const IN_TEXT = 1 << 15;
const WORDS = 7;
const BATCH_WORDS = 4;
let tables = null;
let record = null;

const UNESCAPE = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

/** A field of the line format (`push_field` in src/wasm/lines.rs): `\\ \t \n \r` escaped. */
function field(text) {
  return text.includes('\\') ? text.replace(/\\([\\tnr])/g, (_, c) => UNESCAPE[c]) : text;
}

function classifyTables() {
  if (tables === null) {
    const [prefixes, aliexpress, alibaba, ...codes] = wasm
      .classifyTables()
      .split('\n')
      .map((line) => line.split('\t').map(field));
    tables = {
      codes: codes.map((c) => c[0]),
      messages: codes.map((c) => c[1]),
      prefixes: [null, ...prefixes],
      params: [null, aliexpress, alibaba],
    };
  }
  return tables;
}

/** The names of a record's affiliate parameters: `n` of them, 4 bits each in `lo`, `hi`. */
function paramNames(names, n, lo, hi) {
  const out = [];
  for (let k = 0; k < n; k++) out.push(names[((k < 8 ? lo : hi) >>> ((k & 7) * 4)) & 15]);
  return out;
}

/** The result of a record that is not a product. */
function notAProduct(input, h, t) {
  const reason = ((h >>> 5) & 127) - 1;
  return {
    input,
    kind: KINDS[h & 7],
    program: PROGRAMS[(h >>> 3) & 3],
    productId: null,
    canonicalUrl: null,
    affiliateParams: null,
    reason: { code: t.codes[reason], message: t.messages[reason] },
  };
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
const decoder = new TextDecoder();

// URLs joined and encoded at a time: the text stays in the processor's cache (measured: 500
// and 1,000 alike, 2,000 at once three times slower, the whole batch at once twice).
const CHUNK = 500;

/**
 * Writes the UTF-8 bytes of a batch's inputs, one after the other, into the module's memory
 * (`classifyInputBuffer`); returns their number and the inputs' lengths in UTF-16 code units.
 */
function writeInputs(list) {
  const n = list.length;
  const lens = new Uint32Array(n);
  let units = 0;
  for (let i = 0; i < n; i++) {
    lens[i] = list[i].length;
    units += lens[i];
  }
  // One byte per code unit when ASCII. The address first: making room may grow the memory.
  const address = wasm.classifyInputBuffer(units);
  const view = new Uint8Array(wasmMemory().buffer, address, units);
  let written = 0;
  for (let i = 0; i < n; i += CHUNK) {
    const text = list.slice(i, i + CHUNK).join('');
    const done = encoder.encodeInto(text, view.subarray(written));
    if (done.read !== text.length) {
      // Not ASCII: more bytes than code units. Encoded apart.
      const encoded = encoder.encode(list.join(''));
      const at = wasm.classifyInputBuffer(encoded.length);
      new Uint8Array(wasmMemory().buffer, at, encoded.length).set(encoded);
      return [encoded.length, lens];
    }
    written += done.written;
  }
  return [written, lens];
}

/** Classifies one URL. See the type declarations for the result's shape. */
export function classifyUrl(url) {
  requireString(url, 'url');
  requireReady();
  const t = classifyTables();
  const h = wasm.classifyRecord(url);
  if ((h & 7) !== 0) return notAProduct(url, h, t);
  const r = lastRecord();
  let productId;
  let canonicalUrl;
  if (h & IN_TEXT) {
    // The id is not a slice of an ASCII input (rare): the canonical URL from the module.
    canonicalUrl = wasm.classifyRecordText();
    productId = canonicalUrl.slice(r[1], r[2]);
  } else {
    productId = url.slice(r[1], r[2]);
    const form = (h >>> 12) & 7;
    canonicalUrl =
      form === 5
        ? `${t.prefixes[5]}${url.slice(r[3], r[4])}_${productId}.html`
        : `${t.prefixes[form]}${productId}.html`;
  }
  const program = PROGRAMS[(h >>> 3) & 3];
  const affiliateParams = paramNames(t.params[(h >>> 3) & 3], (h >>> 16) & 15, r[5], r[6]);
  return { input: url, kind: 'product', program, productId, canonicalUrl, affiliateParams, reason: null };
}

/** Classifies many URLs in one crossing into WebAssembly; one result per input, in order. */
export function classifyUrls(urls) {
  requireStrings(urls, 'urls');
  requireReady();
  const n = urls.length;
  if (n === 0) return [];
  const t = classifyTables();
  const [bytes, lens] = writeInputs(urls);
  // Throws invalid_argument if the lengths did not add up (they come from the same strings).
  const address = wasm.classifyManyRecords(bytes, lens);
  const memory = wasmMemory().buffer;
  const r = new Uint32Array(memory, address, 2 + n * BATCH_WORDS);
  // Every product's canonical URL, one after the other (ASCII); ids and URLs are slices.
  const text = decoder.decode(new Uint8Array(memory, r[0], r[1]));
  const out = new Array(n);
  for (let i = 0, at = 2, pos = 0; i < n; i++, at += BATCH_WORDS) {
    const h = r[at];
    if ((h & 7) !== 0) {
      out[i] = notAProduct(urls[i], h, t);
      continue;
    }
    const end = pos + r[at + 1];
    const idEnd = end - 5; // before `.html`
    const p = (h >>> 3) & 3;
    out[i] = {
      input: urls[i],
      kind: 'product',
      program: PROGRAMS[p],
      productId: text.slice(idEnd - ((h >>> 20) & 31), idEnd),
      canonicalUrl: text.slice(pos, end),
      affiliateParams: paramNames(t.params[p], (h >>> 16) & 15, r[at + 2], r[at + 3]),
      reason: null,
    };
    pos = end;
  }
  return out;
}

// What each options or values object looks like, for the message that refuses another kind.
const EXAMPLES = {
  params: "{af: 'blog'}",
  values: "{pid: 'blog', tp1: 'click-1'}",
  options: "{params: {af: 'blog'}}",
  columns: "{orderId: 'Order ID'}",
  context: "{previousPeriodSales: '400000'}",
  'context.exchangeRates': "{EUR: '1.0800'}",
  input: '{report: csvText}',
};

// An options or values object must be plain (`{…}` or `Object.create(null)`): the entries
// of a `Map`, a `URLSearchParams` or a class instance are not its own properties, so it
// would be read as no values at all. `plain: false` (an order) takes any object.
function requireObject(value, what, known, plain = true) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AfflinkError('invalid_argument', `${what} must be an object, not ${describe(value)}.`);
  }
  const proto = Object.getPrototypeOf(value);
  if (plain && proto !== Object.prototype && proto !== null) {
    const kind = typeof proto?.constructor?.name === 'string' && proto.constructor.name ? `a ${proto.constructor.name}` : 'an object with a prototype';
    throw new AfflinkError('invalid_argument', `${what} must be a plain object such as ${EXAMPLES[what] ?? '{…}'}, not ${kind}.`);
  }
  if (known) requireKnownKeys(value, known, what);
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

/** The line format of the link batches (`link_lines` in src/wasm/lines.rs), one result per input. */
function readLinkLines(text, inputs) {
  const lines = text.split('\n');
  const out = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const line = lines[i + 1];
    if (line.charCodeAt(0) === 76 /* L */) out[i] = { input: inputs[i], link: field(line.slice(2)) };
    else {
      const tab = line.indexOf('\t', 2);
      out[i] = { input: inputs[i], error: { code: line.slice(2, tab), message: field(line.slice(tab + 1)) } };
    }
  }
  return out;
}

/** Adds custom tracking strings (`af cn cv dp` / `pid tp1..tp5`) to a tracking link. */
export function appendTrackingParams(link, params) {
  requireString(link, 'link');
  const [names, values] = pairs(params, 'params');
  requireReady();
  return wasm.appendTrackingParams(link, names, values);
}

/** An AliExpress deep link to a product page, with custom tracking strings. */
export function buildAliExpressDeepLink(options) {
  requireObject(options, 'options', ['affShortKey', 'productUrl', 'params']);
  const { affShortKey, productUrl, params } = options;
  requireString(affShortKey, 'affShortKey');
  requireString(productUrl, 'productUrl');
  const [names, values] = pairs(params, 'params');
  requireReady();
  return wasm.buildAliExpressDeepLink(affShortKey, productUrl, names, values);
}

/** AliExpress deep links for many product URLs: one `{input, link}` or `{input, error}` each. */
export function buildAliExpressDeepLinks(productUrls, options) {
  requireStrings(productUrls, 'productUrls');
  requireObject(options, 'options', ['affShortKey', 'params']);
  requireString(options.affShortKey, 'affShortKey');
  const [names, values] = pairs(options.params, 'params');
  requireReady();
  // Throws what every link shares (the key, the parameters).
  return readLinkLines(wasm.buildAliExpressDeepLinksLines(...joined(productUrls), options.affShortKey, names, values), productUrls);
}

/**
 * An Alibaba.com link template (`{product_id}`/`{product_url}`) from a real link the program
 * made for a product. `productId` is optional when the link carries its product.
 */
export function alibabaTemplateFromSample(link, productId) {
  requireString(link, 'link');
  if (productId !== undefined && productId !== null) requireString(productId, 'productId');
  requireReady();
  return wasm.alibabaTemplateFromSample(link, productId ?? undefined);
}

/** An Alibaba.com product link from a template, for a `productUrl` or a `productId`. */
export function buildAlibabaProductLink(options) {
  requireObject(options, 'options', ['template', 'productUrl', 'productId', 'params']);
  const { template, productUrl, productId, params } = options;
  requireString(template, 'template');
  if ((productUrl === undefined) === (productId === undefined)) {
    throw new AfflinkError('invalid_argument', 'Give exactly one of productUrl and productId.');
  }
  const isId = productId !== undefined;
  requireString(isId ? productId : productUrl, isId ? 'productId' : 'productUrl');
  const [names, values] = pairs(params, 'params');
  requireReady();
  return wasm.buildAlibabaProductLink(template, isId ? productId : productUrl, isId, names, values);
}

/** Alibaba.com product links for many product URLs: one `{input, link}` or `{input, error}` each. */
export function buildAlibabaProductLinks(productUrls, options) {
  requireStrings(productUrls, 'productUrls');
  requireObject(options, 'options', ['template', 'params']);
  requireString(options.template, 'template');
  const [names, values] = pairs(options.params, 'params');
  requireReady();
  // Throws what every link shares (the template, the parameters).
  return readLinkLines(wasm.buildAlibabaProductLinksLines(...joined(productUrls), options.template, names, values), productUrls);
}

/** Checks a postback URL template: `{ok, macros, problems: [{code, severity, message}]}`. */
export function checkPostbackUrl(url) {
  requireString(url, 'url');
  requireReady();
  return wasm.checkPostbackUrl(url);
}

/** The URL the program would call for a postback template and macro values. */
export function expandPostbackUrl(url, values) {
  requireString(url, 'url');
  const [names, vals] = pairs(values, 'values');
  requireReady();
  return wasm.expandPostbackUrl(url, names, vals);
}

/**
 * Compares afflink's estimates with what the program reported: `{lines, summary,
 * suggestedCard}`. `input` is `{report, columns?, orders?}` (the AliExpress order report as
 * CSV text) or `{postbackTemplate, postbackLog, orders?}` (the Alibaba.com postback calls
 * as text); `context` as for `estimateCommissions`. Money is decimal strings.
 */
export function reconcileCommissions(input, context) {
  requireObject(input, 'input', ['report', 'columns', 'orders', 'postbackTemplate', 'postbackLog']);
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
    copy.orders = input.orders.map((order) => orderJson(order));
  }
  const ctx = contextJson(context);
  const json = toJson(copy, 'input');
  if (json.includes('\\ud')) copy.orders?.forEach((order, i) => requireJsonText(order, `orders[${i}]`));
  requireReady();
  return wasm.reconcileCommissions(json, ctx);
}


function contextJson(context) {
  if (context === undefined || context === null) return 'null';
  requireObject(context, 'context', ['previousPeriodSales', 'history', 'rateCards', 'exchangeRates', 'groupBy']);
  requireJsonText(context, 'context');
  requireJsonText(context.rateCards, 'context.rateCards', true);
  const copy = { ...context };
  if (typeof copy.previousPeriodSales === 'number' && !Number.isFinite(copy.previousPeriodSales)) {
    copy.previousPeriodSales = String(copy.previousPeriodSales);
  }
  if (copy.exchangeRates !== null && typeof copy.exchangeRates === 'object' && !Array.isArray(copy.exchangeRates)) {
    requireObject(copy.exchangeRates, 'context.exchangeRates');
    copy.exchangeRates = Object.fromEntries(
      Object.entries(copy.exchangeRates).map(([c, r]) => [c, typeof r === 'number' && !Number.isFinite(r) ? String(r) : r]),
    );
  }
  return toJson(copy, 'context');
}

/** A JSON value as text; `invalid_argument` for what JSON cannot hold or would change (NaN: null). */
function jsonValue(value, what) {
  requireJsonText(value, what, true);
  const text = toJson(value, what);
  if (typeof text !== 'string') throw new AfflinkError('invalid_argument', `${what} must be a JSON value, not ${describe(value)}.`);
  return text;
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
  requireObject(order, 'order', undefined, false);
  const ctx = contextJson(context);
  let json = toJson(orderJson(order), 'order');
  // JSON writes a lone surrogate as `\udXXX`: only then is the order walked, to name the field.
  if (json.includes('\\ud')) json = toJson(orderJson(order, true), 'order');
  requireReady();
  return wasm.estimateCommission(json, ctx);
}

/** Estimates many orders: `{lines, summary}`; a bad order gets `{orderId, error}` on its own line. */
export function estimateCommissions(orders, context) {
  if (!Array.isArray(orders)) {
    throw new AfflinkError('invalid_argument', `orders must be an array, not ${describe(orders)}.`);
  }
  const ctx = contextJson(context);
  let { good, refused } = batchOrders(orders);
  let json = toJson(good, 'orders');
  if (json.includes('\\ud')) {
    ({ good, refused } = batchOrders(orders, true));
    json = toJson(good, 'orders');
  }
  requireReady();
  return withRefused(wasm.estimateCommissions(json, ctx), refused);
}

/** The rate card afflink ships for `"aliexpress"` or `"alibaba"` (lowest documented figures). */
export function defaultRateCard(program) {
  if (program !== 'aliexpress' && program !== 'alibaba') {
    throw new AfflinkError('invalid_argument', 'program must be "aliexpress" or "alibaba".');
  }
  requireReady();
  return wasm.defaultRateCard(program);
}

/**
 * A shipped rate card by name: `"aliexpress-documented"` / `"alibaba-documented"` (the defaults,
 * also `"aliexpress"` / `"alibaba"`), `"aliexpress-example-2016"`, `"alibaba-listing"`.
 * The name may also be given in `context.rateCards`.
 */
export function rateCard(name) {
  requireString(name, 'name');
  requireReady();
  return wasm.rateCard(name);
}

/** The shipped rate cards: `[{name, program, default, title, note}]`, the defaults first. */
export function rateCards() {
  requireReady();
  return wasm.rateCards();
}

/** Every stable code with its plain-English message. */
export function codeMessages() {
  requireReady();
  return wasm.codes();
}

/**
 * `patch` merged over `base` as RFC 7396 (JSON merge patch) says, by the core's merge (the
 * one a user's partial card goes through): objects merge key by key, `null` removes a key,
 * anything else (a list too) replaces. Both are JSON values; the result is not checked as
 * a card (`estimateCommission` does that). Object keys come back in sorted order.
 */
export function mergeRateCard(base, patch) {
  const baseJson = jsonValue(base, 'base');
  const patchJson = jsonValue(patch, 'patch');
  requireReady();
  return wasm.mergeRateCard(baseJson, patchJson);
}

/**
 * The script tag's link converter (`LinkConverter` in src/wasm/converter.rs): the page's
 * settings checked once, then many link addresses converted per call. Exported so that the
 * widget and the tools never import the generated glue by its file name. The arguments are
 * checked here (`invalid_argument`, `not_initialized`): a wrong type never reaches the glue.
 */
export class LinkConverter {
  #inner;

  constructor(names, values) {
    for (const [list, what] of [[names, 'names'], [values, 'values']]) {
      if (!Array.isArray(list)) throw new AfflinkError('invalid_argument', `${what} must be an array of strings, not ${describe(list)}.`);
      for (let i = 0; i < list.length; i++) text(list[i], `${what}[${i}]`);
    }
    if (names.length !== values.length) {
      throw new AfflinkError('invalid_argument', `names and values must have the same length, not ${names.length} and ${values.length}.`);
    }
    requireReady();
    this.#inner = new wasm.LinkConverter(names, values);
  }

  /** The glue's converter; `invalid_argument` once freed. */
  #live() {
    if (!this.#inner) throw new AfflinkError('invalid_argument', 'This LinkConverter was freed with free(): make a new one.');
    return this.#inner;
  }

  errorCode() {
    return this.#live().errorCode();
  }

  errorMessage() {
    return this.#live().errorMessage();
  }

  warnings() {
    return this.#live().warnings();
  }

  enabled() {
    return this.#live().enabled();
  }

  disclosure() {
    return this.#live().disclosure();
  }

  setPlatform(name) {
    return this.#live().setPlatform(text(name, 'name'));
  }

  // A lone surrogate is read as U+FFFD, as `TextEncoder` does for `convertUtf8`.
  convert(hrefs) {
    return this.#live().convert(text(hrefs, 'hrefs'));
  }

  convertUtf8(hrefs) {
    if (!(hrefs instanceof Uint8Array)) {
      throw new AfflinkError('invalid_argument', `hrefs must be a Uint8Array (UTF-8 bytes), not ${describe(hrefs)}.`);
    }
    return this.#live().convertUtf8(hrefs);
  }

  reasons(hrefs) {
    return this.#live().reasons(text(hrefs, 'hrefs'));
  }

  /** Frees the WebAssembly memory it holds; a second call does nothing. */
  free() {
    this.#inner?.free();
    this.#inner = null;
  }
}
if (Symbol.dispose) LinkConverter.prototype[Symbol.dispose] = LinkConverter.prototype.free;

/** A string argument of `LinkConverter` (a lone surrogate is read as U+FFFD, as before). */
function text(value, what) {
  if (typeof value !== 'string') throw new AfflinkError('invalid_argument', `${what} must be a string, not ${describe(value)}.`);
  return value;
}
