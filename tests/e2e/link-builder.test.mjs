// Browser test of the demo page's link builder (<afflink-link-builder>), driven like a user.
// Run after `bash scripts/build.sh`:  node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, parseCsv, useBrowser } from './harness.mjs';
import { ALIBABA_TRACKING_LABELS, TRACKING_LABELS } from '../../www/elements/shared/afflink-ui.js';

const { openPage } = useBrowser();
const CASES = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'links.json'), 'utf8'));

const AE_PARAMS = ['af', 'cn', 'cv', 'dp'];
const AB_PARAMS = ['pid', 'tp1', 'tp2', 'tp3', 'tp4', 'tp5'];
/** Each tracking field's label: the same in every tool (link-tools-sizes.test.mjs compares the tools). */
const LABELS = { ...TRACKING_LABELS, ...ALIBABA_TRACKING_LABELS };

/** The form has one field per name: a case that names a parameter twice, or one of the other program, cannot be typed. */
const typeable = (c, allowed) => {
  const names = c.params.map(([name]) => name);
  return names.every((n) => allowed.includes(n)) && new Set(names).size === names.length;
};
const DEEPLINKS = CASES.filter((c) => c.op === 'deeplink' && typeable(c, AE_PARAMS));
const ALIBABA_LINKS = CASES.filter((c) => c.op === 'alibabaLink' && typeable(c, AB_PARAMS));
// The cases that give a product id (those without one read it from the link: issue 17).
const TEMPLATES = CASES.filter((c) => c.op === 'alibabaTemplate' && c.productId?.trim());
const BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** What a one-line text field keeps of a value: browsers drop line breaks. */
const oneLine = (s) => s.replace(/[\r\n]/g, '');

const builder = (page) => page.locator('afflink-link-builder');
const field = (page, label) => builder(page).getByLabel(label, { exact: true });
const result = (page) => builder(page).locator('.lb-result');

/** Waits until the live result has caught up with the fields (the debounce has run). */
async function settled(page) {
  await page.waitForFunction(() => {
    const r = document.querySelector('afflink-link-builder')?.shadowRoot?.querySelector('.lb-result');
    return r && !r.hasAttribute('aria-busy');
  });
}

/** The live result as the user sees it. */
async function readResult(page) {
  await settled(page);
  const state = await result(page).getAttribute('data-state');
  const out = { state, message: await builder(page).locator('.lb-message').textContent() };
  if (state === 'ok') out.link = await field(page, 'Your link').inputValue();
  if (state === 'error') out.code = await result(page).locator('.lb-code').textContent();
  return out;
}

/** Fills one text field and checks that the browser kept what a user would have typed. */
async function fillField(page, label, value) {
  const input = field(page, label);
  await input.fill(value);
  assert.equal(await input.inputValue(), oneLine(value), `the ${label} field keeps the value`);
}

async function fillParams(page, names, params) {
  const given = Object.fromEntries(params);
  for (const name of names) await fillField(page, LABELS[name], given[name] ?? '');
}

/** The fields marked as in error (aria-invalid="true"), by label. */
function invalidFields(page) {
  return builder(page)
    .locator('[aria-invalid="true"]')
    .evaluateAll((fields) => fields.filter((f) => f.checkVisibility()).map((f) => f.labels[0].textContent));
}

/** The problem shown at a field: its message slot's text and code, tied by aria-describedby. */
function fieldProblem(page, label) {
  return field(page, label).evaluate((input) => {
    const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/);
    const slot = [...input.parentElement.querySelectorAll('.afflink-field-problem')].find((p) => !p.hidden) ?? null;
    return {
      invalid: input.getAttribute('aria-invalid'),
      described: slot !== null && ids.includes(slot.id),
      text: slot ? slot.textContent : null,
      code: slot ? (slot.querySelector('code')?.textContent ?? null) : null,
    };
  });
}

/** The field a refusal code of the whole link is about (null: none, the panel says it all). */
function faultyField(code, program) {
  if (program === 'aliexpress' && code === 'invalid_key') return 'Your aff_short_key';
  if (program === 'alibaba' && code === 'invalid_template') return 'Link template';
  if (['value_too_long', 'invalid_value'].includes(code)) return 'a tracking field';
  if (code === 'too_long') return null;
  return program === 'aliexpress' ? 'Product URL' : 'Product URL or id';
}

/** Checks that a refusal is shown at the field at fault, and only there. */
async function assertAtField(page, code, program, where) {
  const want = faultyField(code, program);
  const marked = await invalidFields(page);
  if (want === null) return assert.deepEqual(marked, [], where);
  assert.equal(marked.length, 1, `${where}: one field marked, not ${JSON.stringify(marked)}`);
  if (want === 'a tracking field') assert.ok(Object.values(LABELS).includes(marked[0]), `${where}: ${marked[0]}`);
  else assert.equal(marked[0], want, where);
  const shown = await fieldProblem(page, marked[0]);
  assert.equal(shown.code, code, `${where}: the code at the field`);
  assert.ok(shown.described, `${where}: the message is tied to the field with aria-describedby`);
  assert.match(shown.text, /^Error: [A-Z"]/, `${where}: a sentence first`);
}

/** What the page should show for a case: a link, a refusal code, or the "fill in" prompt. */
function expected(c, missing) {
  if (missing) return { state: 'idle' };
  if (c.expect.link !== undefined) return { state: 'ok', link: c.expect.link };
  return { state: 'error', code: c.expect.error };
}

function actual(shown) {
  if (shown.state === 'ok') return { state: 'ok', link: shown.link };
  if (shown.state === 'error') return { state: 'error', code: shown.code };
  return { state: shown.state };
}

test('the builder starts with AliExpress chosen and asks for what it needs', async () => {
  const { context, page, problems } = await openPage();
  try {
    await builder(page).locator('.lb-result').waitFor();
    assert.equal(await builder(page).getByRole('radio', { name: 'AliExpress' }).isChecked(), true);
    assert.equal(await builder(page).getByRole('radio', { name: 'Alibaba.com' }).isChecked(), false);
    assert.equal(await result(page).getAttribute('aria-live'), 'polite');
    assert.equal((await readResult(page)).message, 'To build a link, fill in your aff_short_key and a product URL.');
    assert.equal(await builder(page).getByRole('button', { name: 'Copy link' }).isDisabled(), true);
    assert.equal(await page.locator('nav a[href="#build-link"]').textContent(), 'Build a link');

    await fillField(page, 'Your aff_short_key', '_dTbKz5B');
    assert.equal((await readResult(page)).message, 'To build a link, fill in a product URL.');
    await builder(page).getByRole('radio', { name: 'Alibaba.com' }).check();
    assert.equal((await readResult(page)).message, 'To build a link, fill in the link template and a product URL or id.');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('AliExpress: every typeable deeplink case of tests/cases/links.json gives the expected link or refusal', async () => {
  const { context, page, problems } = await openPage();
  try {
    assert.ok(DEEPLINKS.length >= 15);
    // The first 15 cases all build a link.
    assert.ok(DEEPLINKS.slice(0, 15).every((c) => c.expect.link !== undefined));
    for (const [i, c] of DEEPLINKS.entries()) {
      const where = `case ${i} (${c.note})`;
      await fillField(page, 'Your aff_short_key', c.affShortKey);
      await fillField(page, 'Product URL', c.productUrl);
      await fillParams(page, AE_PARAMS, c.params);
      const missing = c.affShortKey.trim() === '' || BLANK.test(c.productUrl);
      const shown = await readResult(page);
      assert.deepEqual(actual(shown), expected(c, missing), where);
      if (shown.state === 'ok') assert.equal(shown.message, `Link ready (${c.expect.link.length} characters).`, where);
      if (shown.state === 'error') await assertAtField(page, shown.code, 'aliexpress', where);
      else assert.deepEqual(await invalidFields(page), [], `${where}: no field marked`);
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('Alibaba.com: every typeable alibabaLink case gives the expected link or refusal', async () => {
  const { context, page, problems } = await openPage();
  try {
    await builder(page).getByRole('radio', { name: 'Alibaba.com' }).check();
    for (const [i, c] of ALIBABA_LINKS.entries()) {
      const where = `case ${i} (${c.note})`;
      const product = c.productUrl ?? c.productId;
      await fillField(page, 'Link template', c.template);
      await fillField(page, 'Product URL or id', product);
      await fillParams(page, AB_PARAMS, c.params);
      const missing = BLANK.test(c.template) || BLANK.test(product);
      const shown = await readResult(page);
      assert.deepEqual(actual(shown), expected(c, missing), where);
      if (shown.state === 'error') await assertAtField(page, shown.code, 'alibaba', where);
      else assert.deepEqual(await invalidFields(page), [], `${where}: no field marked`);
      if (!missing) {
        // The field says how it read the product: a bare id or a URL.
        const readAs = await builder(page).locator('.lb-read-as').textContent();
        assert.equal(readAs, c.productId !== undefined ? 'Read as a product id.' : 'Read as a product URL.', where);
      }
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

const PLATFORM_CASES = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'convert.json'), 'utf8')).platformScenarios;
const PLATFORM_LABELS = { pc: 'PC (desktop browsers)', wap: 'Mobile web (WAP)', app: 'App' };

test('Alibaba.com: each platform gets its own template, and the PC one when it has none', async () => {
  const { context, page, problems } = await openPage();
  try {
    await builder(page).getByRole('radio', { name: 'Alibaba.com' }).check();
    let checked = 0;
    for (const scenario of PLATFORM_CASES) {
      const s = scenario.settings;
      await fillField(page, 'Link template', s['alibaba-template']);
      await fillField(page, 'Mobile web link template (optional)', s['alibaba-template-wap'] ?? '');
      await fillField(page, 'App link template (optional)', s['alibaba-template-app'] ?? '');
      await fillParams(page, AB_PARAMS, [['pid', s.pid], ['tp1', s.tp1]]);
      await field(page, 'Build the link for').selectOption({ label: PLATFORM_LABELS[scenario.platform] });
      for (const c of scenario.links.filter((l) => /alibaba\.com/.test(l.href))) {
        await fillField(page, 'Product URL or id', c.href);
        const shown = await readResult(page);
        assert.equal(shown.link, c.link, `${scenario.name}: ${c.href}`);
        const fellBack = scenario.platform !== 'pc' && !s[`alibaba-template-${scenario.platform}`];
        assert.equal(/so it uses the PC one/.test(shown.message), fellBack, shown.message);
        checked++;
      }
    }
    assert.equal(checked, 8);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('switching programs keeps each program\'s fields', async () => {
  const { context, page, problems } = await openPage();
  try {
    await fillField(page, 'Your aff_short_key', 'k');
    await fillField(page, 'Product URL', 'https://www.aliexpress.com/item/1005006123456789.html');
    const ae = (await readResult(page)).link;
    assert.equal(ae, 'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=k&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html');
    await builder(page).getByRole('radio', { name: 'Alibaba.com' }).check();
    assert.equal(await field(page, 'Your aff_short_key').isVisible(), false);
    assert.equal((await readResult(page)).state, 'idle');
    await fillField(page, 'Link template', 'https://click.alibaba.com/rd/k?id={product_id}');
    await fillField(page, 'Product URL or id', ' 62050354078 ');
    assert.equal((await readResult(page)).link, 'https://click.alibaba.com/rd/k?id=62050354078');
    await builder(page).getByRole('radio', { name: 'AliExpress' }).check();
    assert.equal((await readResult(page)).link, ae);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('Copy link puts the link on the clipboard and says so', async () => {
  const { context, page, problems } = await openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const c = DEEPLINKS[1]; // all four tracking strings
    await fillField(page, 'Your aff_short_key', c.affShortKey);
    await fillField(page, 'Product URL', c.productUrl);
    await fillParams(page, AE_PARAMS, c.params);
    assert.equal((await readResult(page)).link, c.expect.link);
    const copy = builder(page).getByRole('button', { name: 'Copy link' });
    assert.equal(await copy.isEnabled(), true);
    await copy.click();
    const status = builder(page).locator('.lb-output .lb-action-status');
    await assert.doesNotReject(status.filter({ hasText: 'Copied' }).waitFor());
    assert.equal(await status.textContent(), 'Copied.');
    assert.equal(await status.getAttribute('role'), 'status');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), c.expect.link);

    // A refusal disables the button and clears the status.
    await fillField(page, 'Product URL', 'https://www.aliexpress.com/wholesale?SearchText=x');
    const shown = await readResult(page);
    assert.equal(shown.code, 'not_a_product_page');
    assert.equal(shown.message, 'No link: See the problem under “Product URL”. not_a_product_page');
    assert.match((await fieldProblem(page, 'Product URL')).text, /^Error: This is a page on the program's site, but not a product page/);
    assert.equal(await copy.isDisabled(), true);
    assert.equal(await status.textContent(), '');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('many links at once: one call, a table, a summary and a CSV with formulas neutralised', async () => {
  const { context, page, problems } = await openPage();
  try {
    // Cases with the shared key and no tracking strings, plus lines a spreadsheet would run.
    const cases = DEEPLINKS.filter((c) => c.affShortKey === '_dTbKz5B' && c.params.length === 0 && !BLANK.test(c.productUrl) && !/[\r\n]/.test(c.productUrl)).slice(0, 30);
    const hostile = ['=HYPERLINK("http://evil")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1)', '\t=1'];
    const lines = [...cases.slice(0, 10).map((c) => c.productUrl), '', '   ', ...hostile, '', ...cases.slice(10).map((c) => c.productUrl)];
    await fillField(page, 'Your aff_short_key', '_dTbKz5B');
    await fillField(page, LABELS.cn, 'bulk');
    await field(page, 'Product URLs, one per line').fill(lines.join('\n'));
    await builder(page).getByRole('button', { name: 'Build links' }).click();

    const inputs = lines.filter((l) => !BLANK.test(l));
    const rows = builder(page).locator('.lb-table tbody tr');
    await rows.nth(inputs.length - 1).waitFor();
    await page.waitForFunction(() => !document.querySelector('afflink-link-builder').shadowRoot.querySelector('.lb-table').hasAttribute('aria-busy'));
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        num: tr.cells[0].textContent,
        input: tr.cells[1].textContent,
        result: tr.dataset.result,
        out: tr.cells[2].querySelector('.lb-built')?.textContent ?? null,
        code: tr.cells[2].querySelector('.lb-code')?.textContent ?? null,
      })),
    );
    assert.equal(shown.length, inputs.length);
    const lineNumbers = lines.map((l, i) => (BLANK.test(l) ? null : String(i + 1))).filter(Boolean);
    assert.deepEqual(
      shown.map((r) => r.num),
      lineNumbers,
      '# is the line number in the box',
    );
    const expectedFor = (input) => {
      const c = cases.find((x) => x.productUrl === input);
      if (!c) return { result: 'error', out: null, code: 'not_a_url' };
      if (c.expect.link) return { result: 'link', out: `${c.expect.link}&cn=bulk`, code: null };
      return { result: 'error', out: null, code: c.expect.error };
    };
    shown.forEach((r, i) => {
      const input = inputs[i];
      assert.deepEqual({ result: r.result, out: r.out, code: r.code }, expectedFor(input), `row ${i + 1}: ${input}`);
    });
    const built = shown.filter((r) => r.result === 'link').length;
    assert.ok(built > 5 && built < inputs.length);
    assert.equal(
      await builder(page).locator('.lb-summary').textContent(),
      `${inputs.length} product URLs: ${built} links built, ${inputs.length - built} refused.`,
    );

    const [download] = await Promise.all([page.waitForEvent('download'), builder(page).getByRole('button', { name: 'Download CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'afflink-links.csv');
    const text = readFileSync(await download.path(), 'utf8');
    assert.ok(text.startsWith('\uFEFF'), 'starts with a byte order mark');
    const table = parseCsv(text.slice(1));
    assert.deepEqual(table[0], ['input', 'link', 'error_code', 'error_message']);
    const body = table.slice(1);
    assert.equal(body.length, inputs.length);
    const neutral = (s) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
    body.forEach((row, i) => {
      const e = expectedFor(inputs[i]);
      assert.equal(row[0], neutral(inputs[i]), `CSV row ${i + 1}: input`);
      assert.equal(row[1], e.out ?? '', `CSV row ${i + 1}: link`);
      assert.equal(row[2], e.code ?? '', `CSV row ${i + 1}: error_code`);
      if (e.code) assert.ok(row[3].length > 10, `CSV row ${i + 1}: error_message`);
    });
    const hostileRows = body.filter((row) => hostile.some((h) => row[0] === `'${h}`));
    assert.equal(hostileRows.length, hostile.length, 'every formula-looking input is prefixed with a quote');
    for (const row of table) {
      for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `cell ${JSON.stringify(cell)} could run as a formula`);
    }
    assert.equal(await builder(page).locator('.lb-bulk .lb-action-status').textContent(), `Downloaded afflink-links.csv (${inputs.length} rows).`);

    // After a first build the table follows the options: a shared refusal is shown once.
    await fillField(page, 'Your aff_short_key', 'bad key');
    const alert = builder(page).locator('.lb-bulk .lb-error');
    await assert.doesNotReject(alert.filter({ hasText: 'invalid_key' }).waitFor());
    assert.equal(await rows.count(), 0);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('many Alibaba.com links at once use the template and pid/tp1', async () => {
  const { context, page, problems } = await openPage();
  try {
    await builder(page).getByRole('radio', { name: 'Alibaba.com' }).check();
    await fillField(page, 'Link template', 'https://click.alibaba.com/rd/wapKey?url={product_url}&from=pub');
    await fillField(page, LABELS.pid, 'p');
    await fillField(page, LABELS.tp1, 'a b');
    await field(page, 'Product URLs, one per line').fill(
      [
        'https://www.alibaba.com/product-detail/Wireless-Earbuds-Bluetooth_1600123456789.html?spm=a2700.x',
        'https://www.aliexpress.com/item/1005006123456789.html',
        '',
        'https://m.alibaba.com/product/1600123456789.html?tp3=',
      ].join('\n'),
    );
    await field(page, 'Product URLs, one per line').press('Control+Enter');
    const rows = builder(page).locator('.lb-table tbody tr');
    await rows.nth(2).waitFor();
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[2].textContent]));
    assert.deepEqual(cells[0], ['1', 'https://click.alibaba.com/rd/wapKey?url=https%3A%2F%2Fwww.alibaba.com%2Fproduct-detail%2FWireless-Earbuds-Bluetooth_1600123456789.html&from=pub&pid=p&tp1=a%20b']);
    // The sentence first, the code after it.
    assert.match(cells[1][1], /^[A-Z].* wrong_program$/);
    assert.equal(cells[2][0], '4');
    assert.match(cells[2][1], /^[A-Z].* already_tracked$/);
    assert.equal(await builder(page).locator('.lb-summary').textContent(), '3 product URLs: 1 link built, 2 refused.');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the template helper makes a template from a link the program gave, for every alibabaTemplate case', async () => {
  const { context, page, problems } = await openPage();
  try {
    await builder(page).getByRole('radio', { name: 'Alibaba.com' }).check();
    await builder(page).getByText('Make a template from a link the program gave you').click();
    const status = builder(page).locator('.lb-helper-status');
    const ID = 'Product id of that link (optional)';
    const LINK = 'Link the program gave you';
    // An empty id field means "read the product from the link" (a call without the id): that
    // path is tested in link-tools-sizes.test.mjs.
    for (const [i, c] of TEMPLATES.entries()) {
      const where = `case ${i} (${c.note})`;
      await fillField(page, 'Link template', 'unchanged');
      await fillField(page, LINK, c.link);
      await fillField(page, ID, c.productId);
      await status.evaluate((s) => s.replaceChildren());
      await builder(page).getByRole('button', { name: 'Make template' }).click();
      await page.waitForFunction(() => document.querySelector('afflink-link-builder').shadowRoot.querySelector('.lb-helper-status').textContent !== '');
      if (c.expect.template !== undefined) {
        assert.equal(await field(page, 'Link template').inputValue(), c.expect.template, where);
        assert.equal(await status.textContent(), `Template filled in: ${c.expect.template}`, where);
        for (const label of [LINK, ID]) assert.equal((await fieldProblem(page, label)).invalid, null, `${where}: ${label} not marked`);
        continue;
      }
      assert.equal(await field(page, 'Link template').inputValue(), 'unchanged', where);
      if (c.link === '') {
        assert.deepEqual(await fieldProblem(page, LINK), { invalid: 'true', described: true, text: 'Error: Paste the link the program gave you first.', code: null }, where);
        assert.equal(await status.textContent(), `No template: See the problem under “${LINK}”.`, where);
        continue;
      }
      // The problem is at the field at fault: the id for an implausible or a missing id, else the link.
      const at = (c.expect.error === 'invalid_product_id' && c.productId) || c.expect.error === 'missing_product_id' ? ID : LINK;
      const shown = await fieldProblem(page, at);
      assert.equal(shown.invalid, 'true', where);
      assert.ok(shown.described, where);
      assert.equal(shown.code, c.expect.error, where);
      assert.equal(await status.locator('.lb-code').textContent(), c.expect.error, where);
      assert.equal((await fieldProblem(page, at === ID ? LINK : ID)).invalid, null, `${where}: only one field marked`);
    }
    // Typing in the field clears its mark.
    await fillField(page, LINK, 'https://click.alibaba.com/rd/k');
    assert.equal((await fieldProblem(page, LINK)).invalid, null);

    // Enter in the helper makes the template too, and the product link follows live.
    await fillField(page, 'Link the program gave you', 'https://click.alibaba.com/rd/wapKey?url=https%3A%2F%2Fm.alibaba.com%2Fproduct%2F62050354078.html&from=pub');
    await fillField(page, ID, '62050354078');
    await field(page, ID).press('Enter');
    await assert.doesNotReject(status.filter({ hasText: 'url={product_url}&from=pub' }).waitFor());
    await fillField(page, 'Product URL or id', '1600123456789');
    assert.equal((await readResult(page)).link, 'https://click.alibaba.com/rd/wapKey?url=https%3A%2F%2Fm.alibaba.com%2Fproduct%2F1600123456789.html&from=pub');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('keyboard only: Tab through the fields, type, switch programs with the arrows, copy with Enter', async () => {
  const { context, page, problems } = await openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const active = () =>
      page.evaluate(() => {
        // Inside the element's shadow root: document.activeElement is only the host.
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.labels?.[0]?.textContent ?? a?.textContent ?? null;
      });
    await builder(page).getByRole('radio', { name: 'AliExpress' }).focus();
    assert.equal(await active(), 'AliExpress');
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Your aff_short_key');
    await page.keyboard.type('_dTbKz5B');
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Product URL');
    await page.keyboard.type('https://m.aliexpress.com/item/1005006123456789.html?spm=x');
    for (const name of AE_PARAMS) {
      await page.keyboard.press('Tab');
      assert.equal(await active(), LABELS[name]);
    }
    await page.keyboard.type('spring sale');
    const link =
      'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dTbKz5B&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html&dp=spring%20sale';
    assert.equal((await readResult(page)).link, link);
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Your link');
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Copy link');
    await page.keyboard.press('Enter');
    await assert.doesNotReject(builder(page).locator('.lb-output .lb-action-status').filter({ hasText: 'Copied.' }).waitFor());
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

    // Back to the radios: the arrow key chooses Alibaba.com and its fields follow in order.
    await builder(page).getByRole('radio', { name: 'AliExpress' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await builder(page).getByRole('radio', { name: 'Alibaba.com' }).isChecked(), true);
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Link template');
    await page.keyboard.type('https://click.alibaba.com/rd/k?id={product_id}');
    for (const name of ['Mobile web link template (optional)', 'App link template (optional)', 'Make a template from a link the program gave you', 'Build the link for', 'Product URL or id']) {
      await page.keyboard.press('Tab');
      assert.equal(await active(), name);
    }
    await page.keyboard.type('62050354078');
    assert.equal((await readResult(page)).link, 'https://click.alibaba.com/rd/k?id=62050354078');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('markup-looking values are shown as text and run nothing', async () => {
  const { context, page, problems } = await openPage();
  try {
    await fillField(page, 'Your aff_short_key', 'k');
    await fillField(page, 'Product URL', 'https://www.aliexpress.com/item/1005006123456789.html');
    await fillField(page, LABELS.af, '<img src=x onerror=alert(1)>');
    await fillField(page, LABELS.dp, '"><svg/onload=alert(2)>');
    assert.equal(
      (await readResult(page)).link,
      'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=k&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html&af=%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E&dp=%22%3E%3Csvg%2Fonload%3Dalert%282%29%3E',
    );
    await fillField(page, 'Product URL', 'javascript:alert(3)');
    assert.equal((await readResult(page)).code, 'unsupported_scheme');

    // The core quotes the value in its message: it must stay text.
    await builder(page).getByRole('radio', { name: 'Alibaba.com' }).check();
    await fillField(page, 'Link template', 'https://click.alibaba.com/rd/k?id={<b>x</b>}');
    await fillField(page, 'Product URL or id', '<i>1</i>');
    let shown = await readResult(page);
    assert.equal(shown.code, 'invalid_template');
    assert.match((await fieldProblem(page, 'Link template')).text, /\{<b>x<\/b>\}/);
    await fillField(page, 'Link template', 'https://click.alibaba.com/rd/k?id={product_id}');
    await fillField(page, 'Product URL or id', '<b>1<b>');
    shown = await readResult(page);
    assert.equal(shown.code, 'invalid_product_id');
    assert.equal((await fieldProblem(page, 'Product URL or id')).text, 'Error: "<b>1<b>" is not a valid product id. invalid_product_id');

    await field(page, 'Product URLs, one per line').fill('<script>alert(4)</script>\n<img src=x onerror=alert(5)>');
    await builder(page).getByRole('button', { name: 'Build links' }).click();
    await builder(page).locator('.lb-table tbody tr').nth(1).waitFor();
    assert.deepEqual(
      await builder(page).locator('.lb-table tbody tr td.lb-input-cell').allTextContents(),
      ['<script>alert(4)</script>', '<img src=x onerror=alert(5)>'],
    );
    assert.equal(await builder(page).locator('img, script, svg, b, i').count(), 0);
    await page.waitForTimeout(200); // give a stray handler time to fire
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a wasm file that fails to load gives a clear message in the builder', async () => {
  const { context, page } = await openPage({
    route: { url: '**/afflink_wasm_bg.wasm', handler: (r) => r.fulfill({ status: 404, body: 'Not found' }) },
  });
  try {
    const alert = builder(page).getByRole('alert').filter({ hasText: 'could not start' });
    await assert.doesNotReject(alert.waitFor());
    assert.match(await alert.textContent(), /^The link builder could not start/);
    await fillField(page, 'Your aff_short_key', 'k');
    await fillField(page, 'Product URL', 'https://www.aliexpress.com/item/1005006123456789.html');
    assert.equal((await readResult(page)).state, 'unavailable');
    assert.equal(await builder(page).getByRole('button', { name: 'Copy link' }).isDisabled(), true);
  } finally {
    await context.close();
  }
});
