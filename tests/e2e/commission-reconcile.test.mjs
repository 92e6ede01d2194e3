// Browser test of the calculator's "Check against your report" part
// (www/elements/commission-calculator/afflink-commission-reconcile.js), driven like a user with the shared sample files.
// The table must show what the package's reconcileCommissions returns for the same input
// in the same page (so the test holds whatever the shipped default cards say), and the
// rate-independent results of the case file. Run after `bash scripts/build.sh`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, useBrowser } from './harness.mjs';
import { fieldProblem } from './commission-calculator-helpers.mjs';

const { openPage } = useBrowser();
const read = (name) => readFileSync(join(ROOT, 'tests', 'cases', name), 'utf8');
const REPORT = read('reconcile-report.csv');
const LOG = read('reconcile-postback.log');
const { postbackTemplate: TEMPLATE } = JSON.parse(read('reconcile.json'));

const calc = (page) => page.locator('afflink-commission-calculator');
const part = (page) => calc(page).locator('.cc-reconcile');
const label = (page, text) => part(page).getByLabel(text, { exact: true });

async function rows(page) {
  return part(page)
    .locator('.cc-rc-lines tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
}

/** What the package says for the same input, in the page, with the default cards. */
function expected(page, input) {
  return page.evaluate(async (input) => {
    const api = await import('/pkg/browser.js');
    await api.init();
    return api.reconcileCommissions(input);
  }, input);
}

function asRows(result) {
  const status = { agrees: 'Agrees', differs: 'Differs', reportOnly: 'Only in the report', ordersOnly: 'Only in your orders' };
  return result.lines.map((l) => [
    l.orderId,
    status[l.status],
    l.estimated ?? '—',
    l.reported ?? '—',
    l.difference ?? '—',
    l.explanation ?? '',
    l.assumptions.map((a) => a.message).join(' '),
  ]);
}

test('an AliExpress order report is checked order by order, with totals and a suggested card', async () => {
  const { context, page, problems } = await openPage();
  try {
    await part(page).waitFor();
    assert.equal(await part(page).locator('h3').textContent(), 'Check against your report');
    assert.equal(await label(page, 'Your postback URL template').isVisible(), false, 'no template for a report');
    await label(page, 'The order report (CSV)').fill(REPORT);
    await part(page).getByRole('button', { name: 'Check', exact: true }).click();
    await part(page).locator('.cc-rc-results:not([hidden])').waitFor();
    const shown = await rows(page);
    const want = await expected(page, { report: REPORT });
    assert.deepEqual(shown, asRows(want));
    assert.equal(shown.length, 9, 'one row per order: item rows summed, the row without an order number skipped');
    const byId = Object.fromEntries(shown.map((r) => [r[0], r]));
    // Results that hold whatever the card's rates.
    assert.deepEqual(byId['8003'].slice(1, 5), ['Agrees', '0.00', '0.00', '0.00'], 'not completed, and the program paid nothing');
    assert.equal(byId['8004'][1], 'Differs');
    assert.match(byId['8004'][5], /^Your card says the order does not qualify .*, but the program paid 2\.40\.$/);
    assert.equal(byId['8008'][3], '—', 'a commission that cannot be read');
    assert.match(byId['8008'][5], /^The order cannot be compared\. The commission "abc"/);
    assert.match(byId['8006'][6], /do not say whether the buyer is new/);
    const status = await part(page).locator('.cc-rc-status').textContent();
    assert.equal(status, `9 orders checked: ${want.summary.agrees} agree, ${want.summary.differs} differ. 1 row has no order number.`);
    const totals = await part(page).locator('.cc-rc-totals dt, .cc-rc-totals dd').allTextContents();
    assert.deepEqual(totals.slice(0, 2), ['Orders', '9']);
    assert.ok(totals.includes(want.summary.reported) && totals.includes(want.summary.estimated));
    // The suggested card: JSON, every observed rule labelled basis "user", and the default
    // card's tablets and phones rule kept with its own source.
    await part(page).locator('.cc-rc-card summary').click();
    const card = JSON.parse(await label(page, 'Observed rates as a card (JSON)').inputValue());
    assert.equal(card.program, 'aliexpress');
    const kept = (r) => r.source.startsWith("afflink reconcile: kept from the program's default card");
    assert.ok(card.rules.length >= 2 && card.rules.every((r) => r.basis === 'user' || kept(r)));
    assert.ok(card.rules.some(kept), 'the tablets and phones rule is kept');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('Alibaba.com postback calls are read through the template; a template without {est_com} is refused', async () => {
  const { context, page, problems } = await openPage();
  try {
    await part(page).waitFor();
    await label(page, 'What the program reported').selectOption('postback');
    await label(page, 'Your postback URL template').fill(TEMPLATE);
    await label(page, 'The postback calls (access log, or one URL per line)').fill(LOG);
    await part(page).getByRole('button', { name: 'Check', exact: true }).click();
    await part(page).locator('.cc-rc-results:not([hidden])').waitFor();
    const shown = await rows(page);
    const want = await expected(page, { postbackTemplate: TEMPLATE, postbackLog: LOG });
    assert.deepEqual(shown, asRows(want));
    assert.deepEqual(
      shown.map((r) => r[0]),
      ['A1001', 'A1002', 'A1003', 'A1004', 'A1005', 'A1006', 'A1007', 'A1008', 'A1009', 'A1010', 'A1011'],
    );
    assert.match(shown[1][5], /^The program paid 7\.00%; your card says \d+\.\d\d%\.$/);
    assert.match(await part(page).locator('.cc-rc-status').textContent(), /11 orders checked: .* 3 lines were not a call with an order id\.$/);

    await label(page, 'Your postback URL template').fill('https://pb.example.com/alibaba/postback?order={ord_id}');
    await part(page).getByRole('button', { name: 'Check', exact: true }).click();
    // The refusal is at the template field: aria-invalid, the sentence, then the code.
    const template = label(page, 'Your postback URL template');
    await template.and(page.locator('[aria-invalid="true"]')).waitFor();
    const error = await fieldProblem(template);
    assert.equal(error.code, 'missing_macro');
    assert.equal(error.next, true);
    assert.equal(error.sentenceFirst, true);
    assert.match(error.message, /\{est_com\}/);
    assert.equal(await part(page).locator('.cc-rc-results').isVisible(), false, 'old results are not left on screen');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a report opened as a workbook is refused at the file, the box left as it was', async () => {
  const { context, page, problems } = await openPage();
  try {
    await part(page).waitFor();
    const file = label(page, 'Or open a file');
    await file.setInputFiles({ name: 'orders.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\x03\x04\x14\x00\x06\x00binary', 'latin1') });
    await file.and(page.locator('[aria-invalid="true"]')).waitFor();
    const error = await fieldProblem(file);
    assert.equal(error.code, 'unreadable_input');
    assert.equal(error.message, 'orders.xlsx is a spreadsheet workbook (.xlsx, .ods, .numbers or .xls), not CSV: save it as "CSV UTF-8".');
    assert.equal(await label(page, 'The order report (CSV)').inputValue(), '', 'no binary garbage in the box');
    await file.setInputFiles({ name: 'report.csv', mimeType: 'text/csv', buffer: Buffer.from(REPORT) });
    await page.waitForFunction(() => document.querySelector('afflink-commission-calculator').shadowRoot.querySelector('.cc-reconcile textarea').value.length > 0);
    assert.equal(await file.getAttribute('aria-invalid'), null);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
