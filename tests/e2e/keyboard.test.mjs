// Keyboard-only use of the four tools on the demo page: from the top of the page, Tab to the
// tool's link in the page's navigation, follow it with Enter, then Tab into the tool (its
// controls live in the element's shadow root), type, press the buttons with Enter or Space,
// reach the copy and download buttons, and check that focus lands where it should and that
// the results appear. Run after `bash scripts/build.sh`:  node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { focused, focusedName, useBrowser } from './harness.mjs';

const { openPage } = useBrowser();

const CLIPBOARD = ['clipboard-read', 'clipboard-write'];

/**
 * Presses Tab (or Shift+Tab) and checks what is focused next: its name (a string, or a RegExp
 * for long ones) and the tool it belongs to (null: the page itself).
 */
async function tab(page, name, host, { shift = false } = {}) {
  await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
  const f = await focused(page);
  assert.ok(f, `Tab to ${name}: nothing is focused`);
  const shown = f.label ?? (f.text || f.tag);
  if (name instanceof RegExp) assert.match(shown, name, `Tab to ${name}`);
  else assert.equal(shown, name, `Tab to ${JSON.stringify(name)}`);
  assert.equal(f.host, host, `${name} is inside <${host}>`);
  return f;
}

/** Presses Tab and checks that a scrollable table wrapper (role region) of the tool is focused. */
async function tabToRegion(page, host) {
  await page.keyboard.press('Tab');
  const f = await focused(page);
  assert.equal(f?.role, 'region', 'Tab reaches the scrollable table');
  assert.equal(f.host, host);
}

/**
 * From the top of the page: Tab to the skip link and along the navigation to `navName`,
 * follow it with Enter (which moves the Tab starting point to the tool's section), and Tab
 * once more into the tool; checks that the first control of the tool is `first`.
 */
async function tabIntoTool(page, navName, hash, host, first) {
  await tab(page, 'Skip to the tools', null);
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    if ((await focusedName(page)) === navName) break;
  }
  assert.equal(await focusedName(page), navName, `Tab reaches the "${navName}" link`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((h) => location.hash === h, hash);
  return tab(page, first, host);
}

async function assertStillFocused(page, name, host) {
  const f = await focused(page);
  assert.equal(f?.label ?? (f?.text || f?.tag), name, `focus stays on ${JSON.stringify(name)}`);
  assert.equal(f.host, host);
}

test('link checker by keyboard: type, check, fill in examples, copy, download, reach the table', async () => {
  const { context, page, problems } = await openPage({ permissions: CLIPBOARD });
  const host = 'afflink-link-checker';
  const checker = page.locator(host);
  try {
    await page.waitForLoadState('networkidle');
    const box = await tabIntoTool(page, 'Check links', '#check-links', host, 'Links to check');
    assert.equal(box.tag, 'TEXTAREA');
    await page.keyboard.type('https://fr.aliexpress.com/item/1005006123456789.html?aff_fcid=abc&af=me');
    await page.keyboard.press('Enter');
    await page.keyboard.type('javascript:alert(1)');

    await tab(page, 'Check links', host);
    await page.keyboard.press('Enter');
    const summary = checker.locator('.lc-summary');
    await summary.filter({ hasText: '2 links' }).waitFor();
    assert.equal(await summary.textContent(), "2 links: 1 product, 1 rejected. 1 product already carries someone's tracking.");
    assert.equal(await checker.locator('tbody tr').count(), 2);
    await assertStillFocused(page, 'Check links', host);

    await tab(page, 'Fill in examples', host);
    await tab(page, 'Copy canonical URLs', host);
    await page.keyboard.press('Space');
    const status = checker.locator('.lc-action-status');
    await status.filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await status.textContent(), 'Copied 1 URL.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'https://www.aliexpress.com/item/1005006123456789.html');
    await assertStillFocused(page, 'Copy canonical URLs', host);

    await tab(page, 'Download CSV', host);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.equal(download.suggestedFilename(), 'afflink-links.csv');
    assert.match(await status.textContent(), /^Downloaded afflink-links\.csv \(2 rows\)/);

    // The product goes to the link builder on the page, which takes the focus; back with Shift+Tab.
    await tab(page, 'Build links for these', host);
    // The wide table scrolls from the keyboard: its wrapper is the next stop.
    await tabToRegion(page, host);

    // Back to "Fill in examples": Space fills the box and puts focus in it; Ctrl+Enter checks.
    await tab(page, 'Build links for these', host, { shift: true });
    await tab(page, 'Download CSV', host, { shift: true });
    await tab(page, 'Copy canonical URLs', host, { shift: true });
    await tab(page, 'Fill in examples', host, { shift: true });
    await page.keyboard.press('Space');
    await assertStillFocused(page, 'Links to check', host);
    await page.keyboard.press('Control+Enter');
    await summary.filter({ hasText: '8 links' }).waitFor();
    assert.equal(await checker.locator('tbody tr').count(), 8);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('link builder by keyboard: fields in order, a refusal, the link, copy, many links, download', async () => {
  const { context, page, problems } = await openPage({ permissions: CLIPBOARD });
  const host = 'afflink-link-builder';
  const builder = page.locator(host);
  const result = builder.locator('.lb-result');
  const settled = () => builder.locator('.lb-result:not([aria-busy])').waitFor();
  try {
    await page.waitForLoadState('networkidle');
    await tabIntoTool(page, 'Build a link', '#build-link', host, 'AliExpress');
    await tab(page, 'Your aff_short_key', host);
    await page.keyboard.type('_dTbKz5B');
    await tab(page, 'Product URL', host);
    await page.keyboard.type('https://www.aliexpress.com/wholesale?SearchText=x');
    await settled();
    await result.filter({ hasText: 'No link' }).waitFor();
    assert.equal(await result.getAttribute('data-state'), 'error');
    assert.equal(await result.getAttribute('aria-live'), 'polite');
    assert.equal(await result.locator('.lb-code').textContent(), 'not_a_product_page');

    await page.keyboard.press('Control+A');
    await page.keyboard.type('https://m.aliexpress.com/item/1005006123456789.html?spm=x');
    await tab(page, 'af (sub-affiliate id)', host);
    await page.keyboard.type('kb');
    for (const name of ['cn (campaign id)', 'cv (creative id)', 'dp (dynamic parameter)']) await tab(page, name, host);
    await settled();
    const link = 'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dTbKz5B&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html&af=kb';
    await result.filter({ hasText: 'Link ready' }).waitFor();
    assert.equal(await builder.getByLabel('Your link', { exact: true }).inputValue(), link);

    await tab(page, 'Your link', host);
    await tab(page, 'Copy link', host);
    await page.keyboard.press('Enter');
    await builder.locator('.lb-output .lb-action-status').filter({ hasText: 'Copied.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    await assertStillFocused(page, 'Copy link', host);

    // Many links at once, with the key and tracking strings above.
    await tab(page, 'Product URLs, one per line', host);
    await page.keyboard.type('https://www.aliexpress.com/item/1005006123456789.html');
    await page.keyboard.press('Enter');
    await page.keyboard.type('https://www.aliexpress.com/wholesale?SearchText=x');
    await tab(page, 'Build links', host);
    await page.keyboard.press('Space');
    const summary = builder.locator('.lb-summary');
    await summary.filter({ hasText: '2 product URLs' }).waitFor();
    assert.equal(await summary.textContent(), '2 product URLs: 1 link built, 1 refused.');
    assert.deepEqual(await builder.locator('.lb-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.result)), ['link', 'error']);
    await tab(page, 'Fill in examples', host);
    await tab(page, 'Copy all links', host);
    await page.keyboard.press('Enter');
    await builder.locator('.lb-bulk .lb-action-status').filter({ hasText: 'Copied 1 link (1 refused row left out).' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dTbKz5B&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html&af=kb');
    await tab(page, 'Download CSV', host);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.equal(download.suggestedFilename(), 'afflink-links.csv');
    await tabToRegion(page, host);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('postback checker by keyboard: errors as you type, the example, sample values, copy', async () => {
  const { context, page, problems } = await openPage({ permissions: CLIPBOARD });
  const host = 'afflink-postback-checker';
  const checker = page.locator(host);
  const result = checker.locator('.pc-result');
  const settled = () => checker.locator('.pc-result:not([aria-busy])').waitFor();
  try {
    await page.waitForLoadState('networkidle');
    await tabIntoTool(page, 'Check a postback URL', '#check-postback', host, 'Postback URL template');
    await page.keyboard.type('https://example.com/pb?c={tp1}&x={nope}');
    await settled();
    await result.filter({ hasText: 'Not OK' }).waitFor();
    assert.equal(await result.getAttribute('data-state'), 'not-ok');
    assert.ok((await checker.locator('.pc-problems li').count()) > 0, 'the problems are listed');

    // "Fill in an example" with Enter: the box gets the example and keeps the focus.
    await tab(page, 'Fill in an example', host);
    await page.keyboard.press('Enter');
    await assertStillFocused(page, 'Postback URL template', host);
    await settled();
    await result.filter({ hasText: 'OK: no problems found.' }).waitFor();

    // A usable template: its copy button comes first, then the example, the macros' meanings.
    await tab(page, 'Copy your postback URL', host);
    await tab(page, 'Fill in an example', host);
    await tab(page, 'The macros the program fills in', host);
    for (const macro of ['{pid}', '{tp1}', '{ord_id}', '{ord_amount}', '{est_com}']) await tab(page, macro, host);
    await page.keyboard.type('9.99'); // Tab selected the sample value: typing replaces it
    await tab(page, 'URL the program would call', host);
    await tab(page, 'Copy the sample call', host);
    await settled();
    const expanded = 'https://example.com/postback?pubid=blog&clickid=click123&order=8012345678901234&amount=25.00&commission=9.99&source=alibaba';
    assert.equal(await checker.getByLabel('URL the program would call').inputValue(), expanded);
    await page.keyboard.press('Space');
    await checker.locator('.pc-action-status').filter({ hasText: 'Copied.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expanded);
    await assertStillFocused(page, 'Copy the sample call', host);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('commission calculator by keyboard: the rate card, the form, a refusal, the CSV, download', async () => {
  const { context, page, problems } = await openPage();
  const host = 'afflink-commission-calculator';
  const calc = page.locator(host);
  const result = calc.locator('.cc-result');
  const settled = () => calc.locator('.cc-result:not([aria-busy])').waitFor();
  try {
    await settled();
    const summary = await tabIntoTool(page, 'Estimate commissions', '#estimate-commissions', host, /^Rate card in use: /);
    assert.equal(summary.tag, 'SUMMARY');
    await page.keyboard.press('Enter');
    assert.equal(await calc.locator('details.cc-card').getAttribute('open'), '');
    await tab(page, 'Show the card of', host);
    await tab(page, 'Rate card (JSON)', host);
    await tab(page, 'Reset to default', host);

    // The one-order form opens empty: it asks for an order instead of refusing one.
    assert.match(await result.textContent(), /Type an order/);
    await tab(page, 'Program', host);
    await tab(page, 'Rate card', host);
    await tab(page, 'Amount (USD)', host);
    await page.keyboard.type('100');
    await settled();
    await result.locator('.cc-error-code').filter({ hasText: 'invalid_field' }).waitFor();
    assert.equal(await result.getAttribute('aria-live'), 'polite');

    await page.keyboard.press('Control+A');
    await page.keyboard.type('abc');
    await settled();
    await result.locator('.cc-error-code').filter({ hasText: 'invalid_amount' }).waitFor();
    assert.equal(await calc.getByLabel('Amount (USD)', { exact: true }).getAttribute('aria-invalid'), 'true');

    const order = [];
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      order.push(await focusedName(page));
    }
    assert.deepEqual(order, [
      'Category',
      'Buyer',
      'Buyer country',
      'Order status',
      'Paid date',
      'Completed date',
      'Click date (optional)',
      'Spam (flagged by the program)',
      "Previous period's sales (USD)",
      'Fill in the worked example',
    ]);
    // The worked example selects the example card: 16% of 60.00.
    await page.keyboard.press('Enter');
    await settled();
    await calc.locator('.cc-commission').filter({ hasText: '9.60' }).waitFor();
    assert.equal(await calc.getByLabel('Rate card', { exact: true }).inputValue(), 'aliexpress-example-2016');
    assert.equal(await calc.getByLabel('Amount (USD)', { exact: true }).getAttribute('aria-invalid'), null);

    // Many orders: Tab to "Load example", Enter fills the CSV box and moves focus there.
    await tab(page, 'Orders (CSV with a header row)', host);
    for (const name of ['Or open a CSV file', "Previous period's sales for every order (USD)"]) await tab(page, name, host);
    await tab(page, "History: these orders are all my sales, so each period's qualifying sales set the next period's incentive", host);
    await tab(page, 'Estimate all', host);
    await tab(page, 'Load example', host);
    await page.keyboard.press('Enter');
    await assertStillFocused(page, 'Orders (CSV with a header row)', host);
    const bulkStatus = calc.locator('.cc-bulk-status');
    await bulkStatus.filter({ hasText: '8 orders:' }).waitFor();
    assert.equal(await bulkStatus.getAttribute('aria-live'), 'polite');
    assert.equal(await calc.locator('.cc-lines tbody tr').count(), 8);

    for (const name of ['Or open a CSV file', "Previous period's sales for every order (USD)"]) await tab(page, name, host);
    await tab(page, "History: these orders are all my sales, so each period's qualifying sales set the next period's incentive", host);
    await page.keyboard.press('Space'); // history on: the sales field is disabled
    assert.equal(await calc.getByLabel("Previous period's sales for every order (USD)").isDisabled(), true);
    await tab(page, 'Estimate all', host);
    await tab(page, 'Load example', host);
    await tab(page, 'Download CSV', host);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.equal(download.suggestedFilename(), 'afflink-commissions.csv');
    // The status is written after the download starts: wait for it rather than read it at once.
    const actionStatus = calc.locator('.cc-action-status');
    await actionStatus.filter({ hasText: /^Downloaded afflink-commissions\.csv \(8 rows\)/ }).waitFor();
    assert.match(await actionStatus.textContent(), /^Downloaded afflink-commissions\.csv \(8 rows\)/);
    await tabToRegion(page, host);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('when the clipboard API refuses, copying falls back to a selection in the shadow root and focus stays on the button', async () => {
  const { context, page, problems } = await openPage({ permissions: ['clipboard-read'] });
  try {
    await page.waitForLoadState('networkidle');
    // A browser that refuses the asynchronous clipboard API.
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));
    });
    const builder = page.locator('afflink-link-builder');
    await builder.getByLabel('Your aff_short_key').fill('_dTbKz5B');
    await builder.getByLabel('Product URL', { exact: true }).fill('https://www.aliexpress.com/item/1005006123456789.html');
    const link = 'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dTbKz5B&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html';
    await builder.locator('.lb-result[data-state="ok"]').waitFor();
    await builder.getByRole('button', { name: 'Copy link' }).focus();
    await page.keyboard.press('Enter');
    await builder.locator('.lb-output .lb-action-status').filter({ hasText: 'Copied.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    await assertStillFocused(page, 'Copy link', 'afflink-link-builder');
    // The temporary text box is gone.
    assert.equal(await builder.locator('.lb-offscreen').count(), 0);

    const checker = page.locator('afflink-link-checker');
    await checker.getByLabel('Links to check').fill('https://www.aliexpress.com/item/1005006123456789.html?spm=x');
    await checker.getByRole('button', { name: 'Check links' }).click();
    await checker.getByRole('button', { name: 'Copy canonical URLs' }).focus();
    await page.keyboard.press('Space');
    await checker.locator('.lc-action-status').filter({ hasText: 'Copied 1 URL.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'https://www.aliexpress.com/item/1005006123456789.html');
    await assertStillFocused(page, 'Copy canonical URLs', 'afflink-link-checker');
    assert.equal(await checker.locator('.lc-offscreen').count(), 0);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
