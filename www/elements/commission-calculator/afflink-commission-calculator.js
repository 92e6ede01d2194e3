// <afflink-commission-calculator>: estimates what AliExpress / Alibaba.com orders earn, and
// says why an order earns nothing. One order is estimated as the user types; many orders are
// pasted (or opened) as CSV and estimated in one call, with totals, periods and payouts.
// The rate card in use is chosen from the shipped cards (the default is the documented
// minimum), shown with where each figure comes from, and can be edited (a partial card is
// merged over the chosen card). The form opens empty; every estimate lists the figures it
// used that are not documented (its assumptions) beside the result.
//
// Shadow DOM: the element renders into an open shadow root styled by constructable
// stylesheets (afflink-styles.js and afflink-commission-calculator-styles.js, classes prefixed
// `cc-`), so it can be pasted into any page without the page's CSS reaching in; themable with
// the `--afflink-*` custom properties listed in docs/ELEMENTS.md. Children of the element
// (such as a "Loading…" message) are not shown once it runs. Every user string is rendered
// with textContent; nothing here uses innerHTML, eval, <style> or inline styles, so the
// element runs under a strict CSP (`style-src 'self'`) with Trusted Types. Money stays a
// decimal string from the form to the screen: nothing is parsed into a JavaScript number.
//
// API
//   el.estimate()       estimates the order in the form now; resolves to
//                       { estimate } or { error: { code, message } } (see pkg/afflink.d.ts),
//                       or { empty: true } while every text field of the form is empty
//   el.csv              get/set the text of the CSV box
//   el.estimateAll()    estimates every CSV row in one call; resolves to the report
//                       { lines, summary } or { error: { code, message } }
//   Both reject only when the WebAssembly module cannot be loaded (the page then says so).
//
// The WebAssembly module is loaded when the element is first connected. If it cannot be
// loaded, the element says so in the page; the next estimate tries again.

import { commissionCalculatorSheet } from './afflink-commission-calculator-styles.js';
import { attachStyledShadow } from '../shared/afflink-styles.js';
import { ROW_CHUNK, appendRowChunk, callInWorker, clearRowChunks, csvCell, el, loadApi, loadErrorMessage, nextTask, plural, setTableRoles } from '../shared/afflink-ui.js';
import { renderReconcile } from './afflink-commission-reconcile.js';

const PROGRAMS = { aliexpress: 'AliExpress', alibaba: 'Alibaba.com' };

/** The order fields of docs/COMMISSION.md, in the documented order. */
const ORDER_FIELDS = ['program', 'orderId', 'amount', 'currency', 'category', 'buyer', 'country', 'status', 'refundedAmount', 'paidDate', 'completedDate', 'clickDate', 'spam'];

/** The controls of the one-order form, named as the fields the estimator's messages name. */
const CONTROLS = ['program', 'cardName', 'amount', 'category', 'buyer', 'country', 'status', 'paidDate', 'completedDate', 'clickDate', 'spam', 'previousPeriodSales'];

/** Columns the CSV download adds after the input columns (as `afflink estimate` does). */
const RESULT_COLUMNS = ['qualifies', 'ratePercent', 'commission', 'period', 'reasons', 'warnings', 'assumptions', 'error'];

/** The shipped default cards: the documented minimum. */
const DEFAULT_CARD = { aliexpress: 'aliexpress-documented', alibaba: 'alibaba-documented' };

/** The card of the program's worked example (its 14% new-buyer rate is an example figure). */
const EXAMPLE_CARD = 'aliexpress-example-2016';

/** The form as it opens: nothing typed, no previous-period sales. */
const EMPTY_FORM = {
  program: 'aliexpress',
  amount: '',
  category: '',
  buyer: 'new',
  country: '',
  status: 'completed',
  paidDate: '',
  completedDate: '',
  clickDate: '',
  spam: false,
  previousPeriodSales: '',
};

/** The text fields; while all are empty the form asks for an order instead of refusing one. */
const TEXT_FIELDS = ['amount', 'category', 'country', 'paidDate', 'completedDate', 'clickDate', 'previousPeriodSales'];

/** The program's worked example: with its example card, a new-buyer order after US$400,000 of sales earns 16%. */
const WORKED_EXAMPLE = {
  program: 'aliexpress',
  amount: '60.00',
  category: '',
  buyer: 'new',
  country: '',
  status: 'completed',
  paidDate: '2016-10-10',
  completedDate: '2016-10-20',
  clickDate: '',
  spam: false,
  previousPeriodSales: '400000',
};

const EXAMPLE_CSV = [
  'program,orderId,amount,category,buyer,country,status,paidDate,completedDate,clickDate,spam',
  'aliexpress,AE-1001,60.00,,new,,completed,2025-01-12,2025-01-20,,',
  'aliexpress,AE-1002,129.90,Tablets,new,,completed,2025-01-15,2025-02-01,,',
  'aliexpress,AE-1003,35.50,Home & Garden,returning,,pending,2025-02-03,,,',
  'aliexpress,AE-1004,"1,299.00",,new,,completed,2025-01-18,2025-01-30,,',
  'alibaba,AB-2001,1250.00,Machinery,new,US,Trade Completed,2025-01-11,2025-02-20,2025-01-05,N',
  'alibaba,AB-2002,480.00,Apparel,returning,BR,Trade Completed,2025-01-20,2025-03-01,,N',
  'alibaba,AB-2003,5200.00,Machinery,new,DE,Trade Completed,2025-01-22,2025-02-10,,N',
  'alibaba,AB-2004,300.00,Packaging,new,IN,Trade Completed,2025-01-25,2025-02-15,,N',
].join('\n');

/** How long the form waits after the last keystroke before estimating. */
const DEBOUNCE_MS = 150;

/** Files larger than this are not read. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

let instances = 0;

/** Column headings; a leading # marks a numeric (right-aligned) column. */
function headings(names) {
  return names.map((h) => (h.startsWith('#') ? el('th', { scope: 'col', class: 'cc-num', text: h.slice(1) }) : el('th', { scope: 'col', text: h })));
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** RFC 7396 JSON merge patch; used only to show what an edited card amounts to. */
function mergePatch(target, patch) {
  if (!isObject(patch)) return patch;
  const result = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** A titled list of `{code, message}` notes (warnings, assumptions); empty when there are none. */
function notesList(cls, title, notes, codeClass) {
  if (!notes || notes.length === 0) return '';
  return el(
    'div',
    { class: cls },
    el('p', { class: `${cls}-title`, text: `${title}:` }),
    el('ul', { class: `${cls}-list` }, ...notes.map((n) => el('li', {}, el('code', { class: `cc-code ${codeClass}`, text: n.code }), ' ', el('span', { class: 'cc-message', text: n.message })))),
  );
}

/** `{code, message}` of a thrown AfflinkError (or any error). */
function problemOf(error, fallbackCode = 'invalid_argument') {
  return {
    code: error && typeof error.code === 'string' ? error.code : fallbackCode,
    message: error && error.message ? String(error.message) : String(error),
  };
}

/**
 * Parses RFC 4180 CSV: quoted fields (with "" for a quote, and line breaks inside), rows
 * ended by CRLF, LF or CR, a leading byte order mark ignored. Each record keeps the line it
 * starts on. Throws `{code: 'invalid_csv'}` for a quoted field that is never closed.
 */
export function parseCsv(text) {
  const records = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let start = 1;
  let row = [];
  let field = '';
  let quoted = false;
  let quoteLine = 1;
  const endRecord = () => {
    row.push(field);
    records.push({ line: start, cells: row });
    row = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += ch;
  }
  if (quoted) {
    throw { code: 'invalid_csv', message: `The CSV cannot be read: the quoted field that starts on line ${quoteLine} is never closed.` };
  }
  if (field !== '' || row.length > 0) endRecord();
  return records;
}

export class AfflinkCommissionCalculator extends HTMLElement {
  #rendered = false;
  #ui = {};
  #id = '';
  #api = null;
  /** The chosen shipped card's JSON text and object per program, once the API is loaded. */
  #defaultText = {};
  #defaultCard = {};
  /** The chosen shipped card per program (the documented minimum by default). */
  #cardName = { ...DEFAULT_CARD };
  /** The shipped cards: [{name, program, default, title, note}]. */
  #shipped = [];
  /** The card box's text per program; null while it is the default. */
  #cardText = { aliexpress: null, alibaba: null };
  /** Per program: { patch } for an edited card, { error } for a bad one, {} for the default. */
  #cardState = { aliexpress: {}, alibaba: {} };
  #cardView = 'aliexpress';
  #timer = 0;
  #bulkTimer = 0;
  #seq = 0;
  #bulkSeq = 0;
  #bulk = null;
  #bulkActive = false;
  #pendingCsv = null;
  /** The text of the last opened file, and how the box shows it. */
  #fileSource = null;
  #root;

  constructor() {
    super();
    this.#root = attachStyledShadow(this, commissionCalculatorSheet());
  }

  connectedCallback() {
    if (!this.#rendered) this.#render();
    this.#preload();
  }

  disconnectedCallback() {
    clearTimeout(this.#timer);
    clearTimeout(this.#bulkTimer);
  }

  /** The text of the CSV box. */
  get csv() {
    return this.#rendered ? this.#ui.csv.value : (this.#pendingCsv ?? '');
  }

  set csv(text) {
    const s = text == null ? '' : String(text);
    if (this.#rendered) this.#ui.csv.value = s;
    else this.#pendingCsv = s;
  }

  /** Estimates the order in the form now and shows the result. */
  async estimate() {
    if (!this.#rendered) this.#render();
    clearTimeout(this.#timer);
    return this.#runSingle();
  }

  /** Estimates every row of the CSV box in one call and shows the lines and totals. */
  async estimateAll() {
    if (!this.#rendered) this.#render();
    clearTimeout(this.#bulkTimer);
    return this.#runBulk();
  }

  // ---------------------------------------------------------------------------------------
  // Rendering

  #render() {
    this.#rendered = true;
    const id = `afflink-cc-${++instances}`;
    this.#id = id;
    const ui = this.#ui;

    ui.loadError = el('p', { class: 'cc-error', role: 'alert', hidden: true });

    this.#root.replaceChildren(ui.loadError, this.#renderCard(), this.#renderSingle(), this.#renderBulk(), renderReconcile(id, () => this.#bulkContext()));

    if (this.#pendingCsv !== null) ui.csv.value = this.#pendingCsv;
    this.#pendingCsv = null;
    this.#fillForm(EMPTY_FORM);
    this.#updateProgramDependentFields();
  }

  /** A labelled field: label, control, optional hint (linked with aria-describedby). */
  #field(name, label, control, hint, { wide = false } = {}) {
    control.id = `${this.#id}-${name}`;
    const wrap = el('div', { class: `cc-field cc-field--${name}${wide ? ' cc-field--wide' : ''}` });
    wrap.append(el('label', { class: 'cc-label', htmlFor: control.id, text: label }), control);
    if (hint !== undefined) {
      const hintEl = el('p', { class: 'cc-hint', id: `${control.id}-hint`, text: hint });
      control.setAttribute('aria-describedby', hintEl.id);
      wrap.append(hintEl);
      this.#ui[`${name}Hint`] = hintEl;
    }
    this.#ui[name] = control;
    this.#ui[`${name}Field`] = wrap;
    return wrap;
  }

  #text(props = {}) {
    return el('input', { type: 'text', class: 'cc-input', autocomplete: 'off', spellcheck: 'false', ...props });
  }

  #select(options) {
    const select = el('select', { class: 'cc-input cc-select' });
    for (const [value, label] of options) select.append(el('option', { value, text: label }));
    return select;
  }

  #renderSingle() {
    const id = this.#id;
    const ui = this.#ui;
    ui.categories = el('datalist', { id: `${id}-categories` });

    const fields = el(
      'div',
      { class: 'cc-fields' },
      this.#field('program', 'Program', this.#select(Object.entries(PROGRAMS))),
      this.#field('cardName', 'Rate card', this.#select([]), 'The default is the documented minimum: only figures the program documents for every publisher.'),
      this.#field('amount', 'Amount (USD)', this.#text({ inputmode: 'decimal', placeholder: '19.99' }), 'After discounts, without shipping.'),
      this.#field('category', 'Category', this.#text({ list: ui.categories.id }), ''),
      this.#field('buyer', 'Buyer', this.#select([['new', 'New buyer'], ['returning', 'Returning buyer']])),
      this.#field('country', 'Buyer country', this.#text({ autocapitalize: 'characters', size: 4, placeholder: 'US' }), 'Two letters (GB, not UK). Required for Alibaba.com.'),
      this.#field(
        'status',
        'Order status',
        this.#select([
          ['completed', 'Completed'],
          ['not completed', 'Not completed'],
        ]),
        '“Trade Completed” is completed; pending, shipped or closed are not.',
      ),
      this.#field('paidDate', 'Paid date', this.#text({ inputmode: 'numeric', placeholder: 'YYYY-MM-DD' }), 'YYYY-MM-DD; decides the calculation period.'),
      this.#field('completedDate', 'Completed date', this.#text({ inputmode: 'numeric', placeholder: 'YYYY-MM-DD' }), 'YYYY-MM-DD; needed for a completed order.'),
      this.#field('clickDate', 'Click date (optional)', this.#text({ inputmode: 'numeric', placeholder: 'YYYY-MM-DD' }), 'YYYY-MM-DD; starts the cookie window.'),
      this.#spamField(),
      this.#field('previousPeriodSales', "Previous period's sales (USD)", this.#text({ inputmode: 'decimal', placeholder: '0' }), '', { wide: true }),
      ui.categories,
    );

    ui.example = el('button', { type: 'button', class: 'cc-button', text: 'Fill in the worked example' });
    ui.form = el(
      'form',
      { class: 'cc-form', noValidate: true, 'aria-labelledby': `${id}-single-title` },
      fields,
      el('div', { class: 'cc-actions' }, ui.example),
    );

    ui.result = el(
      'div',
      { class: 'cc-result', id: `${id}-result`, 'aria-live': 'polite', 'aria-busy': 'true' },
      el('p', { class: 'cc-muted', text: 'Loading the calculator…' }),
    );

    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.estimate();
    });
    ui.form.addEventListener('input', (event) => this.#formChanged(event));
    ui.form.addEventListener('change', (event) => this.#formChanged(event));
    ui.example.addEventListener('click', () => {
      this.#fillForm(WORKED_EXAMPLE);
      this.#chooseCard('aliexpress', EXAMPLE_CARD);
      this.#showCard('aliexpress');
      this.#updateProgramDependentFields();
      this.#scheduleSingle();
    });

    return el(
      'section',
      { class: 'cc-part cc-single', 'aria-labelledby': `${id}-single-title` },
      el('h3', { id: `${id}-single-title`, class: 'cc-title', text: 'One order' }),
      el('p', { class: 'cc-intro', text: 'The estimate follows your typing. Empty fields are left out of the order.' }),
      el(
        'div',
        { class: 'cc-single-grid' },
        ui.form,
        el('div', { class: 'cc-result-wrap' }, el('h4', { class: 'cc-result-title', id: `${id}-result-title`, text: 'Estimate' }), ui.result),
      ),
    );
  }

  #spamField() {
    const box = el('input', { type: 'checkbox', class: 'cc-checkbox', id: `${this.#id}-spam` });
    this.#ui.spam = box;
    const wrap = el(
      'div',
      { class: 'cc-field cc-field--spam cc-field--check' },
      el('span', { class: 'cc-label cc-label--spacer', 'aria-hidden': 'true', text: '\u00a0' }),
      el('div', { class: 'cc-check' }, box, el('label', { htmlFor: box.id, text: 'Spam (flagged by the program)' })),
    );
    this.#ui.spamField = wrap;
    return wrap;
  }

  #renderCard() {
    const id = this.#id;
    const ui = this.#ui;
    ui.cardSummaryName = el('span', { class: 'cc-card-name', text: 'loading…' });
    ui.cardSummaryState = el('span', { class: 'cc-card-badge', hidden: true, text: 'edited' });
    ui.cardProgram = el('select', { class: 'cc-input cc-select', id: `${id}-card-program` });
    for (const [value, label] of Object.entries(PROGRAMS)) ui.cardProgram.append(el('option', { value, text: label }));

    ui.metaName = el('dd', { class: 'cc-meta-name' });
    ui.metaSource = el('dd', { class: 'cc-meta-source' });
    ui.metaNote = el('dd', { class: 'cc-meta-note' });
    const meta = el(
      'dl',
      { class: 'cc-meta' },
      el('dt', { text: 'Name' }),
      ui.metaName,
      el('dt', { text: 'Source' }),
      ui.metaSource,
      el('dt', { text: 'Note' }),
      ui.metaNote,
    );

    ui.card = el('textarea', {
      id: `${id}-card`,
      class: 'cc-code-input',
      rows: 18,
      spellcheck: false,
      autocomplete: 'off',
      autocapitalize: 'off',
      wrap: 'off',
      disabled: true,
      'aria-describedby': `${id}-card-hint ${id}-card-status`,
    });
    ui.card.value = 'Loading the default rate card…';
    ui.cardReset = el('button', { type: 'button', class: 'cc-button', text: 'Reset to default', disabled: true });
    ui.cardStatus = el('p', { class: 'cc-card-status', id: `${id}-card-status`, role: 'status' });
    ui.cardError = el('p', { class: 'cc-error', role: 'alert', hidden: true });

    ui.details = el(
      'details',
      { class: 'cc-card' },
      el('summary', { class: 'cc-card-summary' }, 'Rate card in use: ', ui.cardSummaryName, ' ', ui.cardSummaryState),
      el(
        'div',
        { class: 'cc-card-body' },
        el('div', { class: 'cc-card-program' }, el('label', { class: 'cc-label', htmlFor: ui.cardProgram.id, text: 'Show the card of' }), ui.cardProgram),
        meta,
        el('label', { class: 'cc-label', htmlFor: ui.card.id, text: 'Rate card (JSON)' }),
        el('p', {
          class: 'cc-hint',
          id: `${id}-card-hint`,
          text:
            'Edit the figures to match your dashboard. A partial card is enough: give "program" and the keys to change; ' +
            'it is merged over the default (null removes a key, a list replaces the whole list). Both programs\' cards are used ' +
            'for the one-order estimate and for the CSV.',
        }),
        ui.card,
        el('div', { class: 'cc-actions' }, ui.cardReset, ui.cardStatus),
        ui.cardError,
      ),
    );

    ui.cardProgram.addEventListener('change', () => this.#showCard(ui.cardProgram.value));
    ui.card.addEventListener('input', () => this.#cardEdited());
    ui.cardReset.addEventListener('click', () => {
      const program = this.#cardView;
      this.#cardText[program] = null;
      this.#cardState[program] = {};
      this.#showCard(program);
      this.#cardChanged();
      ui.cardStatus.textContent = `Reset to the default ${PROGRAMS[program]} card.`;
    });
    return ui.details;
  }

  #renderBulk() {
    const id = this.#id;
    const ui = this.#ui;
    ui.csv = el('textarea', {
      id: `${id}-csv`,
      class: 'cc-code-input',
      rows: 8,
      spellcheck: false,
      autocomplete: 'off',
      autocapitalize: 'off',
      wrap: 'off',
      'aria-describedby': `${id}-csv-hint`,
      placeholder: 'program,orderId,amount,category,buyer,country,status,paidDate,completedDate',
    });
    ui.file = el('input', { type: 'file', id: `${id}-file`, class: 'cc-file', accept: '.csv,text/csv,text/plain' });
    ui.history = el('input', { type: 'checkbox', class: 'cc-checkbox', id: `${id}-history` });
    ui.bulkSales = this.#text({ id: `${id}-bulk-sales`, inputmode: 'decimal', placeholder: 'none', 'aria-describedby': `${id}-bulk-sales-hint` });

    ui.run = el('button', { type: 'button', class: 'cc-button cc-button--primary', text: 'Estimate all' });
    ui.loadExample = el('button', { type: 'button', class: 'cc-button', text: 'Load example' });
    ui.download = el('button', { type: 'button', class: 'cc-button', text: 'Download CSV', disabled: true });
    ui.actionStatus = el('span', { class: 'cc-action-status', role: 'status' });
    ui.bulkError = el('p', { class: 'cc-error', role: 'alert', hidden: true });
    ui.bulkStatus = el('p', { class: 'cc-bulk-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });

    ui.totals = el('dl', { class: 'cc-totals' });
    ui.periodsBody = el('tbody');
    ui.periods = el(
      'table',
      { class: 'cc-table cc-periods' },
      el('caption', { text: 'Per calculation period (AliExpress: the 10th to the 9th)' }),
      el('thead', {}, el('tr', {}, ...headings(['Program', 'Period', '#Orders', '#Qualifying amount (USD)', '#Commission (USD)', '#Adjustments (USD)', '#Net (USD)']))),
      ui.periodsBody,
    );
    ui.noPeriods = el('p', { class: 'cc-muted', text: 'No calculation periods: none of these orders is on a card with periods.' });
    ui.payoutsBody = el('tbody');
    ui.payoutNotes = el('ul', { class: 'cc-payout-notes', hidden: true });
    ui.payouts = el(
      'table',
      { class: 'cc-table cc-payouts' },
      el('caption', { text: 'Payout estimate per program' }),
      el('thead', {}, el('tr', {}, ...headings(['Program', '#Balance (USD)', '#Minimum', '#Fee', 'Withdrawable', '#Net (USD)', 'Note']))),
      ui.payoutsBody,
    );

    ui.linesCaption = el('caption', { id: `${id}-lines-caption`, text: 'Orders' });
    ui.lines = el(
      'table',
      { class: 'cc-table cc-lines' },
      ui.linesCaption,
      el(
        'thead',
        {},
        el('tr', {}, ...headings(['#Line', 'Order id', 'Program', 'Qualifies', '#Rate', '#Commission (USD)', 'Period', 'Reasons or error'])),
      ),
    );
    setTableRoles(ui.lines);

    ui.bulkResults = el(
      'div',
      { class: 'cc-bulk-results', hidden: true },
      el('h4', { class: 'cc-subtitle', text: 'Totals' }),
      ui.totals,
      el('div', { class: 'cc-table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Per calculation period' }, ui.periods),
      ui.noPeriods,
      el('div', { class: 'cc-table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Payout estimate per program' }, ui.payouts),
      ui.payoutNotes,
      el('h4', { class: 'cc-subtitle', text: 'Every order' }),
      el('div', { class: 'cc-table-wrap cc-table-wrap--tall', tabindex: '0', role: 'region', 'aria-labelledby': ui.linesCaption.id }, ui.lines),
    );

    const columns = ORDER_FIELDS.map((f) => f).join(', ');
    const section = el(
      'section',
      { class: 'cc-part cc-bulk', 'aria-labelledby': `${id}-bulk-title` },
      el('h3', { id: `${id}-bulk-title`, class: 'cc-title', text: 'Many orders (CSV)' }),
      el('label', { class: 'cc-label', htmlFor: ui.csv.id, text: 'Orders (CSV with a header row)' }),
      el('p', {
        class: 'cc-hint',
        id: `${id}-csv-hint`,
        text: `The header names the order fields: ${columns}. Other columns are kept in the download and otherwise ignored. Press Ctrl+Enter (⌘+Enter on a Mac) to estimate.`,
      }),
      ui.csv,
      el(
        'div',
        { class: 'cc-bulk-options' },
        el('div', { class: 'cc-field' }, el('label', { class: 'cc-label', htmlFor: ui.file.id, text: 'Or open a CSV file' }), ui.file),
        el(
          'div',
          { class: 'cc-field' },
          el('label', { class: 'cc-label', htmlFor: ui.bulkSales.id, text: "Previous period's sales for every order (USD)" }),
          ui.bulkSales,
          el('p', { class: 'cc-hint', id: `${id}-bulk-sales-hint`, text: 'Sets the AliExpress incentive for all rows. Leave empty for none.' }),
        ),
        el(
          'div',
          { class: 'cc-field cc-field--check' },
          el('span', { class: 'cc-label cc-label--spacer', 'aria-hidden': 'true', text: '\u00a0' }),
          el(
            'div',
            { class: 'cc-check' },
            ui.history,
            el('label', { htmlFor: ui.history.id, text: "History: these orders are all my sales, so each period's qualifying sales set the next period's incentive" }),
          ),
        ),
      ),
      el('div', { class: 'cc-actions' }, ui.run, ui.loadExample, ui.download, ui.actionStatus),
      ui.bulkError,
      ui.bulkStatus,
      ui.bulkResults,
    );

    ui.run.addEventListener('click', () => this.#runBulkFromUi());
    ui.csv.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        this.#runBulkFromUi();
      }
    });
    ui.loadExample.addEventListener('click', () => {
      ui.csv.value = EXAMPLE_CSV;
      ui.csv.focus();
      ui.csv.setSelectionRange(0, 0);
      ui.csv.scrollLeft = 0;
      ui.csv.scrollTop = 0;
      this.#runBulkFromUi();
    });
    ui.file.addEventListener('change', () => this.#openFile());
    ui.history.addEventListener('change', () => {
      ui.bulkSales.disabled = ui.history.checked;
      this.#bulkContextChanged();
    });
    ui.bulkSales.addEventListener('input', () => this.#bulkContextChanged());
    ui.download.addEventListener('click', () => this.#downloadCsv());
    return section;
  }

  // ---------------------------------------------------------------------------------------
  // Loading

  #preload() {
    loadApi().then(
      (api) => {
        this.#hideLoadError();
        this.#apiReady(api);
      },
      (error) => {
        this.#showLoadError(error);
        this.#ui.card.value = 'The rate cards could not be loaded.';
        this.#ui.result.removeAttribute('aria-busy');
        this.#ui.result.replaceChildren(el('p', { class: 'cc-muted', text: 'No estimate: the calculator could not start.' }));
      },
    );
  }

  #apiReady(api) {
    if (this.#api) return;
    this.#api = api;
    this.#shipped = api.rateCards();
    for (const program of Object.keys(PROGRAMS)) this.#chooseCard(program, this.#cardName[program]);
    this.#ui.card.disabled = false;
    this.#ui.cardReset.disabled = false;
    this.#showCard(this.#ui.program.value);
    this.#updateProgramDependentFields();
    this.#scheduleSingle(0);
  }

  async #ensureApi() {
    try {
      const api = await loadApi();
      this.#hideLoadError();
      this.#apiReady(api);
      return api;
    } catch (error) {
      this.#showLoadError(error);
      throw error;
    }
  }

  #showLoadError(error) {
    const ui = this.#ui;
    ui.loadError.textContent = loadErrorMessage('commission calculator', error);
    ui.loadError.hidden = false;
  }

  #hideLoadError() {
    this.#ui.loadError.hidden = true;
    this.#ui.loadError.textContent = '';
  }

  // ---------------------------------------------------------------------------------------
  // The rate cards

  /** Makes a shipped card the base of `program` (its edits are dropped). */
  #chooseCard(program, name) {
    this.#cardName[program] = name;
    if (!this.#api) return;
    this.#defaultCard[program] = this.#api.rateCard(name);
    this.#defaultText[program] = JSON.stringify(this.#defaultCard[program], null, 2);
    this.#cardText[program] = null;
    this.#cardState[program] = {};
    this.#fillCardSelect();
  }

  /** The "Rate card" select lists the shipped cards of the form's program. */
  #fillCardSelect() {
    const ui = this.#ui;
    const program = ui.program.value;
    const cards = this.#shipped.filter((c) => c.program === program);
    ui.cardName.replaceChildren(
      ...cards.map((c) => el('option', { value: c.name, text: c.default ? `Documented minimum (default): ${c.name}` : `${c.name}: ${c.title}` })),
    );
    ui.cardName.value = this.#cardName[program];
    const chosen = cards.find((c) => c.name === this.#cardName[program]);
    ui.cardNameHint.textContent = chosen ? chosen.note : '';
  }

  /** What the estimator is given for `program`: nothing (the default), a card name, or the edited card. */
  #cardForContext(program) {
    const state = this.#cardState[program];
    if (state.patch) return mergePatch(this.#defaultCard[program], state.patch);
    return this.#cardName[program] === DEFAULT_CARD[program] ? null : this.#cardName[program];
  }

  /** Shows the card box of `program` (its edited text, or the default). */
  #showCard(program) {
    const ui = this.#ui;
    this.#cardView = program;
    ui.cardProgram.value = program;
    if (this.#api) ui.card.value = this.#cardText[program] ?? this.#defaultText[program];
    this.#showCardState();
  }

  /** The card as the estimator will see it, merged for display; the default when not edited. */
  #effectiveCard(program) {
    const base = this.#defaultCard[program];
    const state = this.#cardState[program];
    if (!base) return null;
    return state.patch ? mergePatch(base, state.patch) : base;
  }

  #showCardState() {
    const ui = this.#ui;
    const program = this.#cardView;
    const state = this.#cardState[program];
    const card = this.#effectiveCard(program);
    if (card) {
      const asOf = typeof card.asOf === 'string' && card.asOf ? ` (as of ${card.asOf})` : ' (no source gives a date)';
      ui.metaName.textContent = typeof card.name === 'string' ? card.name : '—';
      ui.metaSource.textContent = `${typeof card.source === 'string' ? card.source : '—'}${asOf}`;
      ui.metaNote.textContent = typeof card.note === 'string' && card.note ? card.note : '—';
    }
    // The summary names the card of the program in the form, which is the one in use.
    const formProgram = ui.program.value;
    const inUse = this.#effectiveCard(formProgram);
    ui.cardSummaryName.textContent = inUse && typeof inUse.name === 'string' ? inUse.name : PROGRAMS[formProgram];
    const formState = this.#cardState[formProgram];
    ui.cardSummaryState.hidden = !formState.patch && !formState.error;
    ui.cardSummaryState.textContent = formState.error ? 'invalid' : 'edited';
    ui.cardSummaryState.classList.toggle('cc-card-badge--error', Boolean(formState.error));

    if (state.error) {
      ui.cardError.replaceChildren(el('code', { class: 'cc-code', text: state.error.code }), ' ', state.error.message);
      ui.cardError.hidden = false;
      ui.card.setAttribute('aria-invalid', 'true');
      ui.cardStatus.textContent = 'This card cannot be used until it is fixed.';
    } else {
      ui.cardError.hidden = true;
      ui.cardError.replaceChildren();
      ui.card.removeAttribute('aria-invalid');
      const base = this.#cardName[program] === DEFAULT_CARD[program] ? `the default ${PROGRAMS[program]} card (documented minimum)` : `the ${this.#cardName[program]} card`;
      ui.cardStatus.textContent = state.patch ? `Your edits are in use, merged over ${base}.` : `In use: ${base}.`;
    }
  }

  #cardEdited() {
    const program = this.#cardView;
    const text = this.#ui.card.value;
    this.#cardText[program] = text === this.#defaultText[program] ? null : text;
    this.#cardState[program] = this.#checkCard(program, this.#cardText[program]);
    this.#showCardState();
    this.#cardChanged();
  }

  /** Reads the text of a card box: {} for the default, { patch } or { error }. */
  #checkCard(program, text) {
    if (text === null) return {};
    const bad = (message) => ({ error: { code: 'invalid_rate_card', message } });
    let patch;
    try {
      patch = JSON.parse(text);
    } catch (error) {
      return bad(`The rate card is not valid JSON: ${error.message}`);
    }
    if (!isObject(patch)) return bad('The rate card must be a JSON object, such as {"program": "' + program + '"}.');
    if (!('program' in patch)) return bad(`A rate card must name its program: add "program": "${program}".`);
    if (patch.program !== program) {
      return bad(`This box holds the ${PROGRAMS[program]} card, so its "program" must be "${program}" (it is ${JSON.stringify(patch.program)}). Show the other program's card to edit it.`);
    }
    if (JSON.stringify(patch) === JSON.stringify(this.#defaultCard[program])) return {};
    try {
      this.#api.estimateCommissions([], { rateCards: [mergePatch(this.#defaultCard[program], patch)] });
    } catch (error) {
      return { error: problemOf(error, 'invalid_rate_card') };
    }
    return { patch };
  }

  #cardChanged() {
    this.#updateProgramDependentFields();
    this.#scheduleSingle();
    if (this.#bulkActive) this.#scheduleBulk();
  }

  // ---------------------------------------------------------------------------------------
  // One order

  #fillForm(values) {
    const ui = this.#ui;
    for (const [name, value] of Object.entries(values)) {
      if (name === 'spam') ui.spam.checked = Boolean(value);
      else ui[name].value = value;
    }
  }

  #formChanged(event) {
    if (event.target === this.#ui.program && event.type === 'change') {
      this.#fillCardSelect();
      this.#showCard(this.#ui.program.value);
      this.#updateProgramDependentFields();
    }
    if (event.target === this.#ui.cardName && event.type === 'change') {
      const program = this.#ui.program.value;
      this.#chooseCard(program, this.#ui.cardName.value);
      this.#showCard(program);
      this.#cardChanged();
      return;
    }
    this.#scheduleSingle();
  }

  /** The category list, the hints and the incentive field follow the program's card. */
  #updateProgramDependentFields() {
    const ui = this.#ui;
    const program = ui.program.value;
    const card = this.#effectiveCard(program);
    const categories = card && Array.isArray(card.categories) ? card.categories.filter((c) => typeof c === 'string') : [];
    ui.categories.replaceChildren(...categories.map((c) => el('option', { value: c })));
    ui.categoryHint.textContent = !card
      ? ''
      : categories.length > 0
        ? `The card lists: ${categories.join(', ')}. Matched in any letter case.`
        : 'The card lists no categories; every category gets the same rate.';

    const incentive = card && isObject(card.incentive) ? card.incentive : null;
    const steps = incentive && Array.isArray(incentive.steps) ? incentive.steps.filter(isObject) : [];
    // AliExpress always shows the field; Alibaba.com only when its card has an incentive.
    const show = program === 'aliexpress' || steps.length > 0;
    ui.previousPeriodSalesField.hidden = !show;
    ui.previousPeriodSalesHint.textContent =
      steps.length > 0
        ? `For the performance incentive: ${steps.map((s) => `+${s.bonusPercent} points from ${s.minSales} USD`).join('; ')}. Leave empty for none.`
        : 'This card has no performance incentive.';
    this.#showCardState();
  }

  #scheduleSingle(delay = DEBOUNCE_MS) {
    const ui = this.#ui;
    ui.result.setAttribute('aria-busy', 'true');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#runSingle().catch(() => {});
    }, delay);
  }

  /** The order in the form: blank fields are left out; text is trimmed but otherwise as typed. */
  #readForm() {
    const ui = this.#ui;
    const program = ui.program.value;
    const order = { program, orderId: 'order' };
    for (const name of ['amount', 'category', 'buyer', 'country', 'status', 'paidDate', 'completedDate', 'clickDate']) {
      const value = ui[name].value.trim();
      if (value !== '') order[name] = value;
    }
    order.spam = ui.spam.checked;
    const context = {};
    const sales = ui.previousPeriodSales.value.trim();
    if (!ui.previousPeriodSalesField.hidden && sales !== '') context.previousPeriodSales = sales;
    const empty = TEXT_FIELDS.every((name) => ui[name].value.trim() === '');
    return { program, order, context, empty };
  }

  async #runSingle() {
    const seq = ++this.#seq;
    const ui = this.#ui;
    ui.result.setAttribute('aria-busy', 'true');
    let api;
    try {
      api = await this.#ensureApi();
    } catch (error) {
      if (seq === this.#seq) {
        ui.result.removeAttribute('aria-busy');
        ui.result.replaceChildren(el('p', { class: 'cc-muted', text: 'No estimate: the calculator could not start.' }));
      }
      throw error;
    }
    if (seq !== this.#seq) return { superseded: true };

    const { program, order, context, empty } = this.#readForm();
    let outcome;
    const card = this.#cardState[program];
    if (empty) {
      this.#markInvalid(null);
      ui.result.replaceChildren(
        el('p', { class: 'cc-muted cc-empty', text: 'Type an order (amount and dates) to see its estimate, or fill in the worked example.' }),
      );
      ui.result.removeAttribute('aria-busy');
      return { empty: true };
    }
    if (card.error) {
      outcome = {
        error: { code: card.error.code, message: `The ${PROGRAMS[program]} rate card cannot be used: ${card.error.message}` },
        field: 'card',
      };
    } else {
      const chosen = this.#cardForContext(program);
      if (chosen) context.rateCards = [chosen];
      try {
        outcome = { estimate: api.estimateCommission(order, context) };
      } catch (error) {
        const problem = problemOf(error);
        outcome = { error: problem, field: /^([A-Za-z]+):/.exec(problem.message)?.[1] };
      }
    }
    this.#showSingle(outcome, program);
    ui.result.removeAttribute('aria-busy');
    return outcome.error ? { error: outcome.error } : { estimate: outcome.estimate };
  }

  #markInvalid(field) {
    const ui = this.#ui;
    for (const name of CONTROLS) {
      if (name === field) {
        ui[name].setAttribute('aria-invalid', 'true');
        ui[name].setAttribute('aria-errormessage', `${this.#id}-refusal`);
      } else {
        ui[name].removeAttribute('aria-invalid');
        ui[name].removeAttribute('aria-errormessage');
      }
    }
  }

  #showSingle(outcome, program) {
    const ui = this.#ui;
    const labelOf = (name) => (ui[name] ? this.#root.querySelector(`label[for="${ui[name].id}"]`)?.textContent : null);
    if (outcome.error) {
      const { code, message } = outcome.error;
      const field = outcome.field === 'card' || CONTROLS.includes(outcome.field) ? outcome.field : null;
      this.#markInvalid(field);
      const refusal = el(
        'div',
        { class: 'cc-refusal', id: `${this.#id}-refusal` },
        el('p', { class: 'cc-verdict cc-verdict--error', text: 'Cannot estimate this order' }),
        el('p', { class: 'cc-refusal-message' }, el('code', { class: 'cc-code cc-error-code', text: code }), ' ', el('span', { class: 'cc-message', text: message })),
      );
      if (field === 'card') {
        refusal.append(el('p', { class: 'cc-muted', text: 'Fix the card under “Rate card in use”, or reset it to the default.' }));
      } else if (field) {
        refusal.append(el('p', { class: 'cc-muted', text: `Check the field “${labelOf(field) ?? field}”.` }));
      }
      ui.result.replaceChildren(refusal);
      return;
    }
    this.#markInvalid(null);
    const e = outcome.estimate;
    const parts = [];
    parts.push(
      el('p', {
        class: `cc-verdict ${e.qualifies ? 'cc-verdict--yes' : 'cc-verdict--no'}`,
        text: e.qualifies ? 'Qualifies' : 'Does not qualify',
      }),
    );
    parts.push(
      el(
        'p',
        { class: 'cc-headline' },
        el('span', { class: 'cc-headline-label', text: 'Commission ' }),
        el('data', { class: 'cc-commission', value: e.commission, text: e.commission }),
        ' USD',
        el('span', { class: 'cc-headline-rate' }, ' at ', el('span', { class: 'cc-rate', text: e.ratePercent }), '%'),
        e.breakdown.some((line) => line.part === 'cap') ? el('span', { class: 'cc-headline-rate', text: ', capped by the card' }) : '',
      ),
    );
    if (e.reasons.length > 0) {
      parts.push(el('p', { class: 'cc-reasons-title', text: `Failed ${plural(e.reasons.length, 'rule', 'rules')}:` }));
      parts.push(
        el(
          'ul',
          { class: 'cc-reasons' },
          ...e.reasons.map((r) => el('li', { class: 'cc-reason' }, el('code', { class: 'cc-code cc-reason-code', text: r.code }), ' ', el('span', { class: 'cc-message', text: r.message }))),
        ),
      );
    }
    if (e.breakdown.length > 0) {
      parts.push(
        el(
          'table',
          { class: 'cc-table cc-breakdown' },
          el('caption', { text: 'Breakdown (the lines add up to the commission)' }),
          el('thead', {}, el('tr', {}, ...headings(['Line', '#Rate', '#USD']))),
          el(
            'tbody',
            {},
            ...e.breakdown.map((line) =>
              el(
                'tr',
                { class: `cc-line cc-line--${line.part}`, 'data-part': line.part },
                el('th', { scope: 'row', class: 'cc-line-label', text: line.label }),
                el('td', { class: 'cc-line-rate cc-num', text: line.ratePercent == null ? '—' : `${line.ratePercent}%` }),
                el('td', { class: 'cc-line-amount cc-num', text: line.amount }),
              ),
            ),
          ),
          el(
            'tfoot',
            {},
            el(
              'tr',
              {},
              el('th', { scope: 'row', text: 'Commission' }),
              el('td', { class: 'cc-num', text: `${e.ratePercent}%` }),
              el('td', { class: 'cc-num', text: e.commission }),
            ),
          ),
        ),
      );
    }
    parts.push(notesList('cc-warnings', 'Warnings', e.warnings, 'cc-warning-code'));
    parts.push(
      e.assumptions.length > 0
        ? notesList('cc-assumptions', 'Assumptions (figures that are not documented for every publisher)', e.assumptions, 'cc-assumption-code')
        : el('p', { class: 'cc-assumptions cc-assumptions--none' }, el('span', { class: 'cc-assumptions-title', text: 'Assumptions: ' }), 'none; every figure used is documented or yours.'),
    );
    const period = e.period
      ? el('p', { class: 'cc-period' }, 'Calculation period: ', el('span', { class: 'cc-period-dates', text: `${e.period.start} to ${e.period.end}` }), ' (the paid date decides).')
      : el('p', { class: 'cc-period' }, el('span', { class: 'cc-period-dates', text: 'No calculation period' }), ` on the ${PROGRAMS[program]} card.`);
    parts.push(period);
    const card = this.#cardState[program];
    const base = this.#cardName[program] === DEFAULT_CARD[program] ? `the ${PROGRAMS[program]} default (documented minimum)` : this.#cardName[program];
    parts.push(el('p', { class: 'cc-muted cc-card-used', text: card.patch ? `Rate card: yours, merged over ${base}.` : `Rate card: ${base}.` }));
    ui.result.replaceChildren(...parts);
  }

  // ---------------------------------------------------------------------------------------
  // Many orders

  #runBulkFromUi() {
    this.estimateAll().catch(() => {});
  }

  #scheduleBulk() {
    clearTimeout(this.#bulkTimer);
    this.#bulkTimer = setTimeout(() => this.#runBulkFromUi(), DEBOUNCE_MS * 2);
  }

  #bulkContextChanged() {
    if (this.#bulkActive) this.#scheduleBulk();
  }

  async #openFile() {
    const ui = this.#ui;
    const file = ui.file.files && ui.file.files[0];
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      this.#showBulkError({ code: 'invalid_csv', message: `${file.name} is too large (${file.size} bytes); the limit is ${MAX_FILE_BYTES} bytes.` });
      ui.file.value = '';
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch (error) {
      this.#showBulkError({ code: 'invalid_csv', message: `${file.name} could not be read: ${error.message}` });
      ui.file.value = '';
      return;
    }
    ui.csv.value = text;
    // The box turns CR and CRLF into LF; estimate the file's own text while the box holds it.
    this.#fileSource = { text, shown: ui.csv.value };
    ui.file.value = '';
    const outcome = await this.estimateAll().catch(() => null);
    if (outcome && !outcome.error) ui.actionStatus.textContent = `Opened ${file.name}.`;
  }

  #showBulkError(problem) {
    const ui = this.#ui;
    ui.bulkError.replaceChildren(el('code', { class: 'cc-code cc-error-code', text: problem.code }), ' ', problem.message);
    ui.bulkError.hidden = false;
  }

  #hideBulkError() {
    this.#ui.bulkError.hidden = true;
    this.#ui.bulkError.replaceChildren();
  }

  /** Reads the CSV box into a header and rows; throws `{code, message}`. */
  #readCsv() {
    const shown = this.#ui.csv.value;
    const text = this.#fileSource && this.#fileSource.shown === shown ? this.#fileSource.text : shown;
    if (text !== this.#fileSource?.text) this.#fileSource = null;
    const records = parseCsv(text).filter((r) => r.cells.some((c) => c.trim() !== ''));
    if (records.length === 0) return null;
    const [head, ...rows] = records;
    const header = head.cells.map((c) => c.trim());
    const seen = new Set();
    for (const name of header) {
      if (name === '') continue;
      if (seen.has(name)) throw { code: 'invalid_csv', message: `The header names the column "${name}" twice.` };
      seen.add(name);
    }
    if (!header.some((h) => ORDER_FIELDS.includes(h))) {
      throw {
        code: 'missing_column',
        message: `The first row must be a header naming the order fields (${ORDER_FIELDS.join(', ')}); it is: ${head.cells.join(', ')}.`,
      };
    }
    const orders = rows.map((row) => {
      const order = {};
      header.forEach((name, i) => {
        const cell = row.cells[i];
        if (name !== '' && cell !== undefined && cell.trim() !== '') order[name] = cell;
      });
      return order;
    });
    return { header, rows, orders };
  }

  /** The context of the bulk estimate: incentive basis and every usable edited card. */
  #bulkContext() {
    const ui = this.#ui;
    const context = {};
    if (ui.history.checked) context.history = true;
    else if (ui.bulkSales.value.trim() !== '') context.previousPeriodSales = ui.bulkSales.value.trim();
    const cards = [];
    for (const program of Object.keys(PROGRAMS)) {
      const state = this.#cardState[program];
      if (state.error) {
        throw { code: state.error.code, message: `The ${PROGRAMS[program]} rate card cannot be used: ${state.error.message}` };
      }
      const chosen = this.#cardForContext(program);
      if (chosen) cards.push(chosen);
    }
    if (cards.length > 0) context.rateCards = cards;
    return context;
  }

  async #runBulk() {
    const seq = ++this.#bulkSeq;
    const ui = this.#ui;
    this.#bulkActive = true;
    ui.bulkResults.setAttribute('aria-busy', 'true');
    try {
      const api = await this.#ensureApi();
      if (seq !== this.#bulkSeq) return { superseded: true };
      return await this.#estimateRows(api, seq);
    } finally {
      if (seq === this.#bulkSeq) ui.bulkResults.removeAttribute('aria-busy');
    }
  }

  /**
   * Estimates the pasted orders in the tools' worker (thousands of orders would block the
   * page for a long task), then shows them; a newer estimate started meanwhile wins.
   */
  async #estimateRows(api, seq) {
    const ui = this.#ui;
    let input;
    let report;
    try {
      input = this.#readCsv();
      if (input === null) {
        this.#hideBulkError();
        this.#bulk = null;
        ui.bulkResults.hidden = true;
        ui.download.disabled = true;
        ui.bulkStatus.textContent = 'Nothing to estimate: paste CSV with a header row and one row per order.';
        return { lines: [], summary: null };
      }
      // Reading the CSV and handing the orders to the worker are two tasks, not one.
      await nextTask();
      if (seq !== this.#bulkSeq) return { superseded: true };
      report = await callInWorker('estimateCommissions', input.orders, this.#bulkContext());
      if (seq !== this.#bulkSeq) return { superseded: true };
    } catch (error) {
      if (seq !== this.#bulkSeq) return { superseded: true };
      const problem = problemOf(error);
      this.#showBulkError(problem);
      this.#bulk = null;
      ui.bulkResults.hidden = true;
      ui.download.disabled = true;
      ui.bulkStatus.textContent = '';
      ui.actionStatus.textContent = '';
      return { error: problem };
    }
    this.#hideBulkError();
    this.#bulk = { ...input, report };
    this.#showBulk();
    return report;
  }

  #showBulk() {
    const ui = this.#ui;
    const { rows, report } = this.#bulk;
    const { lines, summary } = report;

    // The first rows now, the rest in later tasks (a CSV of 10,000 orders would otherwise
    // block the page); a newer estimate stops the old one.
    const bulk = this.#bulk;
    const appendRows = (from) => {
      const chunk = [];
      for (let i = from; i < Math.min(from + ROW_CHUNK, lines.length); i++) chunk.push(this.#bulkRow(lines[i], rows[i]));
      appendRowChunk(ui.lines, chunk);
    };
    clearRowChunks(ui.lines);
    appendRows(0);
    (async () => {
      for (let from = ROW_CHUNK; from < lines.length; from += ROW_CHUNK) {
        await nextTask();
        if (this.#bulk !== bulk) return;
        appendRows(from);
      }
    })();
    ui.linesCaption.textContent = `${plural(lines.length, 'row', 'rows')} (Line is the line of the CSV the row starts on)`;

    const notQualifying = summary.orders - summary.errors - summary.qualifyingOrders;
    ui.bulkStatus.textContent =
      `${plural(summary.orders, 'order', 'orders')}: ${summary.qualifyingOrders} qualifying, ${notQualifying} not qualifying, ` +
      `${summary.errors} could not be read. Estimated commission: ${summary.estimated} USD.`;

    const total = (label, value, cls) => el('div', { class: 'cc-total' }, el('dt', { text: label }), el('dd', { class: cls, text: value }));
    ui.totals.replaceChildren(
      total('Orders', String(summary.orders), 'cc-total-orders'),
      total('Could not be read', String(summary.errors), 'cc-total-errors'),
      total('Qualifying orders', String(summary.qualifyingOrders), 'cc-total-qualifying'),
      total('Qualifying amount (USD)', summary.qualifyingAmount, 'cc-total-qualifying-amount'),
      total('Estimated commission (USD)', summary.estimated, 'cc-total-estimated'),
    );

    ui.periodsBody.replaceChildren(
      ...summary.periods.map((p) =>
        el(
          'tr',
          {},
          el('td', { text: PROGRAMS[p.program] ?? p.program }),
          el('td', { class: 'cc-nowrap', text: `${p.start} to ${p.end}` }),
          el('td', { class: 'cc-num', text: String(p.orders) }),
          el('td', { class: 'cc-num', text: p.qualifyingAmount }),
          el('td', { class: 'cc-num', text: p.commission }),
          el('td', { class: 'cc-num', text: p.adjustments }),
          el('td', { class: 'cc-num', text: p.net }),
        ),
      ),
    );
    ui.periods.parentElement.hidden = summary.periods.length === 0;
    ui.noPeriods.hidden = summary.periods.length > 0;

    ui.payoutsBody.replaceChildren(
      ...summary.payouts.map((p) =>
        el(
          'tr',
          { class: p.withdrawable ? 'cc-payout--yes' : 'cc-payout--no', 'data-program': p.program },
          el('td', { text: PROGRAMS[p.program] ?? p.program }),
          el('td', { class: 'cc-num', text: p.balance }),
          el('td', { class: 'cc-num', text: p.minimum }),
          el('td', { class: 'cc-num', text: p.fee }),
          el('td', { class: 'cc-withdrawable' }, el('span', { class: `cc-badge ${p.withdrawable ? 'cc-badge--yes' : 'cc-badge--no'}`, text: p.withdrawable ? 'yes' : 'no' })),
          el('td', { class: 'cc-num cc-net', text: p.net }),
          el('td', { class: 'cc-warning' }, p.warning ? el('span', { class: 'cc-flag', text: p.warning }) : el('span', { class: 'cc-muted', text: '—' })),
        ),
      ),
    );
    ui.payouts.parentElement.hidden = summary.payouts.length === 0;
    const payoutNotes = [...new Set(summary.payouts.flatMap((p) => [...p.notes, ...p.assumptions.map((a) => `${a.code}: ${a.message}`)]))];
    ui.payoutNotes.replaceChildren(...payoutNotes.map((n) => el('li', { text: n })));
    ui.payoutNotes.hidden = payoutNotes.length === 0;

    ui.bulkResults.hidden = false;
    ui.download.disabled = false;
    ui.actionStatus.textContent = '';
  }

  #bulkRow(line, row) {
    if (line.type === 'adjustment') {
      const tr = el('tr', { class: 'cc-row cc-row--adjustment', 'data-status': 'adjustment' });
      tr.append(
        el('th', { scope: 'row', class: 'cc-num cc-line-no', text: String(row.line) }),
        el('td', { class: 'cc-order-id' }, line.orderId == null ? el('span', { class: 'cc-muted', text: '—' }) : el('span', { class: 'cc-id', text: line.orderId })),
        el('td', {}, el('span', { text: PROGRAMS[line.program] ?? line.program })),
        el('td', {}, el('span', { class: 'cc-badge', text: 'adjustment' })),
        el('td', { class: 'cc-num cc-rate' }, el('span', { class: 'cc-muted', text: '—' })),
        el('td', { class: 'cc-num cc-commission' }, el('span', { text: line.amount })),
        el('td', { class: 'cc-nowrap' }, el('span', { text: `${line.period.start} to ${line.period.end}` })),
        el('td', { class: 'cc-why' }, el('span', { class: 'cc-message', text: `Adjustment dated ${line.date}, netted into its period.` })),
      );
      return tr;
    }
    const isError = 'error' in line;
    const status = isError ? 'error' : line.qualifies ? 'yes' : 'no';
    const tr = el('tr', { class: `cc-row cc-row--${status}`, 'data-status': status });
    const dash = () => el('span', { class: 'cc-muted', text: '—' });
    const why = el('td', { class: 'cc-why' });
    if (isError) {
      why.append(el('span', { class: 'cc-row-error' }, el('code', { class: 'cc-code cc-error-code', text: line.error.code }), ' ', el('span', { class: 'cc-message', text: line.error.message })));
    } else if (line.reasons.length > 0) {
      why.append(
        el('ul', { class: 'cc-reasons' }, ...line.reasons.map((r) => el('li', {}, el('code', { class: 'cc-code cc-reason-code', text: r.code }), ' ', el('span', { class: 'cc-message', text: r.message })))),
      );
    } else if (line.warnings.length === 0 && line.assumptions.length === 0) {
      why.append(dash());
    }
    if (!isError) {
      const notes = [...line.warnings.map((w) => [w, 'cc-warning-code']), ...line.assumptions.map((a) => [a, 'cc-assumption-code'])];
      if (notes.length > 0) {
        why.append(el('ul', { class: 'cc-notes' }, ...notes.map(([n, cls]) => el('li', {}, el('code', { class: `cc-code ${cls}`, text: n.code }), ' ', el('span', { class: 'cc-message', text: n.message })))));
      }
    }
    tr.append(
      el('th', { scope: 'row', class: 'cc-num cc-line-no', text: String(row.line) }),
      el('td', { class: 'cc-order-id' }, line.orderId == null ? dash() : el('span', { class: 'cc-id', text: line.orderId })),
      el('td', {}, isError ? dash() : el('span', { text: PROGRAMS[line.program] ?? line.program })),
      el('td', {}, el('span', { class: `cc-badge cc-badge--${status}`, text: isError ? 'error' : line.qualifies ? 'yes' : 'no' })),
      el('td', { class: 'cc-num cc-rate' }, isError ? dash() : el('span', { text: `${line.ratePercent}%` })),
      el('td', { class: 'cc-num cc-commission' }, isError ? dash() : el('span', { text: line.commission })),
      el('td', { class: 'cc-nowrap' }, isError || !line.period ? dash() : el('span', { text: `${line.period.start} to ${line.period.end}` })),
      why,
    );
    return tr;
  }

  #downloadCsv() {
    if (!this.#bulk) return;
    const { header, rows, report } = this.#bulk;
    const out = [[...header, ...RESULT_COLUMNS].map(csvCell).join(',')];
    rows.forEach((row, i) => {
      const line = report.lines[i];
      const cells = row.cells.slice();
      while (cells.length < header.length) cells.push('');
      let added;
      const listed = (notes) => notes.map((r) => `${r.code}: ${r.message}`).join('; ');
      if ('error' in line) {
        added = ['', '', '', '', '', '', '', `${line.error.code}: ${line.error.message}`];
      } else if (line.type === 'adjustment') {
        added = ['', '', line.amount, `${line.period.start}..${line.period.end}`, '', '', '', ''];
      } else {
        added = [
          String(line.qualifies),
          line.ratePercent,
          line.commission,
          line.period ? `${line.period.start}..${line.period.end}` : '',
          listed(line.reasons),
          listed(line.warnings),
          listed(line.assumptions),
          '',
        ];
      }
      out.push([...cells, ...added].map(csvCell).join(','));
    });
    // The byte order mark lets spreadsheet programs read the file as UTF-8.
    const blob = new Blob(['\uFEFF', out.join('\r\n'), '\r\n'], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const filename = 'afflink-commissions.csv';
    const a = el('a', { href: url, download: filename, class: 'cc-offscreen' });
    this.#root.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
    this.#ui.actionStatus.textContent = `Downloaded ${filename} (${plural(rows.length, 'row', 'rows')}).`;
  }
}
