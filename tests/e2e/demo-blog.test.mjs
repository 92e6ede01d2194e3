// The demo page's "Add afflink to your blog" section: the sample post converted live by the
// page's own script tag, the snippet generator (live checks, exact tag, copy, hostile input
// as text), and the tools staying responsive on a paste of 10,000 lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, useBrowser } from './harness.mjs';
import { ROW_CHUNK, WORK_CHUNK } from '../../www/elements/shared/afflink-ui.js';

const { openPage } = useBrowser();

test('the sample post is converted by the page’s own tag, and the list says where each link goes', async () => {
  const { context, page, problems } = await openPage();
  await page.waitForFunction(() => document.querySelectorAll('#sample-post [data-afflink-original]').length === 3, null, { timeout: 15000 });
  const links = await page.$$eval('#sample-post a', (as) =>
    as.map((a) => ({ text: a.textContent, href: a.getAttribute('href'), original: a.getAttribute('data-afflink-original'), rel: a.getAttribute('rel') }))
  );
  const converted = links.filter((l) => l.original);
  assert.deepEqual(converted.map((l) => l.text), ['USB-C hub', 'desk lamp', 'cable from Alibaba.com']);
  for (const l of converted) assert.equal(l.rel, 'sponsored noopener');
  assert.ok(converted[0].href.startsWith('https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dDemoKey&dl_target_url='), converted[0].href);
  assert.ok(converted[0].href.endsWith('&af=afflink-demo&cn=sample-post'), converted[0].href);
  assert.ok(converted[2].href.startsWith('https://click.alibaba.com/rd/demo1234?url='), converted[2].href);
  const untouched = links.filter((l) => !l.original);
  assert.deepEqual(untouched.map((l) => l.text), [
    'all desk lamps',
    'older affiliate link',
    'shared short link',
    "another site's review",
    'tracked product link',
    'opted-out link',
  ]);
  for (const l of untouched) assert.equal(l.rel, null, l.text);
  // The list shows the state and the current address of every link, as text.
  await page.waitForFunction(() => document.querySelectorAll('#sample-links li[data-state="converted"]').length === 3);
  const items = await page.$$eval('#sample-links li', (lis) => lis.map((li) => [li.dataset.state, li.querySelector('.sample-href').textContent]));
  assert.equal(items.length, links.length);
  assert.deepEqual(items.map(([, href]) => href), links.map((l) => l.href));
  // The page's tag is shown as it is.
  const snippet = await page.textContent('#page-snippet');
  assert.match(snippet, /^<script async src="afflink.js"\n\s+data-aff-short-key="_dDemoKey"/);
  assert.equal(await page.locator('#sample-post small[data-afflink-disclosure]').count(), 3);
  assert.deepEqual(problems(), []);
  await context.close();
});

const generator = (page) => page.locator('afflink-snippet-generator');
const field = (page, name) => generator(page).locator(`input[data-setting="${name}"]`);
const status = (page) => generator(page).locator('.sg-status');

test('the snippet generator checks the settings as you type and gives the exact tag', async () => {
  const { context, page, problems } = await openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  await status(page).waitFor();
  // First load: a neutral prompt, nothing in error, no tag to copy.
  await page.waitForFunction(() => document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('.sg-status').textContent !== '');
  assert.equal(await status(page).getAttribute('data-state'), 'idle');
  assert.match(await status(page).textContent(), /^Fill in your aff_short_key/);
  assert.equal(await generator(page).getByRole('button', { name: 'Copy the script tag' }).isDisabled(), true);

  await field(page, 'aff-short-key').fill('_dT5B1bR');
  await field(page, 'af').fill('myblog');
  await field(page, 'cn').fill('spring "sale" <2026>');
  await page.waitForFunction(() => document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('.sg-status').dataset.state === 'ok');
  // The status is ok as soon as the key is in; the tag follows the last field typed (the
  // generator updates after a pause in typing), so wait for that field's attribute.
  await page.waitForFunction(() => document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('textarea.sg-output').value.includes('data-cn='));
  const base = await page.evaluate(() => new URL('./', document.baseURI).href);
  const snippet = await generator(page).locator('textarea.sg-output').inputValue();
  assert.equal(
    snippet,
    `<script async src="${base}afflink.js"\n        data-aff-short-key="_dT5B1bR"\n        data-af="myblog"\n        data-cn="spring &quot;sale&quot; &lt;2026&gt;"></script>`
  );
  // The tag it gives, parsed as HTML, carries exactly the values typed.
  const blank = await context.newPage(); // the demo page's Trusted Types would refuse DOMParser
  const parsed = await blank.evaluate((html) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const s = doc.querySelector('script');
    return Object.fromEntries([...s.attributes].map((a) => [a.name, a.value]));
  }, snippet);
  await blank.close();
  assert.deepEqual(parsed, { async: '', src: `${base}afflink.js`, 'data-aff-short-key': '_dT5B1bR', 'data-af': 'myblog', 'data-cn': 'spring "sale" <2026>' });
  // The try box converts its sample product link with these settings.
  await page.waitForFunction(() => /^Becomes: https:\/\/s\.click/.test(document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('.sg-try-result').textContent));
  const tried = await generator(page).locator('.sg-try-result').textContent();
  assert.ok(tried.endsWith('&af=myblog&cn=spring%20%22sale%22%20%3C2026%3E'), tried);

  await generator(page).getByRole('button', { name: 'Copy the script tag' }).click();
  await assert.doesNotReject(page.waitForFunction(() => document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('.sg-action-status').textContent === 'Copied.'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);

  // A bad key: the reason at the key field, with its code; no tag to copy.
  await field(page, 'aff-short-key').fill('not a key!');
  await page.waitForFunction(() => document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('.sg-status').dataset.state === 'error');
  assert.match(await status(page).textContent(), /^Fix the setting marked above: Your aff_short_key\./);
  assert.equal(await field(page, 'aff-short-key').getAttribute('aria-invalid'), 'true');
  assert.equal(await generator(page).locator('.afflink-field-problem:not([hidden]) .afflink-code').textContent(), 'invalid_setting');
  assert.equal(await generator(page).getByRole('button', { name: 'Copy the script tag' }).isDisabled(), true);
  // A tracking string without its program: a warning, sentence first, the code after it.
  await field(page, 'aff-short-key').fill('_dT5B1bR');
  await field(page, 'pid').fill('blog');
  await page.waitForFunction(() => document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('.sg-status').dataset.state === 'warning');
  assert.match(await status(page).textContent(), /data-pid is set but data-alibaba-template is not.* invalid_setting$/);
  assert.equal(await field(page, 'pid').getAttribute('aria-invalid'), null);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the snippet generator offers the mobile web and app templates of Alibaba.com, checked like the PC one', async () => {
  const { context, page, problems } = await openPage();
  await status(page).waitFor();
  await field(page, 'alibaba-template').fill('https://click.alibaba.com/rd/pc4x9k?url={product_url}');
  await field(page, 'alibaba-template-wap').fill('https://m.click.alibaba.com/rd/wap7q2?url={product_url}');
  await field(page, 'alibaba-template-app').fill('https://click.alibaba.com/rd/app3m5?id={product_id}');
  await page.waitForFunction(() => document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('textarea.sg-output').value.includes('data-alibaba-template-app='));
  const snippet = await generator(page).locator('textarea.sg-output').inputValue();
  assert.match(snippet, /data-alibaba-template="https:\/\/click\.alibaba\.com\/rd\/pc4x9k\?url=\{product_url\}"/);
  assert.match(snippet, /data-alibaba-template-wap="https:\/\/m\.click\.alibaba\.com\/rd\/wap7q2\?url=\{product_url\}"/);
  assert.match(snippet, /data-alibaba-template-app="https:\/\/click\.alibaba\.com\/rd\/app3m5\?id=\{product_id\}"/);
  assert.equal(await status(page).getAttribute('data-state'), 'ok');
  // A mobile template without a placeholder is refused, naming its attribute.
  await field(page, 'alibaba-template-wap').fill('https://m.click.alibaba.com/rd/wap7q2');
  await page.waitForFunction(() => document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('.sg-status').dataset.state === 'error');
  assert.equal(await field(page, 'alibaba-template-wap').getAttribute('aria-invalid'), 'true');
  assert.match(await status(page).textContent(), /^Fix the setting marked above: Mobile web link template \(optional\)\./);
  assert.deepEqual(problems(), []);
  await context.close();
});

test('the snippet generator pins this release: the versioned folder and its integrity hash', async () => {
  const { context, page, problems } = await openPage();
  await status(page).waitFor();
  await field(page, 'aff-short-key').fill('_dT5B1bR');
  await generator(page).getByLabel('Pin this release (Subresource Integrity)').check();
  await page.waitForFunction(() => document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('textarea.sg-output').value.includes('integrity='));
  const base = await page.evaluate(() => new URL('./', document.baseURI).href);
  const { version } = JSON.parse(readFileSync(join(DIST, 'pkg', 'package.json'), 'utf8'));
  const { files } = JSON.parse(readFileSync(join(DIST, 'cdn', `afflink@${version}`, 'sri.json'), 'utf8'));
  const snippet = await generator(page).locator('textarea.sg-output').inputValue();
  assert.equal(
    snippet,
    `<script async src="${base}cdn/afflink@${version}/afflink.js"\n        integrity="${files['afflink.js']}" crossorigin="anonymous"\n        data-aff-short-key="_dT5B1bR"></script>`,
  );
  // Unpinned again: the plain tag.
  await generator(page).getByLabel('Pin this release (Subresource Integrity)').uncheck();
  await page.waitForFunction(() => !document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('textarea.sg-output').value.includes('integrity='));
  assert.deepEqual(problems(), []);
  await context.close();
});

test('hostile text in the generator stays text', async () => {
  const { context, page, problems } = await openPage();
  const payload = '"><img src=x onerror=alert(1)><script>alert(2)</script>';
  await status(page).waitFor();
  await field(page, 'aff-short-key').fill('_dT5B1bR');
  await field(page, 'disclosure').fill(payload);
  await page.waitForFunction(() => document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('textarea.sg-output').value.includes('data-disclosure'));
  await generator(page).locator('input[type="url"]').last().fill(`https://www.aliexpress.com/item/1005006123456789.html?x=${payload}`);
  await page.waitForFunction(() => document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('.sg-try-result').textContent !== '');
  const snippet = await generator(page).locator('textarea.sg-output').inputValue();
  assert.ok(snippet.includes('data-disclosure="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;"'), snippet);
  assert.equal(await generator(page).locator('img, script').count(), 0);
  assert.equal(await page.locator('img').count(), 0);
  assert.deepEqual(problems(), []);
  await context.close();
});

/**
 * Counts the tools' yields to the event loop from now on: their `nextTask()` goes through
 * `scheduler.yield`, which this wraps. The tests count chunks, never milliseconds (how long a
 * task takes is the benchmark's business: benches/browser/tool-paste.mjs).
 */
async function countYields(page) {
  await page.evaluate(async () => {
    // Let the browser lay out what the test just pasted first.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50))));
    if (!window.__yieldsWrapped) {
      const original = scheduler.yield.bind(scheduler);
      scheduler.yield = () => {
        window.__yields++;
        return original();
      };
      window.__yieldsWrapped = true;
    }
    window.__yields = 0;
  });
  return () => page.evaluate(() => window.__yields);
}

/** How many yields a job of `n` items in chunks of `size` makes: one between each two chunks. */
const yieldsFor = (n, size) => Math.ceil(n / size) - 1;

function manyLines(n) {
  const lines = [];
  for (let i = 0; i < n; i++) {
    const id = String(1005006000000000 + i * 7919);
    lines.push(
      i % 5 === 0 ? `https://www.aliexpress.com/wholesale?SearchText=item${i}` : `https://www.aliexpress.com/item/${id}.html?spm=a2g0o.${i}`
    );
  }
  return lines.join('\n');
}

test('a paste of 10,000 lines is worked through in chunks of the documented sizes, with progress, and every row arrives', async () => {
  const { context, page, problems } = await openPage();
  const checker = page.locator('afflink-link-checker');
  await checker.locator('textarea').waitFor();
  // Let the page finish loading its own work first.
  await page.waitForFunction(() => document.querySelectorAll('#sample-post [data-afflink-original]').length === 3, null, { timeout: 15000 });
  await checker.locator('textarea').evaluate((t, text) => {
    t.value = text;
  }, manyLines(10000));
  const yields = await countYields(page);
  // Every text the summary shows, from the click on.
  await page.evaluate(() => {
    const summary = document.querySelector('afflink-link-checker').shadowRoot.querySelector('.lc-summary');
    window.__summaries = [];
    new MutationObserver(() => window.__summaries.push(summary.textContent)).observe(summary, { childList: true, characterData: true, subtree: true });
  });
  await checker.getByRole('button', { name: 'Check links' }).click();
  await page.waitForFunction(() => /^10,000 links: 8,000 products, 2,000 pages\.$/.test(document.querySelector('afflink-link-checker').shadowRoot.querySelector('.lc-summary').textContent), null, { timeout: 60000 });
  const summaries = await page.evaluate(() => window.__summaries);
  assert.ok(summaries.includes('Checking 2,000 of 10,000 links…'), summaries.join(' | '));
  assert.ok(summaries.includes('Showing 5,000 of 10,000 links…'), summaries.join(' | '));
  assert.equal(await checker.locator('tbody tr').count(), 10000);
  // WORK_CHUNK links classified per chunk and ROW_CHUNK rows shown per chunk, a yield between each two.
  assert.equal(await yields(), yieldsFor(10000, WORK_CHUNK) + yieldsFor(10000, ROW_CHUNK));
  const rowNumbers = await checker.locator('tbody tr > th').allTextContents();
  assert.deepEqual(rowNumbers.map(Number), Array.from({ length: 10000 }, (_, i) => i + 1));

  // The builder's bulk mode, with the same paste.
  const builder = page.locator('afflink-link-builder');
  await builder.getByLabel('Your aff_short_key', { exact: true }).fill('_dT5B1bR');
  await builder.getByLabel('Product URLs, one per line').evaluate((t, text) => {
    t.value = text;
    t.dispatchEvent(new Event('input', { bubbles: true }));
  }, manyLines(10000));
  const yields2 = await countYields(page);
  await builder.getByRole('button', { name: 'Build links' }).click();
  const rows = builder.locator('.lb-table tbody tr');
  await rows.nth(9999).waitFor({ timeout: 60000 });
  await page.waitForFunction(() => !document.querySelector('afflink-link-builder').shadowRoot.querySelector('.lb-table').hasAttribute('aria-busy'), null, { timeout: 60000 });
  assert.equal(await rows.count(), 10000);
  assert.equal(await yields2(), yieldsFor(10000, WORK_CHUNK) + yieldsFor(10000, ROW_CHUNK));
  assert.deepEqual(problems(), []);
  await context.close();
});

test("the calculator's bulk mode estimates pasted orders off the page's thread and shows them in chunks of the documented size", async () => {
  const { context, page, problems } = await openPage();
  await page.waitForFunction(() => document.querySelectorAll('#sample-post [data-afflink-original]').length === 3, null, { timeout: 15000 });
  const calc = page.locator('afflink-commission-calculator');
  const n = 1000;
  const csv = ['program,orderId,amount,buyer,country,status,paidDate,completedDate'];
  for (let i = 0; i < n; i++) csv.push(`${i % 2 ? 'alibaba' : 'aliexpress'},O${i},${10 + (i % 97)}.50,returning,US,completed,2025-01-1${i % 10},2025-01-25`);
  await calc.locator('.cc-bulk textarea').evaluate((t, text) => {
    t.value = text;
  }, csv.join('\n'));
  const yields = await countYields(page);
  await calc.getByRole('button', { name: 'Estimate all' }).click();
  // Counts with thousands separators, as the progress of the other tools writes them.
  await calc.locator('.cc-bulk-status').filter({ hasText: /^1,000 orders: [\d,]+ qualifying, \d+ not qualifying, \d+ could not be read\./ }).waitFor();
  assert.equal(await calc.locator('.cc-totals .cc-total-orders').textContent(), '1,000');
  await page.waitForFunction((want) => document.querySelector('afflink-commission-calculator').shadowRoot.querySelectorAll('.cc-lines tbody tr').length === want, n);
  // One yield between reading the CSV and handing the orders to the worker; then the rows go
  // in chunks of ROW_CHUNK, each chunk its own tbody, a yield between each two.
  assert.equal(await yields(), 1 + yieldsFor(n, ROW_CHUNK));
  assert.equal(await calc.locator('.cc-lines > tbody').count(), Math.ceil(n / ROW_CHUNK));
  const ids = await calc.locator('.cc-lines tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(ids, Array.from({ length: n }, (_, i) => `O${i}`));
  // The estimate ran in the tools' worker.
  assert.equal(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/afflink-tools-worker.js'))), true);
  assert.deepEqual(problems(), []);
  await context.close();
});
