// Browser test of the commission calculator with input people have (issue 17, item 4), at a
// desktop and a phone size: amounts with thousands separators and a dollar sign, a comma
// that could be a decimal mark, ISO 3166-1 countries, and `UK` read as `GB` with the warning
// `country_alias` at the country field and in the bulk line's notes. The reading is the
// core's (estimateCommission / estimateCommissions); these tests check that the calculator
// passes what people type through unchanged and shows what comes back where it belongs.
// Run after `bash scripts/build.sh`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIZES, useBrowser } from './harness.mjs';
import { calc, estimateCsv, fieldProblem, fillOrder, label, LABELS, leadingCodes, readBulkRows, readResult, settled, totals } from './commission-calculator-helpers.mjs';

const { openPage } = useBrowser();

const AE_ORDER = {
  program: 'aliexpress',
  rates: '',
  amount: '1,299.00',
  category: '',
  buyer: 'new',
  country: '',
  status: 'completed',
  paidDate: '2025-01-18',
  completedDate: '2025-01-30',
  clickDate: '',
  spam: '',
  previousPeriodSales: '',
};

/** The Alibaba.com listing card gives GB 7% and "another country" 6.3% to a new buyer. */
const AB_ORDER = { ...AE_ORDER, program: 'alibaba', rates: 'alibaba-listing', amount: '100.00', country: 'UK', status: 'Trade Completed', paidDate: '2025-01-10', completedDate: '2025-01-20' };

for (const [size, device] of Object.entries(SIZES)) {
  test(`${size}: the calculator's own example CSV estimates every row ("1,299.00" is read)`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await settled(page);
      await calc(page).getByRole('button', { name: 'Load example' }).click();
      await calc(page).locator('.cc-bulk-status').filter({ hasText: '8 orders' }).waitFor();
      await calc(page).locator('.cc-bulk-results:not([aria-busy])').waitFor();
      const rows = await readBulkRows(page);
      assert.deepEqual(
        rows.filter((r) => r.status === 'error').map((r) => [r.orderId, r.error]),
        [],
        'no row of the example is refused',
      );
      const row = rows.find((r) => r.orderId === 'AE-1004');
      assert.deepEqual([row.status, row.rate, row.commission], ['yes', '8%', '103.92'], '1,299.00 × 8%');
      assert.equal((await totals(page)).errors, '0');
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: one order: "1,299.00" and "US$12" are read, "1,5" is refused at the amount, UK is GB with a warning at the country, ZZ is refused there`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await settled(page);
      await fillOrder(page, AE_ORDER);
      let shown = await readResult(page);
      assert.equal(shown.error, null, `no refusal (${shown.message})`);
      assert.deepEqual([shown.rate, shown.commission], ['8', '103.92']);
      const amount = label(page, LABELS.amount);
      assert.equal((await fieldProblem(amount)).shown, false);

      await amount.fill('US$12');
      await settled(page);
      shown = await readResult(page);
      assert.deepEqual([shown.error, shown.commission], [null, '0.96']);

      await amount.fill('1,5');
      await settled(page);
      const atAmount = await fieldProblem(amount);
      assert.equal(atAmount.invalid, 'true');
      assert.equal(atAmount.code, 'invalid_amount');
      assert.match(atAmount.message, /comma/i, 'the message says why: the comma could be a decimal mark');
      assert.equal(atAmount.sentenceFirst, true);

      // UK on the Alibaba.com listing card: GB's 7%, and a warning at the country field.
      await fillOrder(page, AB_ORDER);
      shown = await readResult(page);
      assert.equal(shown.error, null, `no refusal (${shown.message})`);
      assert.deepEqual([shown.rate, shown.commission], ['7', '7.00'], 'UK is read as GB');
      assert.ok(shown.warnings.includes('country_alias'), `the estimate's warnings: ${shown.warnings}`);
      const country = label(page, LABELS.country);
      const atCountry = await fieldProblem(country);
      assert.equal(atCountry.severity, 'warning');
      assert.equal(atCountry.invalid, null, 'a warning does not mark the field invalid');
      assert.equal(atCountry.code, 'country_alias');
      assert.match(atCountry.message, /GB/);
      assert.equal(atCountry.next, true);

      await country.fill('ZZ');
      await settled(page);
      const refused = await fieldProblem(country);
      assert.deepEqual([refused.invalid, refused.severity, refused.code], ['true', 'error', 'invalid_country']);
      assert.equal((await readResult(page)).error, 'invalid_country');
      await country.fill('GB');
      await settled(page);
      assert.equal((await fieldProblem(country)).shown, false, 'GB itself: no warning');
      assert.deepEqual(await leadingCodes(page), []);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: many orders: a UK row is estimated as GB, its line's notes carry country_alias; ZZ is refused`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await settled(page);
      const csv = [
        'program,orderId,amount,buyer,country,status,paidDate,completedDate',
        'alibaba,UK-1,"1,000.00",new,UK,Trade Completed,2025-01-10,2025-01-20',
        'alibaba,GB-1,$1000,new,GB,Trade Completed,2025-01-10,2025-01-20',
        'alibaba,ZZ-1,1000,new,ZZ,Trade Completed,2025-01-10,2025-01-20',
      ].join('\n');
      await estimateCsv(page, csv, 3);
      const rows = await readBulkRows(page);
      assert.equal(rows[0].status, 'yes');
      assert.equal(rows[0].commission, rows[1].commission, 'UK earns what GB earns');
      assert.equal(rows[2].error, 'invalid_country');
      const notes = calc(page).locator('.cc-lines tbody tr').first().locator('.cc-notes li');
      const alias = notes.filter({ has: page.locator('.cc-warning-code', { hasText: 'country_alias' }) });
      assert.equal(await alias.count(), 1, 'the UK row notes country_alias');
      assert.match(await alias.textContent(), /^The .*GB.* country_alias$/);
      assert.equal(await calc(page).locator('.cc-lines tbody tr').nth(1).locator('.cc-warning-code', { hasText: 'country_alias' }).count(), 0, 'not the GB row');
      assert.deepEqual(await leadingCodes(page), []);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });
}
