// The stylesheet of <afflink-link-builder> (classes prefixed `lb-`), adopted by its shadow
// root next to the shared sheet of afflink-styles.js, whose `--_*` theme values it uses.

import { lazySheet } from '../shared/afflink-styles.js';

export const linkBuilderSheet = lazySheet(`
.lb-layout {
  display: grid;
  grid-template-columns: minmax(0, 1fr);
  gap: 1rem 1.75rem;
}

@media (min-width: 64rem) {
  .lb-layout {
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    align-items: start;
  }

  .lb-output {
    position: sticky;
    top: 1rem;
  }
}

.lb-fieldset {
  margin: 0 0 0.9rem;
  padding: 0.5rem 0.9rem 0.75rem;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  min-width: 0;
}

.lb-legend {
  font-weight: 600;
  padding: 0 0.3rem;
}

.lb-program {
  padding-bottom: 0.5rem;
}

.lb-choices {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem;
}

.lb-choice {
  display: inline-flex;
  align-items: center;
  gap: 0.45rem;
  padding: 0.35rem 0.9rem 0.35rem 0.6rem;
  border: 1px solid var(--_border);
  border-radius: 999px;
  cursor: pointer;
  font-weight: 600;
}

.lb-choice:has(input:checked) {
  border-color: var(--_accent);
  background: var(--_subtle);
  color: var(--_accent);
}

.lb-choice input {
  margin: 0;
  accent-color: var(--_accent);
}

.lb-field {
  margin: 0 0 0.9rem;
}

.lb-hint {
  margin: 0 0 0.35rem;
  color: var(--_muted);
  font-size: 0.9rem;
}

.lb-input,
.lb-textarea,
.lb-link {
  display: block;
  width: 100%;
  font-family: var(--_mono);
  font-size: 0.9rem;
  line-height: 1.45;
  padding: 0.45rem 0.6rem;
  color: var(--_text);
  background: var(--_field);
  border: 1px solid var(--_field-border);
  border-radius: var(--_radius);
}

.lb-input::placeholder {
  color: var(--_muted);
  opacity: 0.75;
}

.lb-textarea {
  min-height: 7rem;
  resize: vertical;
}

.lb-params {
  display: grid;
  grid-template-columns: repeat(2, minmax(0, 1fr));
  gap: 0.5rem 0.75rem;
}

@media (min-width: 36rem) {
  .lb-params--aliexpress {
    grid-template-columns: repeat(4, minmax(0, 1fr));
  }

  .lb-params--alibaba {
    grid-template-columns: repeat(3, minmax(0, 1fr));
  }
}

.lb-field--param {
  margin: 0;
}

.lb-field--param .lb-label {
  font-size: 0.9rem;
}

.lb-field--short .lb-input {
  max-width: 16rem;
}

.lb-read-as {
  display: block;
  margin-top: 0.2rem;
  color: var(--_muted);
  font-size: 0.85rem;
}

.lb-read-as:empty {
  display: none;
}

.lb-helper {
  margin: -0.4rem 0 0.9rem;
  border-left: 3px solid var(--_border);
  padding-left: 0.75rem;
}

.lb-helper-summary {
  cursor: pointer;
  color: var(--_accent);
  font-weight: 600;
  padding: 0.2rem 0;
}

.lb-helper[open] .lb-helper-summary {
  margin-bottom: 0.5rem;
}

.lb-helper .lb-actions {
  margin-top: 0;
}

.lb-helper-status {
  margin: 0 0 0.5rem;
  overflow-wrap: anywhere;
}

.lb-helper-status:empty {
  display: none;
}

.lb-helper-status--error {
  color: var(--_error-text);
}

.lb-template {
  overflow-wrap: anywhere;
}

/* The result */

.lb-result {
  border: 1px solid var(--_border);
  border-left-width: 4px;
  border-radius: var(--_radius);
  padding: 0.7rem 0.9rem;
  background: var(--_field);
}

.lb-result[data-state="ok"] {
  border-left-color: var(--_success-text);
}

.lb-result[data-state="error"],
.lb-result[data-state="unavailable"] {
  border-left-color: var(--_error-text);
  background: var(--_error-bg);
}

.lb-message {
  margin: 0;
  overflow-wrap: anywhere;
}

.lb-result[data-state="ok"] .lb-message {
  margin-bottom: 0.4rem;
}

.lb-idle {
  color: var(--_muted);
}

.lb-ok {
  color: var(--_success-text);
  font-weight: 600;
}

.lb-ok::before {
  content: "✓ ";
}

.lb-refused {
  color: var(--_error-text);
}

.lb-result .lb-reason {
  color: var(--_error-text);
}

.lb-code {
  white-space: nowrap;
}

.lb-link {
  resize: vertical;
  min-height: 4.5rem;
  max-height: 18rem;
  field-sizing: content;
  background: var(--_surface);
  overflow-wrap: anywhere;
  word-break: break-all;
}

.lb-error {
  margin: 0 0 0.75rem;
  padding: 0.75rem 1rem;
  background: var(--_error-bg);
  color: var(--_error-text);
  border-left: 4px solid currentColor;
  border-radius: var(--_radius);
  font-weight: 500;
  overflow-wrap: anywhere;
}

/* Many links at once */

.lb-bulk {
  margin-top: 1.25rem;
  padding-top: 1rem;
  border-top: 1px solid var(--_border);
}

.lb-subtitle {
  margin: 0 0 0.5rem;
  font-size: 1.1rem;
}

.lb-table thead th {
  background: var(--_subtle);
  white-space: nowrap;
}

/* #, product URL, link or refusal */
.lb-table {
  --_table-min: 36rem;
  --_table-columns: 3.5rem minmax(14rem, 2fr) minmax(18rem, 3fr);
}

/* A phone (or any box under 40rem): stacked rows, each cell led by its column's name. */
.lb-table tbody > tr > :nth-child(1) { --_label: "Line"; }
.lb-table tbody > tr > :nth-child(2) { --_label: "Product URL"; }
.lb-table tbody > tr > .lb-out { --_label: "Link or refusal"; }
.lb-table tbody > tr.lb-row--ok > .lb-out { --_label: "Link"; }
.lb-table tbody > tr.lb-row--refused > .lb-out { --_label: "Refused"; }

@container (max-width: 40rem) {
  .lb-code {
    white-space: normal;
  }
}

.lb-copy-fallback .lb-textarea {
  min-height: 0;
}

.lb-row--refused .lb-reason {
  color: var(--_error-text);
}

.lb-row--refused .lb-code {
  color: var(--_error-text);
  background: var(--_error-bg);
}
`);
