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
const CHUNK = 250;
/**
 * Links per answer of the worker, each written in one task (about 4 µs a link here): fewer
 * tasks also mean fewer rendering updates between them, each with its own hit test of the
 * page. Measured on 10,000 links, old against new, alternating: 1,000 took 119 and 136 ms of
 * main-thread time, 2,000 took 101 and 108 ms.
 */
const WORKER_CHUNK = 2000;
/** Links looked at per task in the first pass over the page. */
const SCAN_CHUNK = 2000;

const PROGRAM_LINK = /aliexpress\.|alibaba\./i;

/** What the browser strips from both ends of an href before parsing it (ASCII whitespace). */
const EDGE_SPACE = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
const LINE_BREAK = /[\n\r]/;
/** What separates the tokens of a `rel` (ASCII whitespace). */
const SPACES = /[\t\n\f\r ]+/;

/**
 * Whether an href needs a closer look: a line break anywhere, or a space or control
 * character at either end (more than ASCII whitespace; the closer look is exact). Character
 * codes and `indexOf` instead of a regular expression: this runs for every link of the page.
 */
function needsCloserLook(href) {
  const last = href.length - 1;
  return last < 0 || href.charCodeAt(0) <= 32 || href.charCodeAt(last) <= 32 || href.indexOf('\n') >= 0 || href.indexOf('\r') >= 0;
}

/**
 * The `rel` attribute with `sponsored` and `noopener` added, as `relList.add()` would write
 * it (the page's tokens kept in order, each once): one attribute write, on any element.
 */
function withOurRel(rel) {
  if (rel === null) return 'sponsored noopener';
  const tokens = [];
  for (const token of rel.split(SPACES)) if (token && !tokens.includes(token)) tokens.push(token);
  for (const token of ['sponsored', 'noopener']) if (!tokens.includes(token)) tokens.push(token);
  return tokens.join(' ');
}

/**
 * The `rel` to give back to a link that is no longer converted: the one it had (`before`,
 * null for none) when the page has not changed it since, else the page's values without the
 * ones afflink added (null when the page removed it).
 */
function restoredRel(now, before) {
  if (now === withOurRel(before)) return before;
  const had = before === null ? [] : before.split(SPACES);
  return (
    now
      ?.split(SPACES)
      .filter((t) => t && (had.includes(t) || (t !== 'sponsored' && t !== 'noopener')))
      .join(' ') ?? null
  );
}

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
    return api.LinkConverter;
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
 * The visitor's platform for Alibaba.com link templates: `wap` on a mobile browser
 * (`navigator.userAgentData.mobile`, or a coarse pointer on a screen at most 820 px on its
 * short side: the screen, not the window, as a page without a viewport tag lays out at
 * 980 px on a phone), `pc` otherwise. Never `app`: that template is for links shared inside
 * apps.
 */
export function visitorPlatform() {
  const data = globalThis.navigator && globalThis.navigator.userAgentData;
  if (data && data.mobile === true) return 'wap';
  const coarse = typeof globalThis.matchMedia === 'function' && globalThis.matchMedia('(pointer: coarse)').matches;
  const screen = globalThis.screen;
  return coarse && screen && Math.min(screen.width, screen.height) <= 820 ? 'wap' : 'pc';
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
function workerBackend(base, names, values, platform) {
  const url = new URL('afflink-convert-worker.js', base);
  if (url.origin !== location.origin || typeof Worker !== 'function') return Promise.resolve(null);
  let worker;
  try {
    worker = new Worker(workerScriptUrl(url.href), { type: 'module' });
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    // The worker answers in turn: the first waiting chunk gets the next answer.
    const pending = [];
    let ready = false;
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === 'ready') {
        ready = true;
        resolve({
          ...message.state,
          // Every address of a pass in one message; one answer per `chunk` addresses, in turn.
          convertInChunks(addresses, chunk) {
            const answers = [];
            if (addresses.length === 0) return answers;
            for (let i = 0; i < addresses.length; i += chunk) answers.push(new Promise((done) => pending.push(done)));
            worker.postMessage({ type: 'convert', text: addresses.join('\n'), chunk });
            return answers;
          },
          close: () => worker.terminate(),
          inWorker: true,
        });
      } else if (message.type === 'converted') {
        pending.shift()(message.out);
      } else if (message.type === 'failed') {
        worker.terminate();
        reject(Object.assign(new Error(message.message), { name: message.name }));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      // Links waiting for an answer stay as they are.
      for (const done of pending.splice(0)) done('');
      if (!ready) resolve(null);
    };
    worker.postMessage({ type: 'start', names, values, platform });
  });
}

/** The converter on the page's own thread: the full module (shared with tools) or the conversion-only one. */
async function pageBackend(base, full, names, values, platform) {
  const LinkConverter = await loadConverterClass(base, full);
  const converter = new LinkConverter(names, values);
  converter.setPlatform(platform);
  return {
    code: converter.errorCode(),
    message: converter.errorMessage(),
    warnings: converter.warnings(),
    enabled: converter.enabled(),
    disclosure: converter.disclosure(),
    convert(addresses) {
      // Each distinct address once: a post often links the same product many times.
      const index = new Map();
      const at = addresses.map((a) => index.get(a) ?? index.set(a, index.size).size - 1);
      // As UTF-8 bytes: one native copy into WebAssembly memory (see the worker).
      const out = converter.convertUtf8(new TextEncoder().encode([...index.keys()].join('\n'))).split('\n');
      return at.map((k) => out[k]).join('\n');
    },
    close: () => converter.free(),
  };
}

/**
 * Starts converting: reads the links on the page, loads the converter and checks the
 * settings, converts the links, then watches for links added or changed later. Resolves when
 * the first pass is done (or the converter could not be used).
 */
export async function start(settings, base, full) {
  const names = Object.keys(settings);
  const values = names.map((n) => settings[n]);
  /** The converter, once loaded and its settings checked (null until then, or if unusable). */
  let converter = null;

  /**
   * Loads the converter and checks the settings; resolves when conversions can start. On
   * failure it reports why, stops watching the page, and conversions do nothing.
   */
  async function load() {
    let loaded;
    try {
      // The platform only picks between Alibaba.com's templates: asked only when there are two.
      const platform = 'alibaba-template-wap' in settings ? visitorPlatform() : 'pc';
      loaded =
        (!full && (await workerBackend(base, names, values, platform))) || (await pageBackend(base, full, names, values, platform));
    } catch (error) {
      report(`the WebAssembly module could not be loaded (${whyNotLoaded(error)}); links were left as they are.`);
      observer.disconnect();
      return;
    }
    if (loaded.code) {
      report(`${loaded.message} [${loaded.code}] Links were left as they are.`);
    } else {
      for (const warning of loaded.warnings) {
        const [warningCode, message] = warning.split('\t');
        console.warn(`afflink: ${message} [${warningCode}]`);
      }
      if (loaded.enabled) {
        converter = loaded;
        return;
      }
    }
    loaded.close();
    observer.disconnect();
  }

  /** The href each converted link was given, to tell our change from a later one. */
  const ours = new WeakMap();
  /**
   * The rel each converted link had before, given back if it stops being converted (none
   * kept for a link that had none: most have none, and a write to a WeakMap costs time).
   */
  const rels = new WeakMap();

  // A pass's links: `links[i]`, its `hrefs[i]` as read, and `addresses[i]`, the address
  // sent to WebAssembly ("" for one with a line break inside: the addresses cross one per
  // line, and such a link stays as it is).
  // `seen`: how many times the page had changed when the links were read (see `write`).
  const batch = () => ({ links: [], hrefs: [], addresses: [], seen: -1 });
  /** Times the observer saw the page change (any record: links added, removed or changed). */
  let changes = 0;

  // The raw attribute, not the `href` property: reading the property parses and serialises a
  // URL for every link, the slowest part of a pass. The core refuses what the browser would
  // have normalised (backslashes, tabs, relative paths), so such links stay as they are.
  // `optOuts`: whether the page has an opt-out region at all (looked up once per batch, so
  // that pages without one skip a `closest()` per link).
  /**
   * Adds the links of `list[from..to)` that are to be converted to `into`; with `seen`, each
   * link once.
   */
  function filterLinks(list, from, to, optOuts, into, seen) {
    for (let i = from; i < to; i++) consider(list[i], optOuts, into, seen);
  }

  /**
   * Adds link `a` to `into` when it is to be converted (see filterLinks). A function called
   * once per link, from loops that do nothing else: V8 optimises a function called a
   * thousand times with its fast compiler (Maglev) only. When a loop did this work itself, a
   * thousand times, V8 started its optimising compiler (TurboFan) on the loop: 10-20 ms of
   * compiling on another thread, competing for a 2-core machine with the page's thread while
   * it read the links, for code ready only after the loop had ended.
   */
  function consider(a, optOuts, into, seen) {
    const href = a.getAttribute('href');
    if (href === null || seen?.has(a)) return;
    seen?.add(a);
    const mine = ours.get(a);
    if (mine === href) return;
    let address = href;
    if (needsCloserLook(href)) {
      address = href.replace(EDGE_SPACE, '');
      if (LINE_BREAK.test(address)) address = '';
    }
    // Converted before and changed since by the page: queued whatever it is now.
    if (mine === undefined) {
      if (address === '' || !PROGRAM_LINK.test(address)) return;
      if (a.hasAttribute('data-afflink-original') || (optOuts && a.closest('[data-afflink="off"]'))) return;
    }
    into.links.push(a);
    into.hrefs.push(href);
    into.addresses.push(address);
  }

  const hasOptOuts = () => document.querySelector('[data-afflink="off"]') !== null;

  // (An attribute filter implies `attributes: true`.)
  const WATCH = { childList: true, subtree: true, attributeFilter: ['href'] };

  /**
   * Writes the answers for the links `from..to` of a pass: `out` has one line per link, the
   * tracked link or "". Returns how many were converted. Our own changes are not observed:
   * what the page changed before is queued first, then the observer is off while this task
   * writes.
   */
  function write({ links, hrefs, seen }, from, to, out) {
    changed(observer.takeRecords());
    observer.disconnect();
    // The observer watched the page from before the links were read: when it saw no change
    // since (not even one still queued then, which counts now), every link is still in the
    // page with the address read, and is not looked at again.
    const recheck = seen !== changes;
    const answers = out.split('\n');
    let converted = 0;
    // A function per link, as in the first pass (see `consider`).
    for (let i = from; i < to; i++) converted += writeOne(links[i], hrefs[i], answers[i - from], recheck);
    observer.observe(document.documentElement, WATCH);
    return converted;
  }

  /**
   * Gives link `a`, read as `href`, its tracked `link` (none: "" or undefined); with
   * `recheck`, only if the page has not changed or removed it since. Returns 1 when converted.
   */
  function writeOne(a, href, link, recheck) {
    // The page may have changed or removed the link while it was being converted.
    if (recheck && (!a.isConnected || a.getAttribute('href') !== href)) return 0;
    if (!link) {
      if (ours.has(a)) {
        // The page pointed a converted link elsewhere: it is no longer ours.
        ours.delete(a);
        a.removeAttribute('data-afflink-original');
        const rel = restoredRel(a.getAttribute('rel'), rels.get(a) ?? null);
        rels.delete(a);
        if (rel === null) a.removeAttribute('rel');
        else a.setAttribute('rel', rel);
        if (a.nextElementSibling?.hasAttribute('data-afflink-disclosure')) a.nextElementSibling.remove();
      }
      return 0;
    }
    // Attributes, not the `href` property: an SVG <a>'s is not text (and no faster anyway).
    a.setAttribute('data-afflink-original', href);
    a.setAttribute('href', link);
    // The rel it had, the first time only (a converted link the page points at another
    // product keeps the rel it had before afflink).
    const rel = a.getAttribute('rel');
    if (rel !== null && !ours.has(a)) rels.set(a, rel);
    ours.set(a, link);
    a.setAttribute('rel', withOurRel(rel));
    if (converter.disclosure && !a.nextElementSibling?.hasAttribute('data-afflink-disclosure')) {
      const note = document.createElement('small');
      note.className = 'afflink-disclosure';
      note.setAttribute('data-afflink-disclosure', '');
      note.textContent = ` ${converter.disclosure}`;
      a.after(note);
    }
    return 1;
  }

  // Passes run in turn, once the converter is loaded (`load`, started after the first read).
  let loaded;
  let queue = new Promise((resolve) => (loaded = resolve));
  /** One pass: converts the links of `pass` (a `batch()`), then reports it in an event. */
  function convert(pass) {
    queue = queue.then(async () => {
      if (converter === null) return;
      const { links, addresses } = pass;
      let converted = 0;
      if (converter.inWorker) {
        // To the worker, the whole pass in one message; it answers WORKER_CHUNK links at a
        // time, and the page writes each answer in its own task. A pass at most a quarter
        // over one chunk is one chunk: a task for its last few links would cost more than
        // it spares (a post with 1,000 product links has a few more links to the sites).
        const chunk = links.length <= WORKER_CHUNK * 1.25 ? links.length : WORKER_CHUNK;
        const answers = converter.convertInChunks(addresses, chunk);
        for (let k = 0, from = 0; from < links.length; k++, from += chunk) {
          if (from > 0) await yieldToPage();
          converted += write(pass, from, Math.min(from + chunk, links.length), await answers[k]);
        }
      } else {
        // On the page's thread, each chunk in its turn, the first one small: the module's
        // first calls run before the engine optimises it, and compile each function they
        // call. The first chunk too waits for a task of its own: the module's loading ends
        // (its compiling and instantiating) in the task before.
        for (let from = 0, size = CHUNK / 5; from < links.length; from += size, size = CHUNK) {
          await yieldToPage();
          const to = Math.min(from + size, links.length);
          converted += write(pass, from, to, converter.convert(addresses.slice(from, to)));
        }
      }
      document.dispatchEvent(
        new CustomEvent('afflink:converted', { detail: { converted, unchanged: links.length - converted } })
      );
    });
    return queue;
  }

  /** Queues the links that records of added nodes and changed addresses bring, each once. */
  function changed(records) {
    if (records.length === 0) return;
    changes++;
    const pass = batch();
    pass.seen = changes;
    const seen = new Set();
    const optOuts = hasOptOuts();
    for (const record of records) {
      for (const node of record.type === 'attributes' ? [record.target] : record.addedNodes) {
        if (node.nodeType !== 1) continue;
        // (`localName`: an SVG <a>'s `tagName` is lowercase.)
        const links = node.localName === 'a' ? [node] : node.querySelectorAll('a[href]');
        filterLinks(links, 0, links.length, optOuts, pass, seen);
      }
    }
    if (pass.links.length) convert(pass);
  }

  const observer = new MutationObserver(changed);
  observer.observe(document.documentElement, WATCH);
  // The first pass looks at every link of the page: in slices, so that a page with ten
  // thousand links is never blocked for long. It reads them before the converter starts, while
  // nothing else runs (the worker and the WebAssembly compiler would compete for the
  // processor); the settings are checked after (a bad one leaves every link as it is).
  const all = document.querySelectorAll('a[href]');
  const optOuts = hasOptOuts();
  const pass = batch();
  // Before the first link is read: a change seen while the page is read (between slices)
  // makes every link be looked at again before it is written.
  pass.seen = changes;
  for (let i = 0; i < all.length; i += SCAN_CHUNK) {
    if (i > 0) await yieldToPage();
    // The loop sits in `start`, a long function: V8 weighs a loop's work against the length
    // of the function that holds it, so this one does not get TurboFan started on it.
    for (let j = i, to = Math.min(i + SCAN_CHUNK, all.length); j < to; j++) consider(all[j], optOuts, pass);
  }
  loaded(load());
  await convert(pass);
}
