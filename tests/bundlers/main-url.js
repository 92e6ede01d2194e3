// Entry for Rollup and esbuild, which do not copy files named by `new URL(…, import.meta.url)`:
// the .wasm is imported as a file (`afflink/wasm`; esbuild's `file` loader, @rollup/plugin-url),
// which copies it into the output and gives its URL, and `init(url)` loads it from there.
import wasmUrl from 'afflink/wasm';
import { start } from './app.js';

start(new URL(wasmUrl, import.meta.url));
