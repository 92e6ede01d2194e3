// Options objects and contexts: a key the function does not know (a misspelling, most of the
// time) is refused with invalid_argument naming it, with a "did you mean" when it is close
// to a known key, instead of being ignored in silence; every documented key is accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as afflink from 'afflink';
import * as rewrite from 'afflink/rewrite';

await afflink.init();
await rewrite.init();

const P = 'https://www.aliexpress.com/item/1005006123456789.html';
const T = 'https://click.alibaba.com/rd/x7k2pq?id={product_id}';
const ORDER = { program: 'aliexpress', orderId: 'o', amount: '100', buyer: 'returning', status: 'completed', paidDate: '2025-01-10', completedDate: '2025-01-12' };
const REPORT = 'Order Number,Paid Amount,Estimated Commission\n1,10.00,0.80\n';

function refused(call, key, suggestion) {
  assert.throws(call, (e) => {
    assert.ok(e instanceof afflink.AfflinkError, String(e));
    assert.equal(e.code, 'invalid_argument');
    assert.ok(e.message.includes(`Unknown key ${JSON.stringify(key)}`), e.message);
    if (suggestion) assert.ok(e.message.includes(`Did you mean ${JSON.stringify(suggestion)}?`), e.message);
    else assert.ok(!e.message.includes('Did you mean'), e.message);
    return true;
  });
}

test('the reviewer\'s two cases: params misspelled, previousPeriodSales misspelled', () => {
  refused(() => afflink.buildAliExpressDeepLink({ affShortKey: 'K', productUrl: P, param: { af: 'blog' } }), 'param', 'params');
  refused(() => afflink.estimateCommission(ORDER, { previousPeriodSale: 400000 }), 'previousPeriodSale', 'previousPeriodSales');
  // Spelled right, the options take effect.
  assert.match(afflink.buildAliExpressDeepLink({ affShortKey: 'K', productUrl: P, params: { af: 'blog' } }), /&af=blog$/);
  const withSales = afflink.estimateCommission(ORDER, { previousPeriodSales: 400000 });
  assert.ok(withSales.breakdown.some((l) => l.part === 'incentive'), JSON.stringify(withSales.breakdown));
});

test('every function that takes options refuses an unknown key', () => {
  const calls = [
    [(o) => afflink.buildAliExpressDeepLink({ affShortKey: 'K', productUrl: P, ...o }), { affShortkey: 1 }, 'affShortKey'],
    [(o) => afflink.buildAliExpressDeepLink({ affShortKey: 'K', productUrl: P, ...o }), { productURL: P }, 'productUrl'],
    [(o) => afflink.buildAliExpressDeepLinks([P], { affShortKey: 'K', ...o }), { parms: {} }, 'params'],
    [(o) => afflink.buildAliExpressDeepLinks([P], { affShortKey: 'K', ...o }), { productUrl: P }, null],
    [(o) => afflink.buildAlibabaProductLink({ template: T, productId: '62050354078', ...o }), { template_: T }, 'template'],
    [(o) => afflink.buildAlibabaProductLink({ template: T, productId: '62050354078', ...o }), { product_id: '1' }, 'productId'],
    [(o) => afflink.buildAlibabaProductLinks([P], { template: T, ...o }), { param: {} }, 'params'],
    [(o) => afflink.estimateCommissions([ORDER], o), { histroy: true }, 'history'],
    [(o) => afflink.estimateCommissions([ORDER], o), { rateCard: 'aliexpress' }, 'rateCards'],
    [(o) => afflink.estimateCommission(ORDER, o), { exchangeRate: { EUR: '1.08' } }, 'exchangeRates'],
    [(o) => afflink.estimateCommission(ORDER, o), { group: 'month' }, 'groupBy'],
    [(o) => afflink.estimateCommission(ORDER, o), { currency: 'EUR' }, null],
    [(o) => afflink.reconcileCommissions({ report: REPORT }, o), { groupby: 'month' }, 'groupBy'],
    [(o) => afflink.reconcileCommissions({ report: REPORT, ...o }), { column: {} }, 'columns'],
    [(o) => afflink.reconcileCommissions({ report: REPORT, ...o }), { order: [] }, 'orders'],
    [(o) => afflink.reconcileCommissions({ postbackLog: '', ...o }), { postbackTemplat: 'x' }, 'postbackTemplate'],
    [(o) => rewrite.rewriteHtml('<p></p>', { affShortKey: 'K' }, o), { platfrom: 'wap' }, 'platform'],
    [(o) => rewrite.rewriteText('', { affShortKey: 'K' }, o), { device: 'wap' }, null],
  ];
  for (const [call, options, suggestion] of calls) refused(() => call(options), Object.keys(options)[0], suggestion);
  // Even with an undefined value: the key is still a misspelling.
  refused(() => afflink.buildAliExpressDeepLink({ affShortKey: 'K', productUrl: P, param: undefined }), 'param', 'params');
  // The rewrite options must be an object.
  assert.throws(() => rewrite.rewriteText('', { affShortKey: 'K' }, 'wap'), (e) => e.code === 'invalid_argument');
});

test('every documented key is accepted', () => {
  assert.match(afflink.buildAliExpressDeepLink({ affShortKey: 'K', productUrl: P, params: { af: 'a', cn: 'b', cv: 'c', dp: 'd' } }), /&af=a/);
  assert.match(afflink.buildAliExpressDeepLinks([P], { affShortKey: 'K', params: { af: 'a' } })[0].link, /&af=a/);
  assert.match(afflink.buildAlibabaProductLink({ template: T, productId: '62050354078', productUrl: undefined, params: { pid: 'p', tp1: 't' } }), /62050354078/);
  assert.match(afflink.buildAlibabaProductLink({ template: T, productUrl: 'https://www.alibaba.com/product-detail/x_62050354078.html' }), /62050354078/);
  assert.ok('link' in afflink.buildAlibabaProductLinks(['https://www.alibaba.com/product-detail/x_62050354078.html'], { template: T, params: { tp2: 'x' } })[0]);
  const context = { previousPeriodSales: '1000', rateCards: ['aliexpress-example-2016'], exchangeRates: { EUR: '1.08' }, groupBy: 'month' };
  assert.equal(afflink.estimateCommission(ORDER, context).card, 'aliexpress-example-2016');
  assert.equal(afflink.estimateCommissions([ORDER], { history: true, groupBy: 'period' }).summary.groupBy, 'period');
  // null and undefined values of known keys are "not given", as before.
  afflink.estimateCommission(ORDER, { previousPeriodSales: null, history: undefined, rateCards: null, exchangeRates: null, groupBy: null });
  const r = afflink.reconcileCommissions({ report: REPORT, columns: { amount: 'Paid Amount' }, orders: [] }, { groupBy: 'month' });
  assert.equal(r.lines.length, 1);
  afflink.reconcileCommissions({ postbackTemplate: 'https://e.com/pb?o={ord_id}&c={est_com}', postbackLog: '', orders: null });
  assert.equal(rewrite.rewriteText('', { affShortKey: 'K' }, { platform: 'wap' }), '');
  assert.equal(rewrite.rewriteText('', { affShortKey: 'K' }, null), '');
});

test('an options or values object must be plain: a Map or URLSearchParams is refused, not read as nothing', () => {
  const link = 'https://s.click.aliexpress.com/e/_DlRvuuN';
  const pb = 'https://example.com/pb?p={pid}&c={tp1}';
  const notPlain = (call, what, example) =>
    assert.throws(call, (e) => {
      assert.equal(e.code, 'invalid_argument', e.message);
      assert.ok(e.message.startsWith(`${what} must be a plain object such as ${example}, not a `), e.message);
      return true;
    });
  notPlain(() => afflink.appendTrackingParams(link, new URLSearchParams('af=blog')), 'params', "{af: 'blog'}");
  notPlain(() => afflink.expandPostbackUrl(pb, new URLSearchParams('pid=blog')), 'values', "{pid: 'blog', tp1: 'click-1'}");
  notPlain(() => afflink.expandPostbackUrl(pb, new Map([['pid', 'blog']])), 'values', "{pid: 'blog', tp1: 'click-1'}");
  notPlain(() => afflink.buildAliExpressDeepLink({ affShortKey: 'K', productUrl: P, params: new Map() }), 'params', "{af: 'blog'}");
  notPlain(() => afflink.buildAliExpressDeepLink(new (class Options {})()), 'options', "{params: {af: 'blog'}}");
  notPlain(() => afflink.buildAlibabaProductLinks([P], new Map()), 'options', "{params: {af: 'blog'}}");
  notPlain(() => afflink.estimateCommission(ORDER, new Map()), 'context', "{previousPeriodSales: '400000'}");
  notPlain(() => afflink.reconcileCommissions({ report: REPORT, columns: new Map() }), 'columns', "{orderId: 'Order ID'}");
  // Not read as no rates ("EUR has no exchange rate: give one as … context.exchangeRates").
  const eur = { ...ORDER, currency: 'EUR' };
  notPlain(() => afflink.estimateCommission(eur, { exchangeRates: new Map([['EUR', '1.08']]) }), 'context.exchangeRates', "{EUR: '1.0800'}");
  assert.throws(() => rewrite.rewriteText('', { affShortKey: 'K' }, new Map()), (e) => e.code === 'invalid_argument' && /plain object/.test(e.message));
  // Plain objects, with or without a prototype, still work; an order may be any object.
  assert.match(afflink.appendTrackingParams(link, { af: 'blog' }), /af=blog/);
  const bare = Object.assign(Object.create(null), { pid: 'blog' });
  assert.equal(afflink.expandPostbackUrl(pb, bare), 'https://example.com/pb?p=blog&c=');
  class Order {
    constructor() {
      Object.assign(this, ORDER);
    }
  }
  assert.equal(afflink.estimateCommission(new Order()).orderId, 'o');
});
