// Browser test of the demo page's link checker (<afflink-link-checker>), driven like a user.
// Run after `bash scripts/build.sh`:  node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, focused, focusedName, parseCsv, useBrowser } from './harness.mjs';

const { openPage } = useBrowser();
const CASES = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'classify.json'), 'utf8'));

// The cases that fit on one line of the box: no line breaks (the box splits on them), no
// U+2028/U+2029 (an editor may show them as breaks), and not blank (blank lines are skipped).
const BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;
const ONE_LINE = CASES.filter((c) => !/[\n\r\u2028\u2029]/.test(c.input) && !BLANK.test(c.input) && c.input.trim() !== '');

const KIND_LABELS = { product: 'product', page: 'page', affiliateLink: 'affiliate link', shortLink: 'short link', rejected: 'rejected' };
const KIND_COUNTS = [
  ['product', 'product', 'products'],
  ['page', 'page', 'pages'],
  ['affiliateLink', 'affiliate link', 'affiliate links'],
  ['shortLink', 'short link', 'short links'],
  ['rejected', 'rejected', 'rejected'],
];
const PROGRAM_LABELS = { aliexpress: 'AliExpress', alibaba: 'Alibaba.com' };

const n = (count, one, many) => `${count} ${count === 1 ? one : many}`;

/** The summary line the page should show for these expected results. */
function expectedSummary(cases) {
  const parts = KIND_COUNTS.map(([kind, one, many]) => [cases.filter((c) => c.kind === kind).length, one, many])
    .filter(([count]) => count > 0)
    .map(([count, one, many]) => n(count, one, many));
  let s = `${n(cases.length, 'link', 'links')}: ${parts.join(', ')}.`;
  const tracked = cases.filter((c) => c.kind === 'product' && c.affiliateParams.length > 0).length;
  if (tracked > 0) s += ` ${n(tracked, 'product already carries', 'products already carry')} someone's tracking.`;
  return s;
}

/** How the table shows an input: invisible characters as `U+XXXX`, long ones shortened. */
function shownInput(input) {
  const chars = Array.from(input);
  const mark = (ch) =>
    ch !== ' ' && /[\p{Cc}\p{Cf}\p{Cs}\p{Z}]/u.test(ch) ? `U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}` : ch;
  const shown = chars.slice(0, 300).map(mark).join('');
  return chars.length > 300 ? `${shown}… (${chars.length - 300} more characters)` : shown;
}

const checker = (page) => page.locator('afflink-link-checker');
const rows = (page) => checker(page).locator('tbody tr');
const summary = (page) => checker(page).locator('.lc-summary');

/** Each body row as visible text, cell by cell. */
function readRows(page) {
  return rows(page).evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.cells].map((c) => c.textContent);
      const code = tr.cells[6].querySelector('code.lc-code');
      return { kind: tr.dataset.kind, cells, code: code ? code.textContent : null };
    }),
  );
}

test('the page loads with a labelled box, a Check button and no problems', async () => {
  const { context, page, problems, requests } = await openPage();
  try {
    assert.equal(await page.title(), 'afflink — link tools');
    await assert.doesNotReject(page.getByLabel('Links to check').waitFor());
    await checker(page).getByRole('button', { name: 'Check links' }).waitFor();
    assert.match(await page.locator('header').textContent(), /runs locally/i);
    // The WebAssembly module is fetched when the element starts.
    await page.waitForLoadState('networkidle');
    assert.ok(requests.some((u) => u.endsWith('/pkg/afflink_wasm_bg.wasm')), 'the wasm was requested');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('every one-line case of tests/cases/classify.json is classified as the case says', async () => {
  const { context, page, problems } = await openPage();
  try {
    const box = page.getByLabel('Links to check');
    await box.fill(ONE_LINE.map((c) => c.input).join('\n'));
    // fill() must keep every character, or the comparison below would be meaningless.
    assert.equal(await box.inputValue(), ONE_LINE.map((c) => c.input).join('\n'));
    await checker(page).getByRole('button', { name: 'Check links' }).click();
    await assert.doesNotReject(rows(page).nth(ONE_LINE.length - 1).waitFor());

    const shown = await readRows(page);
    assert.equal(shown.length, ONE_LINE.length);
    ONE_LINE.forEach((c, i) => {
      const row = shown[i];
      const where = `row ${i + 1} (${JSON.stringify(c.input.slice(0, 100))})`;
      const [num, input, kind, program, productId, canonicalUrl, reason] = row.cells;
      assert.equal(num, String(i + 1), `${where}: line number`);
      assert.equal(input, shownInput(c.input), `${where}: input`);
      assert.equal(row.kind, c.kind, `${where}: kind`);
      assert.equal(kind, KIND_LABELS[c.kind], `${where}: kind label`);
      assert.equal(program, c.program ? PROGRAM_LABELS[c.program] : '—', `${where}: program`);
      assert.equal(productId, c.productId ?? '—', `${where}: product id`);
      assert.equal(canonicalUrl, c.canonicalUrl ?? '—', `${where}: canonical URL`);
      assert.equal(row.code, c.reason, `${where}: reason code`);
      if (c.kind === 'product' && c.affiliateParams.length > 0) {
        assert.equal(reason, `Already carries someone's tracking: ${c.affiliateParams.join(', ')} The canonical URL leaves it out.`, `${where}: tracking flag`);
      }
    });
    assert.equal(await summary(page).textContent(), expectedSummary(ONE_LINE));
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('keyboard only: label, type, Ctrl+Enter; tracking is flagged; the summary is announced', async () => {
  const { context, page, problems } = await openPage();
  try {
    // Found by its label, then only the keyboard.
    await page.getByLabel('Links to check').focus();
    assert.equal((await focused(page)).tag, 'TEXTAREA');
    await page.keyboard.type('https://fr.aliexpress.com/item/1005006123456789.html?aff_fcid=abc&af=me');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // a blank line, ignored
    await page.keyboard.type('https://www.aliexpress.com/wholesale?SearchText=x');
    await page.keyboard.press('Control+Enter');

    const status = summary(page);
    await assert.doesNotReject(status.filter({ hasText: '2 links' }).waitFor());
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    assert.equal(await status.textContent(), "2 links: 1 product, 1 page. 1 product already carries someone's tracking.");
    const shown = await readRows(page);
    assert.deepEqual(
      shown.map((r) => r.cells[0]),
      ['1', '3'],
      '# is the line number in the box',
    );
    assert.match(shown[0].cells[6], /^Already carries someone's tracking: aff_fcid, af\b/);
    // Ctrl+Enter did not add a line to the box.
    assert.equal((await page.getByLabel('Links to check').inputValue()).split('\n').length, 3);

    // Tab reaches the buttons, in order, and Enter presses them.
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'Check links');
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'Fill in examples');
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'Copy canonical URLs');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('Copy canonical URLs puts the products\' canonical URLs on the clipboard', async () => {
  const { context, page, problems } = await openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    await page.getByLabel('Links to check').fill(
      [
        'https://m.aliexpress.com/item/1005006123456789.html?spm=x',
        'https://www.aliexpress.com/wholesale?SearchText=x',
        'https://www.alibaba.com/product-detail/Wireless-Earbuds_1600123456789.html?pid=1',
        'https://www.aliexpress.com/item/1005006123456789.html', // the same product again
        'https://aliexpress.ru/item/1005006999999999.html',
        'javascript:alert(1)',
      ].join('\n'),
    );
    await checker(page).getByRole('button', { name: 'Check links' }).click();
    await checker(page).getByRole('button', { name: 'Copy canonical URLs' }).click();
    await assert.doesNotReject(checker(page).getByText(/^Copied 3 URLs/).waitFor());
    assert.equal(await checker(page).locator('.lc-action-status').textContent(), 'Copied 3 URLs (1 duplicate left out).');
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(
      clipboard,
      [
        'https://www.aliexpress.com/item/1005006123456789.html',
        'https://www.alibaba.com/product-detail/Wireless-Earbuds_1600123456789.html',
        'https://aliexpress.ru/item/1005006999999999.html',
      ].join('\n'),
    );
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('Download CSV saves every row, with formula-looking cells neutralised', async () => {
  const { context, page, problems } = await openPage();
  try {
    const inputs = [
      '=HYPERLINK("http://evil")',
      'https://www.aliexpress.com/item/1005006123456789.html?aff_fcid=1&af=2',
      '+cmd|\' /C calc\'!A0',
      '-2+3',
      '@SUM(1)',
      'https://www.alibaba.com/product-detail/Say-"hi"_1600123456789.html',
    ];
    await page.getByLabel('Links to check').fill(inputs.join('\n'));
    await checker(page).getByRole('button', { name: 'Check links' }).click();
    await rows(page).nth(inputs.length - 1).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), checker(page).getByRole('button', { name: 'Download CSV' }).click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    assert.ok(text.startsWith('\uFEFF'), 'starts with a byte order mark');
    const table = parseCsv(text.slice(1));
    assert.equal(table.length, inputs.length + 1, 'a header and one row per link');
    const header = table[0];
    const col = (name) => header.indexOf(name);
    assert.deepEqual(header, ['#', 'input', 'kind', 'program', 'productId', 'canonicalUrl', 'affiliateParams', 'reasonCode', 'reasonMessage']);
    const body = table.slice(1);
    assert.deepEqual(
      body.map((r) => r[col('input')]),
      ['\'=HYPERLINK("http://evil")', inputs[1], '\'+cmd|\' /C calc\'!A0', "'-2+3", "'@SUM(1)", inputs[5]],
    );
    assert.equal(body[1][col('kind')], 'product');
    assert.equal(body[1][col('affiliateParams')], 'aff_fcid af');
    assert.equal(body[0][col('reasonCode')], 'not_a_url');
    assert.equal(body[5][col('productId')], '1600123456789');
    for (const row of table) {
      for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `cell ${JSON.stringify(cell)} could run as a formula`);
    }
    assert.match(await checker(page).locator('.lc-action-status').textContent(), /6 rows/);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('markup-looking input is shown as text and runs nothing', async () => {
  const { context, page, problems } = await openPage();
  try {
    const inputs = [
      'https://www.aliexpress.com/item/1.html?q=<img src=x onerror=alert(1)>',
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(2)>',
      'https://www.aliexpress.com/item/1005006123456789.html?x="><svg/onload=alert(3)>',
    ];
    await page.getByLabel('Links to check').fill(inputs.join('\n'));
    await checker(page).getByRole('button', { name: 'Check links' }).click();
    await rows(page).nth(inputs.length - 1).waitFor();
    const shown = await readRows(page);
    assert.deepEqual(
      shown.map((r) => r.cells[1]),
      inputs,
    );
    assert.equal(await page.locator('afflink-link-checker img, afflink-link-checker script, afflink-link-checker svg').count(), 0);
    assert.equal(shown[0].kind, 'rejected');
    assert.equal(shown[0].code, 'not_a_url'); // spaces inside
    assert.equal(shown[3].kind, 'product');
    await page.waitForTimeout(200); // give a stray handler time to fire
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the element API: value, check() and the afflink-checked event', async () => {
  const { context, page, problems } = await openPage();
  try {
    const out = await page.evaluate(async () => {
      const el = document.querySelector('afflink-link-checker');
      await customElements.whenDefined('afflink-link-checker');
      const events = [];
      document.addEventListener('afflink-checked', (e) => events.push(e.detail.results.map((r) => r.kind)));
      el.value = 'https://a.aliexpress.com/_mKq3Ab9\n\n  \nhttps://s.click.aliexpress.com/e/_DmXyZ12';
      const results = await el.check();
      el.value = '';
      const empty = await el.check();
      return { value: el.value, kinds: results.map((r) => r.kind), empty, events };
    });
    assert.equal(out.value, '');
    assert.deepEqual(out.kinds, ['shortLink', 'affiliateLink']);
    assert.deepEqual(out.empty, []);
    assert.deepEqual(out.events, [['shortLink', 'affiliateLink'], []]);
    // Nothing to check: said at the box, which is marked.
    const box = page.getByLabel('Links to check');
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    assert.equal(await checker(page).locator('.afflink-field-problem').textContent(), 'Error: Nothing to check: paste one or more addresses, one per line.');
    assert.equal(await summary(page).textContent(), '');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a wasm file that fails to load gives a clear message, not a broken page', async () => {
  const { context, page } = await openPage({
    route: { url: '**/afflink_wasm_bg.wasm', handler: (r) => r.fulfill({ status: 404, body: 'Not found' }) },
  });
  try {
    const alert = checker(page).getByRole('alert');
    await assert.doesNotReject(alert.waitFor());
    assert.match(await alert.textContent(), /could not start/);
    await page.getByLabel('Links to check').fill('https://www.aliexpress.com/item/1005006123456789.html');
    await checker(page).getByRole('button', { name: 'Check links' }).click();
    await assert.doesNotReject(alert.filter({ hasText: 'could not start' }).waitFor());
    assert.equal(await rows(page).count(), 0);
  } finally {
    await context.close();
  }
});
