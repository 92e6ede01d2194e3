// Node entry: reads the WebAssembly file next to this module (Node's fetch cannot load
// file: URLs). Node gets the module built for speed (afflink_wasm_node.wasm: the same code and
// exports as afflink_wasm_bg.wasm, the crate at opt-level 3; scripts/build.sh): it is read
// from disk, so its size costs no download. Browsers and bundlers get the size-built one.
import { readFile } from 'node:fs/promises';
import { makeInit } from './init.js';

export * from './api.js';

const wasmFile = () => readFile(new URL('./afflink_wasm_node.wasm', import.meta.url));

/**
 * A path or a `file:` URL (`file:///x` or `file:/x`) is read from disk; anything else (an
 * `https:` or `data:` URL, bytes…) goes to wasm-bindgen as it is. A scheme has two letters or
 * more: `C:\…` is a path.
 */
function fromDisk(source) {
  if (source instanceof URL && source.protocol === 'file:') return readFile(source);
  if (typeof source !== 'string') return source;
  if (!/^[a-z][a-z0-9+.-]+:/i.test(source)) return readFile(source);
  return /^file:/i.test(source) ? readFile(new URL(source)) : source;
}

/**
 * Loads the WebAssembly module. Idempotent; await it once before any other call. `source`
 * (optional): a path, a `file:` or other URL, bytes, a `Response` or a `WebAssembly.Module`.
 */
export const init = makeInit(wasmFile, fromDisk);
