// The link converter the loader (afflink.js) imports when a page has links to a program
// site: every <a href> to an AliExpress or Alibaba.com product page becomes the publisher's
// tracked link, before any click; every other link stays exactly as it is. See
// docs/WIDGET.md.
//
// The WebAssembly core checks the settings and decides each link; this module only reads
// and writes the DOM, in chunks so that no task blocks the page for long.

/** Links per task: small enough to keep every task short on a slow phone. */
const CHUNK = 500;

const PROGRAM_LINK = /aliexpress\.|alibaba\./i;

/** What the browser strips from both ends of an href before parsing it (ASCII whitespace). */
const EDGE_SPACE = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
const addressOf = (href) => href.replace(EDGE_SPACE, '');

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

/**
 * Starts converting: checks the settings, converts the links on the page, then watches for
 * links added or changed later. Resolves when the first pass is done.
 */
export async function start(settings, base, full) {
  let LinkConverter;
  try {
    LinkConverter = await loadConverterClass(base, full);
  } catch (error) {
    report(`the WebAssembly module could not be loaded (${whyNotLoaded(error)}); links were left as they are.`);
    return;
  }
  const names = Object.keys(settings);
  const converter = new LinkConverter(names, names.map((n) => settings[n]));
  const code = converter.errorCode();
  if (code) {
    report(`${converter.errorMessage()} [${code}] Links were left as they are.`);
    converter.free();
    return;
  }
  for (const warning of converter.warnings()) {
    const [warningCode, message] = warning.split('\t');
    console.warn(`afflink: ${message} [${warningCode}]`);
  }
  if (!converter.enabled()) return;
  const disclosure = converter.disclosure();
  /** The href each converted link was given, to tell our change from a later one. */
  const ours = new WeakMap();

  // The raw attribute, not the `href` property: reading the property parses and serialises a
  // URL for every link, the slowest part of a pass. The core refuses what the browser would
  // have normalised (backslashes, tabs, relative paths), so such links stay as they are.
  function candidates(root) {
    const found = [];
    const links = root.tagName === 'A' ? [root] : root.querySelectorAll ? root.querySelectorAll('a[href]') : [];
    for (const a of links) {
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
      if (a.hasAttribute('data-afflink-original') || a.closest('[data-afflink="off"]')) continue;
      found.push(a);
    }
    return found;
  }

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
  function convertHrefs(hrefs) {
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
    const out = converter.convert(distinct.join('\n')).split('\n');
    return hrefs.map((href) => (index.has(href) ? out[index.get(href)] : ''));
  }

  let queue = Promise.resolve();
  let observer = null;
  function convert(links) {
    queue = queue.then(async () => {
      let converted = 0;
      // A small first chunk: the module's first calls run before the engine optimises it.
      for (let i = 0, size = CHUNK / 5; i < links.length; i += size, size = CHUNK) {
        if (i > 0) await yieldToPage();
        const chunk = links.slice(i, i + size).filter((a) => a.isConnected);
        const hrefs = chunk.map((a) => a.getAttribute('href') ?? '');
        const out = convertHrefs(hrefs.map(addressOf));
        chunk.forEach((a, j) => {
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
        // Our own changes are not news to the observer.
        if (observer) observer.takeRecords();
      }
      document.dispatchEvent(
        new CustomEvent('afflink:converted', { detail: { converted, unchanged: links.length - converted } })
      );
    });
    return queue;
  }

  observer = new MutationObserver((records) => {
    const links = new Set();
    for (const record of records) {
      if (record.type === 'attributes') {
        for (const a of candidates(record.target)) links.add(a);
      } else {
        for (const node of record.addedNodes) {
          if (node.nodeType === 1) for (const a of candidates(node)) links.add(a);
        }
      }
    }
    if (links.size) convert([...links]);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
  await convert(candidates(document));
}
