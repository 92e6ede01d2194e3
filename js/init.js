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

export const isWellFormed = (s) => (s.isWellFormed ? s.isWellFormed() : !LONE_SURROGATE.test(s));
const nonFinite = (x) => typeof x === 'number' && !Number.isFinite(x);
const asText = (x) => (nonFinite(x) ? String(x) : x);

/**
 * Refuses (`invalid_argument`, naming it: `order.items[0].name`) a lone surrogate in a string
 * or key of a JSON-bound value (JSON escapes it; the core cannot read the escape) and, with
 * `numbers`, NaN or Infinity (JSON: null). What cannot be walked is left to JSON.stringify.
 */
export function requireJsonText(value, path, numbers, depth = 0) {
  const bad = typeof value === 'string' ? !isWellFormed(value) && 'not well-formed text (it contains a lone surrogate)' : numbers && nonFinite(value) && `${value}, which JSON reads as null`;
  if (bad) throw new AfflinkError('invalid_argument', `${path} is ${bad}.`);
  if (!value || typeof value !== 'object' || depth > 64 || value.toJSON) return;
  try {
    for (const [k, v] of Object.entries(value)) {
      if (Array.isArray(value)) requireJsonText(v, `${path}[${k}]`, numbers, depth + 1);
      else {
        requireJsonText(k, `a key of ${path}`);
        requireJsonText(v, `${path}.${k}`, numbers, depth + 1);
      }
    }
  } catch (e) {
    if (e instanceof AfflinkError) throw e;
  }
}

/**
 * An order as JSON carries it. NaN or Infinity in an amount would be null (a refund read as
 * none): they go as text, which the core refuses by name. `check`: `requireJsonText`.
 */
export function orderJson(order, check) {
  if (order === null || typeof order !== 'object' || Array.isArray(order)) return order;
  const { orderId: id, amount, refundedAmount, items } = order;
  // Above 2^53 a number has lost digits (it would match another order); a fraction, NaN or Infinity is no id.
  if (typeof id === 'number' && !Number.isSafeInteger(id)) {
    throw new AfflinkError('invalid_argument', `orderId ${id} is not a whole number${Number.isInteger(id) ? ' JavaScript holds exactly (above 2^53 digits are lost)' : ''}: give the id as a string.`);
  }
  if (check) requireJsonText(order, 'order');
  const list = Array.isArray(items) && items.some((i) => nonFinite(i?.amount));
  if (list || nonFinite(amount) || nonFinite(refundedAmount)) {
    return { ...order, amount: asText(amount), refundedAmount: asText(refundedAmount), items: list ? items.map((i) => (i && typeof i === 'object' ? { ...i, amount: asText(i.amount) } : i)) : items };
  }
  // A plain object serialises as its copy would; anything else is copied.
  return Object.getPrototypeOf(order) === Object.prototype ? order : { ...order };
}

/**
 * A batch's orders as `orderJson` gives them; one it refuses gets a refused line of its own
 * and never loses the others. A hole stays in its place (null, refused by the core).
 */
export function batchOrders(orders, check) {
  const good = [];
  const refused = [];
  for (let at = 0; at < orders.length; at++) {
    try {
      good.push(orderJson(orders[at], check));
    } catch (error) {
      if (!(error instanceof AfflinkError)) throw error;
      const id = orders[at].orderId;
      refused.push([at, { orderId: id == null ? null : String(id), error: { code: error.code, message: error.message } }]);
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
