// afflink at the edge: a Cloudflare Worker (module syntax) in front of a site that can
// neither add the script tag nor be rebuilt. It fetches each page from the origin and
// converts the product links of HTML responses as they stream through, with the platform's
// HTMLRewriter: the same settings, the same conversion and the same marks as the script tag
// (docs/WIDGET.md). Every other response, and every other link, passes through unchanged.
//
// Environment (see README.md next to this file):
// - ORIGIN: where the pages come from, e.g. "https://blog.example" (required).
// - AFFLINK_CONFIG: the script tag's settings object (the `afflink-config` JSON block): a JSON
//   text, or a table of texts; camelCase keys (affShortKey) are the attribute names without
//   `data-` (aff-short-key).
import { init, LinkConverter } from 'afflink';
// The package's `.wasm` (also exported as `afflink/wasm`): named by its file name so that
// wrangler's default rule for `**/*.wasm` imports it as a compiled `WebAssembly.Module`.
import wasmModule from 'afflink/afflink_wasm_bg.wasm';

/** A cheap first look, as the script tag's: the WebAssembly core decides what is a product page. */
const PROGRAM_LINK = /aliexpress\.|alibaba\./i;
/** What a browser strips from both ends of an href before parsing it (ASCII whitespace). */
const EDGE_SPACE = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
const LINE_BREAK = /[\n\r]/;
const ASCII_SPACE = /[\t\n\f\r ]+/;

/**
 * The Latin-1 character references a browser decodes in an attribute even without the
 * final `;` (U+00A0 … U+00FF in order), and the five markup ones.
 */
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
const LEGACY = new Map(LATIN1.split(' ').map((name, i) => [name, String.fromCharCode(0xa0 + i)]));
for (const [name, c] of [['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"']]) {
  LEGACY.set(name, c);
  LEGACY.set(name.toUpperCase(), c);
}
LEGACY.set('COPY', '\u00a9');
LEGACY.set('REG', '\u00ae');
const REFERENCE = /&(?:#([0-9]+);?|#[xX]([0-9a-fA-F]+);?|([A-Za-z][A-Za-z0-9]*)(;?))/g;

/**
 * An attribute's value as a browser reads it: HTMLRewriter gives the raw text between the
 * quotes, character references and all. Returns null for a reference this function cannot
 * be sure about (a named one outside Latin-1 and the markup ones), so that such a link is left
 * as it is rather than read differently from the script tag.
 */
function attributeValue(raw) {
  if (raw === null) return null;
  let unsure = false;
  const text = raw.replace(/\r\n?/g, '\n').replace(REFERENCE, (whole, dec, hex, name, semicolon, at, all) => {
    if (name === undefined) {
      const code = parseInt(dec ?? hex, dec === undefined ? 16 : 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      if (code >= 0x80 && code <= 0x9f) {
        unsure = true; // remapped to windows-1252 by browsers
        return whole;
      }
      return String.fromCodePoint(code);
    }
    if (semicolon) {
      if (name === 'apos') return "'";
      if (LEGACY.has(name)) return LEGACY.get(name);
      unsure = true;
      return whole;
    }
    // Without `;`, in an attribute: only a legacy name, and not before `=`.
    if (LEGACY.has(name) && all[at + whole.length] !== '=') return LEGACY.get(name);
    return whole;
  });
  return unsure ? null : text;
}

/** A value for HTMLRewriter's setAttribute, which escapes `"` only. */
const forAttribute = (value) => value.replace(/&/g, '&amp;');
const escapeText = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The script tag's settings from the environment: `AFFLINK_CONFIG` as a JSON text or an
 * object of texts, camelCase keys turned into attribute names, as afflink.js does with the
 * `afflink-config` block. Throws with the reason when it is not usable.
 */
export function settingsFrom(config) {
  let parsed = config ?? {};
  if (typeof parsed === 'string') parsed = JSON.parse(parsed);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('it is not a JSON object');
  const settings = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null || typeof value === 'object') throw new Error(`the value of "${key}" is not text`);
    settings[key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)] = String(value);
  }
  return settings;
}

/**
 * The visitor's platform for Alibaba.com link templates, from the request's headers (the
 * edge sees no screen): `wap` for a mobile browser (`Sec-CH-UA-Mobile: ?1`, or a user agent
 * that says `Mobi`), `pc` otherwise. Never `app`, as the script tag.
 */
export function visitorPlatform(headers) {
  const hint = headers.get('sec-ch-ua-mobile');
  if (hint !== null) return hint.trim() === '?1' ? 'wap' : 'pc';
  return /Mobi/.test(headers.get('user-agent') ?? '') ? 'wap' : 'pc';
}

let loading = null;
/** Converters by settings text and platform, kept for the isolate's life. */
const converters = new Map();

/** The converter for these settings and platform: `{ converter }`, or `{ problem }` when the settings are refused. */
async function converterFor(config, platform) {
  loading ??= init(wasmModule);
  await loading;
  const key = `${platform}\n${typeof config === 'string' ? config : JSON.stringify(config ?? {})}`;
  let entry = converters.get(key);
  if (entry) return entry;
  let settings;
  try {
    settings = settingsFrom(config);
  } catch (error) {
    entry = { problem: `the settings in AFFLINK_CONFIG are not usable (${error.message}); links were left as they are.` };
  }
  if (settings) {
    const names = Object.keys(settings);
    const converter = new LinkConverter(names, names.map((n) => settings[n]));
    converter.setPlatform(platform);
    if (converter.errorCode()) {
      entry = { problem: `${converter.errorMessage()} [${converter.errorCode()}] Links were left as they are.` };
      converter.free();
    } else {
      for (const warning of converter.warnings()) {
        const [code, message] = warning.split('\t');
        console.warn(`afflink: ${message} [${code}]`);
      }
      const byPlatform = Boolean(settings['alibaba-template-wap']);
      entry = converter.enabled() ? { converter, disclosure: converter.disclosure(), byPlatform } : { off: true };
      if (!converter.enabled()) converter.free();
    }
  }
  // A refused setting is reported once per isolate, as the script tag reports it once per page.
  if (entry.problem) console.error(`afflink: ${entry.problem}`);
  converters.set(key, entry);
  return entry;
}

/** rel with `sponsored` and `noopener` added, as DOMTokenList.add writes it (each value once). */
function withRel(rel) {
  if (rel === null) return 'sponsored noopener';
  const values = [...new Set(rel.split(ASCII_SPACE).filter(Boolean))];
  for (const v of ['sponsored', 'noopener']) if (!values.includes(v)) values.push(v);
  return values.join(' ');
}

/** The HTMLRewriter that converts a page's product links, exactly as the script tag would. */
function linkRewriter({ converter, disclosure }) {
  let optedOut = false;
  const cache = new Map();
  return new HTMLRewriter()
    // Runs before the handler below for the same link: a link inside an opt-out region.
    .on('[data-afflink="off"] a[href]', {
      element() {
        optedOut = true;
      },
    })
    .on('a[href]', {
      element(a) {
        const inRegion = optedOut;
        optedOut = false;
        if (inRegion || a.getAttribute('data-afflink') === 'off' || a.hasAttribute('data-afflink-original')) return;
        const href = attributeValue(a.getAttribute('href'));
        if (href === null) return;
        const address = href.replace(EDGE_SPACE, '');
        if (address === '' || LINE_BREAK.test(address) || !PROGRAM_LINK.test(address)) return;
        let link = cache.get(address);
        if (link === undefined) {
          link = converter.convert(address);
          cache.set(address, link);
        }
        if (!link) return;
        const rel = a.hasAttribute('rel') ? attributeValue(a.getAttribute('rel')) : null;
        if (a.hasAttribute('rel') && rel === null) return;
        a.setAttribute('data-afflink-original', forAttribute(href));
        a.setAttribute('href', forAttribute(link));
        a.setAttribute('rel', forAttribute(withRel(rel)));
        if (disclosure) {
          // After the link's own `</a>` only, as `afflink rewrite` does: an end tag that closes
          // it implicitly (`</p>`) is another element's, and the note would land outside the
          // link's paragraph.
          a.onEndTag((end) => {
            if (end.name.toLowerCase() !== 'a') return;
            end.after(`<small class="afflink-disclosure" data-afflink-disclosure=""> ${escapeText(disclosure)}</small>`, {
              html: true,
            });
          });
        }
      },
    });
}

/**
 * The origin's URL for a request: ORIGIN with the request's path appended to ORIGIN's own
 * path, and the request's query. Appended, never resolved against ORIGIN: a request for
 * `//other.host/page` (or `/\other.host/page`) must not name another host, which would make
 * this worker fetch any site with the visitor's cookies and credentials.
 */
export function originUrl(origin, requestUrl) {
  const target = new URL(origin);
  const url = new URL(requestUrl);
  target.pathname = target.pathname.replace(/\/+$/, '') + url.pathname;
  target.search = url.search;
  target.hash = '';
  return target;
}

export default {
  async fetch(request, env) {
    if (!env.ORIGIN) return new Response('afflink: the ORIGIN variable is not set.\n', { status: 500 });
    let target;
    try {
      target = originUrl(env.ORIGIN, request.url);
    } catch {
      return new Response('afflink: the ORIGIN variable is not a URL.\n', { status: 500 });
    }
    const response = await fetch(new Request(target, request), { redirect: 'manual' });
    const type = response.headers.get('content-type') ?? '';
    // Only HTML bodies are read; everything else (and HEAD) is the origin's response itself.
    if (!/^\s*text\/html\b/i.test(type) || request.method === 'HEAD') return response;
    const platform = visitorPlatform(request.headers);
    const entry = await converterFor(env.AFFLINK_CONFIG, platform);
    if (!entry.converter) return response;
    const converted = linkRewriter(entry).transform(response);
    // Alibaba.com links may depend on the visitor's platform: caches keep one page per kind.
    if (entry.byPlatform) {
      const headers = new Headers(converted.headers);
      headers.append('Vary', 'Sec-CH-UA-Mobile, User-Agent');
      return new Response(converted.body, { status: converted.status, statusText: converted.statusText, headers });
    }
    return converted;
  },
};

