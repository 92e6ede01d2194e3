// The shared commission cases through the installed package (CSV parsed here with a small
// RFC 4180 reader, so the test needs no dependency).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { init, AfflinkError, estimateCommission, estimateCommissions, defaultRateCard, rateCard, rateCards } from 'afflink';

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

const FIELDS = ['program', 'orderId', 'amount', 'currency', 'category', 'buyer', 'country', 'status', 'paidDate', 'completedDate', 'clickDate', 'spam', 'refundedAmount'];
const cases = parseCsv(await readFile(new URL('../cases/commission.csv', import.meta.url), 'utf8'));
const reportCases = JSON.parse(await readFile(new URL('../cases/commission_report.json', import.meta.url), 'utf8')).cases;
await init();

function orderOf(c) {
  const o = {};
  for (const f of FIELDS) if (c[f] !== '') o[f] = f === 'spam' && (c[f] === 'true' || c[f] === 'false') ? c[f] === 'true' : c[f];
  return o;
}

/** The context a case row describes: previous-period sales, a named card, exchange rates. */
function contextOf(c) {
  const context = {};
  if (c.previousPeriodSales) context.previousPeriodSales = c.previousPeriodSales;
  if (c.rates) context.rateCards = [c.rates];
  if (c.exchangeRates) {
    context.exchangeRates = Object.fromEntries(c.exchangeRates.split(/\s+/).map((p) => p.split('=')));
  }
  return Object.keys(context).length ? context : undefined;
}

/** Where `actual` differs from the expected subset (see commission_report.json's `about`). */
function subsetProblems(path, expected, actual, out) {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${path}: expected ${expected.length} elements, got ${JSON.stringify(actual)}`);
      return;
    }
    expected.forEach((e, i) => subsetProblems(`${path}[${i}]`, e, actual[i], out));
  } else if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') {
      out.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return;
    }
    for (const [k, v] of Object.entries(expected)) {
      if (!(k in actual)) out.push(`${path}.${k}: missing`);
      else subsetProblems(`${path}.${k}`, v, actual[k], out);
    }
  } else if (typeof expected === 'string' && expected.startsWith('~')) {
    if (typeof actual !== 'string' || !actual.includes(expected.slice(1))) out.push(`${path}: ${JSON.stringify(actual)} does not contain ${expected.slice(1)}`);
  } else if (expected !== actual) {
    out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

test(`every shared report case through estimateCommissions (${reportCases.length} cases)`, () => {
  assert.ok(reportCases.length >= 12);
  const problems = [];
  for (const c of reportCases) {
    let got;
    try {
      got = estimateCommissions(c.rows, c.context ?? undefined);
    } catch (e) {
      got = { error: { code: e.code, message: e.message } };
    }
    subsetProblems(c.id, c.expect, got, problems);
  }
  assert.deepEqual(problems, []);
});

test('named cards: listed, readable by name, and usable in the context', () => {
  const list = rateCards();
  assert.deepEqual(list.map((c) => [c.name, c.program, c.default]), [
    ['aliexpress-documented', 'aliexpress', true],
    ['alibaba-documented', 'alibaba', true],
    ['aliexpress-example-2016', 'aliexpress', false],
    ['alibaba-listing', 'alibaba', false],
  ]);
  const example = rateCard('aliexpress-example-2016');
  assert.equal(example.rules.find((r) => r.part === 'newBuyer').basis, 'example');
  assert.equal(rateCard('alibaba').id, 'alibaba-documented');
  assert.equal(rateCard('alibaba-listing').payout.minimumBalance.basis, 'listing');
  assert.throws(() => rateCard('ebay'), { code: 'invalid_rate_card' });
  assert.throws(() => rateCard(7), { code: 'invalid_argument' });
  const order = { program: 'aliexpress', orderId: 'w', amount: '60.00', buyer: 'new', status: 'completed', paidDate: '2016-10-10', completedDate: '2016-10-20' };
  const e = estimateCommission(order, { previousPeriodSales: '400000', rateCards: ['aliexpress-example-2016'] });
  assert.deepEqual([e.ratePercent, e.commission, e.card, e.assumptions.map((a) => a.code)], ['16', '9.60', 'aliexpress-example-2016', ['example_figure']]);
  assert.throws(() => estimateCommission(order, { rateCards: ['nope'] }), { code: 'invalid_rate_card' });
  const eur = estimateCommission({ ...order, currency: 'EUR' }, { exchangeRates: { EUR: '1.0800' } });
  assert.deepEqual([eur.amount, eur.amountUsd, eur.exchangeRate, eur.commission], ['60.00', '64.80', '1.0800', '5.18']);
  assert.throws(() => estimateCommission({ ...order, currency: 'EUR' }, { exchangeRates: { EUR: NaN } }), { code: 'invalid_amount' });
});

test(`every shared commission case through the package (${cases.length} cases)`, () => {
  assert.ok(cases.length >= 60);
  for (const c of cases) {
    const context = contextOf(c);
    if (c.expectError) {
      assert.throws(() => estimateCommission(orderOf(c), context), (e) => e instanceof AfflinkError && e.code === c.expectError, c.case);
      continue;
    }
    const e = estimateCommission(orderOf(c), context);
    const codes = (list) => list.map((r) => r.code).join('|');
    assert.deepEqual(
      [String(e.qualifies), e.ratePercent, e.commission, codes(e.reasons), codes(e.warnings), codes(e.assumptions)],
      [c.expectQualifies, c.expectRatePercent, c.expectCommission, c.expectReasons, c.expectWarnings, c.expectAssumptions],
      `${c.case}: ${c.note}`,
    );
  }
});

test('a batch keeps every order, bad ones with their orderId and error', () => {
  const orders = cases.map(orderOf);
  const { lines, summary } = estimateCommissions(orders);
  assert.equal(lines.length, orders.length);
  lines.forEach((line, i) => assert.equal(line.orderId, orders[i].orderId ?? null, cases[i].case));
  // Without their exchange rates (context), the non-USD rows are refused with missing_exchange_rate.
  assert.equal(summary.errors, cases.filter((c) => c.expectError || c.exchangeRates).length);
  const cents = lines.reduce((t, l) => t + (l.commission ? Math.round(Number(l.commission) * 100) : 0), 0);
  assert.equal(Math.round(Number(summary.estimated) * 100), cents);
});

test('JS numbers are accepted only when finite', () => {
  const base = { program: 'alibaba', orderId: 'n', buyer: 'returning', country: 'US', status: 'completed', paidDate: '2025-01-01', completedDate: '2025-01-02' };
  assert.equal(estimateCommission({ ...base, amount: 100 }).commission, '3.25');
  for (const amount of [NaN, Infinity, -Infinity]) {
    assert.throws(() => estimateCommission({ ...base, amount }), { code: 'invalid_amount' });
  }
  assert.throws(() => estimateCommission({ ...base, amount: 1 }, { previousPeriodSales: NaN }), { code: 'invalid_amount' });
  assert.throws(() => estimateCommission(null), { code: 'invalid_argument' });
  assert.throws(() => estimateCommissions('x'), { code: 'invalid_argument' });
  assert.throws(() => defaultRateCard('ebay'), { code: 'invalid_argument' });
});

test('the default card never overstates the worked example, and a partial card overrides it', () => {
  const order = { program: 'aliexpress', orderId: 'w', amount: '100.00', buyer: 'new', status: 'completed', paidDate: '2016-10-10', completedDate: '2016-10-20' };
  const e = estimateCommission(order, { previousPeriodSales: '400000' });
  assert.deepEqual([e.ratePercent, e.assumptions], ['10', []]);
  const card = defaultRateCard('aliexpress');
  assert.equal(card.rules.at(-1).percent, '8');
  assert.ok(card.rules.every((r) => r.basis === 'documented'));
  const custom = { program: 'aliexpress', incentive: null };
  assert.equal(estimateCommission(order, { previousPeriodSales: '400000', rateCards: [custom] }).ratePercent, '8');
  assert.throws(() => estimateCommission(order, { rateCards: [{ program: 'aliexpress', cap: 5 }] }), { code: 'invalid_rate_card' });
});
