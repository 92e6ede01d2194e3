// Browser test of the commission calculator for issue 17, at a desktop and a phone size
// (390×844, touch): problems at the field they are about (aria-invalid, the message right
// after the field, linked by aria-describedby; warnings as warnings; nothing marked before
// the user typed), sentences before codes, the phone layout (no sideways scrolling, stacked
// results rows, the estimate in sight of the amount) and no keyboard-shortcut hints on touch.
// Run after `bash scripts/build.sh`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SIZES, sidewaysScrollers, useBrowser } from './harness.mjs';
import { calc, fieldProblem, label, LABELS, leadingCodes, result, settled } from './commission-calculator-helpers.mjs';

const { openPage } = useBrowser();
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe's serious and critical findings inside the calculator, as it is on screen now. */
async function axeProblems(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const results = await window.axe.run({ include: [['afflink-commission-calculator']] });
    // axe looked inside the shadow root: its passes name nodes there.
    const inside = results.passes.flatMap((r) => r.nodes).filter((n) => Array.isArray(n.target[0])).length;
    if (inside < 20) return [`axe checked only ${inside} nodes inside the calculator`];
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  });
}

/** The part of the calculator that checks against a report. */
const rcLabel = (page, text) => calc(page).locator('.cc-reconcile').getByLabel(text, { exact: true });

/** Asserts that `field` shows a problem of `severity` with `code`, right under it. */
async function assertAtField(field, { code, severity = 'error', message }, where) {
  const p = await fieldProblem(field);
  assert.equal(p.shown, true, `${where}: a problem is shown at the field`);
  assert.equal(p.severity, severity, `${where}: severity`);
  assert.equal(p.invalid, severity === 'error' ? 'true' : null, `${where}: aria-invalid`);
  assert.equal(p.code, code, `${where}: code`);
  assert.equal(p.next, true, `${where}: the message is right after the field`);
  assert.equal(p.sentenceFirst, true, `${where}: the sentence comes before the code`);
  assert.ok(p.message && p.message.length > 10, `${where}: a message (${p.message})`);
  if (message) assert.match(p.message, message, where);
  assert.ok(p.box.height > 0, `${where}: the message is on screen`);
  const f = await field.boundingBox();
  assert.ok(p.box.top >= f.y + f.height - 1 && p.box.top - (f.y + f.height) < 48, `${where}: the message is just below the field (${p.box.top} vs ${f.y + f.height})`);
  return p;
}

const markedIn = (page, selector) =>
  calc(page)
    .locator(`${selector} [aria-invalid="true"]`)
    .evaluateAll((els) => els.map((e) => e.id));

for (const [size, device] of Object.entries(SIZES)) {
  test(`${size}: one order's problems are at their fields, never before the user typed there; warnings as warnings`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await settled(page);
      // Nothing is marked on first load.
      assert.equal(await calc(page).locator('[aria-invalid="true"]').count(), 0);
      assert.equal(await calc(page).locator('.afflink-field-problem:not([hidden])').count(), 0);

      // A bad amount: at the amount field.
      const amount = label(page, LABELS.amount);
      await amount.fill('abc');
      await settled(page);
      await assertAtField(amount, { code: 'invalid_amount', message: /abc/ }, 'amount "abc"');
      assert.deepEqual(await markedIn(page, '.cc-form'), [await amount.getAttribute('id')], 'only the amount is marked');
      // The panel beside (or below) summarises: the sentence, then the code.
      assert.equal(await result(page).locator('.cc-verdict').textContent(), 'Cannot estimate this order');
      assert.match(await result(page).textContent(), /Check the field “Amount \(USD\)”/);

      // A good amount and nothing else: the estimate wants a date the user has not reached.
      // The field is not marked (the panel says it) until the user has been in it.
      await amount.fill('100');
      await settled(page);
      assert.equal((await fieldProblem(amount)).shown, false, 'the amount is fine now');
      assert.equal(await result(page).locator('.cc-error-code').count(), 1, 'the order is refused');
      assert.deepEqual(await markedIn(page, '.cc-form'), [], 'no empty field the user has not reached is marked');
      const paid = label(page, LABELS.paidDate);
      const completed = label(page, LABELS.completedDate);
      const missing = await result(page).locator('.cc-refusal').textContent();
      const missingField = /Paid date/.test(missing) ? paid : completed;
      await missingField.focus();
      await amount.focus();
      await settled(page);
      await assertAtField(missingField, { code: 'invalid_field' }, 'a required date, once left');

      // Dates and a country: each at its field.
      await paid.fill('2025-02-30');
      await settled(page);
      await assertAtField(paid, { code: 'invalid_date', message: /2025-02-30/ }, 'paid date Feb 30');
      await paid.fill('2025-01-10');
      await completed.fill('2025-01-05');
      await settled(page);
      await assertAtField(completed, { code: 'completed_before_paid' }, 'completed before paid');
      assert.equal((await fieldProblem(paid)).shown, false, 'the paid date is fine');
      await completed.fill('2025-01-20');
      await label(page, LABELS.program).selectOption('alibaba');
      const country = label(page, LABELS.country);
      await country.fill('USA');
      await settled(page);
      await assertAtField(country, { code: 'invalid_country' }, 'country USA');
      await country.fill('US');
      await label(page, LABELS.clickDate).fill('2025-02-01');
      await settled(page);
      await assertAtField(label(page, LABELS.clickDate), { code: 'invalid_date' }, 'click after paid');
      await label(page, LABELS.clickDate).fill('');
      await settled(page);
      assert.equal((await result(page).locator('.cc-verdict').textContent()), 'Qualifies');
      assert.deepEqual(await markedIn(page, '.cc-form'), [], 'a good order: nothing marked');

      // The incentive setting (AliExpress).
      await label(page, LABELS.program).selectOption('aliexpress');
      const sales = label(page, LABELS.previousPeriodSales);
      await sales.fill('four hundred');
      await settled(page);
      await assertAtField(sales, { code: 'invalid_amount' }, "previous period's sales");
      await sales.fill('');

      // A warning about a field is shown at it as a warning (not aria-invalid).
      const click = label(page, LABELS.clickDate);
      await click.fill('2024-12-01');
      await settled(page);
      await assertAtField(click, { code: 'session_tracking', severity: 'warning' }, 'AliExpress click date');
      assert.equal(await result(page).locator('.cc-verdict').textContent(), 'Qualifies');
      assert.deepEqual(await markedIn(page, '.cc-form'), [], 'a warning marks nothing invalid');
      await click.fill('');
      await settled(page);
      assert.equal((await fieldProblem(click)).shown, false, 'the warning goes with the click date');

      assert.deepEqual(await leadingCodes(page), [], 'no code leads a message');
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: the bulk box, the incentive, the rate card and the report: problems at their fields, sentence then code`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await settled(page);
      const csv = label(page, 'Orders (CSV with a header row)');
      const run = calc(page).getByRole('button', { name: 'Estimate all' });
      await csv.fill('program,orderId\n"unclosed');
      await run.click();
      await csv.and(page.locator('[aria-invalid="true"]')).waitFor();
      await assertAtField(csv, { code: 'invalid_csv', message: /never closed/ }, 'an unclosed quote');
      await csv.fill('just,some,words');
      await run.click();
      await calc(page).locator(`#${await csv.getAttribute('id')}-problem`).filter({ hasText: 'missing_column' }).waitFor();
      await assertAtField(csv, { code: 'missing_column' }, 'no header');

      // The incentive for every order: at its field; the CSV box is no longer marked.
      await csv.fill('program,orderId,amount,buyer,status,paidDate,completedDate\naliexpress,1,10,new,completed,2025-01-10,2025-01-20');
      const sales = label(page, "Previous period's sales for every order (USD)");
      await sales.fill('lots');
      await run.click();
      await sales.and(page.locator('[aria-invalid="true"]')).waitFor();
      await assertAtField(sales, { code: 'invalid_amount' }, 'bulk incentive');
      assert.equal((await fieldProblem(csv)).shown, false, 'the CSV box is fine');
      await sales.fill('');
      await run.click();
      await calc(page).locator('.cc-bulk-results:not([hidden]):not([aria-busy])').waitFor();
      assert.deepEqual(await markedIn(page, '.cc-bulk'), []);

      // A rate card that cannot be used: at the card box; the bulk part summarises it.
      if ((await calc(page).locator('details.cc-card').getAttribute('open')) === null) await calc(page).locator('.cc-card-summary').click();
      const box = label(page, 'Rate card (JSON)');
      await box.fill('{"program": "aliexpress", "oops"');
      await settled(page);
      await assertAtField(box, { code: 'invalid_rate_card', message: /not valid JSON/ }, 'a broken card');
      await run.click();
      const summary = calc(page).locator('.cc-bulk .cc-error:not([hidden])');
      await summary.waitFor();
      assert.match(await summary.textContent(), /^The AliExpress rate card cannot be used: .*invalid_rate_card$/);
      await calc(page).getByRole('button', { name: 'Reset to default' }).click();
      await settled(page);
      assert.equal((await fieldProblem(box)).shown, false);

      // Check against a report: the template, then the report itself.
      await rcLabel(page, 'What the program reported').selectOption('postback');
      const template = rcLabel(page, 'Your postback URL template');
      await template.fill('https://pb.example.com/pb?order={ord_id}');
      const check = calc(page).locator('.cc-reconcile').getByRole('button', { name: 'Check', exact: true });
      await check.click();
      await template.and(page.locator('[aria-invalid="true"]')).waitFor();
      await assertAtField(template, { code: 'missing_macro' }, 'a template without {est_com}');
      await rcLabel(page, 'What the program reported').selectOption('report');
      const report = rcLabel(page, 'The order report (CSV)');
      await report.fill('Something,Else\n1,2');
      await check.click();
      await report.and(page.locator('[aria-invalid="true"]')).waitFor();
      await assertAtField(report, { code: 'missing_column' }, 'a report without its columns');
      assert.equal((await fieldProblem(template)).shown, false, 'the template is no longer marked');

      assert.deepEqual(await leadingCodes(page), [], 'no code leads a message');
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: results everywhere: no sideways scrolling, every column of a row visible, codes after sentences`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await settled(page);
      await calc(page).getByRole('button', { name: 'Fill in the worked example' }).click();
      await settled(page);
      await calc(page).getByRole('button', { name: 'Load example' }).click();
      await calc(page).locator('.cc-bulk-results:not([hidden]):not([aria-busy])').waitFor();
      await calc(page).locator('.cc-card-summary').click();
      // A report checked, so its table is there too.
      const report = 'Order Number,Paid Time,Paid Amount,Estimated Commission,Order Status\nX-1,2025-01-12,100.00,8.00,Completed\nX-2,2025-01-15,50.00,1.00,Completed';
      await rcLabel(page, 'The order report (CSV)').fill(report);
      await calc(page).locator('.cc-reconcile').getByRole('button', { name: 'Check', exact: true }).click();
      await calc(page).locator('.cc-rc-results:not([hidden])').waitFor();

      assert.deepEqual(await sidewaysScrollers(page, 'afflink-commission-calculator'), [], 'nothing but a text area scrolls sideways');

      // Each results table: every cell of a row is inside the screen; on a phone the cells are
      // stacked, each led by its column's name; on a desktop they are side by side.
      const width = device.viewport.width;
      for (const table of ['.cc-lines', '.cc-periods', '.cc-payouts', '.cc-rc-lines']) {
        const row = calc(page).locator(`${table} tbody tr`).first();
        await row.scrollIntoViewIfNeeded();
        const cells = await row.evaluate((tr) => {
          const heads = [...tr.closest('table').querySelectorAll('thead th')].map((th) => th.textContent);
          return [...tr.children].map((cell, i) => {
            const r = cell.getBoundingClientRect();
            const label = getComputedStyle(cell, '::before').content;
            return { head: heads[i], left: r.left, right: r.right, top: r.top, height: r.height, label, text: cell.textContent };
          });
        });
        assert.ok(cells.length >= 7, `${table}: a row of every column`);
        for (const c of cells) {
          assert.ok(c.height > 0 && c.left >= 0 && c.right <= width + 0.5, `${table}: "${c.head}" is on screen (${c.left}..${c.right} of ${width})`);
        }
        const tops = new Set(cells.map((c) => Math.round(c.top)));
        if (size === 'phone') {
          assert.equal(tops.size, cells.length, `${table}: one cell per line`);
          for (const c of cells) assert.equal(c.label, JSON.stringify(c.head), `${table}: the cell is led by its column's name`);
        } else {
          assert.equal(tops.size, 1, `${table}: the cells are side by side`);
        }
      }
      // The orders table still reads as a table.
      assert.equal(await calc(page).getByRole('table', { name: /8 rows/ }).count(), 1);
      assert.ok((await calc(page).locator('.cc-lines').getByRole('row').count()) >= 9);

      // Sentences first: the one-order notes, the bulk reasons and notes, the payout notes.
      assert.ok((await calc(page).locator('.cc-lines .cc-reason-code, .cc-lines .cc-warning-code, .cc-lines .cc-assumption-code').count()) > 0);
      assert.ok((await calc(page).locator('.cc-payout-notes li').count()) > 0);
      assert.deepEqual(await leadingCodes(page), [], 'no code leads a message');
      const note = calc(page).locator('.cc-lines .cc-notes li').first();
      assert.match(await note.textContent(), /^[A-Z].*\s[a-z]+(_[a-z]+)+$/, 'a note: the sentence, then the code');
      // The stacked tables, the estimate line and the problems at the fields pass axe.
      await label(page, LABELS.amount).fill('abc');
      await label(page, 'Orders (CSV with a header row)').fill('program,orderId\n"unclosed');
      await calc(page).getByRole('button', { name: 'Estimate all' }).click();
      await calc(page).locator('.cc-bulk .afflink-field-problem:not([hidden])').waitFor();
      await settled(page);
      assert.deepEqual(await axeProblems(page), []);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: the estimate is in sight of the amount; no keyboard-shortcut hint on a touch device`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await settled(page);
      const amount = label(page, LABELS.amount);
      await calc(page).getByRole('button', { name: 'Fill in the worked example' }).click();
      await settled(page);
      await amount.focus();
      await amount.fill('100.00');
      await settled(page);
      const height = device.viewport.height;
      const a = await amount.boundingBox();
      const estimate = await calc(page).locator('.cc-result-wrap').boundingBox();
      const live = calc(page).locator('.cc-live');
      if (size === 'desktop') {
        // Beside the form: the estimate's top is within one screen of the amount.
        assert.ok(Math.abs(estimate.y - a.y) < height, `the estimate (${estimate.y}) is within ${height}px of the amount (${a.y})`);
        assert.equal(await live.isVisible(), false, 'no extra line where the estimate is beside the form');
      } else {
        // One column: the estimate itself is far below, and a line stuck to the screen's
        // bottom shows its gist while the amount is being typed.
        assert.equal(await amount.evaluate((el) => el.getRootNode().activeElement === el), true, 'the amount has focus');
        assert.ok(a.y >= 0 && a.y + a.height <= height, 'the amount is on screen');
        const box = await live.boundingBox();
        assert.ok(box && box.y >= 0 && box.y + box.height <= height + 0.5, `the estimate line is on screen (${JSON.stringify(box)})`);
        assert.ok(box.y >= a.y + a.height - 0.5 || box.y + box.height <= a.y, 'the line does not cover the amount');
        assert.match(await live.textContent(), /^Estimate: 16\.00 USD at 16%, qualifies\./);
        await amount.fill('12..3');
        await settled(page);
        assert.match(await live.textContent(), /^Estimate: none, check “Amount \(USD\)”\./);
        // "Details" goes to the estimate.
        await live.getByRole('button', { name: 'Details' }).click();
        await page.waitForFunction(() => {
          const r = document.querySelector('afflink-commission-calculator').shadowRoot.querySelector('.cc-result-wrap').getBoundingClientRect();
          return r.top >= -1 && r.top < innerHeight / 2;
        });
      }
      // Keyboard-shortcut hints: shown with a keyboard, not on a touch device.
      const hint = calc(page).getByText('Press Ctrl+Enter (⌘+Enter on a Mac) to estimate.');
      assert.equal(await hint.count(), 1);
      assert.equal(await hint.isVisible(), size === 'desktop', 'the Ctrl+Enter hint only where there is a keyboard');
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });
}
