// Browser test of the demo page's commission calculator (<afflink-commission-calculator>),
// driven like a user: the page, the one-order form, the element API and a failed load. Many
// orders are in commission-calculator-bulk.test.mjs; the rate card, the keyboard and hostile
// input in commission-calculator-card.test.mjs. Run after `bash scripts/build.sh`:
// node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './harness.mjs';
import { assertCase, calc, CASE, DEFAULT_CARDS, fieldProblem, fillOrder, label, LABELS, readResult, result, settled } from './commission-calculator-helpers.mjs';

const { openPage } = useBrowser();

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
        assert.ok(shown.message.endsWith(`(field "${field}").`), `${id}: the message names ${field}: ${shown.message}`);
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
      if (c.expectError) {
        // The refusal is at the field it names: the same sentence and code under the field.
        const atField = await fieldProblem(label(page, LABELS[BAD_FIELD[id]]));
        assert.deepEqual([atField.message, atField.code, atField.next], [shown.message, c.expectError, true], `${id}: the refusal is at its field`);
      }
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
    assert.match(shown.message, /^The previous period's sales .*\(field "previousPeriodSales"\)\.$/);
    const atField = await fieldProblem(label(page, LABELS.previousPeriodSales));
    assert.equal(atField.invalid, 'true');
    assert.equal(atField.message, shown.message, "the refusal is at the previous period's sales");
    await calc(page).getByRole('button', { name: 'Fill in the worked example' }).click();
    await settled(page);
    assert.equal((await readResult(page)).commission, '9.60');
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
