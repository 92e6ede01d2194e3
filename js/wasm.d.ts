// Type declarations for `afflink/wasm`: the package's WebAssembly file (afflink_wasm_bg.wasm).
// A bundler's loader for `.wasm` files turns the import into the file's URL (Rollup's
// `@rollup/plugin-url`, esbuild's `file` loader), which `init` then takes:
//
//   import wasmUrl from 'afflink/wasm';
//   await init(new URL(wasmUrl, import.meta.url));

/** The URL of the package's `.wasm` file, as the bundler emitted it. */
declare const wasmUrl: string;
export default wasmUrl;
