// Entry for Vite, webpack and the import-map page: `init()` finds the .wasm next to the
// package's entry (`new URL(…, import.meta.url)`, which Vite and webpack copy).
import { start } from './app.js';

start();
