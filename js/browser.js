// Browser (and bundler) entry: fetches the WebAssembly file relative to this module's URL,
// not the page's.
import { makeInit } from './init.js';

export * from './api.js';

/**
 * Loads the WebAssembly module. Idempotent; await it once before any other call. `source`
 * (optional): where the `.wasm` is (a URL or a string), a `Request`, a `Response` or a
 * promise of one, its bytes, or a compiled `WebAssembly.Module` (Workers, Deno).
 */
export const init = makeInit(async () => new URL('./afflink_wasm_bg.wasm', import.meta.url));
