// Styles shared by the afflink tool elements, as constructable stylesheets.
//
// Each element renders into an open shadow root and adopts two sheets: `sharedSheet()` (this
// module: the theme, buttons, fields, tables, errors) and its own (afflink-<tool>-styles.js).
// Constructable sheets are used because the demo page runs under `style-src 'self'` with
// Trusted Types, which blocks <style> elements and style attributes inside shadow roots.
//
// Theming: every colour, the fonts and the corner radius come from `--afflink-*` custom
// properties, which inherit through the shadow boundary. Set them on the element or on any
// ancestor; each has a default with WCAG AA contrast in the light and the dark colour scheme
// (the dark defaults apply when the visitor prefers dark). The list is in docs/ELEMENTS.md.
// Inside the sheets the resolved values are read through private `--_*` names.
//
// The boxes that take a paste of thousands of lines (`.lc-input`, `.lb-textarea`,
// `.cc-code-input`) are `will-change: transform`: each is a layer of its own, so the frame that
// first shows the results does not paint the pasted text again (issue 12; see
// docs/BENCHMARKS.md, "What was changed for the tool pastes").

/** Returns a function that builds a stylesheet from `css` on its first call, then reuses it. */
export function lazySheet(css) {
  let sheet = null;
  return () => {
    if (sheet === null) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    return sheet;
  };
}

/**
 * Attaches an open shadow root to `host` (or reuses the one it has) that adopts the shared
 * sheet and the tool's own sheet; returns the shadow root.
 */
export function attachStyledShadow(host, toolSheet) {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [sharedSheet(), toolSheet];
  return root;
}

/** The theme: public `--afflink-*` properties with their light defaults. */
const LIGHT = `
  --_font: var(--afflink-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  --_mono: var(--afflink-mono, ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace);
  --_radius: var(--afflink-radius, 6px);
  --_text: var(--afflink-text, #1b1f24);
  --_muted: var(--afflink-muted, #4a5561);
  --_surface: var(--afflink-surface, #ffffff);
  --_field: var(--afflink-field, #f6f7f9);
  --_subtle: var(--afflink-subtle, #eef1f5);
  --_stripe: var(--afflink-stripe, #f3f5f8);
  --_border: var(--afflink-border, #c9d0d8);
  --_field-border: var(--afflink-field-border, var(--_muted));
  --_accent: var(--afflink-accent, #0b5cad);
  --_accent-text: var(--afflink-accent-text, #ffffff);
  --_accent-hover: var(--afflink-accent-hover, #084a8c);
  --_focus: var(--afflink-focus, #2f6fde);
  --_error-bg: var(--afflink-error-bg, #fdecec);
  --_error-text: var(--afflink-error-text, #8a1c1c);
  --_warning-bg: var(--afflink-warning-bg, #fff4d6);
  --_warning-text: var(--afflink-warning-text, #6b4200);
  --_warning-border: var(--afflink-warning-border, #d9a200);
  --_success-bg: var(--afflink-success-bg, #dff3e4);
  --_success-text: var(--afflink-success-text, #14532d);
  --_caution-bg: var(--afflink-caution-bg, #fdf0d8);
  --_caution-text: var(--afflink-caution-text, #6b3d00);
  --_info-bg: var(--afflink-info-bg, #ece6fa);
  --_info-text: var(--afflink-info-text, #4c1d95);
  --_neutral-bg: var(--afflink-neutral-bg, #e6ebf2);
  --_neutral-text: var(--afflink-neutral-text, #273549);
`;

/** The dark defaults (fonts, radius and field border are the same in both schemes). */
const DARK = `
  --_text: var(--afflink-text, #e8ebef);
  --_muted: var(--afflink-muted, #aab4bf);
  --_surface: var(--afflink-surface, #1c2026);
  --_field: var(--afflink-field, #14171b);
  --_subtle: var(--afflink-subtle, #2a3038);
  --_stripe: var(--afflink-stripe, #21262d);
  --_border: var(--afflink-border, #3a424c);
  --_accent: var(--afflink-accent, #6cb2f5);
  --_accent-text: var(--afflink-accent-text, #0b1a2a);
  --_accent-hover: var(--afflink-accent-hover, #94c8f8);
  --_focus: var(--afflink-focus, #8ab8ff);
  --_error-bg: var(--afflink-error-bg, #3b1a1a);
  --_error-text: var(--afflink-error-text, #ffc9c9);
  --_warning-bg: var(--afflink-warning-bg, #3a2c0a);
  --_warning-text: var(--afflink-warning-text, #ffdf8a);
  --_warning-border: var(--afflink-warning-border, #b68900);
  --_success-bg: var(--afflink-success-bg, #16391f);
  --_success-text: var(--afflink-success-text, #b5f0c4);
  --_caution-bg: var(--afflink-caution-bg, #3d2c0c);
  --_caution-text: var(--afflink-caution-text, #fcd9a0);
  --_info-bg: var(--afflink-info-bg, #32264f);
  --_info-text: var(--afflink-info-text, #dccffd);
  --_neutral-bg: var(--afflink-neutral-bg, #27303c);
  --_neutral-text: var(--afflink-neutral-text, #d3dce8);
`;

const SHARED_CSS = `
:host {
${LIGHT}
  display: block;
  color-scheme: light dark;
  font-family: var(--_font);
  line-height: 1.5;
  color: var(--_text);
  background: var(--_surface);
  /* Text settings a blog may set on a parent and that would make the tools hard to read. */
  font-style: normal;
  font-weight: 400;
  letter-spacing: normal;
  text-align: start;
  text-indent: 0;
  text-transform: none;
  white-space: normal;
  word-spacing: normal;
}

@media (prefers-color-scheme: dark) {
  :host {
${DARK}
  }
}

:host([hidden]) {
  display: none;
}

*,
*::before,
*::after {
  box-sizing: border-box;
}

[hidden] {
  display: none !important;
}

:focus-visible {
  outline: 3px solid var(--_focus);
  outline-offset: 2px;
}

a {
  color: var(--_accent);
}

code {
  font-family: var(--_mono);
  font-size: 0.9em;
  background: var(--_subtle);
  border-radius: 3px;
  padding: 0.05em 0.3em;
}

.lc-label,
.lb-label,
.pc-label,
.sg-label {
  display: block;
  font-weight: 600;
}

.lc-actions,
.lb-actions,
.pc-actions,
.cc-actions,
.sg-actions {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.5rem 0.75rem;
  margin: 0.75rem 0;
}

.lc-button,
.lb-button,
.pc-button,
.cc-button,
.sg-button {
  font: inherit;
  font-weight: 600;
  padding: 0.45rem 1rem;
  border-radius: var(--_radius);
  border: 1px solid var(--_accent);
  background: var(--_surface);
  color: var(--_accent);
  cursor: pointer;
}

.lc-button:hover:not(:disabled),
.lb-button:hover:not(:disabled),
.pc-button:hover:not(:disabled),
.cc-button:hover:not(:disabled),
.sg-button:hover:not(:disabled) {
  background: var(--_subtle);
}

.lc-button--primary,
.lb-button--primary,
.pc-button--primary,
.cc-button--primary,
.sg-button--primary {
  background: var(--_accent);
  color: var(--_accent-text);
}

.lc-button--primary:hover:not(:disabled),
.lb-button--primary:hover:not(:disabled),
.pc-button--primary:hover:not(:disabled),
.cc-button--primary:hover:not(:disabled),
.sg-button--primary:hover:not(:disabled) {
  background: var(--_accent-hover);
}

.lc-button:disabled,
.lb-button:disabled,
.pc-button:disabled,
.cc-button:disabled,
.sg-button:disabled {
  cursor: not-allowed;
  border-color: var(--_border);
  color: var(--_muted);
  background: var(--_field);
}

.lc-error,
.pc-error {
  margin: 0.75rem 0;
  padding: 0.75rem 1rem;
  background: var(--_error-bg);
  color: var(--_error-text);
  border-left: 4px solid currentColor;
  border-radius: var(--_radius);
  font-weight: 500;
}

.lc-summary,
.lb-summary {
  margin: 0.5rem 0;
  font-weight: 600;
}

.lc-summary:empty,
.lb-summary:empty {
  display: none;
}

.lc-action-status,
.lb-action-status,
.pc-action-status,
.cc-action-status,
.sg-action-status {
  color: var(--_muted);
}

.lc-offscreen,
.lb-offscreen,
.pc-offscreen,
.cc-offscreen,
.sg-offscreen {
  position: fixed;
  left: -10000px;
  top: 0;
  width: 1px;
  height: 1px;
  opacity: 0;
}

.lc-table-wrap,
.lb-table-wrap {
  overflow-x: auto;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
}

.lc-table,
.lb-table,
.cc-table {
  width: 100%;
  border-collapse: collapse;
  font-size: 0.9rem;
}

.lc-table caption,
.lb-table caption,
.cc-table caption {
  text-align: left;
  font-weight: 600;
  padding: 0.5rem 0.75rem;
  color: var(--_muted);
}

.lc-table th,
.lc-table td,
.lb-table th,
.lb-table td {
  text-align: left;
  vertical-align: top;
  padding: 0.45rem 0.75rem;
  border-top: 1px solid var(--_border);
}

/*
 * The checker's, the builder's and the calculator's results tables hold up to tens of thousands of rows: they
 * are laid out as grid rows with fixed column tracks, in chunks of rows (one tbody each) that
 * the browser lays out and paints only near the screen. Table layout would size every column
 * from every row, on every change: 10,000 rows cost the page hundreds of milliseconds.
 */
.lc-table,
.lb-table,
.cc-lines {
  display: block;
  min-width: var(--_table-min, 40rem);
}

.lc-table > caption,
.lb-table > caption,
.cc-lines > caption,
.lc-table > thead,
.lb-table > thead,
.cc-lines > thead,
.lc-table > tbody,
.lb-table > tbody,
.cc-lines > tbody {
  display: block;
}

.lc-table tr,
.lb-table tr,
.cc-lines tr {
  display: grid;
  grid-template-columns: var(--_table-columns);
}

.lc-table > tbody,
.lb-table > tbody,
.cc-lines > tbody {
  content-visibility: auto;
  /* A chunk is ROW_CHUNK (25) rows of about 2.6rem until it has been shown once: sized so,
     only the chunks near the screen are laid out when the results appear. */
  contain-intrinsic-size: auto 65rem;
}

.lc-input,
.lb-textarea,
.cc-code-input {
  will-change: transform;
}

/* The first chunk is on screen when the table appears: laid out at once, without the extra
   pass that finding out whether a chunk is near the screen costs. */
.lc-table > tbody:first-of-type,
.lb-table > tbody:first-of-type,
.cc-lines > tbody:first-of-type {
  content-visibility: visible;
}

.lc-table tbody tr:nth-child(even),
.lb-table tbody tr:nth-child(even),
.cc-table tbody tr:nth-child(even) {
  background: var(--_stripe);
}

.lc-table .lc-num,
.lb-table .lb-num {
  font-weight: 400;
  color: var(--_muted);
  text-align: right;
  font-variant-numeric: tabular-nums;
}

.lc-url,
.lb-url {
  font-family: var(--_mono);
  font-size: 0.85rem;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  unicode-bidi: isolate;
}

.lc-char,
.lb-char {
  display: inline-block;
  font-size: 0.75em;
  line-height: 1.2;
  padding: 0 0.25em;
  margin: 0 0.1em;
  border: 1px solid var(--_error-text);
  border-radius: 3px;
  color: var(--_error-text);
  background: var(--_error-bg);
  white-space: nowrap;
}

.lc-more,
.lb-more {
  font-family: var(--_font);
  color: var(--_muted);
  font-style: italic;
}

.lc-none,
.pc-none {
  color: var(--_muted);
}
`;

/*
 * Problems at the field (setFieldProblem in afflink-ui.js): the field gets a border in the
 * error colour while the focus ring keeps its own colour, so the field being typed in does
 * not look wrong; the message sits right under the field, the sentence first and the code
 * after it, small.
 */
const FIELD_CSS = `
[aria-invalid="true"] {
  border-color: var(--_error-text) !important;
  box-shadow: inset 0 0 0 1px var(--_error-text);
}

.afflink-field-problem {
  margin: 0.3rem 0 0;
  padding: 0.3rem 0.6rem;
  border-left: 3px solid currentColor;
  border-radius: 3px;
  font-size: 0.9rem;
  font-weight: 500;
  overflow-wrap: anywhere;
}

.afflink-field-problem--error {
  color: var(--_error-text);
  background: var(--_error-bg);
}

.afflink-field-problem--warning {
  color: var(--_warning-text);
  background: var(--_warning-bg);
}

.afflink-field-problem-kind {
  font-weight: 700;
}

.afflink-code {
  font-size: 0.8em;
  font-weight: 400;
  opacity: 0.85;
  user-select: all;
  overflow-wrap: anywhere;
}

/*
 * Phone layout of a results table (any width under 40rem, a phone or a narrow column): the
 * table's wrap has class \`afflink-results\` (a size container), the table class
 * \`afflink-stacked\`; each row becomes a stacked block, one cell per line, each cell led by
 * its column's name, which the tool's sheet sets per column as a string in \`--_label\`
 * (e.g. \`.lc-table td:nth-child(3) { --_label: "Kind"; }\`): no attribute per cell, so
 * 10,000 rows cost no more than before. The column headers stay for screen readers.
 */
.afflink-results {
  container-type: inline-size;
}

@container (max-width: 40rem) {
  .afflink-stacked {
    min-width: 0 !important;
  }

  .afflink-stacked > thead {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  .afflink-stacked tr {
    grid-template-columns: minmax(0, 1fr) !important;
    padding: 0.35rem 0;
    border-top: 1px solid var(--_border);
  }

  .afflink-stacked :is(td, th) {
    border-top: 0 !important;
    padding-top: 0.1rem !important;
    padding-bottom: 0.1rem !important;
    text-align: start !important;
    min-width: 0;
    overflow-wrap: anywhere;
  }

  .afflink-stacked tbody :is(td, th)::before {
    content: var(--_label, none);
    display: block;
    font-size: 0.8rem;
    font-weight: 600;
    color: var(--_muted);
  }
}

/* No keyboard-shortcut hints where there is no keyboard. */
@media (hover: none) and (pointer: coarse) {
  .afflink-shortcut {
    display: none;
  }
}
`;

/** The shared sheet: the theme and what every tool uses. Built once, on first use. */
export const sharedSheet = lazySheet(SHARED_CSS + FIELD_CSS);
