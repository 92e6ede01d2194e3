// `afflink/rewrite`: the script tag's conversion done on documents in Node build pipelines
// (a static site's HTML, Markdown sources, text feeds), as `afflink rewrite` does on files.
// A WebAssembly module of its own (lol_html and pulldown-cmark inside), which no page loads.
//
//   import { init, rewriteHtml } from 'afflink/rewrite';
//   await init();
//   const html = rewriteHtml(source, { affShortKey: 'KEY', af: 'myblog' });
import { readFile } from 'node:fs/promises';
import initWasm, * as wasm from './afflink_rewrite.js';
import { AfflinkError, requireKnownKeys } from './init.js';

export { AfflinkError };

let ready = null;
let loaded = false;

/** Loads the rewrite module. Idempotent; await it once before any other call. */
export function init() {
  if (ready === null) {
    ready = (async () => {
      await initWasm({ module_or_path: await readFile(new URL('./afflink_rewrite_bg.wasm', import.meta.url)) });
      wasm.setErrorClass(AfflinkError);
      loaded = true;
    })();
    ready.catch(() => {
      ready = null;
    });
  }
  return ready;
}

const PLATFORMS = ['pc', 'wap', 'app'];

function call(name, fn, text, settings, options) {
  if (!loaded) throw new AfflinkError('not_initialized', 'afflink/rewrite is not ready: call and await init() first.');
  if (typeof text !== 'string') throw new AfflinkError('invalid_argument', `${name}: the document must be a string.`);
  // A plain object (a Map, a Date or an array would be read as no settings at all).
  const proto = settings !== null && typeof settings === 'object' ? Object.getPrototypeOf(settings) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new AfflinkError('invalid_argument', `${name}: the settings must be an object, as in the script tag's afflink-config block.`);
  }
  if (options !== undefined && options !== null) {
    // A plain object too: a Map's entries would be read as no options.
    const optionsProto = typeof options === 'object' ? Object.getPrototypeOf(options) : undefined;
    if (optionsProto !== Object.prototype && optionsProto !== null) {
      throw new AfflinkError('invalid_argument', `${name}: the options must be a plain object such as { platform: 'wap' }.`);
    }
    requireKnownKeys(options, ['platform', 'onWarning'], `${name}'s options`);
  }
  const json = JSON.stringify(settings);
  const platform = options?.platform ?? 'pc';
  if (!PLATFORMS.includes(platform)) {
    throw new AfflinkError('invalid_argument', `${name}: platform must be "pc", "wap" or "app".`);
  }
  const onWarning = options?.onWarning ?? ((warning) => defaultWarning(json, warning));
  if (typeof onWarning !== 'function') {
    throw new AfflinkError('invalid_argument', `${name}: onWarning must be a function.`);
  }
  const out = fn(text, json, platform);
  // The settings' warnings, once the rewrite has succeeded (a refusal is thrown instead):
  // an unknown name or a tracking string without its program, which the CLI prints on stderr.
  for (const line of wasm.rewriteWarnings(json)) {
    const tab = line.indexOf('\t');
    onWarning({ code: line.slice(0, tab), message: line.slice(tab + 1) });
  }
  return out;
}

/** The warnings `console.warn` has shown, per settings: each once, not once per document of a build. */
const warned = new Set();

function defaultWarning(json, { code, message }) {
  const key = `${json}\n${code}\t${message}`;
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(`afflink/rewrite: ${message} [${code}]`);
}

/** An HTML document with its product links converted and marked as the script tag marks them. */
export function rewriteHtml(html, settings, options) {
  return call('rewriteHtml', wasm.rewriteHtml, html, settings, options);
}

/** A Markdown document with its product links converted (links only: Markdown has no attributes). */
export function rewriteMarkdown(markdown, settings, options) {
  return call('rewriteMarkdown', wasm.rewriteMarkdown, markdown, settings, options);
}

/** A text with its bare product URLs converted. */
export function rewriteText(text, settings, options) {
  return call('rewriteText', wasm.rewriteText, text, settings, options);
}
