// Orders as JavaScript gives them: arrays with holes, numbers JSON cannot carry, strings cut
// in the middle of an emoji. Each is refused by name, in its own line of a batch; never read
// as another value, never losing the other orders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init, AfflinkError, estimateCommission, estimateCommissions, reconcileCommissions } from 'afflink';

await init();

const order = (orderId, more = {}) => ({
  program: 'aliexpress', orderId, amount: '100.00', buyer: 'new', status: 'completed', paidDate: '2025-01-01', completedDate: '2025-01-02', ...more,
});

test('a hole in the orders array is a refused line in its place, not dropped', () => {
  const { lines, summary } = estimateCommissions([order('A'), , order('C')]); // eslint-disable-line no-sparse-arrays
  assert.deepEqual(lines.map((l) => l.orderId), ['A', null, 'C']);
  assert.equal(lines[1].error.code, 'invalid_field');
  assert.deepEqual([summary.orders, summary.errors], [3, 1]);
  // With an order refused by the package (an id that lost its digits), each line stays in its place.
  const mixed = estimateCommissions([order('A'), , order(2 ** 60), order('D')]); // eslint-disable-line no-sparse-arrays
  assert.deepEqual(mixed.lines.map((l) => l.error?.code ?? l.orderId), ['A', 'invalid_field', 'invalid_argument', 'D']);
  assert.deepEqual([mixed.summary.orders, mixed.summary.errors], [4, 2]);
});

test('a refund or an item amount that is NaN or Infinity is invalid_amount, never no refund', () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    assert.throws(() => estimateCommission(order('R', { refundedAmount: bad })), { code: 'invalid_amount', message: /refundedAmount/ });
    const items = [{ category: 'Home & Garden', amount: '10.00' }, { category: 'Home & Garden', amount: bad }];
    assert.throws(() => estimateCommission(order('I', { amount: undefined, items })), { code: 'invalid_amount', message: /items\[1\]\.amount/ });
    const { lines } = estimateCommissions([order('A'), order('R', { refundedAmount: bad })]);
    assert.equal(lines[0].commission, '8.00');
    assert.equal(lines[1].error.code, 'invalid_amount');
  }
  // A finite number is still a refund.
  assert.equal(estimateCommission(order('R', { refundedAmount: 40 })).commission, '4.80');
  const report = 'Order ID,Paid Date,Order Amount,Estimated Commission,Order Status\nR,2025-01-01,100.00,8.00,Completed\n';
  const r = reconcileCommissions({ report, orders: [order('R', { refundedAmount: NaN })] });
  assert.equal(r.lines[0].error.code, 'invalid_amount');
});

test('a lone surrogate in an order refuses that order, naming the field; the others are estimated', () => {
  // A product name cut in the middle of an emoji ('🎧'.slice(0, 1)), in a column afflink ignores.
  const cut = order('B', { productName: 'Headphones \uD83C' });
  assert.throws(
    () => estimateCommission(cut),
    (e) => e instanceof AfflinkError && e.code === 'invalid_argument' && /order\.productName/.test(e.message) && /lone surrogate/.test(e.message),
  );
  const { lines, summary } = estimateCommissions([order('A'), cut, order('C', { items: [{ category: 'x\uDC00', amount: '1' }], amount: undefined })]);
  assert.deepEqual(lines.map((l) => l.error?.code ?? l.commission), ['8.00', 'invalid_argument', 'invalid_argument']);
  assert.deepEqual(lines.map((l) => l.orderId), ['A', 'B', 'C']);
  assert.match(lines[2].error.message, /order\.items\[0\]\.category/);
  assert.deepEqual([summary.orders, summary.errors, summary.estimated], [3, 2, '8.00']);
  // In a key too, and in the context's cards.
  assert.throws(() => estimateCommission(order('K', { ['x\uD800']: 1 })), { code: 'invalid_argument' });
  assert.throws(() => estimateCommission(order('K'), { rateCards: [{ program: 'aliexpress', note: '\uDFFF' }] }), {
    code: 'invalid_argument',
    message: /context\.rateCards\[0\]\.note/,
  });
});

test('a NaN in a rate card of the context is refused by name, not read as null', () => {
  assert.throws(() => estimateCommission(order('K'), { rateCards: [{ program: 'aliexpress', period: { startDay: NaN, source: 'me' } }] }), {
    code: 'invalid_argument',
    message: /context\.rateCards\[0\]\.period\.startDay is NaN/,
  });
});

test('a numeric orderId that is a fraction, NaN or Infinity is refused as such, not as missing', () => {
  for (const id of [1.5, NaN, Infinity]) {
    assert.throws(() => estimateCommission(order(id)), { code: 'invalid_argument', message: new RegExp(`^orderId ${id} is not a whole number: give the id as a string`) });
  }
  assert.throws(() => estimateCommission(order(2 ** 60)), { code: 'invalid_argument', message: /above 2\^53/ });
  assert.equal(estimateCommission(order(-0)).orderId, '0');
});

test('a refused order without an id has a null orderId, not "undefined"', () => {
  const { lines } = estimateCommissions([{ program: 'aliexpress', productName: '\uD83C' }]);
  assert.equal(lines[0].orderId, null);
  assert.equal(lines[0].error.code, 'invalid_argument');
});

test('reconcileCommissions refuses an order with a lone surrogate by its place, not as "not JSON"', () => {
  const report = 'Order ID,Paid Date,Order Amount,Estimated Commission,Order Status\nA,2025-01-01,100.00,8.00,Completed\n';
  assert.throws(() => reconcileCommissions({ report, orders: [order('A'), order('B', { note: '\uD83D' })] }), {
    code: 'invalid_argument',
    message: /orders\[1\]\.note/,
  });
  // A backslash followed by "ud" is well-formed text.
  assert.equal(estimateCommission(order('A', { note: 'C:\\udata' })).commission, '8.00');
  assert.equal(estimateCommissions([order('A', { note: 'C:\\udata' })]).lines[0].commission, '8.00');
});
