// <afflink-snippet-generator>: fill in the script tag's settings and copy the exact tag to
// paste into a blog (docs/WIDGET.md). The settings are checked as you type by the same
// WebAssembly code the tag runs (LinkConverter), and a product link can be tried with them.
//
// Shadow DOM with constructable stylesheets (afflink-styles.js and
// afflink-snippet-generator-styles.js, classes prefixed `sg-`), like the other tools. Every
// user string is rendered as text; attribute values in the snippet are HTML-escaped.
//
// API
//   el.settings      get/set the settings as an object of attribute names without `data-`
//   el.snippet       the script tag as text
//   el.base          get/set where the files are hosted (a URL ending in `/`)

import { snippetGeneratorSheet } from './afflink-snippet-generator-styles.js';
import { attachStyledShadow } from '../shared/afflink-styles.js';
import { copyText, el, loadApi, wellFormed } from '../shared/afflink-ui.js';

/** The fields, in the order of docs/WIDGET.md: [name, label, hint, group]. */
const FIELDS = [
  ['aff-short-key', 'aff_short_key', 'From the AliExpress program’s deep-link tool. Turns AliExpress conversion on.', 'aliexpress'],
  ['af', 'af (sub-affiliate id)', '', 'aliexpress'],
  ['cn', 'cn (campaign id)', '', 'aliexpress'],
  ['cv', 'cv (creative id)', '', 'aliexpress'],
  ['dp', 'dp (free-form parameter)', '', 'aliexpress'],
  ['alibaba-template', 'Link template', 'Made by “Build a link” from a link the Alibaba.com program gave you, with {product_id} or {product_url}. Turns Alibaba.com conversion on.', 'alibaba'],
  ['alibaba-template-wap', 'Mobile web link template (optional)', 'Made the same way from the program’s link for mobile web (WAP). Visitors on a phone get it; everyone else the template above.', 'alibaba'],
  ['alibaba-template-app', 'App link template (optional)', 'Made from the program’s link for apps. The tag never uses it on a web page; it is for converting files for apps (afflink rewrite --platform app).', 'alibaba'],
  ['pid', 'pid (sub-publisher id)', '', 'alibaba'],
  ['tp1', 'tp1', '', 'alibaba'],
  ['tp2', 'tp2', '', 'alibaba'],
  ['tp3', 'tp3', '', 'alibaba'],
  ['tp4', 'tp4', '', 'alibaba'],
  ['tp5', 'tp5', '', 'alibaba'],
  ['disclosure', 'Disclosure text', 'Shown after every converted link, for example “(affiliate link)”. Leave empty for none.', 'both'],
];

const GROUPS = { aliexpress: 'AliExpress', alibaba: 'Alibaba.com', both: 'On the page' };
const DEBOUNCE_MS = 120;
const SAMPLE_LINK = 'https://www.aliexpress.com/item/1005006123456789.html?spm=a2g0o.home.0.0';

/** HTML-escapes an attribute value (the snippet is pasted into HTML). */
export function escapeAttribute(value) {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The script tag for `settings` (names without `data-`; empty values left out). With `pin`
 * (`{ version, integrity }`), the tag loads the versioned folder's loader with its
 * Subresource Integrity hash.
 */
export function snippetFor(base, settings, pin = null) {
  const attributes = FIELDS.map(([name]) => [name, (settings[name] ?? '').trim()])
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `\n        data-${name}="${escapeAttribute(value)}"`)
    .join('');
  if (pin) {
    const src = `${base}cdn/afflink@${pin.version}/afflink.js`;
    return `<script async src="${escapeAttribute(src)}"\n        integrity="${escapeAttribute(pin.integrity)}" crossorigin="anonymous"${attributes}></script>`;
  }
  return `<script async src="${escapeAttribute(`${base}afflink.js`)}"${attributes}></script>`;
}

/** This build's version and its loader's hash, from the versioned folder built next to it. */
async function loadPin() {
  const { version } = await (await fetch(new URL('./pkg/package.json', import.meta.url))).json();
  const { files } = await (await fetch(new URL(`./cdn/afflink@${version}/sri.json`, import.meta.url))).json();
  if (!files['afflink.js']) throw new Error('the versioned folder has no afflink.js');
  return { version, integrity: files['afflink.js'] };
}

function defaultBase() {
  return new URL('./', document.baseURI).href;
}

let instances = 0;

export class AfflinkSnippetGenerator extends HTMLElement {
  #root;
  #rendered = false;
  #ui = {};
  #inputs = new Map();
  #timer = null;
  #pending = null;
  #base = null;
  /** `{ version, integrity }` once loaded, for a pinned tag. */
  #pin = null;

  constructor() {
    super();
    this.#root = attachStyledShadow(this, snippetGeneratorSheet());
  }

  connectedCallback() {
    if (!this.#rendered) this.#render();
    this.#update();
  }

  disconnectedCallback() {
    clearTimeout(this.#timer);
  }

  get settings() {
    if (!this.#rendered) return { ...(this.#pending ?? {}) };
    const out = {};
    for (const [name, input] of this.#inputs) if (input.value.trim() !== '') out[name] = input.value;
    return out;
  }

  set settings(value) {
    const settings = value && typeof value === 'object' ? value : {};
    if (!this.#rendered) {
      this.#pending = { ...settings };
      return;
    }
    for (const [name, input] of this.#inputs) input.value = settings[name] == null ? '' : String(settings[name]);
    this.#update();
  }

  get base() {
    return this.#base ?? defaultBase();
  }

  set base(value) {
    this.#base = value == null ? null : String(value);
    if (this.#rendered) {
      this.#ui.base.value = this.base;
      this.#update();
    }
  }

  get snippet() {
    const pinned = this.#rendered && this.#ui.pin.checked && this.#pin;
    return snippetFor(this.#normalisedBase(), this.settings, pinned ? this.#pin : null);
  }

  #normalisedBase() {
    let base = (this.#rendered ? this.#ui.base.value : this.base).trim() || defaultBase();
    if (!base.endsWith('/')) base += '/';
    return base;
  }

  #render() {
    this.#rendered = true;
    const id = `afflink-sg-${++instances}`;
    const ui = this.#ui;

    const groups = {};
    for (const key of Object.keys(GROUPS)) {
      groups[key] = el('fieldset', { class: 'sg-group' }, el('legend', { class: 'sg-legend', text: GROUPS[key] }));
    }
    for (const [name, label, hint, group] of FIELDS) {
      const inputId = `${id}-${name}`;
      const input = el('input', {
        type: 'text',
        id: inputId,
        class: 'sg-input',
        spellcheck: false,
        autocomplete: 'off',
        autocapitalize: 'off',
        'aria-describedby': hint ? `${inputId}-hint` : undefined,
      });
      input.dataset.setting = name;
      if (this.#pending && this.#pending[name] != null) input.value = String(this.#pending[name]);
      input.addEventListener('input', () => this.#schedule());
      this.#inputs.set(name, input);
      const field = el('div', { class: 'sg-field' }, el('label', { class: 'sg-label', htmlFor: inputId, text: label }), input);
      if (hint) field.append(el('p', { class: 'sg-hint', id: `${inputId}-hint`, text: hint }));
      groups[group].append(field);
    }
    this.#pending = null;

    ui.base = el('input', { type: 'url', id: `${id}-base`, class: 'sg-input', spellcheck: false, autocomplete: 'off', 'aria-describedby': `${id}-base-hint` });
    ui.base.value = this.base;
    ui.base.addEventListener('input', () => this.#schedule());
    const hosting = el(
      'div',
      { class: 'sg-field' },
      el('label', { class: 'sg-label', htmlFor: ui.base.id, text: 'Where the afflink files are hosted' }),
      ui.base,
      el('p', { class: 'sg-hint', id: `${id}-base-hint`, text: 'The folder holding afflink.js and the files built next to it. Another origin (a CDN) must send CORS headers.' }),
    );
    ui.pin = el('input', { type: 'checkbox', id: `${id}-pin`, class: 'sg-checkbox', 'aria-describedby': `${id}-pin-hint` });
    ui.pin.addEventListener('change', () => this.#update());
    const pinning = el(
      'div',
      { class: 'sg-field sg-field--check' },
      ui.pin,
      el('label', { class: 'sg-label', htmlFor: ui.pin.id, text: 'Pin this release (Subresource Integrity)' }),
      el('p', { class: 'sg-hint', id: `${id}-pin-hint`, text: 'The tag loads the versioned folder cdn/afflink@VERSION/ (upload it with the rest) with its integrity hash: browsers refuse the file if it ever changes.' }),
    );

    ui.status = el('div', { class: 'sg-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-state': 'idle' });
    ui.output = el('textarea', { id: `${id}-snippet`, class: 'sg-output', readOnly: true, rows: 5, spellcheck: false });
    ui.copy = el('button', { type: 'button', class: 'sg-button sg-button--primary', text: 'Copy the script tag' });
    ui.copyStatus = el('span', { class: 'sg-action-status', role: 'status', 'aria-live': 'polite' });
    ui.copy.addEventListener('click', () => this.#copy());

    ui.tryInput = el('input', { type: 'url', id: `${id}-try`, class: 'sg-input', spellcheck: false, autocomplete: 'off' });
    ui.tryInput.value = SAMPLE_LINK;
    ui.tryInput.addEventListener('input', () => this.#schedule());
    ui.tryResult = el('p', { class: 'sg-try-result', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });

    this.#root.replaceChildren(
      el('div', { class: 'sg-columns' }, el('div', { class: 'sg-settings' }, groups.aliexpress, groups.alibaba, groups.both, hosting, pinning)),
      ui.status,
      el('label', { class: 'sg-label', htmlFor: ui.output.id, text: 'Your script tag: paste it once, before </body> of every page (or in your blog’s footer)' }),
      ui.output,
      el('div', { class: 'sg-actions' }, ui.copy, ui.copyStatus),
      el('label', { class: 'sg-label', htmlFor: ui.tryInput.id, text: 'Try a link with these settings' }),
      ui.tryInput,
      ui.tryResult,
    );
  }

  #schedule() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#update(), DEBOUNCE_MS);
  }

  async #update() {
    const ui = this.#ui;
    if (ui.pin.checked && !this.#pin) {
      try {
        this.#pin = await loadPin();
      } catch (error) {
        ui.pin.checked = false;
        this.#status('error', `This build has no versioned folder to pin (${error && error.message ? error.message : error}).`);
        return;
      }
    }
    ui.output.value = this.snippet;
    ui.copyStatus.textContent = '';
    let LinkConverter;
    let messages;
    try {
      const api = await loadApi();
      messages = api.codeMessages();
      ({ LinkConverter } = api);
    } catch (error) {
      this.#status('error', `The settings cannot be checked: the WebAssembly module did not load (${error && error.message ? error.message : error}).`);
      return;
    }
    const settings = this.settings;
    const names = Object.keys(settings);
    const converter = new LinkConverter(names, names.map((n) => wellFormed(settings[n])));
    try {
      const code = converter.errorCode();
      const lines = [];
      if (code) {
        const message = code === 'no_program_settings' ? 'Fill in an aff_short_key or an Alibaba.com link template.' : converter.errorMessage();
        this.#status('error', `${message} [${code}] With these settings the tag would change no link.`);
        ui.tryResult.textContent = '';
        return;
      }
      for (const warning of converter.warnings()) {
        const [warningCode, message] = warning.split('\t');
        lines.push(`${message} [${warningCode}]`);
      }
      this.#status(lines.length ? 'warning' : 'ok', lines.length ? lines.join(' ') : 'The settings are valid: product links to the programs you set up will be converted.');
      const href = wellFormed(ui.tryInput.value.trim());
      if (!href) {
        ui.tryResult.textContent = '';
      } else {
        const link = converter.convert(href);
        const reason = converter.reasons(href);
        ui.tryResult.textContent = link ? `Becomes: ${link}` : `Stays as it is: ${messages[reason] ?? reason} [${reason}]`;
      }
    } finally {
      converter.free();
    }
  }

  #status(state, text) {
    this.#ui.status.dataset.state = state;
    this.#ui.status.textContent = text;
  }

  async #copy() {
    const ok = await copyText(this.#root, this.#ui.output.value, 'sg');
    this.#ui.copyStatus.textContent = ok ? 'Copied.' : 'Copying is blocked here: select the tag and copy it yourself.';
  }
}
