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
    convertNow: (text) => converter.convert(text),
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
  function candidates(root, optOuts, links, hrefs) {
    if (root.tagName === 'A') filterLinks([root], 0, 1, optOuts, links, hrefs);
    else if (root.querySelectorAll) {
      const all = root.querySelectorAll('a[href]');
      filterLinks(all, 0, all.length, optOuts, links, hrefs);
    }
  }

  /**
   * Adds the links of `list[from..to)` to convert to `links`, and their href to `hrefs` (see
   * `candidates`).
   */
  function filterLinks(list, from, to, optOuts, links, hrefs) {
    for (let i = from; i < to; i++) {
      const a = list[i];
      const href = a.getAttribute('href');
      if (href === null) continue;
      const mine = ours.get(a);
      if (mine === href) continue;
      // A line break inside the address (not at its ends) is left alone: the addresses cross
      // into WebAssembly one per line. Converted before and changed since by the page: queued.
      if (mine === undefined) {
        if (!PROGRAM_LINK.test(href)) continue;
        const address = addressOf(href);
        if (address.includes('\n') || address.includes('\r')) continue;
        if (a.hasAttribute('data-afflink-original') || (optOuts && a.closest('[data-afflink="off"]'))) continue;
      }
      links.push(a);
      hrefs.push(href);
    }
  }

  const hasOptOuts = () => document.querySelector('[data-afflink="off"]') !== null;

  /** The addresses of `hrefs[from..to)`, one per line; "" for one with a line break inside. */
  function lines(hrefs, from, to) {
    let text = '';
    for (let i = from; i < to; i++) {
      const address = addressOf(hrefs[i]);
      // Never sent: a line break would shift every answer after it.
      if (i > from) text += '\n';
      if (!address.includes('\n') && !address.includes('\r')) text += address;
    }
    return text;
  }

  let observer = null;
  const WATCH = { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] };

  /**
   * Writes the answers for `links[from..to)`: `out` has one line per link, the tracked link or
   * "". Returns how many were converted. Our own changes are not observed: what the page
   * changed before is queued first, then the observer is off while this task writes.
   */
  function write(links, hrefs, from, to, out) {
    if (observer) {
      changed(observer.takeRecords());
      observer.disconnect();
    }
    let converted = 0;
    let at = 0;
    for (let i = from; i < to; i++) {
      const end = out.indexOf('\n', at);
      const link = end === -1 ? out.slice(at) : out.slice(at, end);
      at = end === -1 ? out.length : end + 1;
      const a = links[i];
      const href = hrefs[i];
      // The page may have changed or removed the link while it was being converted.
      if (!a.isConnected || a.getAttribute('href') !== href) continue;
      if (link) {
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
        converted++;
      } else if (ours.has(a)) {
        // The page pointed a converted link elsewhere: it is no longer ours.
        ours.delete(a);
        a.removeAttribute('data-afflink-original');
        if (a.nextElementSibling && a.nextElementSibling.hasAttribute('data-afflink-disclosure')) a.nextElementSibling.remove();
      }
    }
    if (observer) observer.observe(document.documentElement, WATCH);
    return converted;
  }

  /** On the page's thread: converts each distinct address once (a post often links the same product many times). */
  function convertHere(text) {
    const index = new Map();
    const distinct = [];
    const at = [];
    for (const address of text.split('\n')) {
      let k = index.get(address);
      if (k === undefined) {
        k = distinct.length;
        index.set(address, k);
        distinct.push(address);
      }
      at.push(k);
    }
    const out = converter.convertNow(distinct.join('\n')).split('\n');
    let answer = '';
    for (let i = 0; i < at.length; i++) answer += (i ? '\n' : '') + out[at[i]];
    return answer;
  }

  let queue = Promise.resolve();
  /** One pass: converts `links` (their `hrefs` as read), then reports it in an event. */
  function convert(links, hrefs) {
    queue = queue.then(async () => {
      let converted = 0;
      if (converter.inWorker) {
        // Every chunk goes to the worker at once; the page writes each answer in its own task.
        const answers = [];
        for (let i = 0; i < links.length; i += WORKER_CHUNK) {
          answers.push(converter.convert(lines(hrefs, i, Math.min(i + WORKER_CHUNK, links.length))));
        }
        for (let i = 0, k = 0; i < links.length; i += WORKER_CHUNK, k++) {
          const out = await answers[k];
          if (k > 0) await yieldToPage();
          converted += write(links, hrefs, i, Math.min(i + WORKER_CHUNK, links.length), out);
        }
      } else {
        // On the page's thread, a small first chunk: the module's first calls run before the
        // engine optimises it.
        for (let i = 0, size = CHUNK / 5; i < links.length; i += size, size = CHUNK) {
          if (i > 0) await yieldToPage();
          const to = Math.min(i + size, links.length);
          converted += write(links, hrefs, i, to, convertHere(lines(hrefs, i, to)));
        }
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
    const links = [];
    const hrefs = [];
    const optOuts = hasOptOuts();
    for (const record of records) {
      if (record.type === 'attributes') candidates(record.target, optOuts, links, hrefs);
      else for (const node of record.addedNodes) if (node.nodeType === 1) candidates(node, optOuts, links, hrefs);
    }
    // A link in several records is converted once.
    const seen = new Set();
    const keep = [];
    const keepHrefs = [];
    for (let i = 0; i < links.length; i++) {
      if (seen.has(links[i])) continue;
      seen.add(links[i]);
      keep.push(links[i]);
      keepHrefs.push(hrefs[i]);
    }
    if (keep.length) convert(keep, keepHrefs);
  }

  observer = new MutationObserver(changed);
  observer.observe(document.documentElement, WATCH);
  // The first pass looks at every link of the page: in slices, so that a page with ten
  // thousand links is never blocked for long.
  const all = document.querySelectorAll('a[href]');
  const optOuts = hasOptOuts();
  const links = [];
  const hrefs = [];
  for (let i = 0; i < all.length; i += SCAN_CHUNK) {
    if (i > 0) await yieldToPage();
    filterLinks(all, i, Math.min(i + SCAN_CHUNK, all.length), optOuts, links, hrefs);
  }
  await convert(links, hrefs);
}
