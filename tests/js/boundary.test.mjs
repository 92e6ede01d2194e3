// The JS boundary: every exported function, called with the wrong types, throws an Error
// with code invalid_argument and leaves the module fully usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as afflink from 'afflink';

await afflink.init();

const throwingToString = { toString() { throw new Error('toString boom'); } };
const throwingGetter = Object.defineProperty({}, 'affShortKey', { get() { throw new Error('getter boom'); }, enumerable: true });
const BAD = [null, undefined, 0, -0, 42, NaN, Infinity, -Infinity, 10n, true, Symbol('s'), {}, [], ['x'], () => 'x', throwingToString, '\uD800', 'ok\uDFFF'];
const notString = (v) => typeof v !== 'string' || v.includes('\uD800') || v.includes('\uDFFF');

const P = 'https://www.aliexpress.com/item/1005006123456789.html';
const L = 'https://s.click.aliexpress.com/e/_DlRvuuN';
const T = 'https://click.alibaba.com/rd/x7k2pq?id={product_id}';
const ORDER = { program: 'alibaba', orderId: 'o', amount: '10', buyer: 'new', country: 'US', status: 'completed', paidDate: '2025-01-01', completedDate: '2025-01-02' };

/** For each function: a good call, and calls with one argument (or option) replaced by `v`. */
const SHAPES = {
  classifyUrl: { good: () => afflink.classifyUrl(P), bad: [(v) => afflink.classifyUrl(v)] },
  classifyUrls: { good: () => afflink.classifyUrls([P]), bad: [(v) => afflink.classifyUrls(v), (v) => afflink.classifyUrls([P, v])] },
  appendTrackingParams: {
    good: () => afflink.appendTrackingParams(L, { af: 'x' }),
    bad: [(v) => afflink.appendTrackingParams(v, {}), (v) => (v === undefined || v === null ? afflink.appendTrackingParams(42, {}) : afflink.appendTrackingParams(L, { af: v }))],
  },
  buildAliExpressDeepLink: {
    good: () => afflink.buildAliExpressDeepLink({ affShortKey: 'K', productUrl: P }),
    bad: [(v) => afflink.buildAliExpressDeepLink(v), (v) => afflink.buildAliExpressDeepLink({ affShortKey: v, productUrl: P }), (v) => afflink.buildAliExpressDeepLink({ affShortKey: 'K', productUrl: v })],
  },
  buildAliExpressDeepLinks: {
    good: () => afflink.buildAliExpressDeepLinks([P], { affShortKey: 'K' }),
    bad: [(v) => afflink.buildAliExpressDeepLinks(v, { affShortKey: 'K' }), (v) => afflink.buildAliExpressDeepLinks([P], v), (v) => afflink.buildAliExpressDeepLinks([v], { affShortKey: 'K' })],
  },
  alibabaTemplateFromSample: {
    good: () => afflink.alibabaTemplateFromSample('https://click.alibaba.com/rd/k?id=62050354078', '62050354078'),
    // productId is optional: undefined and null are of its type (the product is then read
    // from the link), so a wrong type is checked with 42 in their place.
    bad: [(v) => afflink.alibabaTemplateFromSample(v, '1'), (v) => afflink.alibabaTemplateFromSample(T, v === undefined || v === null ? 42 : v)],
  },
  buildAlibabaProductLink: {
    good: () => afflink.buildAlibabaProductLink({ template: T, productId: '62050354078' }),
    bad: [(v) => afflink.buildAlibabaProductLink(v), (v) => afflink.buildAlibabaProductLink({ template: v, productId: '1' }), (v) => (v === undefined ? afflink.buildAlibabaProductLink({ template: T }) : afflink.buildAlibabaProductLink({ template: T, productId: v }))],
  },
  buildAlibabaProductLinks: {
    good: () => afflink.buildAlibabaProductLinks([P], { template: T }),
    bad: [(v) => afflink.buildAlibabaProductLinks(v, { template: T }), (v) => afflink.buildAlibabaProductLinks([P], v), (v) => afflink.buildAlibabaProductLinks([P], { template: v })],
  },
  checkPostbackUrl: { good: () => afflink.checkPostbackUrl('https://e.com/?a={pid}'), bad: [(v) => afflink.checkPostbackUrl(v)] },
  expandPostbackUrl: {
    good: () => afflink.expandPostbackUrl('https://e.com/?a={pid}', { pid: 'x' }),
    bad: [(v) => afflink.expandPostbackUrl(v, {}), (v) => (v === undefined || v === null ? afflink.expandPostbackUrl(7, {}) : afflink.expandPostbackUrl('https://e.com/', { pid: v }))],
  },
  estimateCommission: {
    good: () => afflink.estimateCommission(ORDER),
    bad: [(v) => afflink.estimateCommission(v), (v) => (v === undefined || v === null ? afflink.estimateCommission(7) : afflink.estimateCommission(ORDER, typeof v === 'object' ? { rateCards: v } : v))],
  },
  estimateCommissions: { good: () => afflink.estimateCommissions([ORDER]), bad: [(v) => (Array.isArray(v) ? afflink.estimateCommissions(v, 5) : afflink.estimateCommissions(v))] },
  defaultRateCard: { good: () => afflink.defaultRateCard('alibaba'), bad: [(v) => afflink.defaultRateCard(v)] },
  rateCard: { good: () => afflink.rateCard('alibaba-listing'), bad: [(v) => afflink.rateCard(v)] },
  rateCards: { good: () => afflink.rateCards(), bad: [] },
  mergeRateCard: { good: () => afflink.mergeRateCard({ a: 'b' }, { c: 'd' }), bad: [(v) => afflink.mergeRateCard(v, {}), (v) => afflink.mergeRateCard({}, v)] },
  reconcileCommissions: {
    good: () => afflink.reconcileCommissions({ report: 'Order Number,Paid Amount,Estimated Commission\n1,10.00,0.80\n' }),
    bad: [
      (v) => afflink.reconcileCommissions(v),
      (v) => afflink.reconcileCommissions({ report: v }),
      (v) => afflink.reconcileCommissions({ postbackTemplate: v, postbackLog: '' }),
      (v) => afflink.reconcileCommissions({ report: 'Order Number,Estimated Commission\n1,1\n', orders: v, columns: v }),
      (v) => afflink.reconcileCommissions({ report: 'Order Number,Estimated Commission\n1,1\n' }, v),
    ],
  },
};

test('every exported function is covered', () => {
  const functions = Object.keys(afflink).filter((k) => typeof afflink[k] === 'function' && !['init', 'AfflinkError', 'LinkConverter', 'codeMessages', 'wasmMemoryBytes'].includes(k));
  assert.deepEqual(functions.sort(), Object.keys(SHAPES).sort());
});

for (const [name, { good, bad }] of Object.entries(SHAPES)) {
  test(`${name}: wrong types throw invalid_argument and the module stays usable`, () => {
    const expected = good();
    for (const call of bad) {
      for (const v of BAD) {
        let outcome;
        try {
          outcome = { value: call(v) };
        } catch (e) {
          outcome = { error: e };
        }
        if (outcome.error) {
          assert.ok(outcome.error instanceof afflink.AfflinkError, `${name}(${String(typeof v)}): ${outcome.error}`);
          // Wrong types are invalid_argument; a right type with a wrong value may be refused by the rules.
          if (notString(v) || typeof v !== 'string') assert.ok(['invalid_argument', 'invalid_rate_card', 'invalid_field'].includes(outcome.error.code), `${name}: ${outcome.error.code}`);
        } else {
          // Only values that are not an error of type may go through (e.g. undefined optional options).
          assert.ok(!(typeof v === 'symbol' || typeof v === 'bigint' || typeof v === 'function'), `${name} accepted ${String(typeof v)}`);
        }
      }
      assert.deepEqual(good(), expected, `${name} still works`);
    }
  });
}

test('refusals thrown from the WebAssembly module are AfflinkErrors with the core\'s code', () => {
  const thrown = [
    ['not_a_product_page', () => afflink.buildAliExpressDeepLink({ affShortKey: 'K', productUrl: 'https://www.aliexpress.com/wholesale?SearchText=usb' })],
    ['invalid_key', () => afflink.buildAliExpressDeepLinks([P], { affShortKey: 'bad key' })],
    ['invalid_template', () => afflink.buildAlibabaProductLinks([P], { template: 'https://example.com/' })],
    ['unknown_parameter', () => afflink.appendTrackingParams(L, { nope: 'x' })],
    ['invalid_field', () => afflink.estimateCommissions([ORDER], { history: true, previousPeriodSales: '1' })],
    ['invalid_rate_card', () => afflink.rateCard('ebay')],
    ['unknown_macro', () => afflink.expandPostbackUrl('https://e.com/?a={nope}', {})],
  ];
  const messages = afflink.codeMessages();
  for (const [code, call] of thrown) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof afflink.AfflinkError, `${code}: ${e}`);
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'AfflinkError');
      assert.equal(e.code, code);
      assert.equal(typeof e.message, 'string');
      assert.ok(e.message.length >= 10, e.message);
      assert.ok(code in messages, code);
      return true;
    });
  }
});

test('money crosses as decimal strings; the only numbers are counts', () => {
  const COUNTS = new Set(['orders', 'errors', 'qualifyingOrders', 'line', 'lines', 'agrees', 'differs', 'reportOnly', 'ordersOnly', 'matched', 'unmatched', 'withoutOrderId', 'duplicateCalls', 'otherProgramOrders', 'refusedOrders', 'totalsRows']);
  const walk = (v, path) => {
    if (typeof v === 'number') assert.ok(COUNTS.has(path.split('.').pop()) && Number.isInteger(v), `a number at ${path}: ${v}`);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v !== null && typeof v === 'object') {
      assert.equal(Object.getPrototypeOf(v), Object.prototype, `${path} is a plain object`);
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    }
  };
  const e = afflink.estimateCommission({ ...ORDER, amount: '123.45' });
  for (const field of ['commission', 'amount', 'ratePercent']) assert.equal(typeof e[field], 'string', field);
  walk(e, 'estimate');
  const report = afflink.estimateCommissions([ORDER, { ...ORDER, orderId: 'p', amount: 'x' }], { previousPeriodSales: 400000 });
  walk(report, 'report');
  walk(afflink.reconcileCommissions({ report: 'Order Number,Paid Amount,Estimated Commission\n1,10.00,0.80\n' }), 'reconciliation');
});

test('a million calls keep WebAssembly memory flat', () => {
  const warm = () => {
    afflink.classifyUrls([P, L, 'javascript:x']);
    afflink.buildAliExpressDeepLink({ affShortKey: 'K', productUrl: P, params: { af: 'a b' } });
    afflink.estimateCommission(ORDER);
  };
  for (let i = 0; i < 10_000; i += 1) warm();
  const before = afflink.wasmMemoryBytes();
  assert.ok(before > 0);
  for (let i = 0; i < 1_000_000; i += 1) afflink.classifyUrl(i % 2 ? `${P}?i=${i}` : `javascript:${i}`);
  for (let i = 0; i < 20_000; i += 1) warm();
  const after = afflink.wasmMemoryBytes();
  console.log(`WebAssembly memory: ${before} bytes before, ${after} after 1,060,000 calls`);
  assert.equal(after, before, 'WebAssembly memory grew');
});
