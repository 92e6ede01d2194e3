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

/**
 * Makes the entry's `init()`: `source` resolves to what wasm-bindgen's initialiser takes
 * (bytes in Node, a URL in browsers). Idempotent: every call returns the same promise; a
 * failed load may be retried.
 */
export function makeInit(source) {
  return function init() {
    if (ready === null) {
      ready = (async () => {
        const exports = await initWasm({ module_or_path: await source() });
        memory = exports.memory;
        setErrorClass(AfflinkError);
        loaded = true;
      })();
      ready.catch(() => {
        ready = null;
      });
    }
    return ready;
  };
}
