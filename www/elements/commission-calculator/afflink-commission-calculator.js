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
// This module is the element itself: its API, loading the package and putting the parts
// together. The parts, in this folder: the rate-card editor (afflink-commission-card-editor.js),
// the one-order form (afflink-commission-single.js), many orders (afflink-commission-bulk.js),
// the check against a report (afflink-commission-reconcile.js) and what they share
// (afflink-commission-common.js). They share one object, `calc` (see the common module).
//
// API
//   el.estimate()       estimates the order in the form now; resolves to
//                       { estimate } or { error: { code, message } } (see pkg/afflink.d.ts),
//                       or { empty: true } while every text field of the form is empty
//   el.csv              get/set the text of the CSV box
//   el.estimateAll()    estimates every CSV row in one call; resolves to the report
//                       { lines, summary } or { error: { code, message } }
//   Both reject only when the WebAssembly module cannot be loaded (the page then says so).
//   The module also exports `parseCsv(text)`, the shared RFC 4180 reader (afflink-csv.js).
//
// The WebAssembly module is loaded when the element is first connected. If it cannot be
// loaded, the element says so in the page; the next estimate tries again.

import { commissionCalculatorSheet } from './afflink-commission-calculator-styles.js';
import { attachStyledShadow } from '../shared/afflink-styles.js';
import { el, loadApi, loadErrorMessage } from '../shared/afflink-ui.js';
import { BulkOrders } from './afflink-commission-bulk.js';
import { CardEditor } from './afflink-commission-card-editor.js';
import { renderReconcile } from './afflink-commission-reconcile.js';
import { EMPTY_FORM, SingleOrder } from './afflink-commission-single.js';

export { parseCsv } from '../shared/afflink-csv.js';

let instances = 0;

export class AfflinkCommissionCalculator extends HTMLElement {
  #rendered = false;
  /** What the parts share: { id, ui, root, api, ensureApi, card, single, bulk }. */
  #calc = null;
  #pendingCsv = null;
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
    if (!this.#calc) return;
    this.#calc.single.stop();
    this.#calc.bulk.stop();
  }

  /** The text of the CSV box. */
  get csv() {
    return this.#rendered ? this.#calc.ui.csv.value : (this.#pendingCsv ?? '');
  }

  set csv(text) {
    const s = text == null ? '' : String(text);
    if (this.#rendered) this.#calc.ui.csv.value = s;
    else this.#pendingCsv = s;
  }

  /** Estimates the order in the form now and shows the result. */
  async estimate() {
    if (!this.#rendered) this.#render();
    return this.#calc.single.runNow();
  }

  /** Estimates every row of the CSV box in one call and shows the lines and totals. */
  async estimateAll() {
    if (!this.#rendered) this.#render();
    return this.#calc.bulk.runNow();
  }

  #render() {
    this.#rendered = true;
    const calc = { id: `afflink-cc-${++instances}`, ui: {}, root: this.#root, api: null, ensureApi: () => this.#ensureApi() };
    calc.card = new CardEditor(calc);
    calc.single = new SingleOrder(calc);
    calc.bulk = new BulkOrders(calc);
    this.#calc = calc;
    const ui = calc.ui;

    ui.loadError = el('p', { class: 'cc-error', role: 'alert', hidden: true });

    this.#root.replaceChildren(ui.loadError, calc.card.render(), calc.single.render(), calc.bulk.render(), renderReconcile(calc.id, () => calc.bulk.context()));

    if (this.#pendingCsv !== null) ui.csv.value = this.#pendingCsv;
    this.#pendingCsv = null;
    calc.single.fill(EMPTY_FORM);
    calc.single.updateProgramDependentFields();
  }

  // ---------------------------------------------------------------------------------------
  // Loading

  #preload() {
    const { ui } = this.#calc;
    loadApi().then(
      (api) => {
        this.#hideLoadError();
        this.#apiReady(api);
      },
      (error) => {
        this.#showLoadError(error);
        ui.card.value = 'The rate cards could not be loaded.';
        ui.result.removeAttribute('aria-busy');
        ui.result.replaceChildren(el('p', { class: 'cc-muted', text: 'No estimate: the calculator could not start.' }));
        this.#calc.single.failed();
      },
    );
  }

  #apiReady(api) {
    const calc = this.#calc;
    if (calc.api) return;
    calc.api = api;
    calc.card.apiReady(api);
    calc.card.show(calc.ui.program.value);
    calc.single.updateProgramDependentFields();
    calc.single.schedule(0);
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
    const { ui } = this.#calc;
    ui.loadError.textContent = loadErrorMessage('commission calculator', error);
    ui.loadError.hidden = false;
  }

  #hideLoadError() {
    const { ui } = this.#calc;
    ui.loadError.hidden = true;
    ui.loadError.textContent = '';
  }
}
