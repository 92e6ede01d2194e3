// The link converter the loader (afflink.js) imports when a page has links to a program
// site: every <a href> to an AliExpress or Alibaba.com product page becomes the publisher's
// tracked link, before any click; every other link stays exactly as it is. See
// docs/WIDGET.md.
//
// The WebAssembly core checks the settings and decides each link; this module only reads
// and writes the DOM, in chunks so that no task blocks the page for long.

/**
 * Links per task: small enough to keep every task short on a slow phone. Converting on the
 * page's thread costs more per link than writing the DOM after a worker converted them.
 */
const CHUNK = 500;
const WORKER_CHUNK = 2000;
/** Links looked at per task in the first pass over the page. */
const SCAN_CHUNK = 2500;

const PROGRAM_LINK = /aliexpress\.|alibaba\./i;

/** What the browser strips from both ends of an href before parsing it (ASCII whitespace). */
const EDGE_SPACE = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
const isSpace = (code) => code === 32 || code === 9 || code === 10 || code === 12 || code === 13;
const addressOf = (href) =>
  href !== '' && (isSpace(href.charCodeAt(0)) || isSpace(href.charCodeAt(href.length - 1))) ? href.replace(EDGE_SPACE, '') : href;

function report(message) {
  console.error(`afflink: ${message}`);
}

function yieldToPage() {
  if (globalThis.scheduler && typeof globalThis.scheduler.yield === 'function') return globalThis.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Loads the WebAssembly module: the full one when the page also has tools (shared with them). */
async function loadConverterClass(base, full) {
  if (full) {
    const api = await import(`${base}pkg/browser.js`);
    await api.init();
    return (await import(`${base}pkg/afflink_wasm.js`)).LinkConverter;
  }
  const glue = await import(`${base}convert/afflink_convert.js`);
  await glue.default({ module_or_path: new URL('convert/afflink_convert_bg.wasm', base) });
  return glue.LinkConverter;
}

function whyNotLoaded(error) {
  const text = String(error && error.message ? error.message : error);
  if (/Content Security Policy|unsafe-eval|CompileError/i.test(text) || (error && error.name === 'CompileError')) {
    return "this page's Content-Security-Policy does not allow WebAssembly (script-src needs 'wasm-unsafe-eval')";
  }
  return text;
}

/** The Trusted Types policy that lets the page start the worker (pages that enforce them). */
let policy = null;

function workerScriptUrl(href) {
  if (!globalThis.trustedTypes || typeof globalThis.trustedTypes.createPolicy !== 'function') return href;
  policy ??= globalThis.trustedTypes.createPolicy('afflink', {
    createScriptURL: (url) => (url === href ? url : ''),
  });
  return policy.createScriptURL(href);
}

/**
 * The converter in a worker, off the main thread: resolves to its settings state and an
 * async `convert`, or to null when a worker cannot be used here (files on another origin,
 * which browsers refuse as workers; no module workers; a Trusted Types policy refused; the
 * worker script failing to start), in which case the page converts on its own thread.
 * Rejects when the WebAssembly module cannot be loaded.
 */
function workerBackend(base, names, values) {
  const url = new URL('afflink-convert-worker.js', base);
  if (url.origin !== location.origin || typeof Worker !== 'function') return Promise.resolve(null);
  let worker;
  try {
    worker = new Worker(workerScriptUrl(url.href), { type: 'module' });
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const pending = new Map();
    let next = 0;
    let ready = false;
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === 'ready') {
        ready = true;
        resolve({
          ...message.state,
          convert(text) {
            return new Promise((done) => {
              const id = next++;
              pending.set(id, done);
              worker.postMessage({ type: 'convert', id, text });
            });
          },
          close: () => worker.terminate(),
          inWorker: true,
        });
      } else if (message.type === 'converted') {
        pending.get(message.id)?.(message.out);
        pending.delete(message.id);
      } else if (message.type === 'failed') {
        worker.terminate();
        reject(Object.assign(new Error(message.message), { name: message.name }));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      // Links waiting for an answer stay as they are.
      for (const done of pending.values()) done('');
      pending.clear();
      if (!ready) resolve(null);
    };
    worker.postMessage({ type: 'start', names, values });
  });
}

/** The converter on the page's own thread: the full module (shared with tools) or the conversion-only one. */
async function pageBackend(base, full, names, values) {
  const LinkConverter = await loadConverterClass(base, full);
  const converter = new LinkConverter(names, values);
  return {
    code: converter.errorCode(),
    message: converter.errorMessage(),
    warnings: converter.warnings(),
    enabled: converter.enabled(),
    disclosure: converter.disclosure(),
    convert: async (text) => converter.convert(text),
    close: () => converter.free(),
  };
}

/**
 * Starts converting: checks the settings, converts the links on the page, then watches for
 * links added or changed later. Resolves when the first pass is done.
 */
export async function start(settings, base, full) {
  const names = Object.keys(settings);
  const values = names.map((n) => settings[n]);
  let converter;
  try {
    converter = (!full && (await workerBackend(base, names, values))) || (await pageBackend(base, full, names, values));
  } catch (error) {
    report(`the WebAssembly module could not be loaded (${whyNotLoaded(error)}); links were left as they are.`);
    return;
  }
  if (converter.code) {
    report(`${converter.message} [${converter.code}] Links were left as they are.`);
    converter.close();
    return;
  }
  for (const warning of converter.warnings) {
    const [warningCode, message] = warning.split('\t');
    console.warn(`afflink: ${message} [${warningCode}]`);
  }
  if (!converter.enabled) {
    converter.close();
    return;
  }
  const disclosure = converter.disclosure;
  /** The href each converted link was given, to tell our change from a later one. */
  const ours = new WeakMap();

  // The raw attribute, not the `href` property: reading the property parses and serialises a
  // URL for every link, the slowest part of a pass. The core refuses what the browser would
  // have normalised (backslashes, tabs, relative paths), so such links stay as they are.
  // `optOuts`: whether the page has an opt-out region at all (looked up once per batch, so
  // that pages without one skip a `closest()` per link).
  function candidates(root, optOuts) {
    const links = root.tagName === 'A' ? [root] : root.querySelectorAll ? root.querySelectorAll('a[href]') : [];
    return filterLinks(links, 0, links.length, optOuts);
  }

  /** The links of `links[from..to)` to convert (see `candidates`). */
  function filterLinks(links, from, to, optOuts) {
    const found = [];
    for (let i = from; i < to; i++) {
      const a = links[i];
      const href = a.getAttribute('href');
      if (href === null || ours.get(a) === href) continue;
      if (ours.has(a)) {
        found.push(a); // converted before, changed since by the page
        continue;
      }
      // A line break inside the address (not at its ends) is left alone: the addresses cross
      // into WebAssembly one per line.
      const address = addressOf(href);
      if (!PROGRAM_LINK.test(address) || address.includes('\n') || address.includes('\r')) continue;
      if (a.hasAttribute('data-afflink-original') || (optOuts && a.closest('[data-afflink="off"]'))) continue;
      found.push(a);
    }
    return found;
  }

  const hasOptOuts = () => document.querySelector('[data-afflink="off"]') !== null;

  function apply(a, href, link) {
    a.setAttribute('data-afflink-original', href);
    a.setAttribute('href', link);
    ours.set(a, link);
    const rel = a.getAttribute('rel');
    if (rel === null) a.setAttribute('rel', 'sponsored noopener');
    else a.relList.add('sponsored', 'noopener');
    if (disclosure && !(a.nextElementSibling && a.nextElementSibling.hasAttribute('data-afflink-disclosure'))) {
      const note = document.createElement('small');
      note.className = 'afflink-disclosure';
      note.setAttribute('data-afflink-disclosure', '');
      note.textContent = ` ${disclosure}`;
      a.after(note);
    }
  }

  /** Converts each distinct address once: a post often links the same product many times. */
  async function convertHrefs(hrefs) {
    const index = new Map();
    const distinct = [];
    for (const href of hrefs) {
      // Never sent: a line break would shift every answer after it.
      if (href.includes('\n') || href.includes('\r')) continue;
      if (!index.has(href)) {
        index.set(href, distinct.length);
        distinct.push(href);
      }
    }
    const out = distinct.length ? (await converter.convert(distinct.join('\n'))).split('\n') : [];
    return hrefs.map((href) => (index.has(href) ? out[index.get(href)] : ''));
  }

  let queue = Promise.resolve();
  let observer = null;
  function convert(links) {
    queue = queue.then(async () => {
      let converted = 0;
      // On the page's thread, a small first chunk: the module's first calls run before the
      // engine optimises it.
      const chunkSize = converter.inWorker ? WORKER_CHUNK : CHUNK;
      for (let i = 0, size = converter.inWorker ? chunkSize : CHUNK / 5; i < links.length; i += size, size = chunkSize) {
        if (i > 0) await yieldToPage();
        // A link queued twice (by the first pass and by the observer) is converted once.
        const chunk = links.slice(i, i + size).filter((a) => a.isConnected && ours.get(a) !== a.getAttribute('href'));
        const hrefs = chunk.map((a) => a.getAttribute('href') ?? '');
        const out = await convertHrefs(hrefs.map(addressOf));
        // What the page changed while the worker was converting is queued; then the records
        // of our own changes below are dropped (they all happen in this one task).
        if (observer) changed(observer.takeRecords());
        chunk.forEach((a, j) => {
          // The page may have changed the link while the worker was converting.
          if (a.getAttribute('href') !== hrefs[j]) return;
          if (out[j]) {
            apply(a, hrefs[j], out[j]);
            converted++;
          } else if (ours.has(a)) {
            // The page pointed a converted link elsewhere: it is no longer ours.
            ours.delete(a);
            a.removeAttribute('data-afflink-original');
            if (a.nextElementSibling && a.nextElementSibling.hasAttribute('data-afflink-disclosure')) a.nextElementSibling.remove();
          }
        });
        if (observer) observer.takeRecords();
      }
      document.dispatchEvent(
        new CustomEvent('afflink:converted', { detail: { converted, unchanged: links.length - converted } })
      );
    });
    return queue;
  }

  /** Queues the links that records of added nodes and changed addresses bring. */
  function changed(records) {
    if (records.length === 0) return;
    const links = new Set();
    const optOuts = hasOptOuts();
    for (const record of records) {
      if (record.type === 'attributes') {
        for (const a of candidates(record.target, optOuts)) links.add(a);
      } else {
        for (const node of record.addedNodes) {
          if (node.nodeType === 1) for (const a of candidates(node, optOuts)) links.add(a);
        }
      }
    }
    if (links.size) convert([...links]);
  }

  observer = new MutationObserver(changed);
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
  // The first pass looks at every link of the page: in slices, so that a page with ten
  // thousand links is never blocked for long.
  const all = document.querySelectorAll('a[href]');
  const optOuts = hasOptOuts();
  const found = [];
  for (let i = 0; i < all.length; i += SCAN_CHUNK) {
    if (i > 0) await yieldToPage();
    found.push(...filterLinks(all, i, Math.min(i + SCAN_CHUNK, all.length), optOuts));
  }
  await convert(found);
}
