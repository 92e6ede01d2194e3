// The stylesheet of <afflink-commission-calculator> (classes prefixed `cc-`), adopted by its shadow
// root next to the shared sheet of afflink-styles.js, whose `--_*` theme values it uses.

import { lazySheet } from '../shared/afflink-styles.js';

/** The name of each column of the results tables, shown before each cell on a phone. */
const COLUMNS = {
  'cc-lines': ['Line', 'Order id', 'Program', 'Qualifies', 'Rate', 'Commission (USD)', 'Period', 'Reasons or error'],
  'cc-periods': ['Program', 'Period', 'Orders', 'Qualifying amount (USD)', 'Commission (USD)', 'Adjustments (USD)', 'Net (USD)'],
  'cc-payouts': ['Program', 'Balance (USD)', 'Minimum (USD)', 'Fee (USD)', 'Withdrawable', 'Net (USD)', 'Note'],
  'cc-rc-lines': ['Order id', 'Result', 'Estimated (USD)', 'Reported (USD)', 'Difference', 'Why', 'Assumed'],
};

const COLUMN_LABELS = Object.entries(COLUMNS)
  .flatMap(([table, names]) => names.map((name, i) => `.${table} tbody > tr > :nth-child(${i + 1}) { --_label: ${JSON.stringify(name)}; }`))
  .join('\n');

export const commissionCalculatorSheet = lazySheet(`
.cc-part {
  margin-top: 1.25rem;
  padding-top: 1rem;
  border-top: 1px solid var(--_border);
}

.cc-title {
  margin: 0 0 0.25rem;
  font-size: 1.1rem;
}

.cc-subtitle {
  margin: 1rem 0 0.5rem;
  font-size: 1rem;
}

.cc-intro {
  margin: 0 0 0.75rem;
  color: var(--_muted);
}

.cc-label {
  display: block;
  font-weight: 600;
  margin-bottom: 0.2rem;
}

.cc-hint {
  margin: 0.2rem 0 0;
  color: var(--_muted);
  font-size: 0.85rem;
}

.cc-hint:empty {
  display: none;
}

.cc-muted {
  color: var(--_muted);
}

/* The one-order form and its estimate side by side when there is room. */

.cc-single-grid {
  display: grid;
  grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
  gap: 1.25rem;
  align-items: start;
}

@media (max-width: 64rem) {
  .cc-single-grid {
    grid-template-columns: minmax(0, 1fr);
  }
}

.cc-fields {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 13rem), 1fr));
  gap: 0.85rem 1rem;
}

.cc-field {
  min-width: 0;
}

.cc-field--wide {
  grid-column: 1 / -1;
}

.cc-field--wide .cc-input {
  max-width: 20rem;
}

.cc-input {
  display: block;
  width: 100%;
  font: inherit;
  padding: 0.4rem 0.55rem;
  color: var(--_text);
  background: var(--_field);
  border: 1px solid var(--_field-border);
  border-radius: var(--_radius);
}

.cc-input:disabled {
  opacity: 0.6;
}

.cc-input[aria-invalid="true"],
.cc-code-input[aria-invalid="true"] {
  border: 2px solid var(--_error-text);
  background: var(--_error-bg);
}

.cc-check {
  display: flex;
  align-items: flex-start;
  gap: 0.5rem;
  padding-top: 0.4rem;
}

.cc-check label {
  font-weight: 600;
}

.cc-checkbox {
  width: 1.15rem;
  height: 1.15rem;
  margin: 0.15rem 0 0;
  flex: none;
  accent-color: var(--_accent);
}

.cc-code-input {
  display: block;
  width: 100%;
  min-height: 8rem;
  resize: vertical;
  font-family: var(--_mono);
  font-size: 0.85rem;
  line-height: 1.45;
  padding: 0.5rem 0.6rem;
  color: var(--_text);
  background: var(--_field);
  border: 1px solid var(--_field-border);
  border-radius: var(--_radius);
}

.cc-error {
  margin: 0.75rem 0;
  padding: 0.75rem 1rem;
  background: var(--_error-bg);
  color: var(--_error-text);
  border-left: 4px solid currentColor;
  border-radius: var(--_radius);
  font-weight: 500;
  overflow-wrap: anywhere;
}

.cc-code {
  white-space: nowrap;
}

.cc-error .cc-code {
  color: inherit;
}

/* The estimate of one order. */

.cc-result-wrap {
  background: var(--_field);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  padding: 0.75rem 1rem;
  min-width: 0;
}

.cc-result-title {
  margin: 0 0 0.25rem;
  font-size: 0.85rem;
  text-transform: uppercase;
  letter-spacing: 0.04em;
  color: var(--_muted);
}

.cc-result[aria-busy="true"] {
  opacity: 0.65;
  transition: opacity 0.2s ease 0.1s;
}

.cc-result > p {
  margin: 0.35rem 0;
}

.cc-verdict {
  display: inline-block;
  font-weight: 700;
  padding: 0.1rem 0.65rem;
  border-radius: 999px;
}

.cc-verdict--yes {
  background: var(--_success-bg);
  color: var(--_success-text);
}

.cc-verdict--no {
  background: var(--_error-bg);
  color: var(--_error-text);
}

.cc-verdict--error {
  background: var(--_caution-bg);
  color: var(--_caution-text);
}

.cc-headline {
  font-size: 1.1rem;
}

.cc-headline .cc-commission {
  font-size: 1.6rem;
  font-weight: 700;
  font-variant-numeric: tabular-nums;
}

.cc-headline-label {
  color: var(--_muted);
}

.cc-headline-rate {
  color: var(--_muted);
}

.cc-headline .cc-rate {
  font-weight: 700;
  color: var(--_text);
}

.cc-reasons-title {
  font-weight: 600;
}

.cc-reasons {
  margin: 0.25rem 0 0.5rem;
  padding-left: 1.2rem;
}

.cc-reasons li {
  margin: 0.15rem 0;
}

.cc-refusal p {
  margin: 0.35rem 0;
}

.cc-refusal-message {
  overflow-wrap: anywhere;
}

.cc-period-dates {
  font-weight: 600;
  font-variant-numeric: tabular-nums;
}

.cc-card-used {
  font-size: 0.85rem;
}

.cc-assumptions-title,
.cc-warnings-title {
  margin: 0.5rem 0 0;
  font-weight: 600;
}

.cc-assumptions-list,
.cc-warnings-list,
.cc-notes,
.cc-payout-notes {
  margin: 0.25rem 0 0.5rem;
  padding-left: 1.2rem;
  overflow-wrap: anywhere;
}

.cc-assumptions--none {
  font-size: 0.85rem;
}

/* Tables. */

.cc-table-wrap {
  overflow-x: auto;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  margin: 0.75rem 0;
  background: var(--_surface);
}

.cc-table-wrap--tall {
  max-height: 36rem;
  overflow-y: auto;
}

/* The orders table (see the shared sheet: grid rows in chunks): line, order id, program,
   qualifies, rate, commission, period, reasons or error. */
.cc-lines {
  --_table-min: 64rem;
  --_table-columns: 4.5rem minmax(8rem, 1fr) 7.5rem 6.5rem 5.5rem 8.5rem 11rem minmax(14rem, 2fr);
}

.cc-table th,
.cc-table td {
  text-align: left;
  vertical-align: top;
  padding: 0.4rem 0.75rem;
  border-top: 1px solid var(--_border);
}

.cc-table thead th {
  background: var(--_subtle);
  white-space: nowrap;
  position: sticky;
  top: 0;
  z-index: 1;
}

.cc-table .cc-num {
  text-align: right;
  font-variant-numeric: tabular-nums;
  white-space: nowrap;
}

.cc-table tbody th {
  font-weight: 400;
}

.cc-breakdown {
  margin: 0.5rem 0;
  background: var(--_surface);
  border: 1px solid var(--_border);
}

.cc-breakdown caption {
  padding: 0 0 0.25rem;
}

.cc-breakdown tfoot th,
.cc-breakdown tfoot td {
  font-weight: 700;
  border-top: 2px solid var(--_text);
}

.cc-line--cap .cc-line-amount {
  color: var(--_error-text);
}

.cc-nowrap {
  white-space: nowrap;
}

.cc-line-no {
  color: var(--_muted);
}

.cc-id {
  font-family: var(--_mono);
  font-size: 0.85rem;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  unicode-bidi: isolate;
}

.cc-order-id {
  min-width: 8rem;
  max-width: 18rem;
}

.cc-why {
  min-width: 18rem;
  max-width: 34rem;
}

.cc-why .cc-reasons {
  margin: 0;
  padding-left: 1rem;
}

.cc-badge {
  display: inline-block;
  white-space: nowrap;
  font-weight: 600;
  font-size: 0.82rem;
  padding: 0.05rem 0.5rem;
  border-radius: 999px;
}

.cc-badge--yes {
  background: var(--_success-bg);
  color: var(--_success-text);
}

.cc-badge--no {
  background: var(--_error-bg);
  color: var(--_error-text);
}

.cc-badge--error {
  background: var(--_caution-bg);
  color: var(--_caution-text);
}

.cc-flag {
  color: var(--_warning-text);
  background: var(--_warning-bg);
  border-left: 3px solid var(--_warning-border);
  padding: 0.1rem 0.4rem;
  border-radius: 3px;
  box-decoration-break: clone;
}

/* The rate card disclosure. */

.cc-card {
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  background: var(--_field);
}

.cc-card-summary {
  cursor: pointer;
  padding: 0.6rem 0.9rem;
  font-weight: 600;
}

.cc-card-name {
  font-weight: 400;
}

.cc-card-badge {
  display: inline-block;
  font-size: 0.8rem;
  padding: 0 0.5rem;
  border-radius: 999px;
  background: var(--_warning-bg);
  color: var(--_warning-text);
  border: 1px solid var(--_warning-border);
}

.cc-card-badge--error {
  background: var(--_error-bg);
  color: var(--_error-text);
  border-color: currentColor;
}

.cc-card-body {
  padding: 0 0.9rem 0.9rem;
}

.cc-card-program {
  max-width: 16rem;
  margin-bottom: 0.75rem;
}

.cc-meta {
  display: grid;
  grid-template-columns: max-content minmax(0, 1fr);
  gap: 0.25rem 1rem;
  margin: 0 0 0.75rem;
  font-size: 0.9rem;
}

.cc-meta dt {
  font-weight: 600;
}

.cc-meta dd {
  margin: 0;
}

.cc-card-status {
  margin: 0;
  color: var(--_muted);
}

/* Many orders. */

.cc-bulk-options {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr));
  gap: 0.85rem 1.25rem;
  margin-top: 0.75rem;
}

.cc-bulk-options .cc-input {
  max-width: 16rem;
}

.cc-file {
  font: inherit;
  max-width: 100%;
}

.cc-bulk-status,
.cc-rc-status {
  margin: 0.5rem 0;
  font-weight: 600;
}

.cc-bulk-status:empty,
.cc-rc-status:empty {
  display: none;
}

.cc-bulk-results[aria-busy="true"] {
  opacity: 0.65;
}

/* "Check against your report" (afflink-commission-reconcile.js) */

.cc-rc-totals,
.cc-totals {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
  gap: 0.5rem;
  margin: 0;
}

.cc-total {
  padding: 0.5rem 0.75rem;
  background: var(--_field);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
}

.cc-total dt {
  font-size: 0.85rem;
  color: var(--_muted);
}

.cc-total dd {
  margin: 0;
  font-size: 1.25rem;
  font-weight: 700;
  font-variant-numeric: tabular-nums;
  overflow-wrap: anywhere;
}

/* The gist of the one-order estimate, kept in sight where the form and the estimate are one
   column (a phone: the estimate is ~1,000 px below the amount): stuck to the bottom of the
   screen while the form is on it. */
.cc-live { display: none; }
.cc-live-label { font-weight: 700; }
.cc-live-text { flex: 1 1 12rem; min-width: 0; font-weight: 600; }
.cc-live[data-state="yes"] { border-left-color: var(--_success-text); }
.cc-live[data-state="no"], .cc-live[data-state="error"] { border-left-color: var(--_error-text); }
.cc-live-more {
  margin-left: auto; font: inherit; font-size: 0.9rem; padding: 0.15rem 0.6rem; cursor: pointer;
  border-radius: var(--_radius); border: 1px solid var(--_accent); background: var(--_surface); color: var(--_accent);
}

@media (max-width: 64rem) {
  .cc-live {
    display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem 0.5rem;
    position: sticky; bottom: 0; z-index: 2; margin: 0.75rem 0 0; padding: 0.35rem 0.6rem;
    font-size: 0.95rem; overflow-wrap: anywhere; background: var(--_surface); color: var(--_text);
    border: 1px solid var(--_border); border-left: 4px solid var(--_accent); border-radius: var(--_radius);
    box-shadow: 0 -2px 10px rgb(0 0 0 / 0.15);
  }
}

.cc-meta dd { overflow-wrap: anywhere; }

/* Phone layout of the results tables (the shared sheet's afflink-stacked, under a 40rem box):
   each row a block, each cell led by its column's name (--_label, set per column below). The
   periods, payouts and report tables are real tables, made blocks here; the orders table is
   grid rows already. */
${COLUMN_LABELS}

@container (max-width: 40rem) {
  .cc-table.afflink-stacked, .cc-table.afflink-stacked > caption, .cc-table.afflink-stacked > tbody { display: block; }
  .cc-table.afflink-stacked tr { display: grid; }
  .cc-table.afflink-stacked :is(td, th) { display: block; white-space: normal; }
  .cc-table.afflink-stacked :is(.cc-num, .cc-nowrap) { white-space: normal; }
  .cc-lines :is(.cc-why, .cc-order-id) { min-width: 0; max-width: none; }
}

@media (max-width: 40rem) {
  .cc-label--spacer {
    display: none;
  }

  .cc-check {
    padding-top: 0;
  }
}
`);
