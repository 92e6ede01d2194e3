// Node entry: reads the WebAssembly file next to this module (Node's fetch cannot load
// file: URLs).
import { readFile } from 'node:fs/promises';
import { makeInit } from './init.js';

export * from './api.js';

/** Loads the WebAssembly module. Idempotent; await it once before any other call. */
export const init = makeInit(() => readFile(new URL('./afflink_wasm_bg.wasm', import.meta.url)));
