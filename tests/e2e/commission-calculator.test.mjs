// Browser test of the demo page's commission calculator (<afflink-commission-calculator>),
// driven like a user. Run after `bash scripts/build.sh`:  node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, parseCsv, useBrowser } from './harness.mjs';

const { openPage } = useBrowser();

const CSV_TEXT = readFileSync(join(ROOT, 'tests', 'cases', 'commission.csv'), 'utf8');
const TABLE = parseCsv(CSV_TEXT);
const HEADER = TABLE[0];
const CASES = TABLE.slice(1).map((row) => Object.fromEntries(HEADER.map((h, i) => [h, row[i] ?? ''])));
const CASE = Object.fromEntries(CASES.map((c) => [c.case, c]));
const DEFAULT_CARDS = {
  aliexpress: JSON.parse(readFileSync(join(ROOT, 'rates', 'aliexpress.json'), 'utf8')),
  alibaba: JSON.parse(readFileSync(join(ROOT, 'rates', 'alibaba.json'), 'utf8')),
};

/** The columns the download adds after the input columns. */
const RESULT_COLUMNS = ['qualifies', 'ratePercent', 'commission', 'period', 'reasons', 'warnings', 'assumptions', 'error'];
const DEFAULT_NAMES = { aliexpress: 'aliexpress-documented', alibaba: 'alibaba-documented' };
/** Rows the bulk view checks as they are: on the default cards, without exchange rates. */
const onDefaults = (c) => c.previousPeriodSales === '' && c.rates === '' && c.exchangeRates === '';

/** Decimal string → integer cents (BigInt): money is never a float here either. */
function cents(s) {
  const m = /^(-?)(\d*)(?:\.(\d{0,2}))?$/.exec(s.trim());
  assert.ok(m, `not a money string: ${JSON.stringify(s)}`);
  const value = BigInt(m[2] || '0') * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -value : value;
}

function money(c) {
  const neg = c < 0n;
  const abs = neg ? -c : c;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

const sumCents = (list) => list.reduce((a, b) => a + b, 0n);

const calc = (page) => page.locator('afflink-commission-calculator');
const result = (page) => calc(page).locator('.cc-result');
const label = (page, text) => calc(page).getByLabel(text, { exact: true });

const LABELS = {
  program: 'Program',
  card: 'Rate card',
  amount: 'Amount (USD)',
  category: 'Category',
  buyer: 'Buyer',
  country: 'Buyer country',
  status: 'Order status',
  paidDate: 'Paid date',
  completedDate: 'Completed date',
  clickDate: 'Click date (optional)',
  spam: 'Spam (flagged by the program)',
  previousPeriodSales: "Previous period's sales (USD)",
};

/** Waits until the one-order estimate shows the form as it is now (no estimate pending). */
async function settled(page) {
  await calc(page).locator('.cc-result:not([aria-busy])').waitFor();
}

const COMPLETED = /^(completed|trade completed)$/i;
const SPAM = /^(true|y|yes)$/i;

/** Fills the one-order form by label, as a user would, from a case of commission.csv. */
async function fillOrder(page, c) {
  await label(page, LABELS.program).selectOption(c.program);
  await label(page, LABELS.card).selectOption(c.rates || DEFAULT_NAMES[c.program]);
  await label(page, LABELS.amount).fill(c.amount);
  await label(page, LABELS.category).fill(c.category);
  await label(page, LABELS.buyer).selectOption(c.buyer);
  await label(page, LABELS.country).fill(c.country);
  await label(page, LABELS.status).selectOption(COMPLETED.test(c.status) ? 'completed' : 'not completed');
  await label(page, LABELS.paidDate).fill(c.paidDate);
  await label(page, LABELS.completedDate).fill(c.completedDate);
  await label(page, LABELS.clickDate).fill(c.clickDate);
  await label(page, LABELS.spam).setChecked(SPAM.test(c.spam));
  const sales = label(page, LABELS.previousPeriodSales);
  if (c.program === 'aliexpress') await sales.fill(c.previousPeriodSales);
  else assert.equal(await sales.isVisible(), false, 'the Alibaba.com card has no incentive field');
  await settled(page);
}

/** What the one-order estimate shows. */
function readResult(page) {
  return result(page).evaluate((r) => {
    const text = (sel) => r.querySelector(sel)?.textContent ?? null;
    return {
      verdict: text('.cc-verdict'),
      commission: text('.cc-commission'),
      rate: text('.cc-rate'),
      reasons: [...r.querySelectorAll('.cc-reason-code')].map((c) => c.textContent),
      warnings: [...r.querySelectorAll('.cc-warning-code')].map((c) => c.textContent),
      assumptions: [...r.querySelectorAll('.cc-assumption-code')].map((c) => c.textContent),
      error: text('.cc-error-code'),
      message: text('.cc-refusal .cc-message'),
      lines: [...r.querySelectorAll('.cc-breakdown tbody tr')].map((tr) => ({
        part: tr.dataset.part,
        label: tr.cells[0].textContent,
        rate: tr.cells[1].textContent,
        amount: tr.cells[2].textContent,
      })),
      period: text('.cc-period-dates'),
    };
  });
}

/** Checks the shown estimate against a case's expectations. */
function assertCase(shown, c) {
  const where = `${c.case} (${c.note})`;
  if (c.expectError) {
    assert.equal(shown.error, c.expectError, `${where}: error code`);
    assert.equal(shown.verdict, 'Cannot estimate this order', `${where}: verdict`);
    assert.equal(shown.commission, null, `${where}: no commission is shown`);
    return;
  }
  assert.equal(shown.error, null, `${where}: no error (${shown.message})`);
  assert.equal(shown.verdict, c.expectQualifies === 'true' ? 'Qualifies' : 'Does not qualify', `${where}: verdict`);
  assert.equal(shown.commission, c.expectCommission, `${where}: commission`);
  assert.equal(shown.rate, c.expectRatePercent, `${where}: rate`);
  assert.deepEqual(shown.reasons, c.expectReasons ? c.expectReasons.split('|') : [], `${where}: reasons`);
  assert.deepEqual(shown.warnings, c.expectWarnings ? c.expectWarnings.split('|') : [], `${where}: warnings`);
  assert.deepEqual(shown.assumptions, c.expectAssumptions ? c.expectAssumptions.split('|') : [], `${where}: assumptions beside the result`);
  if (c.expectQualifies === 'true') {
    assert.ok(shown.lines.length > 0, `${where}: a breakdown`);
    assert.equal(money(sumCents(shown.lines.map((l) => cents(l.amount)))), c.expectCommission, `${where}: the lines add up`);
  } else {
    assert.deepEqual(shown.lines, [], `${where}: no breakdown`);
  }
}

// Cases that a user can enter in the form (the program and buyer are lists; there is no
// currency or order id field), chosen to cover every rule, the boundaries and the rounding.
const FORM_CASES = [
  'ae-example-16', // the program's worked example on its example card: 400000 of previous sales → 16%
  'ae-default-worked-example-10', // the same order on the default card: 8% + 2%
  'ae-default-new-8',
  'ab-default-new-3.25',
  'ae-alias-2', // a category path
  'ae-alias-4', // the seed's full name
  'ab-listing-security', // the listing's excluded category
  'ab-ru-listing-excluded',
  'ae-session-click',
  'ae-stale-edge',
  'ae-example-16-big',
  'ae-returning-8',
  'ae-tablets-new-8', // a tablet never gets the new-buyer rate
  'ae-tablets-new-inc-10',
  'ae-phones-mixed-inc',
  'ae-tablet-singular',
  'ae-inc-below',
  'ae-inc-exact',
  'ae-days-60',
  'ae-days-61',
  'ae-late-with-inc',
  'ae-status-trade-completed',
  'ae-status-title',
  'ab-new-us-7',
  'ab-new-br-6.3',
  'ab-ret-lower-de',
  'ab-amount-4999.99', // Alibaba.com boundaries
  'ab-amount-5000.00',
  'ab-days-179',
  'ab-days-180',
  'ab-click-15',
  'ab-click-16',
  'ab-spam-Y',
  'ab-excl-mixed-in',
  'ab-no-incentive',
  'ab-multi-all-six', // every Alibaba.com rule fails at once
  'ae-multi-pending-late',
  'ab-multi-completed',
  'round-ae14-0.75', // half away from zero
  'round-ae10-10.05',
  'round-ab63-15.00',
  'round-ab35-below',
  'large-ae-inc',
  'err-amount-abc', // bad input
  'err-amount-missing',
  'err-amount-exp',
  'err-date-feb30',
  'err-completed-before-paid',
  'err-click-after-paid',
  'err-country-usa',
  'err-country-missing-ab',
  'err-completed-missing',
];

/** The field each bad-input case names. */
const BAD_FIELD = {
  'err-amount-abc': 'amount',
  'err-amount-missing': 'amount',
  'err-amount-exp': 'amount',
  'err-date-feb30': 'paidDate',
  'err-completed-before-paid': 'completedDate',
  'err-click-after-paid': 'clickDate',
  'err-country-usa': 'country',
  'err-country-missing-ab': 'country',
  'err-completed-missing': 'completedDate',
};

test('the page has the calculator: it opens empty, the default card is the documented minimum, the worked example picks the example card', async () => {
  const { context, page, problems } = await openPage();
  try {
    const nav = page.getByRole('navigation', { name: 'Tools' }).getByRole('link', { name: 'Estimate commissions' });
    assert.equal(await nav.getAttribute('href'), '#estimate-commissions');
    assert.equal(await page.locator('#estimate-commissions h2').textContent(), 'Estimate commissions');
    for (const text of Object.values(LABELS)) await label(page, text).waitFor({ state: 'attached' });
    await settled(page);
    assert.equal(await result(page).getAttribute('aria-live'), 'polite');
    // The form opens empty: no amount, no previous-period sales, no estimate and no refusal.
    assert.equal(await label(page, LABELS.amount).inputValue(), '');
    assert.equal(await label(page, LABELS.previousPeriodSales).inputValue(), '');
    let shown = await readResult(page);
    assert.equal(shown.commission, null);
    assert.equal(shown.error, null);
    assert.match(await result(page).textContent(), /Type an order/);
    assert.equal(await calc(page).locator('[aria-invalid="true"]').count(), 0);
    // The card select offers the shipped cards of the program; the default is marked.
    const options = () => label(page, LABELS.card).locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
    let listed = await options();
    assert.deepEqual(listed.map(([v]) => v), ['aliexpress-documented', 'aliexpress-example-2016']);
    assert.match(listed[0][1], /documented minimum/i);
    assert.doesNotMatch(listed[1][1], /documented minimum/i);
    assert.equal(await label(page, LABELS.card).inputValue(), 'aliexpress-documented');
    assert.match(await calc(page).locator('.cc-card-summary').textContent(), /documented minimum/);
    await label(page, LABELS.program).selectOption('alibaba');
    listed = await options();
    assert.deepEqual(listed.map(([v]) => v), ['alibaba-documented', 'alibaba-listing']);
    assert.match(listed[0][1], /documented minimum/i);
    await label(page, LABELS.program).selectOption('aliexpress');

    // "Fill in the worked example" selects the example card: 14% + 2% = 16%, labelled.
    await calc(page).getByRole('button', { name: 'Fill in the worked example' }).click();
    await settled(page);
    assert.equal(await label(page, LABELS.card).inputValue(), 'aliexpress-example-2016');
    shown = await readResult(page);
    assert.equal(shown.verdict, 'Qualifies');
    assert.equal(shown.commission, '9.60');
    assert.equal(shown.rate, '16');
    assert.deepEqual(
      shown.lines.map((l) => [l.part, l.rate, l.amount]),
      [
        ['newBuyer', '14%', '8.40'],
        ['incentive', '2%', '1.20'],
      ],
    );
    assert.deepEqual(shown.assumptions, ['example_figure'], 'the 14% is shown as an assumption beside the result');
    assert.match(await result(page).locator('.cc-assumptions').textContent(), /worked example/);
    assert.equal(shown.period, '2016-10-10 to 2016-11-09');
    assert.deepEqual(
      await calc(page).locator(`#${await label(page, LABELS.category).getAttribute('list')} option`).evaluateAll((os) => os.map((o) => o.value)),
      DEFAULT_CARDS.aliexpress.categories,
      'the category list comes from the card',
    );
    // Back to the documented minimum: the same order earns 8% + 2%, with no assumption.
    await label(page, LABELS.card).selectOption('aliexpress-documented');
    await settled(page);
    shown = await readResult(page);
    assert.deepEqual([shown.rate, shown.commission, shown.assumptions], ['10', '6.00', []]);
    assert.match(await result(page).locator('.cc-assumptions').textContent(), /none/);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test(`one order, typed into the form: ${FORM_CASES.length} cases of tests/cases/commission.csv`, async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    for (const id of FORM_CASES) {
      const c = CASE[id];
      assert.ok(c, `case ${id} exists`);
      await fillOrder(page, c);
      const shown = await readResult(page);
      assertCase(shown, c);
      if (c.expectError) {
        // The refusal names the field, and the field is marked invalid.
        const field = BAD_FIELD[id];
        assert.ok(shown.message.startsWith(`${field}:`), `${id}: the message names ${field}: ${shown.message}`);
        assert.equal(await label(page, LABELS[field]).getAttribute('aria-invalid'), 'true', `${id}: ${field} is marked invalid`);
        assert.equal(await calc(page).locator('[aria-invalid="true"]').count(), 1, `${id}: only that field is marked`);
      } else {
        assert.equal(await calc(page).locator('.cc-form [aria-invalid="true"]').count(), 0, `${id}: no field is marked invalid`);
      }
      if (id === 'ab-multi-all-six') {
        assert.equal(await result(page).locator('.cc-reasons-title').textContent(), 'Failed 6 rules:');
      }
      if (id === 'ae-late-with-inc') assert.equal(shown.period, '2024-12-10 to 2025-01-09');
      if (id.startsWith('ab-') && !c.expectError) assert.equal(shown.period, 'No calculation period');
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the estimate follows typing (debounced) and previous-period sales switch the incentive', async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    await calc(page).getByRole('button', { name: 'Fill in the worked example' }).click();
    await settled(page);
    const amount = label(page, LABELS.amount);
    await amount.fill('');
    await amount.pressSequentially('100.5', { delay: 20 });
    // Busy while the user is typing, then the estimate of the whole value.
    await settled(page);
    let shown = await readResult(page);
    assert.equal(shown.commission, '16.08'); // 100.5 × 16% = 16.08
    await label(page, LABELS.previousPeriodSales).fill('399999.99');
    await settled(page);
    shown = await readResult(page);
    assert.equal(shown.rate, '14');
    assert.equal(shown.commission, '14.07'); // 100.5 × 14% = 14.07
    await label(page, LABELS.previousPeriodSales).fill('four hundred');
    await settled(page);
    shown = await readResult(page);
    assert.equal(shown.error, 'invalid_amount');
    assert.match(shown.message, /^previousPeriodSales:/);
    assert.equal(await label(page, LABELS.previousPeriodSales).getAttribute('aria-invalid'), 'true');
    await calc(page).getByRole('button', { name: 'Fill in the worked example' }).click();
    await settled(page);
    assert.equal((await readResult(page)).commission, '9.60');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

/** Each body row of the bulk table as text. */
function readBulkRows(page) {
  return calc(page)
    .locator('.cc-lines tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => ({
        status: tr.dataset.status,
        line: tr.cells[0].textContent,
        orderId: tr.cells[1].textContent,
        program: tr.cells[2].textContent,
        qualifies: tr.cells[3].textContent,
        rate: tr.cells[4].textContent,
        commission: tr.cells[5].textContent,
        period: tr.cells[6].textContent,
        reasons: [...tr.cells[7].querySelectorAll('.cc-reason-code')].map((c) => c.textContent),
        error: tr.cells[7].querySelector('.cc-error-code')?.textContent ?? null,
        why: tr.cells[7].textContent,
      })),
    );
}

function assertBulkRow(row, c) {
  const where = `${c.case} (${c.note})`;
  assert.equal(row.orderId, c.orderId || '—', `${where}: order id`);
  if (c.expectError) {
    assert.equal(row.status, 'error', `${where}: status`);
    assert.equal(row.error, c.expectError, `${where}: error code`);
    assert.equal(row.commission, '—', `${where}: no commission`);
    return;
  }
  assert.equal(row.error, null, `${where}: no error (${row.why})`);
  assert.equal(row.status, c.expectQualifies === 'true' ? 'yes' : 'no', `${where}: qualifies`);
  assert.equal(row.rate, `${c.expectRatePercent}%`, `${where}: rate`);
  assert.equal(row.commission, c.expectCommission, `${where}: commission`);
  assert.deepEqual(row.reasons, c.expectReasons ? c.expectReasons.split('|') : [], `${where}: reasons`);
}

async function totals(page) {
  const t = (cls) => calc(page).locator(`.cc-totals .${cls}`).textContent();
  return {
    orders: await t('cc-total-orders'),
    errors: await t('cc-total-errors'),
    qualifying: await t('cc-total-qualifying'),
    qualifyingAmount: await t('cc-total-qualifying-amount'),
    estimated: await t('cc-total-estimated'),
  };
}

/** Puts CSV text in the box (as a paste would) and presses Estimate all. */
async function estimateCsv(page, text, rowCount) {
  await label(page, 'Orders (CSV with a header row)').fill(text);
  await calc(page).getByRole('button', { name: 'Estimate all' }).click();
  await calc(page).locator('.cc-bulk-status').filter({ hasText: `${rowCount} order` }).waitFor();
  await calc(page).locator('.cc-bulk-results:not([aria-busy])').waitFor();
}

const toCsv = (rows) => rows.map((r) => r.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n');

test('many orders: every row of commission.csv pasted, totals, periods, payouts and the download', async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    // The whole file: its columns are order fields plus expectations, which are ignored.
    await estimateCsv(page, CSV_TEXT, CASES.length);
    const rows = await readBulkRows(page);
    assert.equal(rows.length, CASES.length, 'one result row per CSV row');
    assert.deepEqual(
      rows.map((r) => r.line),
      CASES.map((_, i) => String(i + 2)),
      'Line is the line of the CSV',
    );
    // previousPeriodSales is context, not an order field: the rows that need it are checked below.
    const free = CASES.map((c, i) => [c, rows[i]]).filter(([c]) => onDefaults(c));
    for (const [c, row] of free) assertBulkRow(row, c);

    const shownTotals = await totals(page);
    assert.equal(shownTotals.orders, String(CASES.length));
    // The CSV box takes no exchange rates: the non-USD rows are refused (missing_exchange_rate).
    assert.equal(shownTotals.errors, String(CASES.filter((c) => c.expectError || c.exchangeRates).length));
    const estimatedAll = cents(shownTotals.estimated);
    assert.equal(estimatedAll, sumCents(rows.filter((r) => r.status !== 'error').map((r) => cents(r.commission))), 'the total is the sum of the lines');
    const status = await calc(page).locator('.cc-bulk-status').textContent();
    assert.match(status, new RegExp(`^${CASES.length} orders: .* Estimated commission: ${shownTotals.estimated.replace('.', '\\.')} USD\\.$`));

    // Per calculation period and payouts.
    const periods = await calc(page).locator('.cc-periods tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.ok(periods.length > 3);
    const aePeriods = periods.filter((p) => p[0] === 'AliExpress');
    assert.ok(aePeriods.length > 3 && aePeriods.every((p) => /^\d{4}-\d{2}-10 to \d{4}-\d{2}-09$/.test(p[1])), 'AliExpress periods run from the 10th to the 9th');
    assert.ok(periods.filter((p) => p[0] === 'Alibaba.com').every((p) => /^\d{4}-\d{2}-01 to \d{4}-\d{2}-(28|29|30|31)$/.test(p[1])), 'Alibaba.com totals are by calendar month');
    for (const p of periods) assert.equal(cents(p[6]), cents(p[4]) + cents(p[5]), 'net is commission plus adjustments');
    const payouts = await calc(page)
      .locator('.cc-payouts tbody tr')
      .evaluateAll((trs) => trs.map((tr) => ({ program: tr.dataset.program, cells: [...tr.cells].map((c) => c.textContent) })));
    assert.deepEqual(payouts.map((p) => p.program).sort(), ['alibaba', 'aliexpress']);
    for (const p of payouts) {
      const [, balance, minimum, fee, withdrawable, net] = p.cells;
      assert.equal(minimum, '16.00');
      assert.equal(fee, '15.00');
      assert.equal(withdrawable, 'yes');
      assert.equal(cents(net), cents(balance) - 1500n, 'net is the balance minus the fee');
    }
    assert.equal(
      sumCents(payouts.map((p) => cents(p.cells[1]))),
      estimatedAll,
      'the payout balances add up to the estimate',
    );

    // The download: every input column, then the results; formula-like cells neutralised.
    const [download] = await Promise.all([page.waitForEvent('download'), calc(page).getByRole('button', { name: 'Download CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'afflink-commissions.csv');
    const text = readFileSync(await download.path(), 'utf8');
    assert.ok(text.startsWith('\uFEFF'), 'starts with a byte order mark');
    const table = parseCsv(text.slice(1));
    assert.equal(table.length, CASES.length + 1);
    assert.deepEqual(table[0], [...HEADER, ...RESULT_COLUMNS]);
    const col = (name) => table[0].indexOf(name);
    table.slice(1).forEach((r, i) => {
      const c = CASES[i];
      assert.equal(r[col('case')], c.case);
      const amount = c.amount.startsWith('-') ? `'${c.amount}` : c.amount;
      assert.equal(r[col('amount')], amount, `${c.case}: amount as given (neutralised when it starts with -)`);
      if (c.expectError) {
        assert.ok(r[col('error')].startsWith(`${c.expectError}: `), `${c.case}: error column ${r[col('error')]}`);
        assert.equal(r[col('commission')], '');
      } else if (onDefaults(c)) {
        assert.equal(r[col('qualifies')], c.expectQualifies);
        assert.equal(r[col('ratePercent')], c.expectRatePercent);
        assert.equal(r[col('commission')], c.expectCommission);
        // "code: message; code: message" (messages may hold "; " themselves).
        assert.deepEqual(
          [...r[col('reasons')].matchAll(/(?:^|; )([a-z_]+): /g)].map((m) => m[1]),
          c.expectReasons ? c.expectReasons.split('|') : [],
          `${c.case}: reasons column ${r[col('reasons')]}`,
        );
      }
    });
    for (const row of table) {
      for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `cell ${JSON.stringify(cell)} could run as a formula`);
    }
    assert.equal(await calc(page).locator('.cc-action-status').textContent(), `Downloaded afflink-commissions.csv (${CASES.length} rows).`);

    // The same rows grouped by their previous-period sales and card, each group estimated
    // with that value and card: every row then meets its expectation, each group's total is
    // the sum of its expectCommission, and the groups add up to the expectCommission column
    // (rows with exchange rates aside: the calculator's CSV takes USD amounts).
    const groups = new Map();
    const inUsd = CASES.filter((c) => c.exchangeRates === '');
    for (const c of inUsd) {
      const key = `${c.previousPeriodSales}|${c.rates}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    assert.ok(groups.size > 3);
    let groupTotal = 0n;
    for (const [key, cases] of groups) {
      const [sales, rates] = key.split('|');
      const named = rates ? cases[0].program : null;
      for (const program of ['aliexpress', 'alibaba']) {
        await label(page, LABELS.program).selectOption(program);
        await label(page, LABELS.card).selectOption(program === named ? rates : DEFAULT_NAMES[program]);
      }
      await label(page, "Previous period's sales for every order (USD)").fill(sales);
      const lines = [HEADER, ...cases.map((c) => HEADER.map((h) => c[h]))];
      await estimateCsv(page, toCsv(lines), cases.length);
      const groupRows = await readBulkRows(page);
      assert.equal(groupRows.length, cases.length);
      cases.forEach((c, i) => assertBulkRow(groupRows[i], c));
      const expected = sumCents(cases.filter((c) => !c.expectError).map((c) => cents(c.expectCommission)));
      const shown = cents((await totals(page)).estimated);
      assert.equal(shown, expected, `previous-period sales ${JSON.stringify(sales)}, card ${rates || 'default'}: estimated total`);
      groupTotal += shown;
    }
    const expectAll = sumCents(inUsd.filter((c) => !c.expectError).map((c) => cents(c.expectCommission)));
    assert.equal(groupTotal, expectAll, 'the groups add up to the sum of the expectCommission column');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('many orders: a CSV file (CRLF, quoted fields) opened from disk, and the example', async () => {
  const { context, page, problems, requests } = await openPage();
  try {
    await settled(page);
    const before = requests.length;
    await label(page, 'Or open a CSV file').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${CSV_TEXT}`) });
    await calc(page).locator('.cc-bulk-status').filter({ hasText: `${CASES.length} orders` }).waitFor();
    assert.equal(await calc(page).locator('.cc-lines tbody tr').count(), CASES.length);
    assert.equal(await calc(page).locator('.cc-action-status').textContent(), 'Opened orders.csv.');
    // The estimate runs in the tools' worker, which loads the site's own script and wasm
    // files; nothing else is requested, and nothing is sent.
    const after = requests.slice(before);
    assert.deepEqual(after.filter((u) => !/\/(afflink-tools-worker\.js|pkg\/[\w.-]+\.(js|wasm))$/.test(new URL(u).pathname)), [], 'the file is read locally, without a request');
    const rows = await readBulkRows(page);
    // A quoted note with a comma did not shift the columns.
    CASES.forEach((c, i) => {
      if (onDefaults(c)) assertBulkRow(rows[i], c);
    });

    await calc(page).getByRole('button', { name: 'Load example' }).click();
    await calc(page).locator('.cc-bulk-status').filter({ hasText: '8 orders' }).waitFor();
    const example = await readBulkRows(page);
    assert.deepEqual(
      example.map((r) => [r.orderId, r.status]),
      [
        ['AE-1001', 'yes'],
        ['AE-1002', 'yes'],
        ['AE-1003', 'no'],
        ['AE-1004', 'error'],
        ['AB-2001', 'yes'],
        ['AB-2002', 'yes'],
        ['AB-2003', 'no'],
        ['AB-2004', 'no'],
      ],
    );
    assert.equal(example[1].rate, '8%', 'a tablet never gets the new-buyer rate');
    assert.equal(example[3].error, 'invalid_amount', '"1,299.00" is not a decimal amount');
    assert.deepEqual(example[6].reasons, ['amount_too_high']);
    assert.deepEqual(example[7].reasons, ['excluded_country']);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('many orders: history sets the next period\'s incentive; small balances are not withdrawable', async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    const csv = [
      'program,orderId,amount,buyer,country,status,paidDate,completedDate',
      'aliexpress,a,250000.00,returning,,completed,2016-09-10,2016-09-10',
      'aliexpress,b,150000.00,returning,,completed,2016-10-09,2016-10-09',
      'aliexpress,c,100.00,returning,,completed,2016-10-10,2016-10-10',
      'aliexpress,d,100.00,returning,,completed,2016-11-10,2016-11-10',
      'alibaba,e,100.00,returning,US,Trade Completed,2016-11-10,2016-11-12',
    ].join('\n');
    await label(page, 'History: these orders are all my sales, so each period\'s qualifying sales set the next period\'s incentive').check();
    assert.equal(await label(page, "Previous period's sales for every order (USD)").isDisabled(), true);
    await estimateCsv(page, csv, 5);
    const rows = await readBulkRows(page);
    assert.deepEqual(
      rows.map((r) => r.rate),
      ['8%', '8%', '10%', '8%', '3.25%'],
    );
    assert.deepEqual(await totals(page), {
      orders: '5',
      errors: '0',
      qualifying: '5',
      qualifyingAmount: '400300.00',
      estimated: '32021.25',
    });
    const periods = await calc(page).locator('.cc-periods tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(periods, [
      ['Alibaba.com', '2016-11-01 to 2016-11-30', '1', '100.00', '3.25', '0.00', '3.25'],
      ['AliExpress', '2016-09-10 to 2016-10-09', '2', '400000.00', '32000.00', '0.00', '32000.00'],
      ['AliExpress', '2016-10-10 to 2016-11-09', '1', '100.00', '10.00', '0.00', '10.00'],
      ['AliExpress', '2016-11-10 to 2016-12-09', '1', '100.00', '8.00', '0.00', '8.00'],
    ]);
    const alibaba = calc(page).locator('.cc-payouts tr[data-program="alibaba"]');
    assert.equal(await alibaba.locator('.cc-withdrawable').textContent(), 'no');
    assert.equal(await alibaba.locator('.cc-net').textContent(), '0.00');
    assert.match(await alibaba.locator('.cc-warning').textContent(), /must exceed US\$16\.00/);

    // Without history: no incentive at all.
    await label(page, 'History: these orders are all my sales, so each period\'s qualifying sales set the next period\'s incentive').uncheck();
    await calc(page).locator('.cc-lines tbody tr').nth(2).locator('td', { hasText: /^8%$/ }).waitFor();
    assert.equal((await totals(page)).estimated, '32019.25');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('download: formula-looking cells are neutralised with a quote', async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    const csv = toCsv([
      ['program', 'orderId', 'amount', 'category', 'buyer', 'country', 'status', 'paidDate', 'completedDate', '=note'],
      ['aliexpress', '=HYPERLINK("http://evil")', '10.00', '+cmd|\' /C calc\'!A0', 'new', '', 'completed', '2025-01-10', '2025-01-20', '@SUM(1)'],
      ['aliexpress', '-2+3', '-1.00', '\tTab', 'new', '', 'completed', '2025-01-10', '2025-01-20', 'plain'],
      ['alibaba', '@x', '20.00', '\rCR', 'returning', 'US', 'Trade Completed', '2025-01-10', '2025-01-20', 'say "hi", ok'],
    ]);
    // Opened as a file: a pasted carriage return would become a line feed in the box.
    await label(page, 'Or open a CSV file').setInputFiles({ name: 'formulas.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await calc(page).locator('.cc-bulk-status').filter({ hasText: '3 orders' }).waitFor();
    const rows = await readBulkRows(page);
    assert.deepEqual(
      rows.map((r) => r.orderId),
      ['=HYPERLINK("http://evil")', '-2+3', '@x'],
      'shown as typed',
    );
    assert.equal(rows[0].commission, '0.80');
    assert.equal(rows[1].error, 'invalid_amount');
    assert.equal(rows[2].commission, '0.65');

    const [download] = await Promise.all([page.waitForEvent('download'), calc(page).getByRole('button', { name: 'Download CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'afflink-commissions.csv');
    const text = readFileSync(await download.path(), 'utf8');
    const table = parseCsv(text.slice(1));
    assert.equal(table.length, 4);
    assert.deepEqual(table[0], ['program', 'orderId', 'amount', 'category', 'buyer', 'country', 'status', 'paidDate', 'completedDate', "'=note", ...RESULT_COLUMNS]);
    const col = (name) => table[0].indexOf(name);
    assert.deepEqual(
      table.slice(1).map((r) => [r[col('orderId')], r[col('amount')], r[col('category')], r[9]]),
      [
        ['\'=HYPERLINK("http://evil")', '10.00', "'+cmd|' /C calc'!A0", "'@SUM(1)"],
        ["'-2+3", "'-1.00", "'\tTab", 'plain'],
        ["'@x", '20.00', "'\rCR", 'say "hi", ok'],
      ],
    );
    assert.deepEqual(table.slice(1).map((r) => r[col('commission')]), ['0.80', '', '0.65']);
    assert.match(table[2][col('error')], /^invalid_amount: amount: -1\.00 is negative\.$/);
    assert.equal(table[1][col('period')], '2025-01-10..2025-02-09');
    for (const row of table) {
      for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `cell ${JSON.stringify(cell)} could run as a formula`);
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the rate card is shown and editable: a partial card caps the commission, a bad card is refused', async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    await fillOrder(page, {
      program: 'alibaba',
      amount: '1000',
      category: '',
      buyer: 'new',
      country: 'US',
      status: 'Trade Completed',
      paidDate: '2025-01-10',
      completedDate: '2025-01-20',
      clickDate: '',
      spam: '',
      previousPeriodSales: '',
    });
    assert.equal((await readResult(page)).commission, '32.50');

    const summary = calc(page).locator('.cc-card-summary');
    assert.equal(await summary.locator('.cc-card-name').textContent(), DEFAULT_CARDS.alibaba.name, 'the summary names the card in use');
    assert.equal(await summary.locator('.cc-card-badge').isVisible(), false);
    await summary.click();
    const box = label(page, 'Rate card (JSON)');
    await box.waitFor();
    assert.deepEqual(JSON.parse(await box.inputValue()), DEFAULT_CARDS.alibaba, 'the box shows the default Alibaba.com card');
    assert.equal(await calc(page).locator('.cc-meta-name').textContent(), DEFAULT_CARDS.alibaba.name);
    assert.equal(await calc(page).locator('.cc-meta-note').textContent(), DEFAULT_CARDS.alibaba.note);
    assert.equal(DEFAULT_CARDS.alibaba.asOf, null);
    assert.equal(await calc(page).locator('.cc-meta-source').textContent(), `${DEFAULT_CARDS.alibaba.source} (no source gives a date)`);

    // A partial card: merged over the default.
    await box.fill('{"program":"alibaba","cap":{"maxCommission":"5","source":"test","asOf":"2026"}}');
    await settled(page);
    let shown = await readResult(page);
    assert.equal(shown.commission, '5.00');
    assert.deepEqual(
      shown.lines.map((l) => [l.part, l.rate, l.amount]),
      [
        ['base', '3.25%', '32.50'],
        ['cap', '—', '-27.50'],
      ],
    );
    assert.equal(await calc(page).locator('.cc-card-badge').textContent(), 'edited');
    assert.match(await calc(page).locator('.cc-card-status').textContent(), /merged over the default/);
    assert.match(await result(page).locator('.cc-card-used').textContent(), /yours, merged over the Alibaba\.com default/);

    // The bulk estimate uses it too.
    await estimateCsv(page, 'program,orderId,amount,buyer,country,status,paidDate,completedDate\nalibaba,x,1000,new,US,completed,2025-01-10,2025-01-20\naliexpress,y,1000,new,,completed,2025-01-10,2025-01-20', 2);
    assert.deepEqual(
      (await readBulkRows(page)).map((r) => r.commission),
      ['5.00', '80.00'],
    );

    // Not JSON, a bad figure, the wrong program: invalid_rate_card, and the page keeps working.
    const bad = [
      ['{', /not valid JSON/],
      ['{"program":"alibaba","cap":{"maxCommission":"x","source":"t","asOf":"2026"}}', /"x" is not a decimal/],
      ['{"program":"alibaba","colour":"blue"}', /unknown field `colour`/],
      ['{"program":"aliexpress"}', /must be "alibaba"/],
      ['[]', /JSON object/],
    ];
    for (const [text, why] of bad) {
      await box.fill(text);
      await settled(page);
      const error = calc(page).locator('.cc-card .cc-error');
      assert.equal(await error.getAttribute('role'), 'alert');
      assert.equal(await error.locator('code').textContent(), 'invalid_rate_card', text);
      assert.match(await error.textContent(), why, text);
      assert.equal(await box.getAttribute('aria-invalid'), 'true');
      shown = await readResult(page);
      assert.equal(shown.error, 'invalid_rate_card', text);
      assert.equal(await calc(page).locator('.cc-card-badge').textContent(), 'invalid');
      // The bulk estimate refuses too, with the same code.
      await calc(page).getByRole('button', { name: 'Estimate all' }).click();
      await calc(page).locator('.cc-bulk .cc-error:not([hidden])').waitFor();
      assert.equal(await calc(page).locator('.cc-bulk .cc-error code').textContent(), 'invalid_rate_card');
      assert.equal(await calc(page).locator('.cc-bulk-results').isVisible(), false);
    }

    // The other program's card is unaffected.
    await label(page, LABELS.program).selectOption('aliexpress');
    await settled(page);
    assert.equal((await readResult(page)).error, null);
    assert.deepEqual(JSON.parse(await box.inputValue()), DEFAULT_CARDS.aliexpress);
    await label(page, LABELS.program).selectOption('alibaba');
    await settled(page);
    assert.equal(await box.inputValue(), '[]', 'the edits of each program are kept');

    await calc(page).getByRole('button', { name: 'Reset to default' }).click();
    await settled(page);
    assert.deepEqual(JSON.parse(await box.inputValue()), DEFAULT_CARDS.alibaba);
    assert.equal(await calc(page).locator('.cc-card .cc-error').isVisible(), false);
    assert.equal(await box.getAttribute('aria-invalid'), null);
    shown = await readResult(page);
    assert.equal(shown.commission, '32.50');
    assert.equal(shown.rate, '3.25');
    assert.equal(await calc(page).locator('.cc-card-badge').isVisible(), false);
    await calc(page).locator('.cc-bulk .cc-error[hidden]').waitFor({ state: 'attached' });
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('keyboard only: the form, the rate card and the CSV box', async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    const active = () => page.evaluate(() => {
      // Inside the element's shadow root: document.activeElement is only the host.
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.labels?.[0]?.textContent ?? a?.textContent ?? a?.tagName;
    });
    await label(page, LABELS.program).focus();
    await page.keyboard.press('ArrowDown'); // Alibaba.com
    await page.keyboard.press('Tab');
    assert.equal(await active(), LABELS.card);
    await page.keyboard.press('Tab');
    assert.equal(await active(), LABELS.amount);
    await page.keyboard.type('1000'); // Tab selects the field's text, typing replaces it
    await page.keyboard.press('Tab');
    assert.equal(await active(), LABELS.category);
    await page.keyboard.press('Tab');
    assert.equal(await active(), LABELS.buyer);
    await page.keyboard.press('Tab');
    assert.equal(await active(), LABELS.country);
    await page.keyboard.type('us');
    await page.keyboard.press('Tab');
    assert.equal(await active(), LABELS.status);
    await page.keyboard.press('Tab');
    await page.keyboard.type('2025-01-10');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2025-01-20');
    await page.keyboard.press('Tab');
    assert.equal(await active(), LABELS.clickDate);
    await page.keyboard.press('Tab');
    assert.equal(await active(), LABELS.spam);
    await settled(page);
    let shown = await readResult(page);
    assert.equal(shown.commission, '32.50');
    assert.equal(shown.rate, '3.25');
    await page.keyboard.press('Space');
    await settled(page);
    shown = await readResult(page);
    assert.deepEqual(shown.reasons, ['spam_order']);
    assert.equal(shown.commission, '0.00');
    await page.keyboard.press('Space');
    await settled(page);
    // The incentive field is hidden for Alibaba.com: Tab goes on to the button.
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Fill in the worked example');

    // The rate card: the summary opens with Enter.
    await calc(page).locator('.cc-card-summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await calc(page).locator('details.cc-card').getAttribute('open'), '');
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Show the card of');
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Rate card (JSON)');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{"program":"alibaba","cap":{"maxCommission":"5","source":"test","asOf":"2026"}}');
    await settled(page);
    assert.equal((await readResult(page)).commission, '5.00');
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Reset to default');
    await page.keyboard.press('Enter');
    await settled(page);
    assert.equal((await readResult(page)).commission, '32.50');

    // The CSV box: type, Ctrl+Enter, then Tab through the controls.
    await label(page, 'Orders (CSV with a header row)').focus();
    await page.keyboard.type('program,orderId,amount,buyer,status,paidDate,completedDate');
    await page.keyboard.press('Enter');
    await page.keyboard.type('aliexpress,k1,50.00,new,completed,2025-01-10,2025-01-11');
    await page.keyboard.press('Control+Enter');
    await calc(page).locator('.cc-bulk-status').filter({ hasText: '1 order:' }).waitFor();
    assert.equal(await calc(page).locator('.cc-bulk-status').textContent(), '1 order: 1 qualifying, 0 not qualifying, 0 could not be read. Estimated commission: 4.00 USD.');
    assert.equal(await calc(page).locator('.cc-bulk-status').getAttribute('aria-live'), 'polite');
    assert.equal((await label(page, 'Orders (CSV with a header row)').inputValue()).split('\n').length, 2, 'Ctrl+Enter added no line');
    const order = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(await active());
    }
    assert.deepEqual(order, [
      'Or open a CSV file',
      "Previous period's sales for every order (USD)",
      "History: these orders are all my sales, so each period's qualifying sales set the next period's incentive",
      'Estimate all',
      'Load example',
      'Download CSV',
    ]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.equal(download.suggestedFilename(), 'afflink-commissions.csv');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('markup-looking order ids and categories are shown as text and run nothing', async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    const ids = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>', '"><svg/onload=alert(3)>'];
    const csv = toCsv([
      ['program', 'orderId', 'amount', 'category', 'buyer', 'country', 'status', 'paidDate', 'completedDate'],
      ['aliexpress', ids[0], '10.00', '<script>alert(4)</script>', 'new', '', 'completed', '2025-01-10', '2025-01-20'],
      ['alibaba', ids[1], '<b>5</b>', '<img src=y onerror=alert(5)>', 'new', 'US', 'completed', '2025-01-10', '2025-01-20'],
      ['alibaba', ids[2], '10.00', '', 'new', '<i>', 'completed', '2025-01-10', '2025-01-20'],
    ]);
    await estimateCsv(page, csv, 3);
    const rows = await readBulkRows(page);
    assert.deepEqual(
      rows.map((r) => r.orderId),
      ids,
    );
    assert.equal(rows[0].commission, '0.80');
    assert.equal(rows[1].error, 'invalid_amount');
    assert.match(rows[1].why, /"<b>5<\/b>" is not a decimal amount/);
    assert.equal(rows[2].error, 'invalid_country');
    assert.match(rows[2].why, /"<i>"/);

    await label(page, LABELS.category).fill('<img src=z onerror=alert(6)>');
    await label(page, LABELS.amount).fill('<svg onload=alert(7)>');
    await settled(page);
    const shown = await readResult(page);
    assert.equal(shown.error, 'invalid_amount');
    assert.equal(shown.message, 'amount: "<svg onload=alert(7)>" is not a decimal amount such as "19.99".');

    assert.equal(await calc(page).locator('img, script, svg, b, i').count(), 0);
    await page.waitForTimeout(200); // give a stray handler time to fire
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the element API: estimate(), csv and estimateAll()', async () => {
  const { context, page, problems } = await openPage();
  try {
    await settled(page);
    const out = await page.evaluate(async () => {
      const el = document.querySelector('afflink-commission-calculator');
      const one = await el.estimate();
      el.csv = 'program,orderId,amount,buyer,status,paidDate,completedDate\naliexpress,1,10,returning,completed,2025-01-10,2025-01-10';
      const all = await el.estimateAll();
      el.csv = 'program,orderId\n"unclosed';
      const bad = await el.estimateAll();
      el.csv = 'just,some,words';
      const noHeader = await el.estimateAll();
      el.csv = '';
      const empty = await el.estimateAll();
      return { one, all, bad, noHeader, empty };
    });
    assert.deepEqual(out.one, { empty: true }, 'the form opens empty: nothing to estimate yet');
    assert.equal(out.all.summary.estimated, '0.80');
    assert.equal(out.all.lines.length, 1);
    assert.equal(out.bad.error.code, 'invalid_csv');
    assert.match(out.bad.error.message, /line 2 is never closed/);
    assert.equal(out.noHeader.error.code, 'missing_column');
    assert.deepEqual(out.empty.lines, []);
    assert.match(await calc(page).locator('.cc-bulk-status').textContent(), /^Nothing to estimate/);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a wasm file that fails to load gives a clear message in the calculator', async () => {
  const { context, page } = await openPage({
    route: { url: '**/afflink_wasm_bg.wasm', handler: (r) => r.fulfill({ status: 404, body: 'Not found' }) },
  });
  try {
    const alert = calc(page).getByRole('alert').filter({ hasText: 'could not start' });
    await assert.doesNotReject(alert.waitFor());
    assert.match(await alert.textContent(), /commission calculator could not start/);
    await label(page, 'Orders (CSV with a header row)').fill('program,orderId\naliexpress,1');
    await calc(page).getByRole('button', { name: 'Estimate all' }).click();
    await assert.doesNotReject(alert.waitFor());
    assert.equal(await calc(page).locator('.cc-lines tbody tr').count(), 0);
    assert.match(await result(page).textContent(), /could not start/);
  } finally {
    await context.close();
  }
});
