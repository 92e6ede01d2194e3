// Node entry: reads the WebAssembly file next to this module (Node's fetch cannot load
// file: URLs).
import { readFile } from 'node:fs/promises';
import { makeInit } from './init.js';

export * from './api.js';

const wasmFile = () => readFile(new URL('./afflink_wasm_bg.wasm', import.meta.url));

/** A path or a `file:` URL is read from disk; anything else goes to wasm-bindgen as it is. */
function fromDisk(source) {
  if (source instanceof URL && source.protocol === 'file:') return readFile(source);
  if (typeof source === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return readFile(source);
  if (typeof source === 'string' && source.startsWith('file:')) return readFile(new URL(source));
  return source;
}

/**
 * Loads the WebAssembly module. Idempotent; await it once before any other call. `source`
 * (optional): a path, a `file:` or other URL, bytes, a `Response` or a `WebAssembly.Module`.
 */
export const init = makeInit(wasmFile, fromDisk);
