// The shared commission cases through the installed package (CSV parsed here with a small
// RFC 4180 reader, so the test needs no dependency).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { init, AfflinkError, estimateCommission, estimateCommissions, defaultRateCard } from 'afflink';

function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  const [header, ...body] = rows;
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const FIELDS = ['program', 'orderId', 'amount', 'currency', 'category', 'buyer', 'country', 'status', 'paidDate', 'completedDate', 'clickDate', 'spam'];
const cases = parseCsv(await readFile(new URL('../cases/commission.csv', import.meta.url), 'utf8'));
await init();

function orderOf(c) {
  const o = {};
  for (const f of FIELDS) if (c[f] !== '') o[f] = f === 'spam' && (c[f] === 'true' || c[f] === 'false') ? c[f] === 'true' : c[f];
  return o;
}

test(`every shared commission case through the package (${cases.length} cases)`, () => {
  assert.ok(cases.length >= 60);
  for (const c of cases) {
    const context = c.previousPeriodSales ? { previousPeriodSales: c.previousPeriodSales } : undefined;
    if (c.expectError) {
      assert.throws(() => estimateCommission(orderOf(c), context), (e) => e instanceof AfflinkError && e.code === c.expectError, c.case);
      continue;
    }
    const e = estimateCommission(orderOf(c), context);
    assert.deepEqual(
      [String(e.qualifies), e.ratePercent, e.commission, e.reasons.map((r) => r.code).join('|')],
      [c.expectQualifies, c.expectRatePercent, c.expectCommission, c.expectReasons],
      `${c.case}: ${c.note}`,
    );
  }
});

test('a batch keeps every order, bad ones with their orderId and error', () => {
  const orders = cases.map(orderOf);
  const { lines, summary } = estimateCommissions(orders);
  assert.equal(lines.length, orders.length);
  lines.forEach((line, i) => assert.equal(line.orderId, orders[i].orderId ?? null, cases[i].case));
  assert.equal(summary.errors, cases.filter((c) => c.expectError).length);
  const cents = lines.reduce((t, l) => t + (l.commission ? Math.round(Number(l.commission) * 100) : 0), 0);
  assert.equal(Math.round(Number(summary.estimated) * 100), cents);
});

test('JS numbers are accepted only when finite', () => {
  const base = { program: 'alibaba', orderId: 'n', buyer: 'returning', country: 'US', status: 'completed', paidDate: '2025-01-01', completedDate: '2025-01-02' };
  assert.equal(estimateCommission({ ...base, amount: 100 }).commission, '3.50');
  for (const amount of [NaN, Infinity, -Infinity]) {
    assert.throws(() => estimateCommission({ ...base, amount }), { code: 'invalid_amount' });
  }
  assert.throws(() => estimateCommission({ ...base, amount: 1 }, { previousPeriodSales: NaN }), { code: 'invalid_amount' });
  assert.throws(() => estimateCommission(null), { code: 'invalid_argument' });
  assert.throws(() => estimateCommissions('x'), { code: 'invalid_argument' });
  assert.throws(() => defaultRateCard('ebay'), { code: 'invalid_argument' });
});

test('the worked example holds with the default card, and a partial card overrides it', () => {
  const order = { program: 'aliexpress', orderId: 'w', amount: '100.00', buyer: 'new', status: 'completed', paidDate: '2016-10-10', completedDate: '2016-10-20' };
  assert.equal(estimateCommission(order, { previousPeriodSales: '400000' }).ratePercent, '16');
  const card = defaultRateCard('aliexpress');
  assert.equal(card.rules.at(-1).percent, '8');
  const custom = { program: 'aliexpress', incentive: null };
  assert.equal(estimateCommission(order, { previousPeriodSales: '400000', rateCards: [custom] }).ratePercent, '14');
  assert.throws(() => estimateCommission(order, { rateCards: [{ program: 'aliexpress', cap: 5 }] }), { code: 'invalid_rate_card' });
});
