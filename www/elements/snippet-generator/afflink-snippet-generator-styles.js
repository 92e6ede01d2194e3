// The stylesheet of <afflink-snippet-generator> (classes prefixed `sg-`), adopted by its
// shadow root next to the shared sheet of afflink-styles.js, whose `--_*` theme values it uses.

import { lazySheet } from '../shared/afflink-styles.js';

export const snippetGeneratorSheet = lazySheet(`
.sg-settings {
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
  gap: 0.75rem 1rem;
}

.sg-group {
  margin: 0;
  padding: 0.5rem 0.9rem 0.75rem;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
}

.sg-legend {
  font-weight: 700;
  padding: 0 0.3rem;
}

.sg-field {
  margin: 0.4rem 0;
}

.sg-field--check {
  display: grid;
  grid-template-columns: auto 1fr;
  column-gap: 0.5rem;
  align-items: center;
}

.sg-field--check .sg-hint {
  grid-column: 2;
}

.sg-checkbox {
  width: 1.1rem;
  height: 1.1rem;
  margin: 0;
}

.sg-hint {
  margin: 0.15rem 0 0;
  color: var(--_muted);
  font-size: 0.88rem;
}

.sg-input,
.sg-output {
  display: block;
  width: 100%;
  font-family: var(--_mono);
  font-size: 0.9rem;
  line-height: 1.45;
  padding: 0.4rem 0.55rem;
  color: var(--_text);
  background: var(--_field);
  border: 1px solid var(--_field-border);
  border-radius: var(--_radius);
}

.sg-output {
  margin-top: 0.3rem;
  resize: vertical;
}

.sg-label {
  margin-top: 0.9rem;
}

.sg-status {
  margin: 0.9rem 0 0;
  padding: 0.6rem 0.9rem;
  border: 1px solid var(--_border);
  border-left-width: 4px;
  border-radius: var(--_radius);
  background: var(--_field);
}

.sg-status[data-state="ok"] {
  border-left-color: var(--_success-text);
}

.sg-status[data-state="warning"] {
  border-left-color: var(--_warning-border);
  background: var(--_warning-bg);
  color: var(--_warning-text);
}

.sg-status[data-state="error"] {
  border-left-color: var(--_error-text);
  background: var(--_error-bg);
  color: var(--_error-text);
}

.sg-try-result {
  margin: 0.4rem 0 0;
  font-family: var(--_mono);
  font-size: 0.88rem;
  overflow-wrap: anywhere;
}

.sg-status-line {
  margin: 0;
}

.sg-status-line + .sg-status-line {
  margin-top: 0.3rem;
}

.sg-no-tag {
  margin: 0.3rem 0 0;
  padding: 0.5rem 0.75rem;
  border: 1px dashed var(--_border);
  border-radius: var(--_radius);
  color: var(--_muted);
}

/* The tag wraps inside its box: nothing scrolls sideways on a phone. */
.sg-output {
  white-space: pre-wrap;
  overflow-wrap: anywhere;
}

.sg-button {
  max-width: 100%;
}

.sg-link {
  color: var(--_accent);
}

/* "Host the files" */

.sg-host {
  margin: 0.9rem 0 0;
  padding: 0.5rem 0.9rem 0.6rem;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
}

.sg-host-title {
  margin: 0.2rem 0 0.4rem;
  font-size: 1.05rem;
}

.sg-host-subtitle {
  margin: 0.8rem 0 0.2rem;
  font-size: 0.95rem;
}

.sg-host-text {
  margin: 0.3rem 0;
}

.sg-files {
  margin: 0.3rem 0;
  padding-left: 1.3rem;
}

.sg-code {
  font-family: var(--_mono);
  font-size: 0.88em;
  overflow-wrap: anywhere;
}

.sg-host .sg-field--check {
  margin-top: 0.6rem;
}

.sg-try-result .afflink-message {
  font-family: inherit;
}
`);
