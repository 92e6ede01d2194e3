// What the parts of <afflink-commission-calculator> share: the programs and their default
// cards, the form's debounce, labelled fields, column headings, lists of notes and the
// `{code, message}` of an error. The parts are the element (afflink-commission-calculator.js),
// the rate-card editor (afflink-commission-card-editor.js), the one-order form
// (afflink-commission-single.js), many orders (afflink-commission-bulk.js) and the check
// against a report (afflink-commission-reconcile.js).
//
// The parts share one object, `calc`: `id` (the prefix of element ids), `ui` (every control,
// by name), `root` (the shadow root), `api` (the package, once loaded), `ensureApi()`, and
// the parts themselves (`card`, `single`, `bulk`).

import { el } from '../shared/afflink-ui.js';

export const PROGRAMS = { aliexpress: 'AliExpress', alibaba: 'Alibaba.com' };

/** The shipped default cards: the documented minimum. */
export const DEFAULT_CARD = { aliexpress: 'aliexpress-documented', alibaba: 'alibaba-documented' };

/** How long the form waits after the last keystroke before estimating. */
export const DEBOUNCE_MS = 150;

export function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Column headings; a leading # marks a numeric (right-aligned) column. */
export function headings(names) {
  return names.map((h) => (h.startsWith('#') ? el('th', { scope: 'col', class: 'cc-num', text: h.slice(1) }) : el('th', { scope: 'col', text: h })));
}

/** A titled list of `{code, message}` notes (warnings, assumptions); empty when there are none. */
export function notesList(cls, title, notes, codeClass) {
  if (!notes || notes.length === 0) return '';
  return el(
    'div',
    { class: cls },
    el('p', { class: `${cls}-title`, text: `${title}:` }),
    el('ul', { class: `${cls}-list` }, ...notes.map((n) => el('li', {}, el('code', { class: `cc-code ${codeClass}`, text: n.code }), ' ', el('span', { class: 'cc-message', text: n.message })))),
  );
}

/** `{code, message}` of a thrown AfflinkError (or any error). */
export function problemOf(error, fallbackCode = 'invalid_argument') {
  return {
    code: error && typeof error.code === 'string' ? error.code : fallbackCode,
    message: error && error.message ? String(error.message) : String(error),
  };
}

/**
 * A labelled field: label, control, optional hint (linked with aria-describedby). The control
 * is `calc.ui[name]`, the wrapper `calc.ui[name + 'Field']`, the hint `calc.ui[name + 'Hint']`.
 */
export function field(calc, name, label, control, hint, { wide = false } = {}) {
  control.id = `${calc.id}-${name}`;
  const wrap = el('div', { class: `cc-field cc-field--${name}${wide ? ' cc-field--wide' : ''}` });
  wrap.append(el('label', { class: 'cc-label', htmlFor: control.id, text: label }), control);
  if (hint !== undefined) {
    const hintEl = el('p', { class: 'cc-hint', id: `${control.id}-hint`, text: hint });
    control.setAttribute('aria-describedby', hintEl.id);
    wrap.append(hintEl);
    calc.ui[`${name}Hint`] = hintEl;
  }
  calc.ui[name] = control;
  calc.ui[`${name}Field`] = wrap;
  return wrap;
}

export function textInput(props = {}) {
  return el('input', { type: 'text', class: 'cc-input', autocomplete: 'off', spellcheck: 'false', ...props });
}

export function select(options) {
  const box = el('select', { class: 'cc-input cc-select' });
  for (const [value, label] of options) box.append(el('option', { value, text: label }));
  return box;
}
