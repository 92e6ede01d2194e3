// Loading the WebAssembly module once. Each entry (node.js, browser.js) makes its `init`
// with `makeInit`, giving the source of the module's bytes.
import initWasm, { setErrorClass } from './afflink_wasm.js';

/**
 * An `Error` with a stable machine-readable `code` (see docs/CODES.md). The refusals of
 * the WebAssembly module are thrown as this class too (registered with `setErrorClass`
 * once the module is loaded; see docs/BOUNDARY.md).
 */
export class AfflinkError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'AfflinkError';
    this.code = code;
  }
}

let ready = null;
let loaded = false;
let memory = null;

/** Whether the module has finished loading. */
export function isLoaded() {
  return loaded;
}

/** The size of the WebAssembly memory in bytes (0 before `init()`): a diagnostic for leaks. */
export function wasmMemoryBytes() {
  return memory ? memory.buffer.byteLength : 0;
}

/** The module's WebAssembly memory (for the package's own reading of classification records). */
export function wasmMemory() {
  return memory;
}

/** The distance between two names (Levenshtein), for "did you mean". */
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/**
 * Refuses a key of `object` that is not in `known` (`invalid_argument` naming it, with a
 * "did you mean" when a known key is close: another case, `_` or `-`, or 1-2 letters off).
 */
export function requireKnownKeys(object, known, what) {
  let keys;
  try {
    keys = Object.keys(object);
  } catch {
    throw new AfflinkError('invalid_argument', `The keys of ${what} cannot be read.`);
  }
  const squash = (k) => k.toLowerCase().replace(/[-_]/g, '');
  for (const key of keys) {
    if (known.includes(key)) continue;
    const near = known
      .map((k) => [distance(squash(k), squash(key)), k])
      .sort((a, b) => a[0] - b[0])
      .find(([d]) => d <= 2)?.[1];
    throw new AfflinkError(
      'invalid_argument',
      `Unknown key ${JSON.stringify(key)} in ${what}.${near ? ` Did you mean ${JSON.stringify(near)}?` : ''} The keys are ${known.join(', ')}.`,
    );
  }
}

/**
 * What `init(source)` was given: `x` itself, or `x.module_or_path` from `{ module_or_path: x }`.
 * Refuses with `invalid_argument` what is none of the sources: a number, a boolean, `null`,
 * an array, a function, or a plain object other than `{ module_or_path: x }`.
 */
function unwrap(source, nested) {
  if (source === undefined || typeof source === 'string') return source;
  const plain = source !== null && typeof source === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(source));
  if (plain && !nested) {
    requireKnownKeys(source, ['module_or_path'], "init()'s options");
    return unwrap(source.module_or_path, true);
  }
  if (source === null || typeof source !== 'object' || plain || Array.isArray(source)) {
    const type = source === null ? 'null' : Array.isArray(source) ? 'an array' : plain ? 'an object' : `a ${typeof source}`;
    throw new AfflinkError(
      'invalid_argument',
      `init() takes a URL or a string, a Request, a Response or a promise of one, the module's bytes or a WebAssembly.Module, not ${type}.`,
    );
  }
  return source;
}

/** Two sources are the same when they are the same object, or name the same URL. */
function sameSource(a, b) {
  if (a === b) return true;
  const name = (x) => (typeof x === 'string' ? x : x instanceof URL ? x.href : null);
  return name(a) !== null && name(a) === name(b);
}

/**
 * Makes the entry's `init(source?)`. Without `source`, `defaultSource()` resolves to what
 * wasm-bindgen's initialiser takes (bytes in Node, a URL in browsers). With one (`x` or
 * `{ module_or_path: x }`): a URL or a string, a `Request` or `Response` or a promise of
 * one, a `BufferSource`, or a compiled `WebAssembly.Module`; the entry's `resolve` may
 * turn it into something else first (Node reads paths and `file:` URLs from disk). Any
 * other type is refused with `invalid_argument`; a source that cannot be loaded rejects
 * with the engine's own error (a missing file, bytes that are not the module).
 * Idempotent: every call returns the same promise; a call with a different source than the
 * first is refused (`already_initialized`); a failed load may be retried.
 */
export function makeInit(defaultSource, resolve = (x) => x) {
  let first;
  return function init(source) {
    let given;
    try {
      given = unwrap(source);
    } catch (e) {
      return Promise.reject(e);
    }
    if (ready !== null) {
      if (given !== undefined && !sameSource(given, first)) {
        return Promise.reject(
          new AfflinkError('already_initialized', 'afflink is already initialised from another source; init() takes its source once.'),
        );
      }
      return ready;
    }
    first = given;
    ready = (async () => {
      const moduleOrPath = given === undefined ? await defaultSource() : await resolve(given);
      const exports = await initWasm({ module_or_path: moduleOrPath });
      memory = exports.memory;
      setErrorClass(AfflinkError);
      loaded = true;
    })();
    ready.catch(() => {
      ready = null;
    });
    return ready;
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string has no lone surrogate (which wasm-bindgen and JSON would not carry as it is). */
export function isWellFormed(s) {
  return typeof s.isWellFormed === 'function' ? s.isWellFormed() : !LONE_SURROGATE.test(s);
}

/**
 * Refuses (`invalid_argument`, naming the field: `order.items[0].name`) a string or a key
 * with a lone surrogate anywhere in a JSON-bound value, and with `numbers` a NaN or an
 * Infinity, which JSON would turn into `null`. What JSON cannot walk (a cycle, a getter that
 * throws) is left to `JSON.stringify`, which refuses it.
 */
export function requireJsonText(value, path, numbers = false, depth = 0) {
  if (typeof value === 'string') {
    if (!isWellFormed(value)) {
      throw new AfflinkError('invalid_argument', `${path} is not well-formed text (it contains a lone surrogate, as a string cut in the middle of an emoji does).`);
    }
    return;
  }
  if (numbers && typeof value === 'number' && !Number.isFinite(value)) {
    throw new AfflinkError('invalid_argument', `${path} is ${value}, which JSON cannot hold (it would be read as null).`);
  }
  if (value === null || typeof value !== 'object' || depth > 64 || typeof value.toJSON === 'function') return;
  let entries;
  try {
    entries = Object.entries(value);
  } catch {
    return;
  }
  const list = Array.isArray(value);
  for (const [key, item] of entries) {
    if (!list && !isWellFormed(key)) requireJsonText(key, `a key of ${path}`);
    requireJsonText(item, list ? `${path}[${key}]` : `${path}.${key}`, numbers, depth + 1);
  }
}

/**
 * Whether a JSON text may carry a lone surrogate: `JSON.stringify` writes one as an escape
 * `\udXXX` (and a well-formed character as it is). Only then are the values walked
 * (`requireJsonText`), to name the field: a batch of orders is not walked twice.
 */
export const mayHoldLoneSurrogate = (json) => typeof json === 'string' && json.includes('\\ud');

/** A number JSON cannot carry (NaN, Infinity): sent as text, so that the core refuses it by name. */
const nonFinite = (x) => typeof x === 'number' && !Number.isFinite(x);
const finite = (x) => (nonFinite(x) ? String(x) : x);

/**
 * An order as it crosses into WebAssembly. JSON would turn a non-finite amount, refund or
 * item amount into null (no refund at all): they go as text and the core refuses them
 * (`invalid_amount`, naming the field). With `check`, a lone surrogate anywhere in the order
 * is `invalid_argument` naming the field (JSON carries it as an escape the core cannot read).
 */
export function orderJson(order, check = false) {
  if (order === null || typeof order !== 'object' || Array.isArray(order)) return order;
  const id = order.orderId;
  // A number beyond 2^53 has lost digits before afflink sees it: it would match another order.
  // A fraction, NaN or Infinity is no id either (JSON would make the last two null: "required").
  if (typeof id === 'number' && !Number.isSafeInteger(id)) {
    const why = Number.isInteger(id) ? 'a whole number JavaScript holds exactly (above 2^53 digits are lost)' : 'a whole number';
    throw new AfflinkError('invalid_argument', `orderId ${id} is not ${why}: give the id as a string.`);
  }
  if (check) requireJsonText(order, 'order');
  const plain = Object.getPrototypeOf(order) === Object.prototype;
  const { amount, refundedAmount, items } = order;
  const itemsFinite = !Array.isArray(items) || !items.some((item) => nonFinite(item?.amount));
  if (!nonFinite(amount) && !nonFinite(refundedAmount) && itemsFinite) {
    // A plain object serialises as its copy would; anything else is copied as before.
    return plain ? order : { ...order };
  }
  const copy = { ...order };
  copy.amount = finite(amount);
  copy.refundedAmount = finite(refundedAmount);
  if (!itemsFinite) copy.items = items.map((item) => (item !== null && typeof item === 'object' ? { ...item, amount: finite(item.amount) } : item));
  return copy;
}

/**
 * A batch's orders: each as `orderJson` gives it, but one bad order never loses the others:
 * an order it refuses (an orderId that lost its digits, a lone surrogate) gets a refused line
 * of its own. A hole stays in its place (JSON `null`, which the core refuses on its line).
 * `check`: see `orderJson`.
 */
export function batchOrders(orders, check = false) {
  const good = [];
  const refused = [];
  for (let at = 0; at < orders.length; at++) {
    const order = orders[at];
    try {
      good.push(orderJson(order, check));
    } catch (error) {
      if (!(error instanceof AfflinkError)) throw error;
      const id = order.orderId;
      refused.push([at, { orderId: id === undefined || id === null ? null : String(id), error: { code: error.code, message: error.message } }]);
    }
  }
  return { good, refused };
}

/** The report with `batchOrders`' refused lines in their places, counted as orders with errors. */
export function withRefused(report, refused) {
  for (const [at, line] of refused) report.lines.splice(at, 0, line);
  report.summary.orders += refused.length;
  report.summary.errors += refused.length;
  return report;
}
