// "Many products at once", the bulk part of <afflink-link-builder>: a box of product URLs,
// "Build links" (or Ctrl+Enter / ⌘+Enter in the box), "Fill in examples", a table of the
// links or refusals (stacked rows under 40rem, on a phone), "Copy all links" (the built links,
// one per line, in input order) and "Download CSV" (afflink-links.csv, by the shared writer
// afflink-csv.js). `take(text)` fills the box and builds (the element's buildLinksFor). It uses the program, key or template and tracking strings of the
// element's form (afflink-link-builder.js), which it reads through `host`. Long pastes are
// built in chunks of WORK_CHUNK and shown in chunks of ROW_CHUNK rows, yielding in between.
//
// Every user string is set with textContent (see afflink-link-builder.js).

import {
  ROW_CHUNK,
  WORK_CHUNK,
  appendRowChunk,
  appendVisibleText,
  clearRowChunks,
  copyText,
  el,
  formatCount,
  loadApi,
  nextTask,
  plural,
  resultsTable,
  setText,
  shortcutHint,
  touchOnly,
  wellFormed,
} from '../shared/afflink-ui.js';
import { downloadCsv } from '../shared/afflink-csv.js';

/** How long typing must pause before the links are rebuilt. */
const DEBOUNCE_MS = 150;

/**
 * What the core trims (Rust `str::trim`, Unicode White_Space): a line of only these is blank.
 * The element's form uses it too, and `paramsFrom`.
 */
export const BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

const EXAMPLES = {
  aliexpress: [
    'https://www.aliexpress.com/item/1005006123456789.html?spm=a2g0o.home',
    'https://fr.aliexpress.com/item/1005006123456789.html?gatewayAdapt=glo2fra',
    'https://www.aliexpress.com/wholesale?SearchText=earbuds',
    'https://www.alibaba.com/product-detail/Wireless-Earbuds_1600123456789.html',
    'https://a.aliexpress.com/_mKq3Ab9',
  ],
  alibaba: [
    'https://www.alibaba.com/product-detail/Wireless-Earbuds_1600123456789.html?spm=a2700.x',
    'https://m.alibaba.com/product/1600123456789.html',
    'https://www.alibaba.com/showroom/wireless-earbuds.html',
    'https://www.aliexpress.com/item/1005006123456789.html',
  ],
};

/**
 * A refusal as a person reads it: the sentence, then the code, small and copyable (the shape
 * of problemParts in afflink-ui.js, with the builder's `lb-reason` and `lb-code` classes).
 */
export function reasonParts(message, code) {
  const parts = [el('span', { class: 'lb-reason afflink-message', text: message })];
  if (code) parts.push(' ', el('code', { class: 'lb-code afflink-code', title: 'The code, for support', text: code }));
  return parts;
}

/** The tracking strings that have a value (an empty field means "not set"). */
export function paramsFrom(inputs) {
  const params = {};
  for (const [name, input] of Object.entries(inputs)) {
    if (input.value !== '') params[name] = input.value;
  }
  return params;
}

/**
 * The bulk part. `host` is what it needs of the element: `ui` (its controls, by name; this
 * part adds its own), `root` (the shadow root), `program()` and `label()` (the selected
 * program and its name), `showLoadError(error)` and `hideError()`.
 */
export class LinkBuilderBulk {
  #host;
  #timer = null;
  #seq = 0;
  /** Once the user has built, a change of the box or the form builds again. */
  #live = false;
  #results = [];
  #lines = [];

  constructor(host) {
    this.#host = host;
  }

  /** The section, with its controls in `host.ui`; `id` prefixes element ids. */
  render(id) {
    const { ui } = this.#host;
    ui.bulkInput = el('textarea', {
      id: `${id}-bulk`,
      class: 'lb-textarea',
      rows: 6,
      spellcheck: false,
      autocomplete: 'off',
      autocapitalize: 'off',
      wrap: 'off',
      'aria-describedby': `${id}-bulk-hint`,
    });
    ui.bulkBuild = el('button', { type: 'button', class: 'lb-button lb-button--primary', text: 'Build links' });
    ui.bulkExample = el('button', { type: 'button', class: 'lb-button', text: 'Fill in examples' });
    ui.bulkError = el('p', { class: 'lb-error', role: 'alert', hidden: true });
    ui.bulkSummary = el('p', { class: 'lb-summary', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    ui.copyAll = el('button', { type: 'button', class: 'lb-button lb-button--primary', text: 'Copy all links', disabled: true });
    ui.download = el('button', { type: 'button', class: 'lb-button', text: 'Download CSV', disabled: true });
    ui.bulkCopyFallback = el('div', { class: 'lb-copy-fallback', hidden: true });
    ui.bulkStatus = el('span', { class: 'lb-action-status', role: 'status', 'aria-live': 'polite' });
    ui.caption = el('caption', { id: `${id}-caption`, text: 'Links' });
    ui.table = resultsTable('lb-table afflink-stacked', ui.caption, ['#', 'product URL', 'link or refusal']);
    ui.bulkResults = el(
      'div',
      { class: 'lb-bulk-results', hidden: true },
      el('div', { class: 'lb-actions' }, ui.copyAll, ui.download, ui.bulkStatus),
      ui.bulkCopyFallback,
      // Focusable so that keyboard users can scroll a wide table; under 40rem (a phone) each
      // row is a stacked block instead, and nothing scrolls sideways.
      el('div', { class: 'lb-table-wrap afflink-results', tabindex: '0', role: 'region', 'aria-labelledby': ui.caption.id }, ui.table),
    );
    ui.bulkTitle = el('h3', { class: 'lb-subtitle', id: `${id}-bulk-title`, text: 'Many products at once' });
    const section = el(
      'section',
      { class: 'lb-bulk', 'aria-labelledby': ui.bulkTitle.id },
      ui.bulkTitle,
      el('label', { class: 'lb-label', htmlFor: ui.bulkInput.id, text: 'Product URLs, one per line' }),
      el(
        'p',
        { class: 'lb-hint', id: `${id}-bulk-hint` },
        'Uses the program, the key or the (PC) link template and the tracking strings above. Blank lines are ignored.',
        shortcutHint(' Press Ctrl+Enter (⌘+Enter on a Mac) to build.'),
      ),
      ui.bulkInput,
      el('div', { class: 'lb-actions' }, ui.bulkBuild, ui.bulkExample),
      ui.bulkError,
      ui.bulkSummary,
      ui.bulkResults,
    );

    ui.bulkBuild.addEventListener('click', () => {
      this.#live = true;
      this.#build();
    });
    ui.bulkExample.addEventListener('click', () => {
      ui.bulkInput.value = EXAMPLES[this.#host.program()].join('\n');
      ui.bulkInput.focus();
      if (this.#live) this.#schedule();
    });
    ui.bulkInput.addEventListener('input', () => {
      if (this.#live) this.#schedule();
    });
    ui.bulkInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        this.#live = true;
        this.#build();
      }
    });
    ui.download.addEventListener('click', () => this.#downloadCsv());
    ui.copyAll.addEventListener('click', () => this.#copyAll());
    return section;
  }

  /** Puts `text` (product URLs, one per line) in the box and builds their links now. */
  take(text) {
    this.#host.ui.bulkInput.value = text;
    this.#live = true;
    return this.#build();
  }

  /** The element's form changed: the links follow once the user has built them. */
  changed() {
    if (this.#live) this.#schedule();
  }

  stop() {
    clearTimeout(this.#timer);
  }

  #schedule() {
    this.#host.ui.table.setAttribute('aria-busy', 'true');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#build(), DEBOUNCE_MS);
  }

  async #build() {
    clearTimeout(this.#timer);
    const seq = ++this.#seq;
    const { ui } = this.#host;
    const program = this.#host.program();
    const inputs = [];
    const lineNumbers = [];
    ui.bulkInput.value.split(/\r\n|\r|\n/).forEach((line, i) => {
      if (!BLANK.test(line)) {
        inputs.push(line);
        lineNumbers.push(i + 1);
      }
    });

    const finish = () => ui.table.removeAttribute('aria-busy');
    ui.bulkError.hidden = true;
    ui.bulkError.textContent = '';

    const shared = program === 'aliexpress' ? ui.key.value.trim() : ui.template.value;
    if (inputs.length > 0 && BLANK.test(shared)) {
      this.#clear(program === 'aliexpress' ? 'Fill in your aff_short_key above first.' : 'Fill in the link template above first.');
      finish();
      return;
    }
    if (inputs.length === 0) {
      this.#clear('Nothing to build: paste one or more product URLs, one per line.');
      finish();
      return;
    }

    let api;
    ui.table.setAttribute('aria-busy', 'true');
    try {
      api = await loadApi();
    } catch (error) {
      if (seq === this.#seq) {
        this.#host.showLoadError(error);
        this.#clear('');
        finish();
      }
      return;
    }
    if (seq !== this.#seq) return;
    this.#host.hideError();

    // Long pastes are built and shown in chunks, yielding to the page in between, with
    // progress in the summary.
    const results = [];
    try {
      for (let i = 0; i < inputs.length; i += WORK_CHUNK) {
        if (i > 0) {
          setText(ui.bulkSummary, `Building ${formatCount(i)} of ${formatCount(inputs.length)} links…`);
          await nextTask();
          if (seq !== this.#seq) return;
        }
        const urls = inputs.slice(i, i + WORK_CHUNK).map(wellFormed);
        results.push(
          ...(program === 'aliexpress'
            ? api.buildAliExpressDeepLinks(urls, { affShortKey: ui.key.value.trim(), params: paramsFrom(ui.aeParams) })
            : api.buildAlibabaProductLinks(urls, { template: wellFormed(ui.template.value), params: paramsFrom(ui.abParams) })),
        );
      }
    } catch (error) {
      // Something every link shares (the key, the template, a tracking string) is refused.
      this.#clear('');
      ui.bulkError.replaceChildren(
        el('strong', { text: 'No links: ' }),
        el('span', { text: error.message }),
        ' ',
        el('code', { class: 'lb-code', text: error.code ?? 'error' }),
      );
      ui.bulkError.hidden = false;
      finish();
      return;
    }
    // Report each input exactly as it was in the box.
    results.forEach((r, i) => {
      r.input = inputs[i];
    });
    this.#results = results;
    this.#lines = lineNumbers;
    if (await this.#show(seq)) finish();
  }

  #clear(message) {
    const { ui } = this.#host;
    this.#results = [];
    this.#lines = [];
    clearRowChunks(ui.table);
    ui.bulkResults.hidden = true;
    ui.download.disabled = true;
    ui.copyAll.disabled = true;
    ui.bulkStatus.textContent = '';
    this.#hideCopyFallback();
    setText(ui.bulkSummary, message);
  }

  /** Shows the bulk results, building the table in chunks; false when a newer build took over. */
  async #show(seq) {
    const { ui } = this.#host;
    const results = this.#results;
    const built = results.filter((r) => r.link !== undefined).length;
    const refused = results.length - built;
    clearRowChunks(ui.table);
    for (let i = 0; i < results.length; i += ROW_CHUNK) {
      if (i > 0) {
        setText(ui.bulkSummary, `Showing ${formatCount(i)} of ${formatCount(results.length)} links…`);
        await nextTask();
        if (seq !== this.#seq) return false;
      }
      const rows = [];
      for (let j = i; j < Math.min(i + ROW_CHUNK, results.length); j++) rows.push(this.#row(results[j], this.#lines[j]));
      appendRowChunk(ui.table, rows);
      // The table shows from its first chunk (its rows on screen are laid out in that frame).
      if (i === 0) {
        ui.caption.textContent = `${this.#host.label()} links (# is the line number in the box)`;
        ui.bulkResults.hidden = false;
      }
    }
    ui.bulkStatus.textContent = '';
    this.#hideCopyFallback();
    const parts = [plural(built, 'link built', 'links built')];
    if (refused > 0) parts.push(`${refused} refused`);
    setText(ui.bulkSummary, `${plural(results.length, 'product URL', 'product URLs')}: ${parts.join(', ')}.`);
    ui.bulkResults.hidden = false;
    ui.download.disabled = false;
    ui.copyAll.disabled = built === 0;
    return true;
  }

  #row(r, lineNumber) {
    const ok = r.link !== undefined;
    const tr = el('tr', { class: `lb-row ${ok ? 'lb-row--ok' : 'lb-row--refused'}` });
    tr.dataset.result = ok ? 'link' : 'error';
    const input = el('span', { class: 'lb-url', dir: 'ltr' });
    appendVisibleText(input, r.input, 'lb');
    const out = el('td', { class: 'lb-out' });
    if (ok) {
      out.append(el('span', { class: 'lb-url lb-built', dir: 'ltr', text: r.link }));
    } else {
      out.append(...reasonParts(r.error.message, r.error.code));
    }
    tr.append(el('th', { scope: 'row', class: 'lb-num', text: String(lineNumber) }), el('td', { class: 'lb-input-cell' }, input), out);
    return tr;
  }

  /**
   * "Copy all links": the built links, one per line, in the order of the box; rows in error are
   * left out, and the status says how many were copied and how many left out.
   */
  async #copyAll() {
    const { ui, root } = this.#host;
    const links = this.#results.filter((r) => r.link !== undefined).map((r) => r.link);
    const left = this.#results.length - links.length;
    this.#hideCopyFallback();
    if (links.length === 0) {
      ui.bulkStatus.textContent = 'No links to copy: every product URL was refused.';
      return;
    }
    const text = links.join('\n');
    const done = `Copied ${plural(links.length, 'link', 'links')}${left > 0 ? ` (${left} refused ${left === 1 ? 'row' : 'rows'} left out)` : ''}.`;
    if (await copyText(root, text, 'lb')) {
      ui.bulkStatus.textContent = done;
      return;
    }
    // Last resort: the links, selected, for the user to copy.
    const id = `${ui.bulkInput.id}-copy`;
    const area = el('textarea', { id, class: 'lb-textarea', readOnly: true, rows: Math.min(8, links.length), wrap: 'off' });
    area.value = text;
    const how = touchOnly() ? 'touch and hold them, then choose Copy' : 'press Ctrl+C (⌘+C on a Mac) to copy';
    ui.bulkCopyFallback.replaceChildren(el('label', { class: 'lb-label', htmlFor: id, text: `The links: ${how}` }), area);
    ui.bulkCopyFallback.hidden = false;
    ui.bulkStatus.textContent = `Your browser did not allow copying; the ${plural(links.length, 'link is', 'links are')} selected below.`;
    area.focus();
    area.select();
  }

  #hideCopyFallback() {
    const { ui } = this.#host;
    ui.bulkCopyFallback.hidden = true;
    ui.bulkCopyFallback.replaceChildren();
  }

  #downloadCsv() {
    const header = ['input', 'link', 'error_code', 'error_message'];
    const rows = this.#results.map((r) => [r.input, r.link ?? '', r.error ? r.error.code : '', r.error ? r.error.message : '']);
    const filename = 'afflink-links.csv';
    downloadCsv(this.#host.root, filename, [header, ...rows], 'lb-offscreen');
    this.#host.ui.bulkStatus.textContent = `Downloaded ${filename} (${plural(this.#results.length, 'row', 'rows')}).`;
  }
}
