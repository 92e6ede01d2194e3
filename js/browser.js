// Browser (and bundler) entry: fetches the WebAssembly file relative to this module's URL,
// not the page's.
import { makeInit } from './init.js';

export * from './api.js';

/** Loads the WebAssembly module. Idempotent; await it once before any other call. */
export const init = makeInit(async () => new URL('./afflink_wasm_bg.wasm', import.meta.url));
