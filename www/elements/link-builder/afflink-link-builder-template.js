// The Alibaba.com template helper of <afflink-link-builder>: "Make a template from a link the
// program gave you". It reads the product from the link when the link carries it (the package's
// `alibabaTemplateFromSample(link)`), with the product id field as an optional override, and
// fills the template of the platform the link is built for. Problems go to the field at fault.
//
// Every user string is set with textContent (see afflink-link-builder.js).

import { el, loadApi, wellFormed } from '../shared/afflink-ui.js';
import { BLANK, reasonParts } from './afflink-link-builder-bulk.js';

/** The platforms Alibaba.com gives a link template for, as the builder names them. */
export const PLATFORMS = { pc: 'PC (desktop browsers)', wap: 'mobile web (WAP)', app: 'app' };

/**
 * The helper's disclosure, its fields and button (added to `ui`: `sampleLink`, `sampleId`,
 * `makeTemplate`, `templateStatus`). `field` is the element's labelled-field factory;
 * `make` runs "Make template"; `clear(input)` clears a field's problem.
 */
export function renderTemplateHelper(ui, field, make, clear) {
  // Where such a link is found: the program's help names these two places (docs/ELEMENTS.md).
  const sample = field('sample-link', 'Link the program gave you', {
    live: false,
    hint:
      'A tracking link you made for one product in the Alibaba.com affiliate portal: with Tools > Deep Link Generator ' +
      '(give it the product page’s address), or a product’s link under Program > Hot products. Any platform (pc, wap or app).',
    placeholder: 'https://click.alibaba.com/rd/…',
  });
  const sampleId = field('sample-id', 'Product id of that link (optional)', {
    live: false,
    hint: 'Only needed when the link does not carry the product’s address: the digits of that product, as in …_1600123456789.html.',
    cls: 'lb-field--short',
  });
  ui.sampleLink = sample.input;
  ui.sampleId = sampleId.input;
  // The helper has its own button: it changes the template only when asked.
  ui.makeTemplate = el('button', { type: 'button', class: 'lb-button', text: 'Make template' });
  ui.templateStatus = el('p', { class: 'lb-helper-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const helper = el(
    'details',
    { class: 'lb-helper' },
    el('summary', { class: 'lb-helper-summary', text: 'Make a template from a link the program gave you' }),
    el(
      'div',
      { class: 'lb-helper-body' },
      sample.wrap,
      sampleId.wrap,
      el('div', { class: 'lb-actions' }, ui.makeTemplate),
      ui.templateStatus,
    ),
  );

  for (const input of [ui.sampleLink, ui.sampleId]) {
    input.addEventListener('input', () => clear(input));
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.isComposing) {
        event.preventDefault();
        make();
      }
    });
  }
  ui.makeTemplate.addEventListener('click', () => make());
  return helper;
}

/**
 * The template helper: a template from the link the program gave, reading the product from
 * the link when the id field is empty (the id is an optional override). A problem goes to
 * the field at fault; the status line summarises.
 */
export async function makeTemplate(host) {
  const { ui } = host;
  const status = ui.templateStatus;
  const refuse = (input, problem) => {
    host.markField(input, problem);
    status.classList.add('lb-helper-status--error');
    status.replaceChildren(el('strong', { text: 'No template: ' }), ...reasonParts(`See the problem under “${input.labels[0].textContent}”.`, problem.code));
  };
  status.classList.remove('lb-helper-status--error');
  host.markField(ui.sampleId, null);
  if (BLANK.test(ui.sampleLink.value)) {
    refuse(ui.sampleLink, { message: 'Paste the link the program gave you first.', code: null });
    return;
  }
  host.markField(ui.sampleLink, null);
  let api;
  try {
    api = await loadApi();
  } catch (error) {
    host.showLoadError(error);
    return;
  }
  host.hideError();
  const id = ui.sampleId.value.trim();
  let template;
  try {
    const link = wellFormed(ui.sampleLink.value);
    template = id === '' ? api.alibabaTemplateFromSample(link) : api.alibabaTemplateFromSample(link, id);
  } catch (error) {
    const problem = { message: error.message, code: error.code ?? 'error' };
    if (id === '' && error.code === 'invalid_argument') {
      // A package from before the product id was optional: it needs the id.
      refuse(ui.sampleId, { message: 'Type the product id of that link: this version of afflink cannot read it from the link.', code: error.code });
    } else {
      // The id field for an implausible id, or for one the link does not carry; else the link.
      const atId = (id !== '' && error.code === 'invalid_product_id') || error.code === 'missing_product_id';
      refuse(atId ? ui.sampleId : ui.sampleLink, problem);
    }
    return;
  }
  // It fills the template of the platform the link is built for.
  const platform = ui.platform.value;
  ui.templates[platform].value = template;
  const which = platform === 'pc' ? 'Template' : `${PLATFORMS[platform]} template`;
  status.replaceChildren(`${which} filled in: `, el('code', { class: 'lb-template', text: template }));
  host.changed();
}
