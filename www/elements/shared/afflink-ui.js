// Helpers shared by the afflink tool elements: loading the package once, building DOM
// with text only (never innerHTML), showing invisible characters, copying (CSV is
// afflink-csv.js's).

/** Characters shown as a visible `U+XXXX` mark instead of printing them. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Z}]/u;

/** Inputs longer than this (in code points) are shortened on screen (never in a CSV). */
const SHOWN_CHARS = 300;

/** Attributes that must be set as attributes (their properties are read-only or differ). */
const ATTRIBUTES = new Set(['list', 'for', 'role', 'scope', 'inputmode', 'autocomplete', 'autocapitalize', 'spellcheck']);

let apiPromise = null;

/** Loads the package and its WebAssembly once; a failed load is retried on the next call. */
export function loadApi() {
  if (apiPromise === null) {
    apiPromise = import('./pkg/browser.js').then(async (api) => {
      await api.init();
      return api;
    });
    apiPromise.catch(() => {
      apiPromise = null;
    });
  }
  return apiPromise;
}

/** The Trusted Types policy that lets the tools start their worker (pages that enforce them). */
let toolsPolicy = null;
let toolsWorker = null;
let workerCalls = 0;
const pendingCalls = new Map();

/** The tools' worker (afflink-tools-worker.js), started once; null when it cannot be used here. */
function toolsWorkerOrNull() {
  if (toolsWorker !== null) return toolsWorker || null;
  toolsWorker = false;
  try {
    const url = new URL('./afflink-tools-worker.js', import.meta.url);
    if (url.origin !== location.origin || typeof Worker !== 'function') return null;
    let scriptUrl = url.href;
    if (globalThis.trustedTypes && typeof globalThis.trustedTypes.createPolicy === 'function') {
      toolsPolicy ??= globalThis.trustedTypes.createPolicy('afflink-tools', { createScriptURL: (u) => (u === url.href ? u : '') });
      scriptUrl = toolsPolicy.createScriptURL(url.href);
    }
    const worker = new Worker(scriptUrl, { type: 'module' });
    worker.onmessage = (event) => {
      const { id, ok, value, error, part, parts } = event.data;
      const call = pendingCalls.get(id);
      if (!call) return;
      if (part) {
        (call.lines ??= []).push(part);
        return;
      }
      pendingCalls.delete(id);
      if (ok && parts) call.resolve({ ...value, lines: (call.lines ?? []).flat() });
      else if (ok) call.resolve(value);
      else call.reject(Object.assign(new Error(error.message), error.code === null ? {} : { code: error.code }, error.name ? { name: error.name } : {}));
    };
    // A worker that cannot start (or dies): every call waiting on it, and every later call,
    // runs on the page's thread instead.
    worker.onerror = (event) => {
      event.preventDefault?.();
      worker.terminate();
      toolsWorker = false;
      const waiting = [...pendingCalls.values()];
      pendingCalls.clear();
      for (const call of waiting) call.fallback();
    };
    toolsWorker = worker;
    return worker;
  } catch {
    return null;
  }
}

/**
 * Runs a package function (`fn`, from the worker's list) in the tools' worker, off the page's
 * main thread, so that a call on thousands of rows cannot block the page; on the page's own
 * thread when no worker can be started here. Resolves to what the function returns; rejects
 * with an `Error` carrying the function's `code`.
 */
export function callInWorker(fn, ...args) {
  const onPage = () => loadApi().then((api) => api[fn](...args));
  const worker = toolsWorkerOrNull();
  if (worker === null) return onPage();
  return new Promise((resolve, reject) => {
    const id = workerCalls++;
    pendingCalls.set(id, { resolve, reject, fallback: () => onPage().then(resolve, reject) });
    worker.postMessage({ id, fn, args });
  });
}

/** Lets the page run (input, paint) before the next chunk of a long job. */
export function nextTask() {
  if (globalThis.scheduler && typeof globalThis.scheduler.yield === 'function') return globalThis.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Items per chunk of a long job: links classified or built, and table rows built. The tools
 * yield to the page (`nextTask`) between each two chunks, so typing, scrolling and the
 * progress bar stay live; the benchmark (benches/browser/tool-paste.mjs) measures the tasks.
 * 25 rows: about what the screen shows; a chunk of rows is built in one task and laid out in
 * the next frame, each well under 50 ms on a busy 2-core machine (100 rows were not).
 */
export const WORK_CHUNK = 1000;
export const ROW_CHUNK = 25;

/** Removes every chunk of rows from a results table (see `appendRowChunk`). */
export function clearRowChunks(table) {
  for (const body of table.querySelectorAll(':scope > tbody')) body.remove();
}

/**
 * Appends one chunk of rows to a results table as its own `<tbody>`. The shared stylesheet
 * lays each chunk out only when it is near the screen (`content-visibility: auto`), so a
 * table of 10,000 rows costs the page about what the rows on screen cost. The rows are grid
 * rows (table layout sizes every column from every row, on every change), so the ARIA table
 * roles are set explicitly: `row`, `rowheader` (a `th`) and `cell` here, the table's own in
 * `setTableRoles`.
 */
export function appendRowChunk(table, rows) {
  const body = el('tbody', { role: 'rowgroup' });
  for (const tr of rows) {
    tr.setAttribute('role', 'row');
    for (const cell of tr.children) cell.setAttribute('role', cell.localName === 'th' ? 'rowheader' : 'cell');
  }
  body.append(...rows);
  table.append(body);
  return body;
}

/** Sets the ARIA roles of a results table, its head row and column headers (see `appendRowChunk`). */
export function setTableRoles(table) {
  table.setAttribute('role', 'table');
  for (const head of table.querySelectorAll(':scope > thead')) {
    head.setAttribute('role', 'rowgroup');
    for (const tr of head.children) {
      tr.setAttribute('role', 'row');
      for (const th of tr.children) th.setAttribute('role', 'columnheader');
    }
  }
  return table;
}

/** A results table with its caption and column headers (rows go in with `appendRowChunk`). */
export function resultsTable(className, caption, headers) {
  return setTableRoles(el('table', { class: className }, caption, el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col', text: h }))))));
}

/** Creates an element: `class`, `text` (as textContent), properties or attributes, children. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key in node && !ATTRIBUTES.has(key) && !key.startsWith('aria') && !key.startsWith('data')) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

/**
 * A count with thousands separators, as en-US writes it ("10,000"). Not `toLocaleString`: its
 * first call loads the browser's number formatting, tens of milliseconds in the click's task.
 */
export function formatCount(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function plural(n, one, many) {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function codePoint(ch) {
  return `U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Sets a node's text only when it changes, so that live regions do not repeat themselves. */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/**
 * Appends `text` to `parent` so that every character can be seen: control, formatting
 * (bidi overrides, zero-width), non-ASCII space characters and lone surrogates become a
 * `U+XXXX` mark; very long text is shortened. `prefix` is the element's class prefix.
 */
export function appendVisibleText(parent, text, prefix) {
  const chars = Array.from(text);
  const shown = chars.length > SHOWN_CHARS ? chars.slice(0, SHOWN_CHARS) : chars;
  let run = '';
  for (const ch of shown) {
    if (ch !== ' ' && INVISIBLE.test(ch)) {
      if (run) parent.append(run);
      run = '';
      parent.append(el('span', { class: `${prefix}-char`, title: `invisible character ${codePoint(ch)}`, text: codePoint(ch) }));
    } else {
      run += ch;
    }
  }
  if (run) parent.append(run);
  if (shown.length < chars.length) {
    parent.append(el('span', { class: `${prefix}-more`, text: `… (${chars.length - shown.length} more characters)` }));
  }
}

/** Replaces lone surrogates with U+FFFD, which the core refuses as `not_a_url`. */
export function wellFormed(s) {
  if (typeof s.toWellFormed === 'function') return s.toWellFormed();
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Copies text from a temporary, selected text box (older browsers, refused clipboard).
 * `root` is where the box goes: the element's shadow root (or any element). Focus goes back
 * where it was; inside a shadow root that is `root.activeElement`, since
 * `document.activeElement` is only the host there.
 */
export function copyWithSelection(root, text, prefix) {
  const area = el('textarea', { class: `${prefix}-offscreen`, readOnly: true, tabIndex: -1, 'aria-hidden': 'true' });
  area.value = text;
  const back = root.activeElement ?? document.activeElement;
  root.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  if (back && typeof back.focus === 'function') back.focus();
  return ok;
}

/**
 * Copies text: the clipboard API, else a temporary selection in `root` (the element's
 * shadow root); false when neither works.
 */
export async function copyText(root, text, prefix) {
  try {
    if (!navigator.clipboard || typeof navigator.clipboard.writeText !== 'function') throw new Error('no clipboard API');
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return copyWithSelection(root, text, prefix);
  }
}

/**
 * A problem as a person reads it: the sentence first, then the code, small and copyable, for
 * support. `prefix` is the element's class prefix (`lc`, `lb`, `pc`, `cc`, `sg`).
 */
export function problemParts(prefix, message, code) {
  const parts = [el('span', { class: `${prefix}-message afflink-message`, text: message })];
  if (code) parts.push(' ', el('code', { class: `${prefix}-code afflink-code`, title: 'The code, for support', text: code }));
  return parts;
}

/**
 * The message slot that goes next to a field (right after it, in the same label group): empty
 * until `setFieldProblem` fills it. `id` must be unique in the element's shadow root.
 */
export function fieldProblemSlot(id) {
  return el('p', { id, class: 'afflink-field-problem', hidden: true, 'aria-live': 'polite' });
}

/**
 * Shows a problem at the field it is about, or clears it (`problem` null): an error sets
 * `aria-invalid="true"` on the field, a warning (`severity: 'warning'`) does not; the message
 * goes in `slot` (see `fieldProblemSlot`), sentence first and code after, and the slot's id
 * joins the field's `aria-describedby` (its other descriptions stay). Only touches the DOM
 * when something changes, so focus, selection and live regions stay calm while typing.
 */
export function setFieldProblem(field, slot, problem, prefix) {
  const ids = (field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && id !== slot.id);
  if (!problem) {
    if (field.hasAttribute('aria-invalid')) field.removeAttribute('aria-invalid');
    if (ids.length) field.setAttribute('aria-describedby', ids.join(' '));
    else field.removeAttribute('aria-describedby');
    if (!slot.hidden) {
      slot.hidden = true;
      slot.replaceChildren();
      delete slot.dataset.code;
    }
    return;
  }
  const error = problem.severity !== 'warning';
  if (error) field.setAttribute('aria-invalid', 'true');
  else field.removeAttribute('aria-invalid');
  field.setAttribute('aria-describedby', [...ids, slot.id].join(' '));
  const key = `${error ? 'error' : 'warning'}|${problem.code ?? ''}|${problem.message}`;
  if (slot.dataset.key === key && !slot.hidden) return;
  slot.dataset.key = key;
  slot.dataset.code = problem.code ?? '';
  slot.className = `afflink-field-problem afflink-field-problem--${error ? 'error' : 'warning'}`;
  slot.replaceChildren(el('span', { class: 'afflink-field-problem-kind', text: error ? 'Error: ' : 'Warning: ' }), ...problemParts(prefix, problem.message, problem.code));
  slot.hidden = false;
}

/**
 * A keyboard-shortcut hint ("Press Ctrl+Enter …"): hidden on touch-only devices by the
 * shared sheet (`(hover: none) and (pointer: coarse)`), where there is no such key.
 */
export function shortcutHint(text) {
  return el('span', { class: 'afflink-shortcut', text });
}

/** True on a touch-only device (no hover, coarse pointer): shortcut hints are not shown there. */
export function touchOnly() {
  return typeof matchMedia === 'function' && matchMedia('(hover: none) and (pointer: coarse)').matches;
}

/** What a tool says when its WebAssembly module did not load. */
export function loadErrorMessage(tool, error) {
  const detail = error && error.message ? ` (${error.message})` : '';
  return (
    `The ${tool} could not start: its WebAssembly module did not load${detail}. ` +
    'Reload the page to try again. If you opened the file straight from disk, serve the folder ' +
    'over http instead, for example with: node scripts/serve.mjs dist'
  );
}

/**
 * Where a publisher finds their aff_short_key, said once and the same way in every tool
 * (issue 17): the builder's and the snippet generator's key fields show this.
 */
export const KEY_ORIGIN =
  'Your aff_short_key is the aff_short_key= value of any deep link made with Tools > Deep Link Generator in your AliExpress Portals account: letters, digits, _ and -.';

/** The four AliExpress tracking fields, labelled the same in every tool (issue 17). */
export const TRACKING_LABELS = Object.freeze({
  af: 'af (sub-affiliate id)',
  cn: 'cn (campaign id)',
  cv: 'cv (creative id)',
  dp: 'dp (dynamic parameter)',
});

/**
 * Alibaba.com's tracking strings, labelled the same in every tool, from the program's help
 * (PRODUCT.md): pid and tp1 are named there; tp2 to tp5 are only "other values".
 */
export const ALIBABA_TRACKING_LABELS = Object.freeze({
  pid: 'pid (sub-publisher id)',
  tp1: 'tp1 (click or transaction id)',
  tp2: 'tp2 (another value)',
  tp3: 'tp3 (another value)',
  tp4: 'tp4 (another value)',
  tp5: 'tp5 (another value)',
});
