// The Alibaba.com postback macros as <afflink-postback-checker> explains them: what the
// program puts in each one (from the program's postback documentation, docs/LINKS.md) and the
// sample value the preview starts with. The names are the core's (POSTBACK_MACROS in
// src/postback.rs; tests/e2e/postback-fields.test.mjs checks that the lists agree).

/** Each macro's meaning, in the program's order: one line, for a person setting up a postback. */
export const MACRO_MEANINGS = Object.freeze({
  pid: 'your sub-publisher id, as set in the tracking link (pid=)',
  tp1: 'your click or transaction id, as set in the tracking link (tp1=)',
  tp2: 'your second tracking value, as set in the tracking link (tp2=)',
  tp3: 'your third tracking value, as set in the tracking link (tp3=)',
  tp4: 'your fourth tracking value, as set in the tracking link (tp4=)',
  tp5: 'your fifth tracking value, as set in the tracking link (tp5=)',
  ord_id: 'the id of the order',
  ord_platform: 'where the order was placed: pc, wap (mobile web) or app',
  ord_geo: 'the country of the order',
  ord_amount: 'the amount of the order, after discounts and without shipping',
  p_sku: 'the SKU id of the product',
  p_name: 'the name of the product',
  com_rate: 'the commission rate of the product',
  est_com: 'the estimated commission',
});

/** Sample values for the preview, one per macro. */
export const SAMPLES = Object.freeze({
  pid: 'blog',
  tp1: 'click123',
  tp2: 'banner',
  tp3: 'spring',
  tp4: 'email',
  tp5: 'test',
  ord_id: '8012345678901234',
  ord_platform: 'pc',
  ord_geo: 'US',
  ord_amount: '25.00',
  p_sku: '1600123456789',
  p_name: 'Wireless Earbuds',
  com_rate: '5',
  est_com: '1.25',
});
