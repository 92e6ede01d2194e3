// The rate-card editor of <afflink-commission-calculator>: the "Rate card in use" disclosure.
// It holds, per program, the shipped card chosen as the base (the documented minimum by
// default), the text of the card box and what that text amounts to (the default, an edit
// merged over the base, or a card that cannot be used), and shows the card's name, source and
// note. `forContext(program)` is what the estimator is given; the one-order form and many
// orders read it. An edit is merged over its base by the core's RFC 7396 merge, through the
// package (`mergeRateCard`), as the CLI and the library merge a user's partial card. A card
// that cannot be used is refused at the box (`aria-invalid`, the message under it).
//
// Every user string is set with textContent (see afflink-commission-calculator.js).

import { el, fieldProblemSlot, setFieldProblem } from '../shared/afflink-ui.js';
import { DEFAULT_CARD, PROGRAMS, isObject, problemOf } from './afflink-commission-common.js';

export class CardEditor {
  #calc;
  /** The chosen shipped card's JSON text and object per program, once the API is loaded. */
  #defaultText = {};
  #defaultCard = {};
  /** The chosen shipped card per program (the documented minimum by default). */
  names = { ...DEFAULT_CARD };
  /** The shipped cards: [{name, program, default, title, note}]. */
  #shipped = [];
  /** The card box's text per program; null while it is the default. */
  #cardText = { aliexpress: null, alibaba: null };
  /** Per program: { patch } for an edited card, { error } for a bad one, {} for the default. */
  states = { aliexpress: {}, alibaba: {} };
  #view = 'aliexpress';

  constructor(calc) {
    this.#calc = calc;
  }

  render() {
    const { id, ui } = this.#calc;
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
    // A card that cannot be used: its message right under the box (setFieldProblem).
    ui.cardProblem = fieldProblemSlot(`${id}-card-problem`);

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
        ui.cardProblem,
        el('div', { class: 'cc-actions' }, ui.cardReset, ui.cardStatus),
      ),
    );

    ui.cardProgram.addEventListener('change', () => this.show(ui.cardProgram.value));
    ui.card.addEventListener('input', () => this.#edited());
    ui.cardReset.addEventListener('click', () => {
      const program = this.#view;
      this.#cardText[program] = null;
      this.states[program] = {};
      this.show(program);
      this.changed();
      ui.cardStatus.textContent = `Reset to the default ${PROGRAMS[program]} card.`;
    });
    return ui.details;
  }

  /** The package is loaded: the shipped cards are listed and the chosen ones read. */
  apiReady(api) {
    const { ui } = this.#calc;
    this.#shipped = api.rateCards();
    for (const program of Object.keys(PROGRAMS)) this.choose(program, this.names[program]);
    ui.card.disabled = false;
    ui.cardReset.disabled = false;
  }

  /** Makes a shipped card the base of `program` (its edits are dropped). */
  choose(program, name) {
    const { api } = this.#calc;
    this.names[program] = name;
    if (!api) return;
    this.#defaultCard[program] = api.rateCard(name);
    this.#defaultText[program] = JSON.stringify(this.#defaultCard[program], null, 2);
    this.#cardText[program] = null;
    this.states[program] = {};
    this.fillSelect();
  }

  /** The "Rate card" select lists the shipped cards of the form's program. */
  fillSelect() {
    const { ui } = this.#calc;
    const program = ui.program.value;
    const cards = this.#shipped.filter((c) => c.program === program);
    ui.cardName.replaceChildren(
      ...cards.map((c) => el('option', { value: c.name, text: c.default ? `Documented minimum (default): ${c.name}` : `${c.name}: ${c.title}` })),
    );
    ui.cardName.value = this.names[program];
    const chosen = cards.find((c) => c.name === this.names[program]);
    ui.cardNameHint.textContent = chosen ? chosen.note : '';
  }

  /** What the estimator is given for `program`: nothing (the default), a card name, or the edited card. */
  forContext(program) {
    const state = this.states[program];
    if (state.patch) return this.#calc.api.mergeRateCard(this.#defaultCard[program], state.patch);
    return this.names[program] === DEFAULT_CARD[program] ? null : this.names[program];
  }

  /** Shows the card box of `program` (its edited text, or the default). */
  show(program) {
    const { ui, api } = this.#calc;
    this.#view = program;
    ui.cardProgram.value = program;
    if (api) ui.card.value = this.#cardText[program] ?? this.#defaultText[program];
    this.showState();
  }

  /** The card as the estimator will see it, merged for display; the default when not edited. */
  effective(program) {
    const base = this.#defaultCard[program];
    const state = this.states[program];
    if (!base) return null;
    return state.patch ? this.#calc.api.mergeRateCard(base, state.patch) : base;
  }

  showState() {
    const { ui } = this.#calc;
    const program = this.#view;
    const state = this.states[program];
    const card = this.effective(program);
    if (card) {
      const asOf = typeof card.asOf === 'string' && card.asOf ? ` (as of ${card.asOf})` : ' (no source gives a date)';
      ui.metaName.textContent = typeof card.name === 'string' ? card.name : '—';
      ui.metaSource.textContent = `${typeof card.source === 'string' ? card.source : '—'}${asOf}`;
      ui.metaNote.textContent = typeof card.note === 'string' && card.note ? card.note : '—';
    }
    // The summary names the card of the program in the form, which is the one in use.
    const formProgram = ui.program.value;
    const inUse = this.effective(formProgram);
    ui.cardSummaryName.textContent = inUse && typeof inUse.name === 'string' ? inUse.name : PROGRAMS[formProgram];
    const formState = this.states[formProgram];
    ui.cardSummaryState.hidden = !formState.patch && !formState.error;
    ui.cardSummaryState.textContent = formState.error ? 'invalid' : 'edited';
    ui.cardSummaryState.classList.toggle('cc-card-badge--error', Boolean(formState.error));

    setFieldProblem(ui.card, ui.cardProblem, state.error ?? null, 'cc');
    if (state.error) {
      ui.cardStatus.textContent = 'This card cannot be used until it is fixed.';
    } else {
      const base = this.names[program] === DEFAULT_CARD[program] ? `the default ${PROGRAMS[program]} card (documented minimum)` : `the ${this.names[program]} card`;
      ui.cardStatus.textContent = state.patch ? `Your edits are in use, merged over ${base}.` : `In use: ${base}.`;
    }
  }

  #edited() {
    const program = this.#view;
    const text = this.#calc.ui.card.value;
    this.#cardText[program] = text === this.#defaultText[program] ? null : text;
    this.states[program] = this.#check(program, this.#cardText[program]);
    this.showState();
    this.changed();
  }

  /** Reads the text of a card box: {} for the default, { patch } or { error }. */
  #check(program, text) {
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
      this.#calc.api.estimateCommissions([], { rateCards: [this.#calc.api.mergeRateCard(this.#defaultCard[program], patch)] });
    } catch (error) {
      return { error: problemOf(error, 'invalid_rate_card') };
    }
    return { patch };
  }

  /** A card changed (chosen, edited, reset): both estimates follow. */
  changed() {
    const { single, bulk } = this.#calc;
    single.updateProgramDependentFields();
    single.schedule();
    bulk.contextChanged();
  }
}
