// <afflink-link-builder>: builds an AliExpress deep link or an Alibaba.com product link from
// a product URL, live as the user types, and many links at once from a list of product URLs
// (with a CSV download).
//
// Shadow DOM: the element renders into an open shadow root styled by constructable
// stylesheets (afflink-styles.js and afflink-link-builder-styles.js, classes prefixed `lb-`),
// so it can be pasted into any page without the page's CSS reaching in; themable with the
// `--afflink-*` custom properties listed in docs/ELEMENTS.md. Children of the element (such
// as a "Loading…" message) are not shown once it runs. Every user string is rendered with
// textContent; nothing here uses innerHTML, eval, <style> or inline styles, so the element
// runs under a strict CSP (`style-src 'self'`) with Trusted Types.
//
// This module is the element and its one-link form; "Many products at once" is its bulk part
// (afflink-link-builder-bulk.js).
//
// API (see docs/ELEMENTS.md)
//   el.program          the selected program: "aliexpress" or "alibaba" (read-only)
//   el.link             the link built from the current fields, or null (read-only)
//   el.buildLinksFor(urls, { program })
//                       puts the URLs in "Many products at once" (one per line), chooses
//                       `program` if given, builds the links, scrolls the box into view and
//                       focuses it (the link checker's "Build links for these")
//
// Problems are shown at the field at fault (aria-invalid, the message under the field, tied
// with aria-describedby); which field that is, afflink-link-builder-fields.js decides.
//
// The rules (which URLs may be linked, how tracking strings are written) are the package's:
// see docs/LINKS.md. The element only collects the fields and shows the answer.
//
// The WebAssembly module is loaded when the element is first connected. If it cannot be
// loaded, the element says so in the page; the next change tries again.

import { linkBuilderSheet } from './afflink-link-builder-styles.js';
import { attachStyledShadow } from '../shared/afflink-styles.js';
import {
  KEY_ORIGIN,
  TRACKING_LABELS,
  ALIBABA_TRACKING_LABELS,
  copyText,
  el,
  fieldProblemSlot,
  loadApi,
  loadErrorMessage,
  plural,
  setFieldProblem,
  setText,
  touchOnly,
  wellFormed,
} from '../shared/afflink-ui.js';
import { BLANK, LinkBuilderBulk, paramsFrom, reasonParts } from './afflink-link-builder-bulk.js';
import { fieldOf, fieldProblems } from './afflink-link-builder-fields.js';
import { PLATFORMS, makeTemplate, renderTemplateHelper } from './afflink-link-builder-template.js';


const PROGRAMS = {
  aliexpress: { label: 'AliExpress', params: TRACKING_LABELS },
  alibaba: { label: 'Alibaba.com', params: ALIBABA_TRACKING_LABELS },
};

/** How long typing must pause before the link is rebuilt. */
const DEBOUNCE_MS = 150;

/** An Alibaba.com "product URL or id" that has none of a URL's punctuation is read as an id. */
const LOOKS_LIKE_ID = /^[^\s:/.?#@\\]+$/u;

let instances = 0;

export class AfflinkLinkBuilder extends HTMLElement {
  #rendered = false;
  #ui = {};
  /** Each text field's problem slot (fieldProblemSlot), by input. */
  #slots = new Map();
  #timer = null;
  #seq = 0;
  #link = null;
  /** "Many products at once" (afflink-link-builder-bulk.js). */
  #bulk;
  #root;

  constructor() {
    super();
    this.#root = attachStyledShadow(this, linkBuilderSheet());
  }

  connectedCallback() {
    if (!this.#rendered) this.#render();
    this.#preload();
  }

  disconnectedCallback() {
    clearTimeout(this.#timer);
    this.#bulk?.stop();
  }

  /** The selected program: "aliexpress" or "alibaba". */
  get program() {
    return this.#rendered && this.#ui.radios.alibaba.checked ? 'alibaba' : 'aliexpress';
  }

  /** The link built from the current fields, or null. */
  get link() {
    return this.#link;
  }

  /**
   * Puts `urls` (product URLs) in "Many products at once", one per line, chooses `program`
   * ("aliexpress" or "alibaba") when given, builds their links with the form's key or template
   * and tracking strings, scrolls the box into view and focuses it. Resolves once the links
   * (or what is missing, such as the key) are shown.
   */
  buildLinksFor(urls, { program } = {}) {
    if (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string')) {
      throw new TypeError('buildLinksFor(urls): urls must be an array of strings.');
    }
    if (!this.#rendered) this.#render();
    if (program !== undefined) {
      if (!Object.hasOwn(PROGRAMS, program)) throw new TypeError(`buildLinksFor: program must be "aliexpress" or "alibaba", not ${JSON.stringify(program)}.`);
      if (program !== this.program) {
        this.#ui.radios[program].checked = true;
        this.#programChanged();
      }
    }
    const built = this.#bulk.take(urls.join('\n'));
    this.#ui.bulkTitle.scrollIntoView({ block: 'start' });
    this.#ui.bulkInput.focus({ preventScroll: true });
    return built;
  }

  #render() {
    this.#rendered = true;
    const id = `afflink-lb-${++instances}`;
    const ui = this.#ui;
    this.#bulk = new LinkBuilderBulk({
      ui,
      root: this.#root,
      program: () => this.program,
      label: () => PROGRAMS[this.program].label,
      showLoadError: (error) => this.#showLoadError(error),
      hideError: () => this.#hideError(),
    });
    const onChange = () => this.#changed();

    // A labelled text field with an optional hint.
    const field = (key, label, { hint, placeholder, cls = '', live = true } = {}) => {
      const input = el('input', {
        type: 'text',
        id: `${id}-${key}`,
        class: 'lb-input',
        spellcheck: false,
        autocomplete: 'off',
        autocapitalize: 'off',
      });
      if (placeholder) input.placeholder = placeholder;
      const wrap = el('div', { class: `lb-field ${cls}`.trim() }, el('label', { class: 'lb-label', htmlFor: input.id, text: label }));
      if (hint) {
        const hintNode = el('p', { class: 'lb-hint', id: `${input.id}-hint`, text: hint });
        input.setAttribute('aria-describedby', hintNode.id);
        wrap.append(hintNode);
      }
      // Where a problem with this field is shown (setFieldProblem).
      const slot = fieldProblemSlot(`${input.id}-problem`);
      this.#slots.set(input, slot);
      wrap.append(input, slot);
      if (live) input.addEventListener('input', onChange);
      return { wrap, input };
    };

    // The custom tracking strings of one program, in the order they are appended.
    const trackingFieldset = (program) => {
      const inputs = {};
      const grid = el('div', { class: `lb-params lb-params--${program}` });
      for (const [name, label] of Object.entries(PROGRAMS[program].params)) {
        const f = field(`${program}-${name}`, label, { cls: 'lb-field--param' });
        f.input.classList.add('lb-input--param');
        inputs[name] = f.input;
        grid.append(f.wrap);
      }
      const hintId = `${id}-${program}-params-hint`;
      const set = el(
        'fieldset',
        { class: 'lb-fieldset', 'aria-describedby': hintId },
        el('legend', { class: 'lb-legend', text: 'Custom tracking strings (optional)' }),
        el('p', {
          class: 'lb-hint',
          id: hintId,
          text: 'They come back in your program reports. Empty fields are left out; any character may be used (up to 256 bytes each).',
        }),
        grid,
      );
      return { set, inputs };
    };

    // Program choice.
    ui.radios = {};
    const programChoice = el('div', { class: 'lb-choices' });
    for (const [program, p] of Object.entries(PROGRAMS)) {
      const radio = el('input', { type: 'radio', name: `${id}-program`, value: program, id: `${id}-program-${program}` });
      radio.checked = program === 'aliexpress';
      radio.addEventListener('change', () => this.#programChanged());
      ui.radios[program] = radio;
      programChoice.append(el('label', { class: 'lb-choice', htmlFor: radio.id }, radio, el('span', { text: p.label })));
    }
    const programSet = el('fieldset', { class: 'lb-fieldset lb-program' }, el('legend', { class: 'lb-legend', text: 'Program' }), programChoice);

    // AliExpress.
    const key = field('aff-short-key', 'Your aff_short_key', { hint: KEY_ORIGIN });
    const aeUrl = field('ae-url', 'Product URL', {
      hint: 'An AliExpress product page: the address in your browser is fine, tracking junk is dropped.',
      placeholder: 'https://www.aliexpress.com/item/…',
    });
    const aeParams = trackingFieldset('aliexpress');
    ui.key = key.input;
    ui.aeUrl = aeUrl.input;
    ui.aeParams = aeParams.inputs;
    ui.panels = {};
    ui.panels.aliexpress = el('div', { class: 'lb-panel', id: `${id}-panel-aliexpress` }, key.wrap, aeUrl.wrap, aeParams.set);

    // Alibaba.com.
    const template = field('template', 'Link template', {
      hint: 'A link the program made for one product, with {product_id} or {product_url} where the product goes. No template yet? Make one from such a link just below.',
      placeholder: 'https://click.alibaba.com/rd/…?…={product_id}',
    });
    ui.template = template.input;
    // The program gives a link per platform; the script tag gives mobile visitors the WAP one.
    const templateWap = field('template-wap', 'Mobile web link template (optional)', {
      hint: 'Made the same way from the program’s link for mobile web (WAP). The script tag gives it to visitors on a phone.',
      placeholder: 'https://m.click.alibaba.com/rd/…',
    });
    const templateApp = field('template-app', 'App link template (optional)', {
      hint: 'Made from the program’s link for apps, for links shared inside apps.',
    });
    ui.templates = { pc: template.input, wap: templateWap.input, app: templateApp.input };
    ui.platform = el(
      'select',
      { id: `${id}-platform`, class: 'lb-input' },
      ...Object.entries(PLATFORMS).map(([value, text]) => el('option', { value, text: text[0].toUpperCase() + text.slice(1) })),
    );
    ui.platform.addEventListener('change', onChange);
    const platformWrap = el(
      'div',
      { class: 'lb-field' },
      el('label', { class: 'lb-label', htmlFor: ui.platform.id, text: 'Build the link for' }),
      ui.platform,
    );


    ui.helper = renderTemplateHelper(ui, field, () => this.#makeTemplate(), (input) => this.#markField(input, null));

    const abProduct = field('ab-product', 'Product URL or id', {
      hint: 'An Alibaba.com product page, or just its product id.',
      placeholder: 'https://www.alibaba.com/product-detail/…_1600123456789.html',
    });
    ui.abProduct = abProduct.input;
    ui.abProductRead = el('span', { class: 'lb-read-as' });
    abProduct.wrap.append(ui.abProductRead);
    const abParams = trackingFieldset('alibaba');
    ui.abParams = abParams.inputs;
    ui.panels.alibaba = el(
      'div',
      { class: 'lb-panel', id: `${id}-panel-alibaba`, hidden: true },
      template.wrap,
      templateWap.wrap,
      templateApp.wrap,
      ui.helper,
      platformWrap,
      abProduct.wrap,
      abParams.set,
    );

    // The result: a status line (live), the link in a read-only field, the copy button.
    ui.error = el('p', { class: 'lb-error', role: 'alert', hidden: true });
    ui.message = el('p', { class: 'lb-message' });
    ui.linkId = `${id}-link`;
    ui.linkField = el('textarea', {
      id: ui.linkId,
      class: 'lb-link',
      readOnly: true,
      rows: 3,
      spellcheck: false,
      wrap: 'soft',
    });
    ui.linkWrap = el('div', { class: 'lb-link-wrap', hidden: true }, el('label', { class: 'lb-label', htmlFor: ui.linkId, text: 'Your link' }), ui.linkField);
    ui.result = el(
      'div',
      { class: 'lb-result', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-state': 'idle' },
      ui.message,
      ui.linkWrap,
    );
    ui.copy = el('button', { type: 'button', class: 'lb-button lb-button--primary', text: 'Copy link', disabled: true });
    ui.copyStatus = el('span', { class: 'lb-action-status', role: 'status', 'aria-live': 'polite' });
    ui.copyFallback = el('p', { class: 'lb-copy-fallback', hidden: true });

    this.#root.replaceChildren(
      el(
        'div',
        { class: 'lb-layout' },
        el('div', { class: 'lb-form' }, programSet, ui.panels.aliexpress, ui.panels.alibaba),
        el(
          'div',
          { class: 'lb-output' },
          ui.error,
          ui.result,
          el('div', { class: 'lb-actions' }, ui.copy, ui.copyStatus),
          ui.copyFallback,
        ),
      ),
      this.#bulk.render(id),
    );

    ui.copy.addEventListener('click', () => this.#copyLink());
    this.#showIdle();
  }

  #preload() {
    loadApi().then(
      () => this.#hideError(),
      (error) => this.#showLoadError(error),
    );
  }

  #showLoadError(error) {
    const ui = this.#ui;
    ui.error.textContent = loadErrorMessage('link builder', error);
    ui.error.hidden = false;
  }

  #hideError() {
    this.#ui.error.hidden = true;
    this.#ui.error.textContent = '';
  }

  #programChanged() {
    const program = this.program;
    for (const [name, panel] of Object.entries(this.#ui.panels)) panel.hidden = name !== program;
    this.#changed();
  }

  /** Any field of the form changed: rebuild after a pause in typing. */
  #changed() {
    const ui = this.#ui;
    ui.result.setAttribute('aria-busy', 'true');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#update(), DEBOUNCE_MS);
    this.#bulk.changed();
  }

  /** What the Alibaba.com product field holds: `{productId}` or `{productUrl}`. */
  #alibabaProduct() {
    const value = this.#ui.abProduct.value;
    const trimmed = value.trim();
    return LOOKS_LIKE_ID.test(trimmed) ? { productId: trimmed } : { productUrl: wellFormed(value) };
  }

  /** What is still missing before a link can be built, as phrases. */
  #missing() {
    const ui = this.#ui;
    const missing = [];
    if (this.program === 'aliexpress') {
      if (ui.key.value.trim() === '') missing.push('your aff_short_key');
      if (BLANK.test(ui.aeUrl.value)) missing.push('a product URL');
    } else {
      if (BLANK.test(ui.template.value)) missing.push('the link template');
      if (BLANK.test(ui.abProduct.value)) missing.push('a product URL or id');
    }
    return missing;
  }

  async #update() {
    const seq = ++this.#seq;
    const ui = this.#ui;
    const program = this.program;

    if (program === 'alibaba') {
      const { productId } = this.#alibabaProduct();
      setText(ui.abProductRead, BLANK.test(ui.abProduct.value) ? '' : productId !== undefined ? 'Read as a product id.' : 'Read as a product URL.');
    }

    const missing = this.#missing();
    const anything = this.#formInputs(program).some((input) => !BLANK.test(input.value));
    let api = null;
    if (anything) {
      try {
        api = await loadApi();
      } catch (error) {
        if (seq !== this.#seq) return;
        this.#showLoadError(error);
        this.#setState('unavailable');
        setText(ui.message, 'The link builder is not available (see above).');
        ui.result.removeAttribute('aria-busy');
        return;
      }
      if (seq !== this.#seq) return;
      this.#hideError();
    }

    // Each filled-in field on its own: its problem goes next to it.
    const problems = api === null ? new Map() : fieldProblems(api, program, ui, this.#alibabaProduct(), wellFormed);
    for (const input of this.#formInputs(program)) this.#markField(input, problems.get(input) ?? null);
    if (problems.size > 0) {
      const [input, problem] = problems.entries().next().value;
      this.#showRefusal(problem, input);
      ui.result.removeAttribute('aria-busy');
      return;
    }
    if (missing.length > 0) {
      this.#showIdle(missing);
      ui.result.removeAttribute('aria-busy');
      return;
    }

    let link;
    let template;
    let fallback = null;
    try {
      if (program === 'aliexpress') {
        link = api.buildAliExpressDeepLink({
          affShortKey: ui.key.value.trim(),
          productUrl: wellFormed(ui.aeUrl.value),
          params: paramsFrom(ui.aeParams),
        });
      } else {
        ({ template, fallback } = this.#chosenTemplate());
        link = api.buildAlibabaProductLink({
          template: wellFormed(template),
          ...this.#alibabaProduct(),
          params: paramsFrom(ui.abParams),
        });
      }
    } catch (error) {
      const templateInput = fallback ? ui.templates.pc : ui.templates[ui.platform.value];
      const input = fieldOf(error, program, ui, templateInput);
      const problem = { message: error && error.message ? error.message : String(error), code: error && error.code ? error.code : 'error' };
      if (input) this.#markField(input, problem);
      this.#showRefusal(problem, input);
      ui.result.removeAttribute('aria-busy');
      return;
    }
    this.#showLink(link, fallback);
    ui.result.removeAttribute('aria-busy');
  }

  /** The text fields of a program's form, in order. */
  #formInputs(program) {
    const ui = this.#ui;
    return program === 'aliexpress'
      ? [ui.key, ui.aeUrl, ...Object.values(ui.aeParams)]
      : [...Object.values(ui.templates), ui.abProduct, ...Object.values(ui.abParams)];
  }

  /** Shows `problem` (or none) at a text field of the form. */
  #markField(input, problem) {
    const slot = this.#slots.get(input);
    if (slot) setFieldProblem(input, slot, problem, 'lb-field');
  }

  /**
   * The template for the chosen platform, and `fallback` (the platform's name) when that
   * platform has none and the PC template is used, as the script tag does.
   */
  #chosenTemplate() {
    const ui = this.#ui;
    const platform = ui.platform.value;
    const own = ui.templates[platform];
    if (platform === 'pc' || !BLANK.test(own.value)) return { template: own.value, fallback: null };
    return { template: ui.templates.pc.value, fallback: PLATFORMS[platform] };
  }

  #setState(state) {
    const ui = this.#ui;
    ui.result.dataset.state = state;
    if (state !== 'ok') {
      this.#link = null;
      ui.linkWrap.hidden = true;
      ui.linkField.value = '';
      ui.copy.disabled = true;
    }
    ui.copyStatus.textContent = '';
    ui.copyFallback.hidden = true;
    ui.copyFallback.replaceChildren();
  }

  #showIdle(missing) {
    this.#setState('idle');
    const what = missing && missing.length > 0 ? missing : this.#missing();
    const list = what.length > 1 ? `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}` : what[0];
    this.#ui.message.replaceChildren(el('span', { class: 'lb-idle', text: `To build a link, fill in ${list}.` }));
  }

  /**
   * The result panel when there is no link: a summary that names the field at fault (whose
   * message is under it), or the whole message when no one field is at fault.
   */
  #showRefusal(problem, input = null) {
    this.#setState('error');
    const label = input?.labels?.[0]?.textContent;
    const message = label ? `See the problem under “${label}”.` : problem.message;
    const parts = [el('strong', { class: 'lb-refused', text: 'No link: ' }), ...reasonParts(message, problem.code)];
    // Only when it changes, so that the live region does not repeat itself while typing.
    if (this.#ui.message.textContent !== parts.map((p) => p.textContent ?? p).join('')) this.#ui.message.replaceChildren(...parts);
  }

  #showLink(link, fallback = null) {
    const ui = this.#ui;
    const changed = this.#link !== link;
    this.#setState('ok');
    this.#link = link;
    if (changed || ui.linkField.value !== link) ui.linkField.value = link;
    ui.linkWrap.hidden = false;
    ui.copy.disabled = false;
    const text =
      `Link ready (${plural(link.length, 'character', 'characters')}).` +
      (fallback ? ` There is no ${fallback} template, so it uses the PC one.` : '');
    if (ui.message.textContent !== text) ui.message.replaceChildren(el('span', { class: 'lb-ok', text }));
  }

  async #copyLink() {
    const ui = this.#ui;
    const link = this.#link;
    if (link === null) return;
    ui.copyFallback.hidden = true;
    ui.copyFallback.replaceChildren();
    if (await copyText(this.#root, link, 'lb')) {
      ui.copyStatus.textContent = 'Copied.';
    } else {
      // Last resort: select the link so that the user can copy it.
      ui.linkField.focus();
      ui.linkField.select();
      ui.copyStatus.textContent = touchOnly()
        ? 'Your browser did not allow copying: the link is selected, touch and hold it, then choose Copy.'
        : 'Your browser did not allow copying: the link is selected, press Ctrl+C (⌘+C on a Mac).';
    }
  }

  /** The template helper's "Make template" (afflink-link-builder-template.js). */
  #makeTemplate() {
    return makeTemplate({
      ui: this.#ui,
      markField: (input, problem) => this.#markField(input, problem),
      showLoadError: (error) => this.#showLoadError(error),
      hideError: () => this.#hideError(),
      changed: () => this.#changed(),
    });
  }
}
