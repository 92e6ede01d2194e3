// The stylesheet of <afflink-link-checker> (classes prefixed `lc-`), adopted by its shadow
// root next to the shared sheet of afflink-styles.js, whose `--_*` theme values it uses.

import { lazySheet } from '../shared/afflink-styles.js';

export const linkCheckerSheet = lazySheet(`
.lc-hint {
  margin: 0 0 0.4rem;
  color: var(--_muted);
  font-size: 0.92rem;
}

.lc-input {
  display: block;
  width: 100%;
  min-height: 8rem;
  resize: vertical;
  font-family: var(--_mono);
  font-size: 0.9rem;
  line-height: 1.45;
  padding: 0.5rem 0.6rem;
  color: var(--_text);
  background: var(--_field);
  border: 1px solid var(--_field-border);
  border-radius: var(--_radius);
}

.lc-copy-fallback label {
  display: block;
  font-weight: 600;
  margin-bottom: 0.25rem;
}

.lc-table thead th {
  background: var(--_subtle);
  white-space: nowrap;
  position: sticky;
  top: 0;
}

/* #, input, kind, program, product id, canonical URL, reason */
.lc-table {
  --_table-min: 66rem;
  --_table-columns: 3.5rem minmax(14rem, 3fr) 8.5rem 7.5rem 11rem minmax(15rem, 3fr) minmax(12rem, 2fr);
}

/* A phone (or any box under 40rem): stacked rows, each cell led by its column's name. */
.lc-table tbody > tr > :nth-child(1) { --_label: "Line"; }
.lc-table tbody > tr > :nth-child(2) { --_label: "Input"; }
.lc-table tbody > tr > :nth-child(3) { --_label: "Kind"; }
.lc-table tbody > tr > :nth-child(4) { --_label: "Program"; }
.lc-table tbody > tr > :nth-child(5) { --_label: "Product id"; }
.lc-table tbody > tr > :nth-child(6) { --_label: "Canonical URL"; }
.lc-table tbody > tr > :nth-child(7) { --_label: "Reason"; }

@container (max-width: 40rem) {
  .lc-reason {
    min-width: 0;
    max-width: none;
  }

  .lc-reason .lc-code,
  .lc-id {
    white-space: normal;
  }
}

.lc-id {
  font-family: var(--_mono);
  font-size: 0.85rem;
  white-space: nowrap;
}

.lc-kind {
  display: inline-block;
  white-space: nowrap;
  font-weight: 600;
  font-size: 0.82rem;
  padding: 0.05rem 0.5rem;
  border-radius: 999px;
}

.lc-kind--product {
  background: var(--_success-bg);
  color: var(--_success-text);
}

.lc-kind--page {
  background: var(--_neutral-bg);
  color: var(--_neutral-text);
}

.lc-kind--affiliateLink {
  background: var(--_info-bg);
  color: var(--_info-text);
}

.lc-kind--shortLink {
  background: var(--_caution-bg);
  color: var(--_caution-text);
}

.lc-kind--rejected {
  background: var(--_error-bg);
  color: var(--_error-text);
}

.lc-reason {
  min-width: 14rem;
  max-width: 30rem;
}

.lc-reason .lc-code {
  white-space: nowrap;
}

.lc-flag {
  display: block;
  width: fit-content;
  font-weight: 600;
  color: var(--_warning-text);
  background: var(--_warning-bg);
  border-left: 3px solid var(--_warning-border);
  padding: 0.15rem 0.5rem;
  border-radius: 3px;
}

.lc-flag::before {
  content: "⚠ ";
}

.lc-flag code {
  background: transparent;
  padding: 0;
}

.lc-note {
  color: var(--_muted);
}

.lc-progress {
  display: block;
  width: 100%;
  margin: 0.25rem 0 0.75rem;
}
`);
