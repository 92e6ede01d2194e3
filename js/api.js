// The afflink JavaScript front, shared by the Node and browser entries.
// It checks arguments, crosses into WebAssembly once per call with plain strings, and
// turns refusals into `Error` objects that carry a stable `code`.
import initWasm, * as wasm from './afflink_wasm.js';

/** An `Error` with a stable machine-readable `code` (see docs/CODES.md). */
export class AfflinkError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'AfflinkError';
    this.code = code;
  }
}

let ready = null;
let loaded = false;

/**
 * Makes the entry's `init()`: `source` resolves to what wasm-bindgen's initialiser takes
 * (bytes in Node, a URL in browsers). Idempotent: every call returns the same promise; a
 * failed load may be retried.
 */
export function makeInit(source) {
  return function init() {
    if (ready === null) {
      ready = (async () => {
        await initWasm({ module_or_path: await source() });
        loaded = true;
      })();
      ready.catch(() => {
        ready = null;
      });
    }
    return ready;
  };
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
  if (!loaded) {
    throw new AfflinkError('not_initialized', 'afflink is not ready: call and await init() first.');
  }
}

/** Classifies one URL. See the type declarations for the result's shape. */
export function classifyUrl(url) {
  requireString(url, 'url');
  requireReady();
  return JSON.parse(wasm.classifyJson(url));
}

/** Classifies many URLs in one crossing into WebAssembly; one result per input, in order. */
export function classifyUrls(urls) {
  if (!Array.isArray(urls)) {
    throw new AfflinkError('invalid_argument', `urls must be an array of strings, not ${describe(urls)}.`);
  }
  urls.forEach((url, i) => requireString(url, `urls[${i}]`));
  requireReady();
  return JSON.parse(wasm.classifyManyJson(urls));
}

/** Every stable code with its plain-English message. */
export function codeMessages() {
  requireReady();
  return JSON.parse(wasm.codesJson());
}
