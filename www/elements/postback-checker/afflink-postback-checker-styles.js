// The stylesheet of <afflink-postback-checker> (classes prefixed `pc-`), adopted by its shadow
// root next to the shared sheet of afflink-styles.js, whose `--_*` theme values it uses.

import { lazySheet } from '../shared/afflink-styles.js';

export const postbackCheckerSheet = lazySheet(`
.pc-hint {
  margin: 0 0 0.4rem;
  color: var(--_muted);
  font-size: 0.9rem;
}

.pc-input,
.pc-expanded {
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

.pc-input::placeholder {
  color: var(--_muted);
  opacity: 0.75;
}

/* The report */

.pc-result {
  border: 1px solid var(--_border);
  border-left-width: 4px;
  border-radius: var(--_radius);
  padding: 0.7rem 0.9rem;
  background: var(--_field);
}

.pc-result[data-state="ok"] {
  border-left-color: var(--_success-text);
}

.pc-result[data-state="not-ok"] {
  border-left-color: var(--_error-text);
}

.pc-verdict {
  margin: 0;
  font-weight: 600;
}

.pc-verdict--idle {
  color: var(--_muted);
  font-weight: 400;
}

.pc-verdict--ok {
  color: var(--_success-text);
}

.pc-verdict--ok::before {
  content: "✓ ";
}

.pc-verdict--not-ok {
  color: var(--_error-text);
}

.pc-verdict--not-ok::before {
  content: "✗ ";
}

.pc-macros {
  margin: 0.4rem 0 0;
}

.pc-macros-label {
  font-weight: 600;
}

.pc-macro {
  white-space: nowrap;
}

.pc-problems {
  list-style: none;
  margin: 0.6rem 0 0;
  padding: 0;
  display: grid;
  gap: 0.4rem;
}

.pc-problem {
  padding: 0.4rem 0.6rem;
  border-radius: var(--_radius);
  border-left: 3px solid;
  overflow-wrap: anywhere;
}

.pc-problem--error {
  background: var(--_error-bg);
  border-left-color: var(--_error-text);
}

.pc-problem--warning {
  background: var(--_warning-bg);
  border-left-color: var(--_warning-border);
}

.pc-severity {
  display: inline-block;
  min-width: 4.6em;
  text-align: center;
  font-weight: 700;
  font-size: 0.78rem;
  text-transform: uppercase;
  letter-spacing: 0.03em;
  padding: 0 0.4rem;
  border-radius: 999px;
  border: 1px solid currentColor;
}

.pc-problem--error .pc-severity,
.pc-problem--error .pc-message {
  color: var(--_error-text);
}

.pc-problem--warning .pc-severity,
.pc-problem--warning .pc-message {
  color: var(--_warning-text);
}

.pc-code {
  white-space: nowrap;
}

/* The preview */

.pc-preview {
  margin-top: 1.25rem;
  padding-top: 1rem;
  border-top: 1px solid var(--_border);
}

.pc-subtitle {
  margin: 0 0 0.25rem;
  font-size: 1.1rem;
}

.pc-values {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
  gap: 0.5rem 0.75rem;
  margin: 0.5rem 0 0.9rem;
}

.pc-values:empty {
  display: none;
}

.pc-label--macro {
  font-family: var(--_mono);
  font-size: 0.9rem;
}

.pc-expanded {
  resize: vertical;
  min-height: 3rem;
  max-height: 18rem;
  field-sizing: content;
  background: var(--_surface);
  word-break: break-all;
}

.pc-expand-error {
  margin: 0;
  padding: 0.6rem 0.8rem;
  background: var(--_error-bg);
  color: var(--_error-text);
  border-left: 4px solid currentColor;
  border-radius: var(--_radius);
  overflow-wrap: anywhere;
}

/* The macros explained: next to the template, in the list found, at each sample value */

.pc-macro-help {
  margin: 0 0 0.9rem;
  padding: 0.4rem 0.8rem;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
}

.pc-macro-help-title {
  font-weight: 600;
  cursor: pointer;
}

.pc-macro-meanings {
  display: grid;
  grid-template-columns: max-content 1fr;
  gap: 0.2rem 0.75rem;
  margin: 0.5rem 0 0.2rem;
}

.pc-macro-meaning-name,
.pc-macro-meaning {
  margin: 0;
  min-width: 0;
}

.pc-macro-meaning {
  color: var(--_muted);
  overflow-wrap: anywhere;
}

.pc-macros-label {
  margin: 0;
}

.pc-macro-list {
  margin: 0.2rem 0 0;
  padding-left: 1.2rem;
}

.pc-macro-found-meaning {
  color: var(--_muted);
}

.pc-none {
  margin: 0.2rem 0 0;
}

.pc-value-meaning {
  display: block;
  color: var(--_muted);
  font-size: 0.82rem;
  margin-bottom: 0.15rem;
}

.pc-input {
  overflow-wrap: anywhere;
}

.pc-button {
  max-width: 100%;
}

/* A phone: the meanings go under their macro. */
@media (max-width: 30rem) {
  .pc-macro-meanings {
    grid-template-columns: 1fr;
  }

  .pc-macro-meaning {
    margin-bottom: 0.3rem;
  }
}
`);
