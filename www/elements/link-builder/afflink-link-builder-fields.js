// Problems at the field, for <afflink-link-builder>: which field of the form a refusal is
// about. Each filled-in field is checked on its own, through the package's own rules (the
// bulk calls with no URLs check only what every link shares: the key, the template, a
// tracking string; with one URL and a stand-in key or template, only that URL), so a key
// with a space is marked at "Your aff_short_key" before any product URL is typed, and a
// search-page URL at "Product URL" before the key is. An empty field is never marked: the
// result panel lists what is still missing.

/** A key and a template the package accepts, to check the other fields on their own. */
const STAND_IN_KEY = 'afflink';
const STAND_IN_TEMPLATE = 'https://click.alibaba.com/rd/afflink?id={product_id}';

/** What the core trims (Rust `str::trim`, Unicode White_Space). */
const BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** Runs `fn`; null when it passes, else `{ message, code }` of what it threw. */
function refusal(fn) {
  try {
    const out = fn();
    return out && out.error ? { message: out.error.message, code: out.error.code } : null;
  } catch (error) {
    return { message: error && error.message ? error.message : String(error), code: error && error.code ? error.code : 'error' };
  }
}

/**
 * The problems of the filled-in fields of `program`, each on its own, as a Map from the input
 * to `{ message, code }`. `ui` holds the inputs (afflink-link-builder.js); `product` is what
 * the Alibaba.com product field holds (`{productId}` or `{productUrl}`); `clean` makes text
 * well-formed (lone surrogates).
 */
export function fieldProblems(api, program, ui, product, clean) {
  const problems = new Map();
  const check = (input, fn) => {
    const problem = refusal(fn);
    if (problem) problems.set(input, problem);
  };
  if (program === 'aliexpress') {
    const key = ui.key.value.trim();
    if (key !== '') check(ui.key, () => api.buildAliExpressDeepLinks([], { affShortKey: key }));
    if (!BLANK.test(ui.aeUrl.value)) check(ui.aeUrl, () => api.buildAliExpressDeepLinks([clean(ui.aeUrl.value)], { affShortKey: STAND_IN_KEY })[0]);
    for (const [name, input] of Object.entries(ui.aeParams)) {
      if (input.value !== '') check(input, () => api.buildAliExpressDeepLinks([], { affShortKey: STAND_IN_KEY, params: { [name]: input.value } }));
    }
    return problems;
  }
  for (const input of Object.values(ui.templates)) {
    if (!BLANK.test(input.value)) check(input, () => api.buildAlibabaProductLinks([], { template: clean(input.value) }));
  }
  if (!BLANK.test(ui.abProduct.value)) {
    check(ui.abProduct, () =>
      product.productId !== undefined
        ? api.buildAlibabaProductLink({ template: STAND_IN_TEMPLATE, productId: product.productId })
        : api.buildAlibabaProductLinks([product.productUrl], { template: STAND_IN_TEMPLATE })[0],
    );
  }
  for (const [name, input] of Object.entries(ui.abParams)) {
    if (input.value !== '') check(input, () => api.buildAlibabaProductLinks([], { template: STAND_IN_TEMPLATE, params: { [name]: input.value } }));
  }
  return problems;
}

/** The codes that are about what every link shares, by field; any other is the product's. */
const KEY_CODES = new Set(['invalid_key']);
const TEMPLATE_CODES = new Set(['invalid_template']);
const PARAM_CODES = new Set(['value_too_long', 'invalid_value', 'unknown_parameter', 'duplicate_parameter']);

/**
 * The field a refusal of the whole link is about (when every field passed on its own), or
 * null: the key, the template used, the tracking string the message names, else the product.
 */
export function fieldOf(error, program, ui, template) {
  const code = error && error.code;
  if (program === 'aliexpress' && KEY_CODES.has(code)) return ui.key;
  if (program === 'alibaba' && TEMPLATE_CODES.has(code)) return template;
  const params = program === 'aliexpress' ? ui.aeParams : ui.abParams;
  if (PARAM_CODES.has(code)) {
    const named = Object.keys(params).find((name) => new RegExp(`\\b${name}\\b`).test(error.message ?? ''));
    return named ? params[named] : null;
  }
  if (code === 'too_long') return null;
  return program === 'aliexpress' ? ui.aeUrl : ui.abProduct;
}
