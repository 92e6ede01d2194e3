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

/** What `init(source)` was given: `x` itself, or `x.module_or_path` from `{ module_or_path: x }`. */
function unwrap(source) {
  if (source !== null && typeof source === 'object' && 'module_or_path' in source) return source.module_or_path;
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
 * turn it into something else first (Node reads paths and `file:` URLs from disk).
 * Idempotent: every call returns the same promise; a call with a different source than the
 * first is refused (`already_initialized`); a failed load may be retried.
 */
export function makeInit(defaultSource, resolve = (x) => x) {
  let first;
  return function init(source) {
    const given = unwrap(source);
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
