// "Check against your report": the reconciliation part of <afflink-commission-calculator>.
// The user pastes (or opens) what the program reported: the AliExpress Portals order report
// (CSV export), or the Alibaba.com postback calls their server received (an access log or
// one URL per line) with their postback URL template. Each order is estimated with the
// calculator's rate cards and incentive settings (reconcileCommissions in the package) and
// the table says where afflink and the program differ and why. The card the observed rates
// suggest is shown, ready to paste into the rate card box.
//
// A refusal is shown at the field it is about (the template, the pasted text or the file:
// `aria-invalid`, the message under the field, linked by `aria-describedby`); a refusal of
// the calculator's rate card or incentive setting in the box under "Check". On a phone the
// table's rows are stacked blocks, each cell led by its column's name.
//
// It renders into the calculator's shadow root, styled by the calculator's sheet (its own
// classes are `cc-rc-`); every user string is set with textContent. Money stays a decimal string.

import { el, fieldProblemSlot, loadApi, loadErrorMessage, plural, setFieldProblem, setTableRoles } from '../shared/afflink-ui.js';
import { fileText } from '../shared/afflink-csv.js';
import { fieldOf, problemOf, problemText, rowsWithRoles } from './afflink-commission-common.js';

/** Files larger than this are not read. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

const STATUS_TEXT = { agrees: 'Agrees', differs: 'Differs', reportOnly: 'Only in the report', ordersOnly: 'Only in your orders' };

const SOURCES = [
  ['report', 'AliExpress order report (CSV export)'],
  ['postback', 'Alibaba.com postback calls (access log or URLs)'],
];

/**
 * Builds the section. `id` prefixes element ids; `context()` returns the estimate context
 * (rate cards, incentive) or throws `{code, message}` when the calculator's card is unusable.
 * Returns the section element, with `reconcile()` on it (resolves to the result or
 * `{ error }`).
 */
export function renderReconcile(id, context) {
  const ui = {};
  ui.source = el('select', { id: `${id}-rc-source`, class: 'cc-input cc-select' });
  for (const [value, text] of SOURCES) ui.source.append(el('option', { value, text }));
  ui.template = el('input', {
    type: 'text',
    id: `${id}-rc-template`,
    class: 'cc-input',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'https://example.com/pb?order={ord_id}&amount={ord_amount}&geo={ord_geo}&commission={est_com}',
    'aria-describedby': `${id}-rc-template-hint`,
  });
  ui.templateProblem = fieldProblemSlot(`${id}-rc-template-problem`);
  ui.textProblem = fieldProblemSlot(`${id}-rc-text-problem`);
  ui.fileProblem = fieldProblemSlot(`${id}-rc-file-problem`);
  ui.templateField = el(
    'div',
    { class: 'cc-field cc-field--wide', hidden: true },
    el('label', { class: 'cc-label', htmlFor: ui.template.id, text: 'Your postback URL template' }),
    ui.template,
    ui.templateProblem,
    el('p', { class: 'cc-hint', id: `${id}-rc-template-hint`, text: 'As set in the program: it needs {ord_id} and {est_com}; {ord_amount}, {ord_geo} and {tp1} help.' }),
  );
  ui.text = el('textarea', {
    id: `${id}-rc-text`,
    class: 'cc-code-input',
    rows: 6,
    spellcheck: false,
    autocomplete: 'off',
    autocapitalize: 'off',
    wrap: 'off',
    'aria-describedby': `${id}-rc-text-hint`,
  });
  ui.textLabel = el('label', { class: 'cc-label', htmlFor: ui.text.id, text: 'The order report (CSV)' });
  ui.file = el('input', { type: 'file', id: `${id}-rc-file`, class: 'cc-file', accept: '.csv,.log,.txt,text/csv,text/plain' });
  ui.run = el('button', { type: 'button', class: 'cc-button cc-button--primary', text: 'Check' });
  ui.error = el('p', { class: 'cc-error', role: 'alert', hidden: true });
  ui.status = el('p', { class: 'cc-rc-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  ui.totals = el('dl', { class: 'cc-rc-totals' });
  ui.linesBody = el('tbody');
  ui.lines = el(
    'table',
    { class: 'cc-table cc-rc-lines afflink-stacked' },
    el('caption', { id: `${id}-rc-caption`, text: 'Every order: afflink against the program' }),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['Order id', 'Result', '#Estimated (USD)', '#Reported (USD)', '#Difference', 'Why', 'Assumed'].map((h) =>
          h.startsWith('#') ? el('th', { scope: 'col', class: 'cc-num', text: h.slice(1) }) : el('th', { scope: 'col', text: h }),
        ),
      ),
    ),
    ui.linesBody,
  );
  setTableRoles(ui.lines);
  ui.card = el('textarea', { id: `${id}-rc-card`, class: 'cc-code-input', rows: 8, readOnly: true, spellcheck: false, wrap: 'off' });
  ui.cardPart = el(
    'details',
    { class: 'cc-rc-card' },
    el('summary', { text: 'A card of the rates the program paid' }),
    el('p', { class: 'cc-hint', text: 'Every observed figure is labelled basis "user"; the default card\'s category rules for every buyer (AliExpress: tablets and phones at the standard rate) are kept, with their own source. Paste it into the rate card box above to estimate with the rates the program paid.' }),
    el('label', { class: 'cc-label', htmlFor: ui.card.id, text: 'Observed rates as a card (JSON)' }),
    ui.card,
  );
  ui.results = el(
    'div',
    { class: 'cc-rc-results', hidden: true },
    el('h4', { class: 'cc-subtitle', text: 'Totals' }),
    ui.totals,
    el('div', { class: 'cc-table-wrap cc-table-wrap--tall afflink-results', tabindex: '0', role: 'region', 'aria-labelledby': `${id}-rc-caption` }, ui.lines),
    ui.cardPart,
  );

  const section = el(
    'section',
    { class: 'cc-part cc-reconcile', 'aria-labelledby': `${id}-rc-title` },
    el('h3', { id: `${id}-rc-title`, class: 'cc-title', text: 'Check against your report' }),
    el('p', {
      class: 'cc-hint',
      text: "Compare afflink's estimates with what the program reported, order by order. The rate card and the previous period's sales above apply. Nothing leaves this page.",
    }),
    el('div', { class: 'cc-field' }, el('label', { class: 'cc-label', htmlFor: ui.source.id, text: 'What the program reported' }), ui.source),
    ui.templateField,
    ui.textLabel,
    el('p', { class: 'cc-hint', id: `${id}-rc-text-hint`, text: 'Columns are found by their header (Order Number, Paid Time, Paid Amount, Estimated Commission, Order Status…).' }),
    ui.text,
    ui.textProblem,
    el('div', { class: 'cc-field' }, el('label', { class: 'cc-label', htmlFor: ui.file.id, text: 'Or open a file' }), ui.file, ui.fileProblem),
    el('div', { class: 'cc-actions' }, ui.run),
    ui.error,
    ui.status,
    ui.results,
  );

  const hint = section.querySelector(`#${CSS.escape(`${id}-rc-text-hint`)}`);
  function sourceChanged() {
    const postback = ui.source.value === 'postback';
    ui.templateField.hidden = !postback;
    ui.textLabel.textContent = postback ? 'The postback calls (access log, or one URL per line)' : 'The order report (CSV)';
    hint.textContent = postback
      ? 'Lines whose path is not the template\'s are counted and skipped.'
      : 'Columns are found by their header (Order Number, Paid Time, Paid Amount, Estimated Commission, Order Status…).';
  }

  /** Clears every problem shown (at the fields and in the box under "Check"). */
  function clearErrors() {
    ui.error.hidden = true;
    ui.error.replaceChildren();
    for (const name of ['template', 'text', 'file']) setFieldProblem(ui[name], ui[`${name}Problem`], null, 'cc');
  }

  /**
   * Shows a refusal at its field: the file (`where` 'file'); the template when it is about
   * the template (a missing macro, or a message naming it); a problem of the calculator's
   * card or incentive setting (`context()` threw it) in the box under "Check"; else the
   * pasted report or log. The sentence first, the code after.
   */
  function showError(e, where = null) {
    clearErrors();
    const problem = problemOf(e, 'error');
    const postback = ui.source.value === 'postback';
    const target =
      where ??
      (e?.context || fieldOf(problem, ['previousPeriodSales'])
        ? null
        : postback && (problem.code === 'missing_macro' || /template/i.test(problem.message))
          ? 'template'
          : 'text');
    if (target === null) {
      ui.error.replaceChildren(...problemText(problem.message, problem.code, 'cc-error-code'));
      ui.error.hidden = false;
      return;
    }
    setFieldProblem(ui[target], ui[`${target}Problem`], problem, 'cc');
  }

  function show(r) {
    const s = r.summary;
    const dl = [];
    const pair = (k, v) => dl.push(el('div', { class: 'cc-total' }, el('dt', { text: k }), el('dd', { text: v })));
    pair('Orders', String(s.orders));
    pair('Agree', String(s.agrees));
    pair('Differ', String(s.differs));
    if (s.reportOnly) pair('Only in the report', String(s.reportOnly));
    if (s.ordersOnly) pair('Only in your orders', String(s.ordersOnly));
    pair('Estimated (USD)', s.estimated);
    pair('Reported (USD)', s.reported);
    pair('Difference (USD)', s.difference);
    ui.totals.replaceChildren(...dl);
    ui.linesBody.replaceChildren(
      ...rowsWithRoles(r.lines.map((l) =>
        el(
          'tr',
          { class: `cc-rc-${l.status}` },
          el('td', { text: l.orderId }),
          el('td', { text: STATUS_TEXT[l.status] ?? l.status }),
          el('td', { class: 'cc-num', text: l.estimated ?? '—' }),
          el('td', { class: 'cc-num', text: l.reported ?? '—' }),
          el('td', { class: 'cc-num', text: l.difference ?? '—' }),
          el('td', { text: l.explanation ?? '' }),
          el('td', { text: l.assumptions.map((a) => a.message).join(' ') }),
        ),
      )),
    );
    ui.cardPart.hidden = r.suggestedCard === null;
    ui.card.value = r.suggestedCard === null ? '' : JSON.stringify(r.suggestedCard, null, 2);
    const skipped = s.input.unmatched + s.input.withoutOrderId;
    let note = '';
    if (skipped && s.input.source === 'orderReport') note = ` ${plural(skipped, 'row has', 'rows have')} no order number.`;
    else if (skipped) note = ` ${plural(skipped, 'line was', 'lines were')} not a call with an order id.`;
    if (s.input.totalsRows) note += ` ${plural(s.input.totalsRows, 'totals row was', 'totals rows were')} skipped.`;
    ui.status.textContent = `${plural(s.orders, 'order', 'orders')} checked: ${s.agrees} agree, ${s.differs} differ.${note}`;
    ui.results.hidden = false;
  }

  async function reconcile() {
    clearErrors();
    let api;
    try {
      api = await loadApi();
    } catch (e) {
      showError({ code: 'load_error', message: loadErrorMessage('commission calculator', e), context: true });
      throw e;
    }
    let settings;
    try {
      settings = context();
    } catch (e) {
      ui.results.hidden = true;
      ui.status.textContent = '';
      showError({ ...problemOf(e), context: true });
      return { error: { code: e.code, message: e.message } };
    }
    try {
      const input = ui.source.value === 'postback' ? { postbackTemplate: ui.template.value.trim(), postbackLog: ui.text.value } : { report: ui.text.value };
      const result = api.reconcileCommissions(input, settings);
      show(result);
      return result;
    } catch (e) {
      ui.results.hidden = true;
      ui.status.textContent = '';
      showError(e);
      return { error: { code: e.code, message: e.message } };
    }
  }

  ui.source.addEventListener('change', sourceChanged);
  ui.run.addEventListener('click', () => {
    reconcile().catch(() => {});
  });
  ui.file.addEventListener('change', async () => {
    const file = ui.file.files?.[0];
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      showError({ code: 'too_large', message: `${file.name} is larger than 20 MB.` }, 'file');
      return;
    }
    clearErrors();
    try {
      ui.text.value = await fileText(file);
    } catch (error) {
      showError(error, 'file');
      return;
    }
    if (/\.log$|\.txt$/i.test(file.name)) {
      ui.source.value = 'postback';
      sourceChanged();
    }
  });
  section.reconcile = reconcile;
  return section;
}
