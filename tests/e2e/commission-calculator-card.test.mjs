// Browser test of the commission calculator's rate card (shown, edited, refused), the whole
// element driven by the keyboard alone, and markup-looking input shown as text. Run after
// `bash scripts/build.sh`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './harness.mjs';
import { calc, DEFAULT_CARDS, estimateCsv, fieldProblem, fillOrder, label, LABELS, readBulkRows, readResult, result, settled, toCsv } from './commission-calculator-helpers.mjs';

const { openPage } = useBrowser();

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
      // At the box: aria-invalid, the sentence under it (linked), then the code.
      const error = await fieldProblem(box);
      assert.equal(error.invalid, 'true', text);
      assert.equal(error.severity, 'error', text);
      assert.equal(error.next, true, `${text}: the message is right after the box`);
      assert.equal(error.code, 'invalid_rate_card', text);
      assert.match(error.message, why, text);
      assert.equal(error.sentenceFirst, true, text);
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
    assert.deepEqual(await fieldProblem(box), { invalid: null, shown: false });
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
    assert.equal(shown.message, 'The amount "<svg onload=alert(7)>" is not a decimal amount such as "19.99" (field "amount").');

    assert.equal(await calc(page).locator('img, script, svg, b, i').count(), 0);
    await page.waitForTimeout(200); // give a stray handler time to fire
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
