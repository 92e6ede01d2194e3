// <afflink-link-checker>: paste AliExpress / Alibaba.com addresses, one per line, and see
// which are product pages (the only pages a deep link may point to), their product ids and
// canonical URLs, and why the others are not.
//
// Shadow DOM: the element renders into an open shadow root styled by constructable
// stylesheets (afflink-styles.js and afflink-link-checker-styles.js, classes prefixed `lc-`),
// so it can be pasted into any page without the page's CSS reaching in; themable with the
// `--afflink-*` custom properties listed in docs/ELEMENTS.md. Children of the element (such
// as a "Loading…" message) are not shown once it runs. Every user string is rendered with
// textContent; nothing here uses innerHTML, eval, <style> or inline styles, so the element
// runs under a strict CSP (`style-src 'self'`) with Trusted Types.
//
// API
//   el.value            get/set the text of the box (one address per line)
//   el.check()          classifies the non-blank lines; resolves to the results array
//                       (one classification per line, in order; see pkg/afflink.d.ts)
//   'afflink-checked'   CustomEvent (bubbles, composed) fired after each check,
//                       detail: { results, lineNumbers }
//
// Hand-off: when a check finds product pages and the page has an <afflink-link-builder>,
// "Build links for these" sends their canonical URLs to its bulk box (builder.buildLinksFor).
//
// The WebAssembly classifier is loaded when the element is first connected. If it cannot be
// loaded, the element says so in the page; the next check() tries again.

import { linkCheckerSheet } from './afflink-link-checker-styles.js';
import { attachStyledShadow } from '../shared/afflink-styles.js';
import {
  ROW_CHUNK,
  WORK_CHUNK,
  appendRowChunk,
  appendVisibleText,
  clearRowChunks,
  copyWithSelection,
  el,
  fieldProblemSlot,
  formatCount,
  loadApi,
  nextTask,
  plural,
  problemParts,
  resultsTable,
  setFieldProblem,
  shortcutHint,
  touchOnly,
  wellFormed,
} from '../shared/afflink-ui.js';
import { downloadCsv } from '../shared/afflink-csv.js';

/** How each kind is shown, and counted in the summary. */
const KINDS = {
  product: { label: 'product', one: 'product', many: 'products' },
  page: { label: 'page', one: 'page', many: 'pages' },
  affiliateLink: { label: 'affiliate link', one: 'affiliate link', many: 'affiliate links' },
  shortLink: { label: 'short link', one: 'short link', many: 'short links' },
  rejected: { label: 'rejected', one: 'rejected', many: 'rejected' },
};

const PROGRAMS = { aliexpress: 'AliExpress', alibaba: 'Alibaba.com' };

const EXAMPLES = [
  'https://www.aliexpress.com/item/1005006123456789.html?spm=a2g0o.home&algo_pvid=x',
  'https://fr.aliexpress.com/item/1005006123456789.html?aff_fcid=abc&af=someone',
  'https://www.alibaba.com/product-detail/Wireless-Earbuds_1600123456789.html',
  'https://www.aliexpress.com/wholesale?SearchText=earbuds',
  'https://s.click.aliexpress.com/e/_DmXyZ12',
  'https://a.aliexpress.com/_mKq3Ab9',
  'https://www.aliexpress.com.evil.io/item/1005006123456789.html',
  'javascript:alert(1)',
].join('\n');

/** What the classifier trims (Rust `str::trim`, Unicode White_Space): a line of only these is blank. */
const BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

let instances = 0;

/** The first link builder on the page that can take a list of product URLs, or null. */
function pageBuilder() {
  const builder = document.querySelector('afflink-link-builder');
  return builder && typeof builder.buildLinksFor === 'function' ? builder : null;
}

/** Appends a URL, letting the browser wrap it after `/`, `?`, `&` and `#` first. */
function appendBreakable(parent, text) {
  text.split(/(?<=[/?&#])/).forEach((part, i) => {
    if (i > 0) parent.append(document.createElement('wbr'));
    parent.append(part);
  });
}

export class AfflinkLinkChecker extends HTMLElement {
  #rendered = false;
  #pendingValue = null;
  #results = [];
  #lineNumbers = [];
  #ui = {};
  #root;
  /** The number of the newest check, and its promise: an older check gives way to it. */
  #seq = 0;
  #latest = null;

  constructor() {
    super();
    this.#root = attachStyledShadow(this, linkCheckerSheet());
  }

  connectedCallback() {
    if (!this.#rendered) this.#render();
    this.#preload();
  }

  /** The text in the box: one address per line. */
  get value() {
    return this.#rendered ? this.#ui.textarea.value : (this.#pendingValue ?? '');
  }

  set value(text) {
    const s = text == null ? '' : String(text);
    if (this.#rendered) this.#ui.textarea.value = s;
    else this.#pendingValue = s;
  }

  /** The results of the last check (a copy). */
  get results() {
    return this.#results.slice();
  }

  /**
   * Classifies every non-blank line of the box and shows the results.
   * Resolves to the results array; rejects if the classifier cannot be loaded (the element
   * then shows why).
   */
  check() {
    this.#latest = this.#check();
    return this.#latest;
  }

  async #check() {
    if (!this.#rendered) this.#render();
    const ui = this.#ui;
    const lines = ui.textarea.value.split(/\r\n|\r|\n/);
    const inputs = [];
    const lineNumbers = [];
    lines.forEach((line, i) => {
      if (!BLANK.test(line)) {
        inputs.push(line);
        lineNumbers.push(i + 1);
      }
    });

    let api;
    ui.table.setAttribute('aria-busy', 'true');
    try {
      api = await loadApi();
    } catch (error) {
      this.#showLoadError(error);
      throw error;
    } finally {
      ui.table.removeAttribute('aria-busy');
    }
    this.#hideError();

    // Long pastes are classified and shown in chunks, yielding to the page in between, so
    // that typing, scrolling and the progress bar stay live (no task over ~50 ms).
    const seq = ++this.#seq;
    const results = [];
    try {
      for (let i = 0; i < inputs.length; i += WORK_CHUNK) {
        if (i > 0) {
          this.#progress('Checking', i, inputs.length);
          await nextTask();
          if (seq !== this.#seq) return this.#latest;
        }
        results.push(...api.classifyUrls(inputs.slice(i, i + WORK_CHUNK).map(wellFormed)));
      }
    } catch (error) {
      this.#progressDone();
      this.#showError(`The links could not be checked: ${error.message}`);
      throw error;
    }
    // Report each input exactly as it was in the box.
    results.forEach((r, i) => {
      r.input = inputs[i];
    });

    this.#results = results;
    this.#lineNumbers = lineNumbers;
    if (!(await this.#showResults(seq))) return this.#latest;
    this.dispatchEvent(
      new CustomEvent('afflink-checked', {
        bubbles: true,
        composed: true,
        detail: { results: results.slice(), lineNumbers: lineNumbers.slice() },
      }),
    );
    return results;
  }

  #render() {
    this.#rendered = true;
    const id = `afflink-lc-${++instances}`;
    const ui = this.#ui;

    ui.textarea = el('textarea', {
      id: `${id}-input`,
      class: 'lc-input',
      rows: 8,
      spellcheck: false,
      autocomplete: 'off',
      autocapitalize: 'off',
      wrap: 'off',
      'aria-describedby': `${id}-hint`,
    });
    if (this.#pendingValue !== null) ui.textarea.value = this.#pendingValue;
    this.#pendingValue = null;

    ui.problem = fieldProblemSlot(`${id}-problem`);
    ui.textarea.addEventListener('input', () => setFieldProblem(ui.textarea, ui.problem, null, 'lc'));

    ui.check = el('button', { type: 'button', class: 'lc-button lc-button--primary', text: 'Check links' });
    ui.example = el('button', { type: 'button', class: 'lc-button', text: 'Fill in examples' });
    ui.error = el('p', { class: 'lc-error', role: 'alert', hidden: true });
    ui.summary = el('p', { class: 'lc-summary', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    ui.progress = el('progress', { class: 'lc-progress', hidden: true, 'aria-label': 'Progress of the check' });

    ui.copy = el('button', { type: 'button', class: 'lc-button', text: 'Copy canonical URLs', disabled: true });
    ui.download = el('button', { type: 'button', class: 'lc-button', text: 'Download CSV', disabled: true });
    ui.handOff = el('button', { type: 'button', class: 'lc-button', text: 'Build links for these', hidden: true });
    ui.actionStatus = el('span', { class: 'lc-action-status', role: 'status', 'aria-live': 'polite' });
    ui.copyFallback = el('div', { class: 'lc-copy-fallback', hidden: true });

    const headers = ['#', 'input', 'kind', 'program', 'product id', 'canonical URL', 'reason'];
    ui.caption = el('caption', { id: `${id}-caption`, text: 'Results' });
    ui.table = resultsTable('lc-table afflink-stacked', ui.caption, headers);
    ui.results = el(
      'div',
      { class: 'lc-results', hidden: true },
      el('div', { class: 'lc-actions' }, ui.copy, ui.download, ui.handOff, ui.actionStatus),
      ui.copyFallback,
      // Focusable so that keyboard users can scroll a wide table; under 40rem (a phone) each
      // row is a stacked block instead, and nothing scrolls sideways.
      el('div', { class: 'lc-table-wrap afflink-results', tabindex: '0', role: 'region', 'aria-labelledby': `${id}-caption` }, ui.table),
    );

    this.#root.replaceChildren(
      el('label', { class: 'lc-label', htmlFor: ui.textarea.id, text: 'Links to check' }),
      el(
        'p',
        { class: 'lc-hint', id: `${id}-hint` },
        'One address per line; blank lines are ignored.',
        shortcutHint(' Press Ctrl+Enter (⌘+Enter on a Mac) to check.'),
      ),
      ui.textarea,
      ui.problem,
      el('div', { class: 'lc-actions' }, ui.check, ui.example),
      ui.error,
      ui.summary,
      ui.progress,
      ui.results,
    );

    ui.check.addEventListener('click', () => this.#checkFromUi());
    ui.example.addEventListener('click', () => {
      ui.textarea.value = EXAMPLES;
      ui.textarea.focus();
    });
    ui.textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        this.#checkFromUi();
      }
    });
    ui.copy.addEventListener('click', () => this.#copyCanonical());
    ui.download.addEventListener('click', () => this.#downloadCsv());
    ui.handOff.addEventListener('click', () => this.#sendToBuilder());
  }

  #preload() {
    loadApi().then(
      () => this.#hideError(),
      (error) => this.#showLoadError(error),
    );
  }

  #checkFromUi() {
    // Errors are already shown in the page.
    this.check().catch(() => {});
  }

  #showLoadError(error) {
    const detail = error && error.message ? ` (${error.message})` : '';
    this.#showError(
      `The link checker could not start: its WebAssembly module did not load${detail}. ` +
        'Reload the page to try again. If you opened the file straight from disk, serve the folder ' +
        'over http instead, for example with: node scripts/serve.mjs dist',
    );
  }

  #showError(message) {
    this.#ui.error.textContent = message;
    this.#ui.error.hidden = false;
  }

  #hideError() {
    this.#ui.error.hidden = true;
    this.#ui.error.textContent = '';
  }

  /** Shows the results, building the table in chunks; false when a newer check took over. */
  async #showResults(seq) {
    const ui = this.#ui;
    const results = this.#results;
    const counts = Object.fromEntries(Object.keys(KINDS).map((k) => [k, 0]));
    let tracked = 0;
    for (const r of results) {
      counts[r.kind] = (counts[r.kind] ?? 0) + 1;
      if (r.kind === 'product' && r.affiliateParams.length > 0) tracked++;
    }
    clearRowChunks(ui.table);
    for (let i = 0; i < results.length; i += ROW_CHUNK) {
      if (i > 0) {
        this.#progress('Showing', i, results.length);
        await nextTask();
        if (seq !== this.#seq) return false;
      }
      const rows = [];
      for (let j = i; j < Math.min(i + ROW_CHUNK, results.length); j++) rows.push(this.#row(results[j], this.#lineNumbers[j]));
      appendRowChunk(ui.table, rows);
      // The table shows from its first chunk: the browser lays out the rows on screen then,
      // in their own frame, not all at once with the summary at the end.
      if (i === 0) {
        ui.caption.textContent = `Results: ${plural(results.length, 'link', 'links')} (# is the line number in the box)`;
        ui.results.hidden = false;
      }
    }
    this.#progressDone();
    ui.copyFallback.hidden = true;
    ui.copyFallback.replaceChildren();
    ui.actionStatus.textContent = '';

    if (results.length === 0) {
      ui.summary.textContent = '';
      // Asked to check an empty box: the box is the field at fault.
      setFieldProblem(ui.textarea, ui.problem, { message: 'Nothing to check: paste one or more addresses, one per line.', code: null }, 'lc');
      ui.results.hidden = true;
      ui.copy.disabled = true;
      ui.download.disabled = true;
      ui.handOff.hidden = true;
      return true;
    }
    setFieldProblem(ui.textarea, ui.problem, null, 'lc');
    const parts = Object.entries(KINDS)
      .filter(([kind]) => counts[kind] > 0)
      .map(([kind, k]) => plural(counts[kind], k.one, k.many));
    let summary = `${plural(results.length, 'link', 'links')}: ${parts.join(', ')}.`;
    if (tracked > 0) {
      summary += ` ${plural(tracked, 'product already carries', 'products already carry')} someone's tracking.`;
    }
    ui.summary.textContent = summary;
    ui.results.hidden = false;
    ui.copy.disabled = false;
    ui.download.disabled = false;
    // The hand-off is offered when there are products and a builder on the page to take them.
    ui.handOff.hidden = counts.product === 0 || pageBuilder() === null;
    return true;
  }

  /** Shows how far a long check is: "Checking 4,000 of 10,000 links…" and a progress bar. */
  #progress(what, done, total) {
    const ui = this.#ui;
    ui.progress.max = total;
    ui.progress.value = done;
    ui.progress.hidden = false;
    ui.summary.textContent = `${what} ${formatCount(done)} of ${formatCount(total)} links…`;
  }

  #progressDone() {
    this.#ui.progress.hidden = true;
  }

  #row(r, lineNumber) {
    const tr = el('tr', { class: `lc-row lc-row--${r.kind}` });
    tr.dataset.kind = r.kind;

    const input = el('span', { class: 'lc-url', dir: 'ltr' });
    appendVisibleText(input, r.input, 'lc');

    const reason = el('td', { class: 'lc-reason' });
    if (r.reason) {
      reason.append(...problemParts('lc', r.reason.message, r.reason.code));
    } else if (r.affiliateParams && r.affiliateParams.length > 0) {
      tr.classList.add('lc-row--tracked');
      const flag = el('strong', { class: 'lc-flag', text: "Already carries someone's tracking: " });
      r.affiliateParams.forEach((name, i) => {
        if (i > 0) flag.append(', ');
        flag.append(el('code', { text: name }));
      });
      reason.append(flag, el('span', { class: 'lc-note', text: ' The canonical URL leaves it out.' }));
    } else {
      reason.append(el('span', { class: 'lc-none', text: '—' }));
    }

    const canonical = el('span', { class: 'lc-url', dir: 'ltr' });
    if (r.canonicalUrl != null) appendBreakable(canonical, r.canonicalUrl);

    const orDash = (value, cls) => (value == null ? el('span', { class: 'lc-none', text: '—' }) : el('span', { class: cls, text: value }));

    tr.append(
      el('th', { scope: 'row', class: 'lc-num', text: String(lineNumber) }),
      el('td', { class: 'lc-input-cell' }, input),
      el('td', {}, el('span', { class: `lc-kind lc-kind--${r.kind}`, text: KINDS[r.kind]?.label ?? r.kind })),
      el('td', {}, orDash(r.program == null ? null : (PROGRAMS[r.program] ?? r.program), 'lc-program')),
      el('td', {}, orDash(r.productId, 'lc-id')),
      el('td', {}, r.canonicalUrl == null ? orDash(null) : canonical),
      reason,
    );
    return tr;
  }

  /** Distinct canonical URLs of the products, in order of first appearance. */
  #canonicalUrls() {
    const products = this.#results.filter((r) => r.kind === 'product');
    return { products: products.length, urls: [...new Set(products.map((r) => r.canonicalUrl))] };
  }

  async #copyCanonical() {
    const ui = this.#ui;
    const { products, urls } = this.#canonicalUrls();
    ui.copyFallback.hidden = true;
    ui.copyFallback.replaceChildren();
    if (urls.length === 0) {
      ui.actionStatus.textContent = 'No product links to copy.';
      return;
    }
    const text = urls.join('\n');
    const dupes = products - urls.length;
    const done = `Copied ${plural(urls.length, 'URL', 'URLs')}${dupes > 0 ? ` (${plural(dupes, 'duplicate', 'duplicates')} left out)` : ''}.`;
    try {
      if (!navigator.clipboard || typeof navigator.clipboard.writeText !== 'function') throw new Error('no clipboard API');
      await navigator.clipboard.writeText(text);
      ui.actionStatus.textContent = done;
    } catch {
      if (copyWithSelection(this.#root, text, 'lc')) {
        ui.actionStatus.textContent = done;
      } else {
        this.#showCopyFallback(text);
      }
    }
  }

  // Last resort: show the URLs selected so that the user can copy them.
  #showCopyFallback(text) {
    const ui = this.#ui;
    const id = `${ui.textarea.id}-copy`;
    const area = el('textarea', { id, class: 'lc-input', readOnly: true, rows: Math.min(8, text.split('\n').length) });
    area.value = text;
    const how = touchOnly() ? 'touch and hold them, then choose Copy' : 'press Ctrl+C (⌘+C on a Mac) to copy';
    ui.copyFallback.replaceChildren(el('label', { htmlFor: id, text: `Canonical URLs: ${how}` }), area);
    ui.copyFallback.hidden = false;
    ui.actionStatus.textContent = 'Your browser did not allow copying; the URLs are selected below.';
    area.focus();
    area.select();
  }

  /**
   * "Build links for these": the products' canonical URLs (each once, in order) go to the
   * page's link builder, into its bulk box; the builder takes the focus. When they are all of
   * one program, the builder switches to it.
   */
  #sendToBuilder() {
    const ui = this.#ui;
    const builder = pageBuilder();
    if (builder === null) {
      ui.handOff.hidden = true;
      ui.actionStatus.textContent = 'There is no link builder on this page to send the links to.';
      return;
    }
    const { urls } = this.#canonicalUrls();
    const programs = new Set(this.#results.filter((r) => r.kind === 'product').map((r) => r.program));
    const program = programs.size === 1 ? [...programs][0] : undefined;
    builder.buildLinksFor(urls, program === undefined ? {} : { program });
    const sent = `Sent ${plural(urls.length, 'product URL', 'product URLs')} to the link builder`;
    ui.actionStatus.textContent =
      program === undefined ? `${sent}: they are of both programs, and it builds links for the program chosen there.` : `${sent}.`;
  }

  #downloadCsv() {
    const header = ['#', 'input', 'kind', 'program', 'productId', 'canonicalUrl', 'affiliateParams', 'reasonCode', 'reasonMessage'];
    const rows = this.#results.map((r, i) => [
      this.#lineNumbers[i],
      r.input,
      r.kind,
      r.program,
      r.productId,
      r.canonicalUrl,
      r.affiliateParams ? r.affiliateParams.join(' ') : '',
      r.reason ? r.reason.code : '',
      r.reason ? r.reason.message : '',
    ]);
    const filename = 'afflink-links.csv';
    downloadCsv(this.#root, filename, [header, ...rows], 'lc-offscreen');
    this.#ui.actionStatus.textContent = `Downloaded ${filename} (${plural(this.#results.length, 'row', 'rows')}).`;
  }
}
