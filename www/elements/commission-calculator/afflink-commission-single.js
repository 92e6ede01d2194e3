// The one-order form of <afflink-commission-calculator>: the order's fields, "Fill in the
// worked example", and its estimate as the user types (a verdict, the commission and rate,
// failed rules, the breakdown, warnings, assumptions and the calculation period). A refusal
// is shown at the field it names (`aria-invalid`, the message under the field, linked by
// `aria-describedby`) and summarised beside the form; a warning about a field (`country_alias`,
// `session_tracking`) is shown at that field as a warning. A field is only marked once the
// user has typed in it or left it (or it holds a value). Where the form and the estimate are
// one column (a phone), a line stuck to the bottom of the screen keeps the estimate's gist in
// sight. The form opens empty and asks for an order until one is typed. The rate card comes
// from the card editor (afflink-commission-card-editor.js).
//
// Every user string is set with textContent (see afflink-commission-calculator.js).

import { el, fieldProblemSlot, plural, setFieldProblem } from '../shared/afflink-ui.js';
import { DEBOUNCE_MS, PROGRAMS, DEFAULT_CARD, field, fieldOf, headings, isObject, notesList, problemOf, problemText, select, textInput } from './afflink-commission-common.js';

/** The controls of the one-order form, named as the fields the estimator's messages name. */
const CONTROLS = ['program', 'cardName', 'amount', 'category', 'buyer', 'country', 'status', 'paidDate', 'completedDate', 'clickDate', 'spam', 'previousPeriodSales'];

/** The card of the program's worked example (its 14% new-buyer rate is an example figure). */
const EXAMPLE_CARD = 'aliexpress-example-2016';

/** The form as it opens: nothing typed, no previous-period sales. */
export const EMPTY_FORM = {
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

export class SingleOrder {
  #calc;
  #timer = 0;
  #seq = 0;
  /** The fields the user has typed in or left: only these (and filled ones) are marked. */
  #touched = new Set();
  /** The last outcome shown ({ estimate } or { error, field }), to mark fields once touched. */
  #last = null;

  constructor(calc) {
    this.#calc = calc;
  }

  render() {
    const calc = this.#calc;
    const { id, ui } = calc;
    ui.categories = el('datalist', { id: `${id}-categories` });

    const fields = el(
      'div',
      { class: 'cc-fields' },
      field(calc, 'program', 'Program', select(Object.entries(PROGRAMS))),
      field(calc, 'cardName', 'Rate card', select([]), 'The default is the documented minimum: only figures the program documents for every publisher.'),
      field(calc, 'amount', 'Amount (USD)', textInput({ inputmode: 'decimal', placeholder: '19.99' }), 'After discounts, without shipping.'),
      field(calc, 'category', 'Category', textInput({ list: ui.categories.id }), ''),
      field(calc, 'buyer', 'Buyer', select([['new', 'New buyer'], ['returning', 'Returning buyer']])),
      field(calc, 'country', 'Buyer country', textInput({ autocapitalize: 'characters', size: 4, placeholder: 'US' }), 'Two letters (ISO 3166-1), such as US or GB. Required for Alibaba.com.'),
      field(
        calc,
        'status',
        'Order status',
        select([
          ['completed', 'Completed'],
          ['not completed', 'Not completed'],
        ]),
        '“Trade Completed” is completed; pending, shipped or closed are not.',
      ),
      field(calc, 'paidDate', 'Paid date', textInput({ inputmode: 'numeric', placeholder: 'YYYY-MM-DD' }), 'YYYY-MM-DD; decides the calculation period.'),
      field(calc, 'completedDate', 'Completed date', textInput({ inputmode: 'numeric', placeholder: 'YYYY-MM-DD' }), 'YYYY-MM-DD; needed for a completed order.'),
      field(calc, 'clickDate', 'Click date (optional)', textInput({ inputmode: 'numeric', placeholder: 'YYYY-MM-DD' }), 'YYYY-MM-DD; starts the cookie window.'),
      this.#spamField(),
      field(calc, 'previousPeriodSales', "Previous period's sales (USD)", textInput({ inputmode: 'decimal', placeholder: '0' }), '', { wide: true }),
      ui.categories,
    );

    ui.example = el('button', { type: 'button', class: 'cc-button', text: 'Fill in the worked example' });
    // Where the form and its estimate are one column (a phone), the estimate is ~1,000 px
    // below the amount: this line keeps its gist in sight, stuck to the bottom of the screen
    // while the form is on it. Not a live region: the estimate itself is.
    ui.liveText = el('span', { class: 'cc-live-text', text: 'loading…' });
    ui.liveMore = el('button', { type: 'button', class: 'cc-live-more', text: 'Details' });
    ui.live = el('div', { class: 'cc-live', 'data-state': 'empty' }, el('span', { class: 'cc-live-label', text: 'Estimate: ' }), ui.liveText, ' ', ui.liveMore);
    ui.form = el(
      'form',
      { class: 'cc-form', noValidate: true, 'aria-labelledby': `${id}-single-title` },
      fields,
      el('div', { class: 'cc-actions' }, ui.example),
      ui.live,
    );

    ui.result = el(
      'div',
      { class: 'cc-result', id: `${id}-result`, 'aria-live': 'polite', 'aria-busy': 'true' },
      el('p', { class: 'cc-muted', text: 'Loading the calculator…' }),
    );

    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.runNow();
    });
    ui.form.addEventListener('input', (event) => {
      this.#touch(event.target);
      this.#formChanged(event);
    });
    ui.form.addEventListener('change', (event) => this.#formChanged(event));
    ui.form.addEventListener('focusout', (event) => {
      if (this.#touch(event.target)) this.#markFields();
    });
    ui.liveMore.addEventListener('click', () => {
      ui.result.parentElement.scrollIntoView({ block: 'start', behavior: 'smooth' });
    });
    ui.example.addEventListener('click', () => {
      this.fill(WORKED_EXAMPLE);
      calc.card.choose('aliexpress', EXAMPLE_CARD);
      calc.card.show('aliexpress');
      this.updateProgramDependentFields();
      this.schedule();
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
    const { id, ui } = this.#calc;
    const box = el('input', { type: 'checkbox', class: 'cc-checkbox', id: `${id}-spam` });
    ui.spam = box;
    const wrap = el(
      'div',
      { class: 'cc-field cc-field--spam cc-field--check' },
      el('span', { class: 'cc-label cc-label--spacer', 'aria-hidden': 'true', text: '\u00a0' }),
      el('div', { class: 'cc-check' }, box, el('label', { htmlFor: box.id, text: 'Spam (flagged by the program)' })),
      (ui.spamProblem = fieldProblemSlot(`${box.id}-problem`)),
    );
    ui.spamField = wrap;
    return wrap;
  }

  /** Notes that the user typed in or left a field; true when it is new. */
  #touch(target) {
    const name = CONTROLS.find((n) => this.#calc.ui[n] === target);
    if (!name || this.#touched.has(name)) return false;
    this.#touched.add(name);
    return true;
  }

  /** Sets the form's controls from `values` (field name to value). */
  fill(values) {
    const { ui } = this.#calc;
    for (const [name, value] of Object.entries(values)) {
      if (name === 'spam') ui.spam.checked = Boolean(value);
      else ui[name].value = value;
    }
  }

  #formChanged(event) {
    const { ui, card } = this.#calc;
    if (event.target === ui.program && event.type === 'change') {
      card.fillSelect();
      card.show(ui.program.value);
      this.updateProgramDependentFields();
    }
    if (event.target === ui.cardName && event.type === 'change') {
      const program = ui.program.value;
      card.choose(program, ui.cardName.value);
      card.show(program);
      card.changed();
      return;
    }
    this.schedule();
  }

  /** The category list, the hints and the incentive field follow the program's card. */
  updateProgramDependentFields() {
    const { ui, card: editor } = this.#calc;
    const program = ui.program.value;
    const card = editor.effective(program);
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
    editor.showState();
  }

  /** Estimates after a pause (the user is typing). */
  schedule(delay = DEBOUNCE_MS) {
    const { ui } = this.#calc;
    ui.result.setAttribute('aria-busy', 'true');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#run().catch(() => {});
    }, delay);
  }

  stop() {
    clearTimeout(this.#timer);
  }

  /** Estimates now (`el.estimate()`). */
  runNow() {
    clearTimeout(this.#timer);
    return this.#run();
  }

  /** The order in the form: blank fields are left out; text is trimmed but otherwise as typed. */
  #readForm() {
    const { ui } = this.#calc;
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

  async #run() {
    const seq = ++this.#seq;
    const { ui, card: editor } = this.#calc;
    ui.result.setAttribute('aria-busy', 'true');
    let api;
    try {
      api = await this.#calc.ensureApi();
    } catch (error) {
      if (seq === this.#seq) {
        ui.result.removeAttribute('aria-busy');
        ui.result.replaceChildren(el('p', { class: 'cc-muted', text: 'No estimate: the calculator could not start.' }));
        this.failed();
      }
      throw error;
    }
    if (seq !== this.#seq) return { superseded: true };

    const { program, order, context, empty } = this.#readForm();
    let outcome;
    const card = editor.states[program];
    if (empty) {
      this.#last = null;
      this.#markFields();
      ui.result.replaceChildren(
        el('p', { class: 'cc-muted cc-empty', text: 'Type an order (amount and dates) to see its estimate, or fill in the worked example.' }),
      );
      this.#setLive('empty', 'type an amount and dates.');
      ui.result.removeAttribute('aria-busy');
      return { empty: true };
    }
    if (card.error) {
      outcome = {
        error: { code: card.error.code, message: `The ${PROGRAMS[program]} rate card cannot be used: ${card.error.message}` },
        field: 'card',
      };
    } else {
      const chosen = editor.forContext(program);
      if (chosen) context.rateCards = [chosen];
      try {
        outcome = { estimate: api.estimateCommission(order, context) };
      } catch (error) {
        const problem = problemOf(error);
        outcome = { error: problem, field: fieldOf(problem, CONTROLS) };
      }
    }
    this.#show(outcome, program);
    ui.result.removeAttribute('aria-busy');
    return outcome.error ? { error: outcome.error } : { estimate: outcome.estimate };
  }

  /** The field may show a problem: the user typed in it or left it, or it holds a value. */
  #markable(name) {
    const control = this.#calc.ui[name];
    return this.#touched.has(name) || control.localName === 'select' || control.type === 'checkbox' || control.value.trim() !== '';
  }

  /**
   * Shows the last outcome's problems at their fields: the refusal at the field it names (an
   * error), each warning at the field it is about (a warning); clears the others. A field the
   * user has not reached yet (empty, never typed in or left) is not marked.
   */
  #markFields() {
    const { ui } = this.#calc;
    const out = this.#last;
    const problems = new Map();
    if (out && out.error && CONTROLS.includes(out.field)) problems.set(out.field, out.error);
    if (out && out.estimate) {
      for (const w of out.estimate.warnings) {
        const name = fieldOf(w, CONTROLS);
        if (name && !problems.has(name)) problems.set(name, { ...w, severity: 'warning' });
      }
    }
    for (const name of CONTROLS) {
      const problem = problems.get(name);
      setFieldProblem(ui[name], ui[`${name}Problem`], problem && this.#markable(name) ? problem : null, 'cc');
    }
  }

  /** The line that keeps the estimate in sight on a phone (see `render`). */
  #setLive(state, text) {
    const { ui } = this.#calc;
    ui.live.dataset.state = state;
    ui.liveText.textContent = text;
  }

  /** No estimate: the package could not be loaded. */
  failed() {
    this.#setLive('error', 'none, the calculator could not start.');
  }

  #show(outcome, program) {
    const { id, ui, root, card: editor } = this.#calc;
    const labelOf = (name) => (ui[name] ? root.querySelector(`label[for="${ui[name].id}"]`)?.textContent : null);
    if (outcome.error) {
      const { code, message } = outcome.error;
      const field = outcome.field === 'card' || CONTROLS.includes(outcome.field) ? outcome.field : null;
      this.#last = outcome;
      this.#markFields();
      this.#setLive('error', field === 'card' ? 'none, the rate card cannot be used.' : field ? `none, check “${labelOf(field) ?? field}”.` : 'none, this order cannot be estimated.');
      const refusal = el(
        'div',
        { class: 'cc-refusal', id: `${id}-refusal` },
        el('p', { class: 'cc-verdict cc-verdict--error', text: 'Cannot estimate this order' }),
        el('p', { class: 'cc-refusal-message' }, ...problemText(message, code, 'cc-error-code')),
      );
      if (field === 'card') {
        refusal.append(el('p', { class: 'cc-muted', text: 'Fix the card under “Rate card in use”, or reset it to the default.' }));
      } else if (field) {
        refusal.append(el('p', { class: 'cc-muted', text: `Check the field “${labelOf(field) ?? field}”.` }));
      }
      ui.result.replaceChildren(refusal);
      return;
    }
    this.#last = outcome;
    this.#markFields();
    const e = outcome.estimate;
    this.#setLive(e.qualifies ? 'yes' : 'no', e.qualifies ? `${e.commission} USD at ${e.ratePercent}%, qualifies.` : `${e.commission} USD, does not qualify.`);
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
          ...e.reasons.map((r) => el('li', { class: 'cc-reason' }, ...problemText(r.message, r.code, 'cc-reason-code'))),
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
    const card = editor.states[program];
    const base = editor.names[program] === DEFAULT_CARD[program] ? `the ${PROGRAMS[program]} default (documented minimum)` : editor.names[program];
    parts.push(el('p', { class: 'cc-muted cc-card-used', text: card.patch ? `Rate card: yours, merged over ${base}.` : `Rate card: ${base}.` }));
    ui.result.replaceChildren(...parts);
  }
}
