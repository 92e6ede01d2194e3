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

import { el, fieldProblemSlot, problemParts } from '../shared/afflink-ui.js';

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

/**
 * A problem or note as a person reads it: the sentence first, then its code, small (see
 * `problemParts`); `codeClass` is added to the code (`cc-error-code`, `cc-reason-code`, …).
 */
export function problemText(message, code, codeClass) {
  const parts = problemParts('cc', message, code);
  if (codeClass && parts.length > 2) parts[2].classList.add('cc-code', codeClass);
  return parts;
}

/** A titled list of `{code, message}` notes (warnings, assumptions); empty when there are none. */
export function notesList(cls, title, notes, codeClass) {
  if (!notes || notes.length === 0) return '';
  return el(
    'div',
    { class: cls },
    el('p', { class: `${cls}-title`, text: `${title}:` }),
    el('ul', { class: `${cls}-list` }, ...notes.map((n) => el('li', {}, ...problemText(n.message, n.code, codeClass)))),
  );
}

/** Sets the ARIA roles of table rows shown as blocks on a phone (a table's display changes there). */
export function rowsWithRoles(rows) {
  for (const tr of rows) {
    tr.setAttribute('role', 'row');
    for (const cell of tr.children) cell.setAttribute('role', cell.localName === 'th' ? 'rowheader' : 'cell');
  }
  return rows;
}

/**
 * How a sentence names a text field of the order (the core's messages name the field). The
 * lists (program, buyer, status, spam) are only found by their JSON name at the start of a
 * message or by the code: "program" and "status" are ordinary words in a sentence.
 */
const FIELD_WORDS = {
  amount: /\bamount\b/i,
  category: /\bcategor(?:y|ies)\b/i,
  country: /\bcountry\b/i,
  paidDate: /\b(?:paid ?|payment )date\b/i,
  completedDate: /\b(?:completed ?|completion )date\b/i,
  clickDate: /\bclick ?date\b/i,
  previousPeriodSales: /\bprevious ?period'?s? ?sales\b/i,
};

/** The field a code is always about, when the message does not say. */
const CODE_FIELDS = {
  invalid_country: 'country',
  country_alias: 'country',
  unknown_category: 'category',
  unknown_program: 'program',
  completed_before_paid: 'completedDate',
  session_tracking: 'clickDate',
};

/**
 * The field of the order a problem `{code, message, field?}` is about, among `names` (the JSON
 * names of the order and context fields); null when it names none of them. The core names
 * the field: as `field` on the error, at the end of its sentence (`… (field "country").`), at
 * the start of its message (`amount: …`), or in plain words ("The payment date …"); else the
 * code says it (`invalid_country`).
 */
export function fieldOf(problem, names) {
  if (!problem) return null;
  if (typeof problem.field === 'string' && names.includes(problem.field)) return problem.field;
  const message = String(problem.message ?? '');
  const named = /\(fields? "([^"]+)"(?: and "[^"]+")?\)\.?\s*$/.exec(message);
  if (named) return names.includes(named[1]) ? named[1] : null;
  const lead = /^\s*([A-Za-z][A-Za-z0-9]*)\s*:/.exec(message);
  if (lead && names.includes(lead[1])) return lead[1];
  // Another field of the order named first (`refundedAmount: …`): none of these.
  if (lead && /^[a-z]+[A-Z][A-Za-z0-9]*$|^[a-z]+$/.test(lead[1])) return null;
  let best = null;
  let at = Infinity;
  for (const name of names) {
    for (const re of FIELD_WORDS[name] ? [FIELD_WORDS[name]] : []) {
      const m = re.exec(message);
      // The longer name wins at the same place ("previous period's sales amount").
      if (m && (m.index < at || (m.index === at && m[0].length > best.length))) {
        at = m.index;
        best = { name, length: m[0].length };
      }
    }
  }
  if (best) return best.name;
  const byCode = CODE_FIELDS[problem.code];
  return byCode && names.includes(byCode) ? byCode : null;
}

/** `{code, message}` of a thrown AfflinkError (or any error). */
export function problemOf(error, fallbackCode = 'invalid_argument') {
  return {
    code: error && typeof error.code === 'string' ? error.code : fallbackCode,
    message: error && error.message ? String(error.message) : String(error),
    ...(error && typeof error.field === 'string' ? { field: error.field } : {}),
  };
}

/**
 * A labelled field: label, control, the slot of its problem (`setFieldProblem`), optional hint
 * (linked with aria-describedby). The control is `calc.ui[name]`, the wrapper
 * `calc.ui[name + 'Field']`, the slot `calc.ui[name + 'Problem']`, the hint `calc.ui[name + 'Hint']`.
 */
export function field(calc, name, label, control, hint, { wide = false } = {}) {
  control.id = `${calc.id}-${name}`;
  const wrap = el('div', { class: `cc-field cc-field--${name}${wide ? ' cc-field--wide' : ''}` });
  const slot = fieldProblemSlot(`${control.id}-problem`);
  wrap.append(el('label', { class: 'cc-label', htmlFor: control.id, text: label }), control, slot);
  calc.ui[`${name}Problem`] = slot;
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
