// Many orders of <afflink-commission-calculator>: a CSV box or file, "Estimate all" (or
// Ctrl+Enter / ⌘+Enter in the box), "Load example", the incentive settings (previous
// period's sales, or history), then totals, periods, payouts, one row per order and
// "Download CSV" (afflink-commissions.csv). The CSV is read by the shared reader
// (afflink-csv.js); the orders are estimated in the tools' worker in one call, so thousands
// of rows never block the page, and the rows are shown in chunks. The rate cards come from
// the card editor (afflink-commission-card-editor.js). A refusal is shown at the field it is
// about (the CSV box, the file, the incentive for every order: `aria-invalid`, the message
// under the field); a card that cannot be used under the buttons. Each row's reasons, notes
// and error lead with the sentence, the code after it. On a phone (a box under 40rem) the
// tables are stacked rows, each cell led by its column's name (the calculator's sheet).
//
// Every user string is set with textContent (see afflink-commission-calculator.js).

import { ROW_CHUNK, appendRowChunk, callInWorker, clearRowChunks, el, fieldProblemSlot, formatCount, nextTask, plural, setFieldProblem, setTableRoles, shortcutHint } from '../shared/afflink-ui.js';
import { downloadCsv, fileText, parseCsv } from '../shared/afflink-csv.js';
import { DEBOUNCE_MS, PROGRAMS, fieldOf, headings, problemOf, problemText, rowsWithRoles, textInput } from './afflink-commission-common.js';

/** The order fields of docs/COMMISSION.md, in the documented order. */
const ORDER_FIELDS = ['program', 'orderId', 'amount', 'currency', 'category', 'buyer', 'country', 'status', 'refundedAmount', 'paidDate', 'completedDate', 'clickDate', 'spam'];

/** Columns the CSV download adds after the input columns (as `afflink estimate` does). */
const RESULT_COLUMNS = ['qualifies', 'ratePercent', 'commission', 'period', 'reasons', 'warnings', 'assumptions', 'error'];

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

/** Files larger than this are not read. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

export class BulkOrders {
  #calc;
  #timer = 0;
  #seq = 0;
  /** What is shown: the CSV read ({ header, rows, orders }) and its report; null when nothing is. */
  #shown = null;
  /** Once the user has estimated, a change of the cards or the incentive estimates again. */
  #active = false;
  /** The text of the last opened file, and how the box shows it. */
  #fileSource = null;

  constructor(calc) {
    this.#calc = calc;
  }

  stop() {
    clearTimeout(this.#timer);
  }

  /** Estimates every row now (`el.estimateAll()`). */
  runNow() {
    clearTimeout(this.#timer);
    this.#timer = 0;
    return this.#run();
  }

  render() {
    const { id, ui } = this.#calc;
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
    ui.bulkSales = textInput({ id: `${id}-bulk-sales`, inputmode: 'decimal', placeholder: 'none', 'aria-describedby': `${id}-bulk-sales-hint` });

    ui.run = el('button', { type: 'button', class: 'cc-button cc-button--primary', text: 'Estimate all' });
    ui.loadExample = el('button', { type: 'button', class: 'cc-button', text: 'Load example' });
    ui.download = el('button', { type: 'button', class: 'cc-button', text: 'Download CSV', disabled: true });
    ui.actionStatus = el('span', { class: 'cc-action-status', role: 'status' });
    ui.bulkError = el('p', { class: 'cc-error', role: 'alert', hidden: true });
    // Problems at the field they are about: the CSV box, the file, the incentive setting.
    ui.csvProblem = fieldProblemSlot(`${id}-csv-problem`);
    ui.fileProblem = fieldProblemSlot(`${id}-file-problem`);
    ui.bulkSalesProblem = fieldProblemSlot(`${id}-bulk-sales-problem`);
    ui.bulkStatus = el('p', { class: 'cc-bulk-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });

    ui.totals = el('dl', { class: 'cc-totals' });
    ui.periodsBody = el('tbody');
    ui.periods = el(
      'table',
      { class: 'cc-table cc-periods afflink-stacked' },
      el('caption', { text: 'Per calculation period (AliExpress: the 10th to the 9th)' }),
      el('thead', {}, el('tr', {}, ...headings(['Program', 'Period', '#Orders', '#Qualifying amount (USD)', '#Commission (USD)', '#Adjustments (USD)', '#Net (USD)']))),
      ui.periodsBody,
    );
    ui.noPeriods = el('p', { class: 'cc-muted', text: 'No calculation periods: none of these orders is on a card with periods.' });
    ui.payoutsBody = el('tbody');
    ui.payoutNotes = el('ul', { class: 'cc-payout-notes', hidden: true });
    ui.payouts = el(
      'table',
      { class: 'cc-table cc-payouts afflink-stacked' },
      el('caption', { text: 'Payout estimate per program' }),
      el('thead', {}, el('tr', {}, ...headings(['Program', '#Balance (USD)', '#Minimum (USD)', '#Fee (USD)', 'Withdrawable', '#Net (USD)', 'Note']))),
      ui.payoutsBody,
    );

    ui.linesCaption = el('caption', { id: `${id}-lines-caption`, text: 'Orders' });
    ui.lines = el(
      'table',
      { class: 'cc-table cc-lines afflink-stacked' },
      ui.linesCaption,
      el(
        'thead',
        {},
        el('tr', {}, ...headings(['#Line', 'Order id', 'Program', 'Qualifies', '#Rate', '#Commission (USD)', 'Period', 'Reasons or error'])),
      ),
    );
    setTableRoles(ui.lines);
    setTableRoles(ui.periods);
    setTableRoles(ui.payouts);

    ui.bulkResults = el(
      'div',
      { class: 'cc-bulk-results', hidden: true },
      el('h4', { class: 'cc-subtitle', text: 'Totals' }),
      ui.totals,
      el('div', { class: 'cc-table-wrap afflink-results', tabindex: '0', role: 'region', 'aria-label': 'Per calculation period' }, ui.periods),
      ui.noPeriods,
      el('div', { class: 'cc-table-wrap afflink-results', tabindex: '0', role: 'region', 'aria-label': 'Payout estimate per program' }, ui.payouts),
      ui.payoutNotes,
      el('h4', { class: 'cc-subtitle', text: 'Every order' }),
      el('div', { class: 'cc-table-wrap cc-table-wrap--tall afflink-results', tabindex: '0', role: 'region', 'aria-labelledby': ui.linesCaption.id }, ui.lines),
    );

    const columns = ORDER_FIELDS.map((f) => f).join(', ');
    const section = el(
      'section',
      { class: 'cc-part cc-bulk', 'aria-labelledby': `${id}-bulk-title` },
      el('h3', { id: `${id}-bulk-title`, class: 'cc-title', text: 'Many orders (CSV)' }),
      el('label', { class: 'cc-label', htmlFor: ui.csv.id, text: 'Orders (CSV with a header row)' }),
      el(
        'p',
        { class: 'cc-hint', id: `${id}-csv-hint` },
        `The header names the order fields: ${columns}. Other columns are kept in the download and otherwise ignored. `,
        shortcutHint('Press Ctrl+Enter (⌘+Enter on a Mac) to estimate.'),
      ),
      ui.csv,
      ui.csvProblem,
      el(
        'div',
        { class: 'cc-bulk-options' },
        el('div', { class: 'cc-field' }, el('label', { class: 'cc-label', htmlFor: ui.file.id, text: 'Or open a CSV file' }), ui.file, ui.fileProblem),
        el(
          'div',
          { class: 'cc-field' },
          el('label', { class: 'cc-label', htmlFor: ui.bulkSales.id, text: "Previous period's sales for every order (USD)" }),
          ui.bulkSales,
          ui.bulkSalesProblem,
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

    ui.run.addEventListener('click', () => this.#runFromUi());
    ui.csv.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        this.#runFromUi();
      }
    });
    ui.loadExample.addEventListener('click', () => {
      ui.csv.value = EXAMPLE_CSV;
      ui.csv.focus();
      ui.csv.setSelectionRange(0, 0);
      ui.csv.scrollLeft = 0;
      ui.csv.scrollTop = 0;
      this.#runFromUi();
    });
    ui.file.addEventListener('change', () => this.#openFile());
    ui.history.addEventListener('change', () => {
      ui.bulkSales.disabled = ui.history.checked;
      this.contextChanged();
    });
    ui.bulkSales.addEventListener('input', () => this.contextChanged());
    ui.download.addEventListener('click', () => this.#downloadCsv());
    return section;
  }


  #runFromUi() {
    this.runNow().catch(() => {});
  }

  #schedule() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = 0;
      this.#runFromUi();
    }, DEBOUNCE_MS * 2);
  }

  contextChanged() {
    if (this.#active) this.#schedule();
  }

  async #openFile() {
    const ui = this.#calc.ui;
    const file = ui.file.files && ui.file.files[0];
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      this.#showError({ code: 'invalid_csv', message: `${file.name} is too large (${file.size} bytes); the limit is ${MAX_FILE_BYTES} bytes.` }, 'file');
      ui.file.value = '';
      return;
    }
    let text;
    try {
      text = await fileText(file);
    } catch (error) {
      this.#showError(error.code ? error : { code: 'unreadable_input', message: `${file.name} could not be read: ${error.message}` }, 'file');
      ui.file.value = '';
      return;
    }
    ui.csv.value = text;
    // The box turns CR and CRLF into LF; estimate the file's own text while the box holds it.
    this.#fileSource = { text, shown: ui.csv.value };
    ui.file.value = '';
    const outcome = await this.runNow().catch(() => null);
    if (outcome && !outcome.error) ui.actionStatus.textContent = `Opened ${file.name}.`;
  }

  /**
   * Shows a problem at the field it is about: the file (`where` 'file'), the incentive setting
   * (an error naming previousPeriodSales) or the CSV box; a problem of a rate card (the card
   * box is in another part) in the box under the buttons. The sentence first, the code after.
   */
  #showError(problem, where = null) {
    const ui = this.#calc.ui;
    this.#hideError();
    const target = where ?? (problem.card ? 'card' : fieldOf(problem, ['previousPeriodSales']) ? 'bulkSales' : 'csv');
    if (target === 'card') {
      ui.bulkError.replaceChildren(...problemText(problem.message, problem.code, 'cc-error-code'));
      ui.bulkError.hidden = false;
      return;
    }
    setFieldProblem(ui[target], ui[`${target}Problem`], problem, 'cc');
  }

  #hideError() {
    const ui = this.#calc.ui;
    ui.bulkError.hidden = true;
    ui.bulkError.replaceChildren();
    for (const name of ['csv', 'file', 'bulkSales']) setFieldProblem(ui[name], ui[`${name}Problem`], null, 'cc');
  }

  /** Reads the CSV box into a header and rows; throws `{code, message}`. */
  #readCsv() {
    const shown = this.#calc.ui.csv.value;
    const text = this.#fileSource && this.#fileSource.shown === shown ? this.#fileSource.text : shown;
    if (text !== this.#fileSource?.text) this.#fileSource = null;
    // Separated by commas, or by what the header shows: `;` (Excel where the decimal
    // separator is a comma), tabs (cells pasted from a spreadsheet), Excel's `sep=` line.
    const all = parseCsv(text, (cells) => cells.some((c) => ORDER_FIELDS.includes(c.trim())));
    const records = all.filter((r) => r.cells.some((c) => c.trim() !== ''));
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
    return { header, rows, orders, sep: all.sep };
  }

  /** The context of the bulk estimate: incentive basis and every usable edited card. */
  context() {
    const { ui, card } = this.#calc;
    const context = {};
    if (ui.history.checked) context.history = true;
    else if (ui.bulkSales.value.trim() !== '') context.previousPeriodSales = ui.bulkSales.value.trim();
    const cards = [];
    for (const program of Object.keys(PROGRAMS)) {
      const state = card.states[program];
      if (state.error) {
        throw { code: state.error.code, message: `The ${PROGRAMS[program]} rate card cannot be used: ${state.error.message}`, card: true };
      }
      const chosen = card.forContext(program);
      if (chosen) cards.push(chosen);
    }
    if (cards.length > 0) context.rateCards = cards;
    return context;
  }

  async #run() {
    const seq = ++this.#seq;
    const ui = this.#calc.ui;
    this.#active = true;
    ui.bulkResults.setAttribute('aria-busy', 'true');
    try {
      const api = await this.#calc.ensureApi();
      if (seq !== this.#seq) return { superseded: true };
      return await this.#estimateRows(api, seq);
    } finally {
      if (seq === this.#seq) ui.bulkResults.removeAttribute('aria-busy');
    }
  }

  /**
   * Estimates the pasted orders in the tools' worker (thousands of orders would block the
   * page for a long task), then shows them; a newer estimate started meanwhile wins.
   */
  async #estimateRows(api, seq) {
    const ui = this.#calc.ui;
    let input;
    let report;
    try {
      input = this.#readCsv();
      if (input === null) {
        this.#hideError();
        this.#shown = null;
        ui.bulkResults.hidden = true;
        ui.download.disabled = true;
        ui.bulkStatus.textContent = 'Nothing to estimate: paste CSV with a header row and one row per order.';
        return { lines: [], summary: null };
      }
      // Reading the CSV and handing the orders to the worker are two tasks, not one.
      await nextTask();
      if (seq !== this.#seq) return { superseded: true };
      report = await callInWorker('estimateCommissions', input.orders, this.context());
      if (seq !== this.#seq) return { superseded: true };
    } catch (error) {
      if (seq !== this.#seq) return { superseded: true };
      const problem = error && error.card ? { ...problemOf(error), card: true } : problemOf(error);
      this.#showError(problem);
      this.#shown = null;
      ui.bulkResults.hidden = true;
      ui.download.disabled = true;
      ui.bulkStatus.textContent = '';
      ui.actionStatus.textContent = '';
      return { error: problem };
    }
    this.#hideError();
    this.#shown = { ...input, report };
    this.#showReport();
    return report;
  }

  #showReport() {
    const ui = this.#calc.ui;
    const { rows, report } = this.#shown;
    const { lines, summary } = report;

    // The first rows now, the rest in later tasks (a CSV of 10,000 orders would otherwise
    // block the page); a newer estimate stops the old one.
    const bulk = this.#shown;
    const appendRows = (from) => {
      const chunk = [];
      for (let i = from; i < Math.min(from + ROW_CHUNK, lines.length); i++) chunk.push(this.#row(lines[i], rows[i]));
      appendRowChunk(ui.lines, chunk);
    };
    clearRowChunks(ui.lines);
    appendRows(0);
    (async () => {
      for (let from = ROW_CHUNK; from < lines.length; from += ROW_CHUNK) {
        await nextTask();
        if (this.#shown !== bulk) return;
        appendRows(from);
      }
    })();
    ui.linesCaption.textContent = `${plural(lines.length, 'row', 'rows')} (Line is the line of the CSV the row starts on)`;

    const notQualifying = summary.orders - summary.errors - summary.qualifyingOrders;
    ui.bulkStatus.textContent =
      `${plural(summary.orders, 'order', 'orders')}: ${formatCount(summary.qualifyingOrders)} qualifying, ${formatCount(notQualifying)} not qualifying, ` +
      `${formatCount(summary.errors)} could not be read. Estimated commission: ${summary.estimated} USD.`;

    const total = (label, value, cls) => el('div', { class: 'cc-total' }, el('dt', { text: label }), el('dd', { class: cls, text: value }));
    ui.totals.replaceChildren(
      total('Orders', formatCount(summary.orders), 'cc-total-orders'),
      total('Could not be read', formatCount(summary.errors), 'cc-total-errors'),
      total('Qualifying orders', formatCount(summary.qualifyingOrders), 'cc-total-qualifying'),
      total('Qualifying amount (USD)', summary.qualifyingAmount, 'cc-total-qualifying-amount'),
      total('Estimated commission (USD)', summary.estimated, 'cc-total-estimated'),
    );

    ui.periodsBody.replaceChildren(
      ...rowsWithRoles(summary.periods.map((p) =>
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
      )),
    );
    ui.periods.parentElement.hidden = summary.periods.length === 0;
    ui.noPeriods.hidden = summary.periods.length > 0;

    ui.payoutsBody.replaceChildren(
      ...rowsWithRoles(summary.payouts.map((p) =>
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
      )),
    );
    ui.payouts.parentElement.hidden = summary.payouts.length === 0;
    // Each note once: a plain sentence, or an assumption's sentence and then its code.
    const payoutNotes = new Map();
    for (const p of summary.payouts) {
      for (const n of p.notes) payoutNotes.set(`|${n}`, { message: n, code: null });
      for (const a of p.assumptions) payoutNotes.set(`${a.code}|${a.message}`, a);
    }
    ui.payoutNotes.replaceChildren(...[...payoutNotes.values()].map((n) => el('li', {}, ...problemText(n.message, n.code, 'cc-assumption-code'))));
    ui.payoutNotes.hidden = payoutNotes.size === 0;

    ui.bulkResults.hidden = false;
    ui.download.disabled = false;
    ui.actionStatus.textContent = '';
  }

  #row(line, row) {
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
      why.append(el('span', { class: 'cc-row-error' }, ...problemText(line.error.message, line.error.code, 'cc-error-code')));
    } else if (line.reasons.length > 0) {
      why.append(
        el('ul', { class: 'cc-reasons' }, ...line.reasons.map((r) => el('li', {}, ...problemText(r.message, r.code, 'cc-reason-code')))),
      );
    } else if (line.warnings.length === 0 && line.assumptions.length === 0) {
      why.append(dash());
    }
    if (!isError) {
      const notes = [...line.warnings.map((w) => [w, 'cc-warning-code']), ...line.assumptions.map((a) => [a, 'cc-assumption-code'])];
      if (notes.length > 0) {
        why.append(el('ul', { class: 'cc-notes' }, ...notes.map(([n, cls]) => el('li', { class: cls === 'cc-warning-code' ? 'cc-note cc-note--warning' : 'cc-note' }, ...problemText(n.message, n.code, cls)))));
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

  async #downloadCsv() {
    // A change still being estimated (the incentive, the cards) is finished first, so the
    // file always matches what the inputs say.
    if (this.#timer !== 0 || this.#calc.ui.bulkResults.hasAttribute('aria-busy')) {
      const outcome = await this.runNow().catch(() => null);
      if (!outcome || outcome.error || outcome.superseded) return;
    }
    if (!this.#shown) return;
    const { header, rows, report, sep } = this.#shown;
    // The result columns come after the widest row, so a row longer than the header keeps
    // them under their titles (as `afflink estimate` writes it).
    const width = rows.reduce((w, r) => Math.max(w, r.cells.length), header.length);
    const pad = (cells) => [...cells, ...Array(width - cells.length).fill('')];
    const out = [[...pad(header), ...RESULT_COLUMNS]];
    rows.forEach((row, i) => {
      const line = report.lines[i];
      const cells = pad(row.cells);
      let added;
      // As `afflink estimate` writes them: the sentence, then the code in brackets.
      const listed = (notes) => notes.map((r) => `${r.message} [${r.code}]`).join('; ');
      if ('error' in line) {
        added = ['', '', '', '', '', '', '', `${line.error.message} [${line.error.code}]`];
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
      out.push([...cells, ...added]);
    });
    const filename = 'afflink-commissions.csv';
    downloadCsv(this.#calc.root, filename, out, 'cc-offscreen', sep);
    this.#calc.ui.actionStatus.textContent = `Downloaded ${filename} (${plural(rows.length, 'row', 'rows')}).`;
  }
}
