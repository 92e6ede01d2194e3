// <afflink-postback-checker>: checks an Alibaba.com server-to-server postback URL template
// as the user types (macros found, errors and warnings), and previews the call the program
// would make with sample values for each macro.
//
// Shadow DOM: the element renders into an open shadow root styled by constructable
// stylesheets (afflink-styles.js and afflink-postback-checker-styles.js, classes prefixed
// `pc-`), so it can be pasted into any page without the page's CSS reaching in; themable with
// the `--afflink-*` custom properties listed in docs/ELEMENTS.md. Children of the element
// (such as a "Loading…" message) are not shown once it runs. Every user string is rendered
// with textContent; nothing here uses innerHTML, eval, <style> or inline styles, so the
// element runs under a strict CSP (`style-src 'self'`) with Trusted Types.
//
// API (see docs/ELEMENTS.md)
//   el.value            get/set the postback URL template (checked again after a short pause)
//   el.report           the last report of checkPostbackUrl ({ ok, macros, problems }), or null
//
// The rules are the package's (checkPostbackUrl, expandPostbackUrl; see docs/LINKS.md), with
// one difference: a template with no macro (`no_macros`, a warning in the core) is an error
// here, since every call to it would report nothing about the order.
//
// "Copy your postback URL" copies the template exactly as typed (what goes into the program's
// settings); "Copy the sample call" copies the preview. Problems are shown at the field
// (aria-invalid, the message next to it); each macro is explained next to the template, in
// the list of macros found, and at its sample value.
//
// The WebAssembly module is loaded when the element is first connected. If it cannot be
// loaded, the element says so in the page; the next change tries again.

import { postbackCheckerSheet } from './afflink-postback-checker-styles.js';
import { attachStyledShadow } from '../shared/afflink-styles.js';
import { MACRO_MEANINGS, SAMPLES } from './afflink-postback-macros.js';
import { copyText, el, fieldProblemSlot, loadApi, plural, problemParts, setFieldProblem, shortcutHint, wellFormed } from '../shared/afflink-ui.js';

/** How long typing must pause before the URL is checked again. */
const DEBOUNCE_MS = 150;

const EXAMPLE = 'https://example.com/postback?pubid={pid}&clickid={tp1}&order={ord_id}&amount={ord_amount}&commission={est_com}&source=alibaba';

/** What the core trims (Rust `str::trim`, Unicode White_Space). */
/** Core warnings that are errors here: a postback with no macro reports nothing. */
const ERRORS_HERE = new Set(['no_macros']);

/** The severity a problem has in this element. */
const severityOf = (p) => (p.severity === 'error' || ERRORS_HERE.has(p.code) ? 'error' : 'warning');

const BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

let instances = 0;

export class AfflinkPostbackChecker extends HTMLElement {
  #rendered = false;
  #pendingValue = null;
  #ui = {};
  #timer = null;
  #seq = 0;
  #report = null;
  #expanded = null;
  /** The preview fields, by macro name; kept (with what the user typed) while the URL changes. */
  #fields = new Map();
  #root;

  constructor() {
    super();
    this.#root = attachStyledShadow(this, postbackCheckerSheet());
  }

  connectedCallback() {
    if (!this.#rendered) this.#render();
    this.#preload();
  }

  disconnectedCallback() {
    clearTimeout(this.#timer);
  }

  /** The postback URL template in the box. */
  get value() {
    return this.#rendered ? this.#ui.input.value : (this.#pendingValue ?? '');
  }

  set value(text) {
    const s = text == null ? '' : String(text);
    if (this.#rendered) {
      this.#ui.input.value = s;
      this.#changed();
    } else {
      this.#pendingValue = s;
    }
  }

  /** The last report of checkPostbackUrl, or null. */
  get report() {
    return this.#report;
  }

  #render() {
    this.#rendered = true;
    const id = `afflink-pc-${++instances}`;
    const ui = this.#ui;
    ui.id = id;

    ui.input = el('input', {
      type: 'text',
      id: `${id}-url`,
      class: 'pc-input',
      spellcheck: false,
      autocomplete: 'off',
      autocapitalize: 'off',
      inputMode: 'url',
      placeholder: 'https://your-site.example/postback?clickid={tp1}&commission={est_com}',
      'aria-describedby': `${id}-hint`,
    });
    if (this.#pendingValue !== null) ui.input.value = this.#pendingValue;
    this.#pendingValue = null;

    ui.inputProblem = fieldProblemSlot(`${id}-url-problem`);
    ui.copyTemplate = el('button', { type: 'button', class: 'pc-button pc-button--primary', text: 'Copy your postback URL', disabled: true });
    ui.copyTemplateStatus = el('span', { class: 'pc-action-status pc-template-status', role: 'status', 'aria-live': 'polite' });
    ui.example = el('button', { type: 'button', class: 'pc-button', text: 'Fill in an example' });
    ui.macroHelp = el(
      'details',
      // Open beside the field; folded on a narrow screen, where it would push the report
      // far down (the macros found and each sample value still say what they mean).
      { class: 'pc-macro-help', open: !(typeof matchMedia === 'function' && matchMedia('(max-width: 30rem)').matches) },
      el('summary', { class: 'pc-macro-help-title', text: 'The macros the program fills in' }),
      el(
        'dl',
        { class: 'pc-macro-meanings' },
        ...Object.entries(MACRO_MEANINGS).flatMap(([m, meaning]) => [
          el('dt', { class: 'pc-macro-meaning-name' }, el('code', { class: 'pc-macro', text: `{${m}}` })),
          el('dd', { class: 'pc-macro-meaning', text: meaning }),
        ]),
      ),
    );
    ui.error = el('p', { class: 'pc-error', role: 'alert', hidden: true });

    ui.verdict = el('p', { class: 'pc-verdict' });
    ui.macros = el('div', { class: 'pc-macros', hidden: true });
    ui.problems = el('ul', { class: 'pc-problems', hidden: true });
    ui.result = el(
      'div',
      { class: 'pc-result', role: 'status', 'aria-live': 'polite', 'data-state': 'idle' },
      ui.verdict,
      ui.macros,
      ui.problems,
    );

    ui.values = el('div', { class: 'pc-values' });
    ui.expandedId = `${id}-expanded`;
    ui.expandedField = el('textarea', { id: ui.expandedId, class: 'pc-expanded', readOnly: true, rows: 3, spellcheck: false });
    ui.expandedWrap = el('div', { class: 'pc-expanded-wrap', hidden: true }, el('label', { class: 'pc-label', htmlFor: ui.expandedId, text: 'URL the program would call' }), ui.expandedField);
    ui.expandError = el('p', { class: 'pc-expand-error', hidden: true });
    ui.previewResult = el('div', { class: 'pc-preview-result', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' }, ui.expandedWrap, ui.expandError);
    ui.copy = el('button', { type: 'button', class: 'pc-button', text: 'Copy the sample call', disabled: true });
    ui.copyStatus = el('span', { class: 'pc-action-status', role: 'status', 'aria-live': 'polite' });
    ui.previewTitle = el('h3', { class: 'pc-subtitle', id: `${id}-preview-title`, text: 'Preview a call' });
    ui.valuesHint = el('p', {
      class: 'pc-hint',
      id: `${id}-values-hint`,
      text: 'Sample values for the macros in your URL; the program sends the real ones. Each value is percent-encoded; an empty one becomes nothing.',
    });
    ui.preview = el(
      'section',
      { class: 'pc-preview', 'aria-labelledby': ui.previewTitle.id, hidden: true },
      ui.previewTitle,
      ui.valuesHint,
      ui.values,
      ui.previewResult,
      el('div', { class: 'pc-actions' }, ui.copy, ui.copyStatus),
    );

    this.#root.replaceChildren(
      el('label', { class: 'pc-label', htmlFor: ui.input.id, text: 'Postback URL template' }),
      el('p', {
        class: 'pc-hint',
        id: `${id}-hint`,
        text: 'The address on your server that the program calls for each order, with macros such as {pid}, {tp1} and {est_com} where the order data goes.',
      }),
      ui.input,
      ui.inputProblem,
      el('div', { class: 'pc-actions' }, ui.copyTemplate, ui.example, ui.copyTemplateStatus),
      ui.macroHelp,
      ui.error,
      ui.result,
      ui.preview,
    );

    ui.input.addEventListener('input', () => this.#changed());
    ui.example.addEventListener('click', () => {
      ui.input.value = EXAMPLE;
      ui.input.focus();
      this.#changed();
    });
    ui.copy.addEventListener('click', () => this.#copy());
    ui.copyTemplate.addEventListener('click', () => this.#copyTemplate());
    this.#showIdle();
    if (!BLANK.test(ui.input.value)) this.#changed();
  }

  #preload() {
    loadApi().then(
      () => this.#hideError(),
      (error) => this.#showLoadError(error),
    );
  }

  #showLoadError(error) {
    const detail = error && error.message ? ` (${error.message})` : '';
    this.#ui.error.textContent =
      `The postback checker could not start: its WebAssembly module did not load${detail}. ` +
      'Reload the page to try again. If you opened the file straight from disk, serve the folder ' +
      'over http instead, for example with: node scripts/serve.mjs dist';
    this.#ui.error.hidden = false;
  }

  #hideError() {
    this.#ui.error.hidden = true;
    this.#ui.error.textContent = '';
  }

  #changed() {
    const ui = this.#ui;
    ui.result.setAttribute('aria-busy', 'true');
    ui.previewResult.setAttribute('aria-busy', 'true');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#update(), DEBOUNCE_MS);
  }

  #done() {
    this.#ui.result.removeAttribute('aria-busy');
    this.#ui.previewResult.removeAttribute('aria-busy');
  }

  #showIdle() {
    const ui = this.#ui;
    this.#report = null;
    ui.result.dataset.state = 'idle';
    ui.verdict.className = 'pc-verdict pc-verdict--idle';
    ui.verdict.textContent = 'Paste or type your postback URL to check it.';
    ui.macros.hidden = true;
    ui.problems.hidden = true;
    ui.problems.replaceChildren();
    ui.preview.hidden = true;
    setFieldProblem(ui.input, ui.inputProblem, null, 'pc');
    ui.copyTemplate.disabled = true;
    ui.copyTemplateStatus.textContent = '';
    this.#setExpanded(null);
  }

  async #update() {
    const seq = ++this.#seq;
    const ui = this.#ui;
    const url = ui.input.value;
    if (BLANK.test(url)) {
      this.#showIdle();
      this.#done();
      return;
    }
    let api;
    try {
      api = await loadApi();
    } catch (error) {
      if (seq !== this.#seq) return;
      this.#showLoadError(error);
      this.#showIdle();
      ui.result.dataset.state = 'unavailable';
      ui.verdict.textContent = 'The postback checker is not available (see above).';
      this.#done();
      return;
    }
    if (seq !== this.#seq) return;
    this.#hideError();

    let report;
    try {
      report = api.checkPostbackUrl(wellFormed(url));
    } catch (error) {
      report = { ok: false, macros: [], problems: [{ code: error.code ?? 'error', severity: 'error', message: error.message }] };
    }
    this.#report = report;
    this.#showReport(report);
    this.#showPreview(api, url, report);
    this.#done();
  }

  #showReport(report) {
    const ui = this.#ui;
    const problems = report.problems.map((p) => ({ ...p, severity: severityOf(p) }));
    const errors = problems.filter((p) => p.severity === 'error').length;
    const warnings = problems.length - errors;
    const ok = errors === 0;
    ui.result.dataset.state = ok ? 'ok' : 'not-ok';
    ui.verdict.className = `pc-verdict ${ok ? 'pc-verdict--ok' : 'pc-verdict--not-ok'}`;
    let verdict;
    if (!ok) {
      verdict = `Not OK: ${plural(errors, 'error', 'errors')}${warnings > 0 ? `, ${plural(warnings, 'warning', 'warnings')}` : ''}. The program cannot use this URL.`;
    } else if (warnings > 0) {
      verdict = `OK, with ${plural(warnings, 'warning', 'warnings')}.`;
    } else {
      verdict = 'OK: no problems found.';
    }
    if (ui.verdict.textContent !== verdict) ui.verdict.textContent = verdict;

    // The macros found, each with what the program puts in it.
    const found =
      report.macros.length === 0
        ? el('p', { class: 'pc-none', text: 'none' })
        : el(
            'ul',
            { class: 'pc-macro-list' },
            ...report.macros.map((m) => el('li', { class: 'pc-macro-found' }, el('code', { class: 'pc-macro', text: `{${m}}` }), el('span', { class: 'pc-macro-found-meaning', text: `: ${MACRO_MEANINGS[m] ?? ''}` }))),
          );
    ui.macros.replaceChildren(el('p', { class: 'pc-macros-label', text: 'Macros found:' }), found);
    ui.macros.hidden = false;

    const items = problems.map((p) =>
      el(
        'li',
        { class: `pc-problem pc-problem--${p.severity}`, 'data-code': p.code },
        el('span', { class: 'pc-severity', text: p.severity }),
        ' ',
        ...problemParts('pc', p.message, p.code),
      ),
    );
    ui.problems.replaceChildren(...items);
    ui.problems.hidden = items.length === 0;

    // At the field: the first error (else the first warning), and how many more are listed.
    const first = problems.find((p) => p.severity === 'error') ?? problems[0] ?? null;
    const more = problems.length - 1;
    setFieldProblem(
      ui.input,
      ui.inputProblem,
      first && { ...first, message: more > 0 ? `${first.message} (${plural(more, 'more problem', 'more problems')} listed below.)` : first.message },
      'pc',
    );
    ui.copyTemplate.disabled = !ok;
    ui.copyTemplateStatus.textContent = ok ? '' : 'Fix the errors first: a postback URL the program cannot use is not copied.';
  }

  /** One labelled sample-value field per macro found, in the order of the URL. */
  #valueFields(macros) {
    const ui = this.#ui;
    const wanted = macros.map((m) => {
      let field = this.#fields.get(m);
      if (!field) {
        const input = el('input', {
          type: 'text',
          id: `${ui.id}-value-${m}`,
          class: 'pc-input pc-input--value',
          spellcheck: false,
          autocomplete: 'off',
          autocapitalize: 'off',
          value: SAMPLES[m] ?? '',
          'aria-describedby': `${ui.id}-value-${m}-meaning ${ui.valuesHint.id}`,
        });
        input.addEventListener('input', () => this.#changed());
        const wrap = el(
          'div',
          { class: 'pc-value' },
          el('label', { class: 'pc-label pc-label--macro', htmlFor: input.id, text: `{${m}}` }),
          el('span', { class: 'pc-value-meaning', id: `${ui.id}-value-${m}-meaning`, text: MACRO_MEANINGS[m] ?? '' }),
          input,
        );
        field = { wrap, input };
        this.#fields.set(m, field);
      }
      return field.wrap;
    });
    // Only touch the DOM when the list changes, so that focus and selection stay.
    const current = [...ui.values.children];
    if (current.length !== wanted.length || current.some((node, i) => node !== wanted[i])) {
      ui.values.replaceChildren(...wanted);
    }
  }

  #showPreview(api, url, report) {
    const ui = this.#ui;
    ui.preview.hidden = false;
    this.#valueFields(report.macros);
    ui.valuesHint.hidden = report.macros.length === 0;
    const values = {};
    for (const m of report.macros) values[m] = this.#fields.get(m).input.value;
    const hereOnly = report.problems.find((p) => p.severity !== 'error' && severityOf(p) === 'error');
    if (report.ok && hereOnly) {
      // An error of this element only (no macro): no sample call either.
      this.#setExpanded(null, hereOnly, true);
      return;
    }
    try {
      this.#setExpanded(api.expandPostbackUrl(wellFormed(url), values));
    } catch (error) {
      // The template's own error is already listed above: do not repeat its message.
      const listed = !report.ok && report.problems.some((p) => p.severity === 'error' && p.code === error.code);
      this.#setExpanded(null, error, listed);
    }
  }

  #setExpanded(expanded, error, listed = false) {
    const ui = this.#ui;
    const changed = expanded !== this.#expanded;
    this.#expanded = expanded;
    if (changed) {
      ui.copyStatus.textContent = '';
    }
    if (expanded !== null) {
      if (ui.expandedField.value !== expanded) ui.expandedField.value = expanded;
      ui.expandedWrap.hidden = false;
      ui.expandError.hidden = true;
      ui.expandError.replaceChildren();
      ui.copy.disabled = false;
      return;
    }
    ui.expandedField.value = '';
    ui.expandedWrap.hidden = true;
    ui.copy.disabled = true;
    if (error) {
      ui.expandError.replaceChildren(
        el('strong', { text: 'No preview: ' }),
        el('span', { class: 'pc-message', text: listed ? 'fix the errors above first.' : error.message }),
        ' ',
        el('code', { class: 'pc-code', text: error.code ?? 'error' }),
      );
      ui.expandError.hidden = false;
    } else {
      ui.expandError.hidden = true;
      ui.expandError.replaceChildren();
    }
  }

  async #copy() {
    const ui = this.#ui;
    const text = this.#expanded;
    if (text === null) return;
    if (await copyText(this.#root, text, 'pc')) {
      ui.copyStatus.textContent = 'Copied.';
    } else {
      ui.expandedField.focus();
      ui.expandedField.select();
      ui.copyStatus.replaceChildren('Your browser did not allow copying: the sample call is selected, copy it yourself.', shortcutHint(' Press Ctrl+C (⌘+C on a Mac).'));
    }
  }

  /** Copies the template exactly as typed, once it is checked and the program can use it. */
  async #copyTemplate() {
    const ui = this.#ui;
    if (ui.result.hasAttribute('aria-busy')) {
      clearTimeout(this.#timer);
      await this.#update();
    }
    if (ui.copyTemplate.disabled) return;
    const text = ui.input.value;
    if (await copyText(this.#root, text, 'pc')) {
      ui.copyTemplateStatus.textContent = 'Copied: paste it into the postback setting of your Alibaba.com affiliate account.';
    } else {
      ui.input.focus();
      ui.input.select();
      ui.copyTemplateStatus.replaceChildren('Your browser did not allow copying: the URL is selected, copy it yourself.', shortcutHint(' Press Ctrl+C (⌘+C on a Mac).'));
    }
  }
}
