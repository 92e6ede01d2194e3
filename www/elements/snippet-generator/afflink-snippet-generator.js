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
//   el.base          get/set where the files are hosted (an https: URL or a path from the
//                    site's root such as /afflink/; anything else is an error at that field)
//
// No silent traps (issue 17): every problem is shown at its field (aria-invalid, the message
// next to it, aria-describedby); while any setting is in error no tag is shown and "Copy the
// script tag" is disabled; before anything is typed the element only asks for a key.

import { snippetGeneratorSheet } from './afflink-snippet-generator-styles.js';
import { checkHostingUrl, hostSection } from './afflink-snippet-hosting.js';
import { attachStyledShadow } from '../shared/afflink-styles.js';
import { ALIBABA_TRACKING_LABELS, KEY_ORIGIN, TRACKING_LABELS, copyText, el, fieldProblemSlot, loadApi, problemParts, setFieldProblem, shortcutHint, wellFormed } from '../shared/afflink-ui.js';

/** The fields, in the order of docs/WIDGET.md: [name, label, hint, group]. */
const FIELDS = [
  ['aff-short-key', 'Your aff_short_key', `${KEY_ORIGIN} Turns AliExpress conversion on.`, 'aliexpress'],
  ['af', TRACKING_LABELS.af, '', 'aliexpress'],
  ['cn', TRACKING_LABELS.cn, '', 'aliexpress'],
  ['cv', TRACKING_LABELS.cv, '', 'aliexpress'],
  ['dp', TRACKING_LABELS.dp, '', 'aliexpress'],
  ['alibaba-template', 'Link template', 'Made by “Build a link” from a link the Alibaba.com program gave you, with {product_id} or {product_url}. Turns Alibaba.com conversion on.', 'alibaba'],
  ['alibaba-template-wap', 'Mobile web link template (optional)', 'Made the same way from the program’s link for mobile web (WAP). Visitors on a phone get it; everyone else the template above.', 'alibaba'],
  ['alibaba-template-app', 'App link template (optional)', 'Made from the program’s link for apps. The tag never uses it on a web page; it is for converting files for apps (afflink rewrite --platform app).', 'alibaba'],
  ['pid', ALIBABA_TRACKING_LABELS.pid, '', 'alibaba'],
  ['tp1', ALIBABA_TRACKING_LABELS.tp1, '', 'alibaba'],
  ['tp2', ALIBABA_TRACKING_LABELS.tp2, '', 'alibaba'],
  ['tp3', ALIBABA_TRACKING_LABELS.tp3, '', 'alibaba'],
  ['tp4', ALIBABA_TRACKING_LABELS.tp4, '', 'alibaba'],
  ['tp5', ALIBABA_TRACKING_LABELS.tp5, '', 'alibaba'],
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

const NAMES = new Set(FIELDS.map(([name]) => name));
const HOSTING_LABEL = 'Where the afflink files are hosted';

/** The setting a core message is about: its first `data-NAME` that names a field, or null. */
function settingOf(message) {
  for (const m of message.matchAll(/data-([a-z0-9-]+)/g)) if (NAMES.has(m[1])) return m[1];
  return null;
}

/** A core message as said at its field: without the ` (setting data-NAME)` it ends with. */
function atField(message) {
  return message.replace(/ \(setting data-[a-z0-9-]+\)\.$/, '.');
}

/** Usable values that stand in for a refused key or template while the rest is checked. */
const STAND_INS = { 'aff-short-key': 'afflinkCheck', 'alibaba-template': 'https://click.alibaba.com/rd/check?url={product_url}' };

/**
 * Checks the settings with the core (which reports one refusal at a time): a refused setting
 * is noted and left out, and the rest checked again, so that every setting in error is found.
 * Returns `{ errors: Map(name -> problem), other: problems naming no field, warnings, missing,
 * converter }`; `missing` when no program is set up (not an error: the first prompt);
 * `converter` (to free) when the settings, less the refused ones, are usable.
 */
function checkSettings(LinkConverter, settings) {
  const errors = new Map();
  const other = [];
  const rest = { ...settings };
  for (;;) {
    const names = Object.keys(rest);
    const converter = new LinkConverter(names, names.map((n) => wellFormed(rest[n])));
    const code = converter.errorCode();
    if (!code) {
      const refused = [...errors.keys()].map((n) => `data-${n}`);
      const warnings = converter
        .warnings()
        .map((line) => {
          const [warningCode, message] = line.split('\t');
          return { code: warningCode, severity: 'warning', message, name: settingOf(message) };
        })
        // "data-af is set but data-aff-short-key is not": the key is refused, said at the key.
        .filter((w) => !refused.some((n) => w.message.includes(n)));
      return { errors, other, warnings, missing: false, converter };
    }
    const message = converter.errorMessage();
    converter.free();
    const name = settingOf(message);
    if (code === 'no_program_settings' || name === null || !(name in rest)) {
      if (code !== 'no_program_settings') other.push({ code, message });
      return { errors, other, warnings: [], missing: code === 'no_program_settings', converter: null };
    }
    errors.set(name, { code, message: atField(message) });
    // A refused key or template is replaced by a usable one, so that the settings that
    // depend on it (tracking values, the other templates) are still checked.
    if (STAND_INS[name] && rest[name] !== STAND_INS[name]) rest[name] = STAND_INS[name];
    else delete rest[name];
  }
}

let instances = 0;

export class AfflinkSnippetGenerator extends HTMLElement {
  #root;
  #rendered = false;
  #ui = {};
  #inputs = new Map();
  #slots = new Map();
  /** The fields typed in (or set through the API): only these show warnings. */
  #touched = new Set();
  #timer = null;
  #seq = 0;
  #pending = null;
  #base = null;
  /** The tag shown, or '' while a setting is in error. */
  #shown = '';
  /** `{ version, integrity }` once loaded, for a pinned tag. */
  #pin = null;
  #onHash = () => this.#revealHostSection(false);

  constructor() {
    super();
    this.#root = attachStyledShadow(this, snippetGeneratorSheet());
  }

  connectedCallback() {
    if (!this.#rendered) this.#render();
    window.addEventListener('hashchange', this.#onHash);
    this.#revealHostSection(false);
    this.#update();
  }

  disconnectedCallback() {
    clearTimeout(this.#timer);
    window.removeEventListener('hashchange', this.#onHash);
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
    for (const [name, input] of this.#inputs) {
      input.value = settings[name] == null ? '' : String(settings[name]);
      if (input.value !== '') this.#touched.add(name);
    }
    this.#update();
  }

  /** What the hosting field holds (as typed); before the element renders, what was set. */
  get base() {
    return this.#rendered ? this.#ui.base.value : (this.#base ?? defaultBase());
  }

  set base(value) {
    this.#base = value == null ? null : String(value);
    if (this.#rendered) {
      this.#ui.base.value = this.#base ?? defaultBase();
      this.#touched.add('base');
      this.#update();
    }
  }

  /** The script tag shown, or '' while a setting is in error (no tag is shown then). */
  get snippet() {
    return this.#shown;
  }

  #tagFor(base) {
    const pinned = this.#ui.pin.checked && this.#pin;
    return snippetFor(base, this.settings, pinned ? this.#pin : null);
  }

  #field(name, inputId, label, hint, input) {
    const slot = fieldProblemSlot(`${inputId}-problem`);
    this.#slots.set(name, slot);
    input.addEventListener('input', () => {
      this.#touched.add(name);
      this.#schedule();
    });
    input.addEventListener('change', () => {
      this.#touched.add(name);
      this.#update();
    });
    const field = el('div', { class: 'sg-field' }, el('label', { class: 'sg-label', htmlFor: inputId, text: label }), input, slot);
    if (hint) field.append(hint);
    return field;
  }

  #render() {
    this.#rendered = true;
    const n = ++instances;
    const id = `afflink-sg-${n}`;
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
      if (this.#pending && this.#pending[name] != null) {
        input.value = String(this.#pending[name]);
        if (input.value !== '') this.#touched.add(name);
      }
      this.#inputs.set(name, input);
      groups[group].append(this.#field(name, inputId, label, hint && el('p', { class: 'sg-hint', id: `${inputId}-hint`, text: hint }), input));
    }
    this.#pending = null;

    // The section's id, for links to it ("#host-the-files"; a second element gets its own).
    ui.hostId = n === 1 ? 'host-the-files' : `host-the-files-${n}`;
    ui.base = el('input', { type: 'text', inputMode: 'url', id: `${id}-base`, class: 'sg-input', spellcheck: false, autocomplete: 'off', autocapitalize: 'off', 'aria-describedby': `${id}-base-hint` });
    ui.base.value = this.#base ?? defaultBase();
    if (this.#base !== null) this.#touched.add('base');
    const hostLink = el('a', { class: 'sg-link', href: `#${ui.hostId}`, text: 'Host the files' });
    hostLink.addEventListener('click', (event) => {
      event.preventDefault();
      this.#revealHostSection(true);
    });
    const hosting = this.#field(
      'base',
      ui.base.id,
      HOSTING_LABEL,
      el(
        'p',
        { class: 'sg-hint', id: `${id}-base-hint` },
        'The folder holding afflink.js: a full https:// address (https://your-blog.example/afflink/) or a path from the root of your site (/afflink/). What to upload and how: ',
        hostLink,
        '.',
      ),
      ui.base,
    );
    ui.pin = el('input', { type: 'checkbox', id: `${id}-pin`, class: 'sg-checkbox', 'aria-describedby': `${id}-pin-hint` });
    ui.pin.addEventListener('change', () => this.#update());
    const pinning = el(
      'div',
      { class: 'sg-field sg-field--check' },
      ui.pin,
      el('label', { class: 'sg-label', htmlFor: ui.pin.id, text: 'Pin this release (Subresource Integrity)' }),
      el('p', { class: 'sg-hint', id: `${id}-pin-hint`, text: 'The tag then loads cdn/afflink@VERSION/afflink.js under your folder, with its integrity hash.' }),
    );
    ui.host = hostSection(ui.hostId, pinning);

    ui.status = el('div', { class: 'sg-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-state': 'idle' });
    ui.output = el('textarea', { id: `${id}-snippet`, class: 'sg-output', readOnly: true, rows: 5, spellcheck: false, hidden: true });
    ui.noTag = el('p', { class: 'sg-no-tag', id: `${id}-no-tag` });
    ui.copy = el('button', { type: 'button', class: 'sg-button sg-button--primary', text: 'Copy the script tag', disabled: true, 'aria-describedby': ui.noTag.id });
    ui.copyStatus = el('span', { class: 'sg-action-status', role: 'status', 'aria-live': 'polite' });
    ui.copy.addEventListener('click', () => this.#copy());

    ui.tryInput = el('input', { type: 'url', id: `${id}-try`, class: 'sg-input', spellcheck: false, autocomplete: 'off' });
    ui.tryInput.value = SAMPLE_LINK;
    ui.tryInput.addEventListener('input', () => this.#schedule());
    ui.tryResult = el('p', { class: 'sg-try-result', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });

    this.#root.replaceChildren(
      el('div', { class: 'sg-columns' }, el('div', { class: 'sg-settings' }, groups.aliexpress, groups.alibaba, groups.both)),
      hosting,
      ui.host,
      ui.status,
      el('label', { class: 'sg-label', htmlFor: ui.output.id, text: 'Your script tag: paste it once, before </body> of every page (or in your blog’s footer)' }),
      ui.noTag,
      ui.output,
      el('div', { class: 'sg-actions' }, ui.copy, ui.copyStatus),
      el('label', { class: 'sg-label', htmlFor: ui.tryInput.id, text: 'Try a link with these settings' }),
      ui.tryInput,
      ui.tryResult,
    );
  }

  /** Scrolls to the "Host the files" section: on a click of its link, or when the page's address names it. */
  #revealHostSection(always) {
    const ui = this.#ui;
    if (!ui.host || (!always && location.hash !== `#${ui.hostId}`)) return;
    ui.host.scrollIntoView({ block: 'start' });
    ui.host.querySelector('h3').focus({ preventScroll: true });
  }

  #schedule() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#update(), DEBOUNCE_MS);
  }

  async #update() {
    const seq = ++this.#seq;
    const ui = this.#ui;
    if (ui.pin.checked && !this.#pin) {
      try {
        this.#pin = await loadPin();
      } catch (error) {
        ui.pin.checked = false;
        this.#block('error', [`This build has no versioned folder to pin (${error && error.message ? error.message : error}).`], 'No tag yet: see the message above.');
        return;
      }
    }
    let api;
    try {
      api = await loadApi();
    } catch (error) {
      if (seq !== this.#seq) return;
      this.#block('error', [`The settings cannot be checked: the WebAssembly module did not load (${error && error.message ? error.message : error}).`], 'No tag yet: the settings could not be checked.');
      return;
    }
    if (seq !== this.#seq) return;
    const hosting = checkHostingUrl(ui.base.value);
    const { errors, other, warnings, missing, converter } = checkSettings(api.LinkConverter, this.settings);
    try {
      for (const [name, slot] of this.#slots) {
        if (name === 'base') continue;
        const problem = errors.get(name) ?? (this.#touched.has(name) ? warnings.find((w) => w.name === name) : undefined);
        setFieldProblem(this.#inputs.get(name), slot, problem ?? null, 'sg');
      }
      // The address filled in for the user (this page's folder) gets no warning until touched.
      const showBase = hosting.problem && (hosting.problem.severity === 'error' || this.#touched.has('base'));
      setFieldProblem(ui.base, this.#slots.get('base'), showBase ? hosting.problem : null, 'sg');

      const refused = FIELDS.filter(([name]) => errors.has(name)).map(([, label]) => label);
      if (hosting.base === null) refused.push(HOSTING_LABEL);
      if (refused.length || other.length) {
        const lines = [];
        if (refused.length) {
          lines.push(
            refused.length === 1
              ? `Fix the setting marked above: ${refused[0]}. No tag is shown until then.`
              : `Fix the ${refused.length} settings marked above: ${refused.join(', ')}. No tag is shown until then.`,
          );
        }
        for (const p of other) lines.push(problemParts('sg', p.message, p.code));
        this.#block('error', lines, 'No tag yet: fix the settings marked above first.');
        ui.tryResult.textContent = '';
        return;
      }
      if (missing) {
        this.#block('idle', ['Fill in your aff_short_key (AliExpress) or an Alibaba.com link template, and your tag appears below.'], 'No tag yet: fill in your aff_short_key or an Alibaba.com link template first.');
        ui.tryResult.textContent = '';
        return;
      }
      const tag = this.#tagFor(hosting.base);
      if (ui.output.value !== tag) {
        ui.output.value = tag;
        ui.copyStatus.textContent = '';
      }
      this.#shown = tag;
      ui.output.hidden = false;
      ui.noTag.hidden = true;
      ui.noTag.textContent = '';
      ui.copy.disabled = false;
      const shownWarnings = warnings.filter((w) => w.name === null || this.#touched.has(w.name));
      if (showBase) shownWarnings.push(hosting.problem);
      if (shownWarnings.length) {
        this.#status('warning', [`The tag works, with ${shownWarnings.length === 1 ? 'a warning' : `${shownWarnings.length} warnings`}:`, ...shownWarnings.map((w) => problemParts('sg', w.message, w.code))]);
      } else {
        this.#status('ok', ['The settings are valid: product links to the programs you set up will be converted.']);
      }
      const href = wellFormed(ui.tryInput.value.trim());
      if (!href) {
        ui.tryResult.textContent = '';
      } else {
        const link = converter.convert(href);
        const reason = converter.reasons(href);
        const messages = api.codeMessages();
        ui.tryResult.replaceChildren(...(link ? [`Becomes: ${link}`] : ['Stays as it is: ', ...problemParts('sg', messages[reason] ?? reason, reason)]));
      }
    } finally {
      converter?.free();
    }
  }

  /** No tag: the status says why (`lines`: texts or problemParts), the tag area too. */
  #block(state, lines, why) {
    const ui = this.#ui;
    this.#shown = '';
    ui.output.value = '';
    ui.output.hidden = true;
    ui.noTag.textContent = why;
    ui.noTag.hidden = false;
    ui.copy.disabled = true;
    ui.copyStatus.textContent = '';
    this.#status(state, lines);
  }

  /** `lines`: texts or arrays of nodes (problemParts), one paragraph each. */
  #status(state, lines) {
    const status = this.#ui.status;
    const paragraphs = lines.map((line) => el('p', { class: 'sg-status-line' }, ...(Array.isArray(line) ? line : [line])));
    const key = `${state}|${paragraphs.map((p) => p.textContent).join('\n')}`;
    if (status.dataset.key === key) return;
    status.dataset.key = key;
    status.dataset.state = state;
    status.replaceChildren(...paragraphs);
  }

  async #copy() {
    const ui = this.#ui;
    if (!this.#shown) return;
    if (await copyText(this.#root, ui.output.value, 'sg')) {
      ui.copyStatus.textContent = 'Copied.';
    } else {
      ui.output.focus();
      ui.output.select();
      ui.copyStatus.replaceChildren('Your browser did not allow copying: the tag is selected, copy it yourself.', shortcutHint(' Press Ctrl+C (⌘+C on a Mac).'));
    }
  }
}
