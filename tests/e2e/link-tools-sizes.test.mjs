// Issue 17 for the link checker and the link builder, at a desktop's and a phone's size
// (tests/e2e/harness.mjs SIZES): problems at the field, stacked results on a phone with
// nothing scrolling sideways, no shortcut hints on touch, plain words, and the hand-offs
// ("Build links for these", "Copy all links", the template helper reading the product).
// Run after `bash scripts/build.sh`:  node --test tests/e2e/link-tools-sizes.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SIZES, focused, sidewaysScrollers, useBrowser } from './harness.mjs';
import { ALIBABA_TRACKING_LABELS, KEY_ORIGIN, TRACKING_LABELS } from '../../www/elements/shared/afflink-ui.js';

const { openPage } = useBrowser();
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const checker = (page) => page.locator('afflink-link-checker');
const builder = (page) => page.locator('afflink-link-builder');
const builderField = (page, label) => builder(page).getByLabel(label, { exact: true });

/** Fills the checker with its examples and checks them (8 rows). */
async function checkExamples(page) {
  await checker(page).getByRole('button', { name: 'Fill in examples' }).click();
  await checker(page).getByRole('button', { name: 'Check links' }).click();
  await checker(page).locator('tbody tr').nth(7).waitFor();
}

/** Waits until the builder's live result has caught up with its fields. */
function settled(page) {
  return page.waitForFunction(() => {
    const r = document.querySelector('afflink-link-builder')?.shadowRoot?.querySelector('.lb-result');
    return r && !r.hasAttribute('aria-busy');
  });
}

/**
 * The problem shown at a field: aria-invalid, the message slot (visible, tied with
 * aria-describedby, right under the field) and its code; the field's other descriptions.
 */
function problemAt(locator) {
  return locator.evaluate((input) => {
    const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const root = input.getRootNode();
    const slot = ids.map((id) => root.getElementById(id)).find((n) => n?.classList.contains('afflink-field-problem')) ?? null;
    const f = input.getBoundingClientRect();
    const s = slot?.getBoundingClientRect();
    return {
      invalid: input.getAttribute('aria-invalid'),
      text: slot && !slot.hidden ? slot.textContent : null,
      code: slot && !slot.hidden ? (slot.querySelector('code')?.textContent ?? null) : null,
      // Right under the field, in the same column, on screen width.
      underField: Boolean(s && !slot.hidden && s.top >= f.bottom - 1 && s.top - f.bottom < 24 && s.left < f.right && s.right > f.left && s.right <= document.documentElement.clientWidth + 1),
      otherDescriptions: ids.filter((id) => id !== slot?.id).length,
    };
  });
}

/** Every element marked aria-invalid inside the two link tools (their shadow roots). */
function invalidInLinkTools(page) {
  return page.evaluate(() =>
    ['afflink-link-checker', 'afflink-link-builder'].flatMap((tag) =>
      [...document.querySelector(tag).shadowRoot.querySelectorAll('[aria-invalid]')].map((n) => `${tag} ${n.id}`),
    ),
  );
}

for (const [size, device] of Object.entries(SIZES)) {
  test(`${size}: axe finds no serious or critical problem in the link tools, with stacked results and problems at the fields`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await checkExamples(page);
      await builderField(page, 'Your aff_short_key').fill('_dTbKz5B');
      await builderField(page, 'Product URL').fill('https://www.aliexpress.com/wholesale?SearchText=x');
      await builderField(page, TRACKING_LABELS.cv).fill('x'.repeat(300));
      await builderField(page, 'Product URLs, one per line').fill('https://www.aliexpress.com/item/1005006123456789.html\njavascript:alert(1)');
      await builder(page).getByRole('button', { name: 'Build links' }).click();
      await settled(page);
      // The tracking string too long is every link's problem: the bulk table waits for it.
      await builderField(page, TRACKING_LABELS.cv).fill('');
      await builder(page).locator('.lb-table tbody tr').nth(1).waitFor();
      await settled(page);
      assert.equal(await builderField(page, 'Product URL').getAttribute('aria-invalid'), 'true');
      await checker(page).getByLabel('Links to check').fill('');
      await checker(page).getByRole('button', { name: 'Check links' }).click();
      assert.equal(await checker(page).getByLabel('Links to check').getAttribute('aria-invalid'), 'true');
      await checker(page).getByLabel('Links to check').fill('https://www.aliexpress.com/item/1005006123456789.html\nnot a url');
      await checker(page).getByRole('button', { name: 'Check links' }).click();
      await checker(page).locator('tbody tr').nth(1).waitFor();
      await page.evaluate(AXE_SOURCE);
      const serious = await page.evaluate(async () => {
        const results = await window.axe.run(document);
        return results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .flatMap((v) => v.nodes.map((n) => ({ id: v.id, target: JSON.stringify(n.target) })))
          .filter((n) => /afflink-link-(checker|builder)/.test(n.target));
      });
      assert.deepEqual(serious, []);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: the builder shows each problem at its field, and nothing before the user typed`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await builder(page).locator('.lb-result').waitFor();
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await invalidInLinkTools(page), [], 'nothing marked on first load');
      assert.equal(await page.locator('afflink-link-checker, afflink-link-builder').locator('.afflink-field-problem:visible').count(), 0);

      // A key with a space, before any product URL: at "Your aff_short_key".
      const key = builderField(page, 'Your aff_short_key');
      await key.fill('my key');
      await settled(page);
      let at = await problemAt(key);
      assert.equal(at.invalid, 'true');
      assert.equal(at.code, 'invalid_key');
      assert.match(at.text, /^Error: The aff_short_key is not a valid key.* invalid_key$/);
      assert.ok(at.underField, 'the message sits right under the key field');
      assert.equal(at.otherDescriptions, 1, 'the hint stays tied to the field');
      assert.equal(await builder(page).locator('.lb-message').textContent(), 'No link: See the problem under “Your aff_short_key”. invalid_key');
      // The field being typed in keeps a focus ring that is not the error colour of its border.
      const ring = await key.evaluate((input) => {
        input.focus();
        const style = getComputedStyle(input);
        return { outline: style.outlineStyle, outlineColor: style.outlineColor, borderColor: style.borderTopColor };
      });
      assert.notEqual(ring.outline, 'none');
      assert.notEqual(ring.outlineColor, ring.borderColor, JSON.stringify(ring));
      // Fixed: the mark and the message go.
      await key.fill('_dTbKz5B');
      await settled(page);
      at = await problemAt(key);
      assert.deepEqual([at.invalid, at.text, at.otherDescriptions], [null, null, 1]);

      // A search page at "Product URL".
      const url = builderField(page, 'Product URL');
      await url.fill('https://www.aliexpress.com/wholesale?SearchText=earbuds');
      await settled(page);
      at = await problemAt(url);
      assert.equal(at.invalid, 'true');
      assert.equal(at.code, 'not_a_product_page');
      assert.match(at.text, /^Error: This is a page on the program's site, but not a product page/);
      assert.ok(at.underField);
      assert.equal((await problemAt(key)).invalid, null, 'the key is fine');
      await url.fill('https://www.aliexpress.com/item/1005006123456789.html');
      await settled(page);
      assert.equal((await problemAt(url)).invalid, null);
      assert.equal(await builder(page).locator('.lb-result').getAttribute('data-state'), 'ok');

      // A tracking string that is too long, at its own field.
      const cv = builderField(page, TRACKING_LABELS.cv);
      await cv.fill('x'.repeat(300));
      await settled(page);
      at = await problemAt(cv);
      assert.deepEqual([at.invalid, at.code, at.underField], ['true', 'value_too_long', true]);
      await cv.fill('');
      await settled(page);

      // An Alibaba.com template without a placeholder, at "Link template".
      await builder(page).getByRole('radio', { name: 'Alibaba.com' }).check();
      const template = builderField(page, 'Link template');
      await template.fill('https://click.alibaba.com/rd/pcKey123');
      await settled(page);
      at = await problemAt(template);
      assert.equal(at.invalid, 'true');
      assert.equal(at.code, 'invalid_template');
      assert.match(at.text, /^Error: The template contains neither \{product_id\} nor \{product_url\}\. invalid_template$/);
      assert.ok(at.underField);
      assert.equal(at.otherDescriptions, 1);
      await template.fill('https://click.alibaba.com/rd/pcKey123?id={product_id}');
      await settled(page);
      assert.equal((await problemAt(template)).invalid, null);
      if (size === 'phone') assert.deepEqual(await sidewaysScrollers(page, 'afflink-link-builder'), []);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: the checker says "nothing to check" at the box, and only once asked`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      const box = checker(page).getByLabel('Links to check');
      await box.waitFor();
      assert.equal((await problemAt(box)).invalid, null);
      await checker(page).getByRole('button', { name: 'Check links' }).click();
      await checker(page).locator('.afflink-field-problem:visible').waitFor();
      const at = await problemAt(box);
      assert.deepEqual(
        { invalid: at.invalid, text: at.text, underField: at.underField, hint: at.otherDescriptions },
        { invalid: 'true', text: 'Error: Nothing to check: paste one or more addresses, one per line.', underField: true, hint: 1 },
      );
      // Typing clears it; a check with links keeps it clear, and per-link reasons stay in the results.
      await box.fill('javascript:alert(1)');
      assert.equal((await problemAt(box)).invalid, null);
      await checker(page).getByRole('button', { name: 'Check links' }).click();
      await checker(page).locator('tbody tr').first().waitFor();
      assert.equal((await problemAt(box)).text, null);
      assert.match(await checker(page).locator('tbody tr td.lc-reason').textContent(), / unsupported_scheme$/);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: results are ${size === 'phone' ? 'stacked rows, with nothing scrolling sideways' : 'table rows'}`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await checkExamples(page);
      await builderField(page, 'Your aff_short_key').fill('_dTbKz5B');
      await builder(page).getByRole('button', { name: 'Fill in examples' }).click();
      await builder(page).getByRole('button', { name: 'Build links' }).click();
      await builder(page).locator('.lb-table tbody tr').nth(4).waitFor();

      // Each cell that matters: on screen width, not clipped, led by its column's name on a phone.
      const layout = (tag, table) =>
        page.evaluate(
          ({ tag, table }) => {
            const root = document.querySelector(tag).shadowRoot;
            const width = document.documentElement.clientWidth;
            return [...root.querySelectorAll(`${table} tbody tr`)].map((tr) =>
              [...tr.children].map((cell) => {
                const r = cell.getBoundingClientRect();
                return {
                  top: Math.round(r.top),
                  onScreen: r.left >= -1 && r.right <= width + 1 && r.width > 0,
                  clipped: cell.scrollWidth > cell.clientWidth + 1,
                  label: getComputedStyle(cell, '::before').content,
                };
              }),
            );
          },
          { tag, table },
        );
      const checked = await layout('afflink-link-checker', '.lc-table');
      const built = await layout('afflink-link-builder', '.lb-table');
      assert.equal(checked.length, 8);
      assert.equal(built.length, 5);
      const LC = ['"Line"', '"Input"', '"Kind"', '"Program"', '"Product id"', '"Canonical URL"', '"Reason"'];
      if (size === 'phone') {
        for (const [i, row] of checked.entries()) {
          // kind (3), canonical URL (6) and reason (7) are all visible, one under the other.
          for (const c of [2, 5, 6]) assert.ok(row[c].onScreen && !row[c].clipped, `checker row ${i + 1}, cell ${c + 1}: ${JSON.stringify(row[c])}`);
          assert.deepEqual(
            row.map((c) => c.label),
            LC,
          );
          assert.ok(row[2].top < row[5].top && row[5].top < row[6].top, 'stacked');
        }
        for (const [i, row] of built.entries()) {
          for (const c of [1, 2]) assert.ok(row[c].onScreen && !row[c].clipped, `builder row ${i + 1}, cell ${c + 1}: ${JSON.stringify(row[c])}`);
          assert.ok(row[1].top < row[2].top, 'stacked');
        }
        assert.deepEqual(
          built.map((row) => row[2].label),
          ['"Link"', '"Link"', '"Refused"', '"Refused"', '"Refused"'],
        );
        assert.deepEqual(await sidewaysScrollers(page, 'afflink-link-checker'), []);
        assert.deepEqual(await sidewaysScrollers(page, 'afflink-link-builder'), []);
      } else {
        // A desktop keeps table rows: the cells of a row side by side, without labels.
        for (const row of [...checked, ...built]) {
          assert.ok(row.every((c) => c.top === row[0].top), 'cells side by side');
          assert.ok(row.every((c) => c.label === 'none' || c.label === 'normal'), 'no stacked labels');
        }
      }
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: keyboard-shortcut hints ${size === 'phone' ? 'are not shown on touch' : 'are shown'}, and the copy fallbacks say how to copy here`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await checker(page).locator('.lc-hint').waitFor();
      const hints = [checker(page).locator('.lc-hint .afflink-shortcut'), builder(page).locator('.lb-bulk .lb-hint .afflink-shortcut')];
      for (const hint of hints) {
        assert.match(await hint.textContent(), /Ctrl\+Enter/);
        assert.equal(await hint.isVisible(), size === 'desktop');
      }
      assert.equal(await checker(page).locator('.lc-hint').isVisible(), true, 'the rest of the hint stays');
      assert.equal(await checker(page).locator('.lc-hint').evaluate((h) => h.innerText.trim()), size === 'desktop' ? 'One address per line; blank lines are ignored. Press Ctrl+Enter (⌘+Enter on a Mac) to check.' : 'One address per line; blank lines are ignored.');

      // Copying refused by the browser: the fallbacks say how to copy on this device.
      await page.evaluate(() => {
        navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));
        document.execCommand = () => false;
      });
      const how = size === 'desktop' ? /press Ctrl\+C \(⌘\+C on a Mac\)/ : /touch and hold/;
      const notHow = size === 'desktop' ? /touch and hold/ : /Ctrl\+C/;
      await checker(page).getByLabel('Links to check').fill('https://www.aliexpress.com/item/1005006123456789.html');
      await checker(page).getByRole('button', { name: 'Check links' }).click();
      await checker(page).getByRole('button', { name: 'Copy canonical URLs' }).click();
      const lcLabel = checker(page).locator('.lc-copy-fallback label');
      await lcLabel.waitFor();
      assert.match(await lcLabel.textContent(), how);
      assert.doesNotMatch(await lcLabel.textContent(), notHow);

      await builderField(page, 'Your aff_short_key').fill('_dTbKz5B');
      await builderField(page, 'Product URL').fill('https://www.aliexpress.com/item/1005006123456789.html');
      await settled(page);
      await builder(page).getByRole('button', { name: 'Copy link' }).click();
      const lbStatus = builder(page).locator('.lb-output .lb-action-status');
      await lbStatus.filter({ hasText: 'did not allow' }).waitFor();
      assert.match(await lbStatus.textContent(), how);
      assert.doesNotMatch(await lbStatus.textContent(), notHow);

      await builderField(page, 'Product URLs, one per line').fill('https://www.aliexpress.com/item/1005006123456789.html');
      await builder(page).getByRole('button', { name: 'Build links' }).click();
      await builder(page).getByRole('button', { name: 'Copy all links' }).click();
      const bulkLabel = builder(page).locator('.lb-bulk .lb-copy-fallback label');
      await bulkLabel.waitFor();
      assert.match(await bulkLabel.textContent(), how);
      assert.doesNotMatch(await bulkLabel.textContent(), notHow);
      assert.equal(await builder(page).getByLabel(/^The links:/).inputValue(), 'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dTbKz5B&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html');
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: plain words: reasons lead with a sentence, tracking fields and the key are labelled as in every tool`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await checker(page)
        .getByLabel('Links to check')
        .fill('javascript:alert(1)\nhttps://www.aliexpress.com/wholesale?SearchText=x\nhttps://s-aliexpres.com/item/1005006123456789.html\nhttps://alibabba.com/x\nhttps://example.com/');
      await checker(page).getByRole('button', { name: 'Check links' }).click();
      await checker(page).locator('tbody tr').nth(4).waitFor();
      const reasons = await checker(page)
        .locator('tbody td.lc-reason')
        .evaluateAll((cells) => cells.map((c) => ({ first: c.firstElementChild.localName, last: c.lastElementChild.localName, text: c.textContent })));
      for (const r of reasons) {
        assert.equal(r.first, 'span', r.text);
        assert.equal(r.last, 'code', r.text);
        assert.match(r.text, /^[A-Z][^\n]*\. [a-z_]+$/, r.text);
      }
      // Lookalikes are named, with the program they imitate; other foreign sites are not.
      assert.match(reasons[2].text, /^This site looks like AliExpress but is not\b.* lookalike_host$/);
      assert.match(reasons[3].text, /^This site looks like Alibaba\.com but is not\b.* lookalike_host$/);
      assert.match(reasons[4].text, / unknown_host$/);

      for (const label of Object.values(TRACKING_LABELS)) assert.equal(await builderField(page, label).count(), 1, label);
      assert.equal(TRACKING_LABELS.cn, 'cn (campaign id)', 'the label the issue names');
      // Every tracking field has the same label in the builder and in the snippet generator
      // ("Add to your blog"), for both programs.
      const generator = page.locator('afflink-snippet-generator');
      const labelOf = (input) => input.evaluate((node) => [...node.labels].map((l) => l.textContent.trim()).join(' '));
      for (const [name, label] of Object.entries({ ...TRACKING_LABELS, ...ALIBABA_TRACKING_LABELS })) {
        assert.equal(await labelOf(generator.locator(`input[data-setting="${name}"]`)), label, `snippet generator: ${name}`);
      }
      await builder(page).getByRole('radio', { name: 'Alibaba.com' }).check();
      for (const label of Object.values(ALIBABA_TRACKING_LABELS)) assert.equal(await builderField(page, label).count(), 1, `builder: ${label}`);
      await builder(page).getByRole('radio', { name: 'AliExpress' }).check();
      const keyHint = await builderField(page, 'Your aff_short_key').evaluate((input) =>
        input.getAttribute('aria-describedby').split(/\s+/).map((id) => input.getRootNode().getElementById(id).textContent),
      );
      assert.deepEqual(keyHint, [KEY_ORIGIN]);
      assert.equal(await builder(page).getByText(KEY_ORIGIN).isVisible(), true);

      // The bulk refusals: the sentence first, the code after.
      await builderField(page, 'Your aff_short_key').fill('_dTbKz5B');
      await builderField(page, 'Product URLs, one per line').fill('https://www.aliexpress.com/wholesale?SearchText=x');
      await builder(page).getByRole('button', { name: 'Build links' }).click();
      const out = builder(page).locator('.lb-table tbody td.lb-out');
      await out.waitFor();
      assert.match(await out.textContent(), /^This is a page on the program's site.* not_a_product_page$/);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: "Build links for these" sends the checked products to the builder's bulk box`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await builderField(page, 'Your aff_short_key').fill('_dTbKz5B');
      await builderField(page, TRACKING_LABELS.cn).fill('handoff');
      const box = checker(page).getByLabel('Links to check');
      const handOff = checker(page).getByRole('button', { name: 'Build links for these' });

      // No product: no button.
      await box.fill('https://www.aliexpress.com/wholesale?SearchText=x');
      await checker(page).getByRole('button', { name: 'Check links' }).click();
      await checker(page).locator('.lc-summary').filter({ hasText: '1 link' }).waitFor();
      assert.equal(await handOff.isVisible(), false);

      await box.fill(
        [
          'https://m.aliexpress.com/item/1005006123456789.html?spm=x&aff_fcid=someone',
          'https://www.aliexpress.com/wholesale?SearchText=x',
          'https://www.aliexpress.com/item/1005006123456789.html', // the same product
          'https://aliexpress.ru/item/1005006999999999.html',
        ].join('\n'),
      );
      await checker(page).getByRole('button', { name: 'Check links' }).click();
      await handOff.waitFor();
      await handOff.click();
      const bulk = builderField(page, 'Product URLs, one per line');
      assert.equal(await bulk.inputValue(), 'https://www.aliexpress.com/item/1005006123456789.html\nhttps://aliexpress.ru/item/1005006999999999.html');
      assert.equal(await checker(page).locator('.lc-action-status').textContent(), 'Sent 2 product URLs to the link builder.');
      // The focus is in the builder's bulk box, which is on screen.
      const f = await focused(page);
      assert.deepEqual([f.host, f.label], ['afflink-link-builder', 'Product URLs, one per line']);
      const box2 = await bulk.boundingBox();
      const view = page.viewportSize();
      assert.ok(box2.y >= 0 && box2.y + box2.height <= view.height, `the bulk box is on screen: ${JSON.stringify(box2)}`);
      // The links are built with the form's key and tracking strings.
      const links = builder(page).locator('.lb-table tbody tr .lb-built');
      await links.nth(1).waitFor();
      assert.deepEqual(await links.allTextContents(), [
        'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dTbKz5B&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html&cn=handoff',
        'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dTbKz5B&dl_target_url=https%3A%2F%2Faliexpress.ru%2Fitem%2F1005006999999999.html&cn=handoff',
      ]);

      // Alibaba.com products only: the builder switches to Alibaba.com, and asks for the template.
      await page.evaluate(() => window.scrollTo(0, 0));
      await box.fill('https://www.alibaba.com/product-detail/Wireless-Earbuds_1600123456789.html?spm=a2700.x');
      await checker(page).getByRole('button', { name: 'Check links' }).click();
      await checker(page).locator('.lc-summary').filter({ hasText: '1 link: 1 product' }).waitFor();
      // This time from the keyboard: Enter on the button.
      await handOff.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('afflink-link-builder').shadowRoot.activeElement?.localName === 'textarea');
      assert.equal((await focused(page)).label, 'Product URLs, one per line');
      assert.equal(await builder(page).getByRole('radio', { name: 'Alibaba.com' }).isChecked(), true);
      assert.equal(await bulk.inputValue(), 'https://www.alibaba.com/product-detail/Wireless-Earbuds_1600123456789.html');
      await builder(page).locator('.lb-summary').filter({ hasText: 'Fill in the link template above first.' }).waitFor();
      // The table follows once the template is filled in.
      await builderField(page, 'Link template').fill('https://click.alibaba.com/rd/k?id={product_id}');
      await builder(page).locator('.lb-table tbody tr .lb-built').filter({ hasText: 'https://click.alibaba.com/rd/k?id=1600123456789' }).waitFor();

      // The method itself refuses what is not a list of URLs.
      const refused = await page.evaluate(() => {
        const b = document.querySelector('afflink-link-builder');
        const out = [];
        for (const args of [['x'], [[1]], [[], { program: 'amazon' }]]) {
          try {
            b.buildLinksFor(...args);
            out.push('accepted');
          } catch (e) {
            out.push(e.name);
          }
        }
        return out;
      });
      assert.deepEqual(refused, ['TypeError', 'TypeError', 'TypeError']);

      // Products of both programs: all go, and the status says the builder builds for one.
      await checker(page).getByRole('button', { name: 'Fill in examples' }).click();
      await checker(page).getByRole('button', { name: 'Check links' }).click();
      await checker(page).locator('.lc-summary').filter({ hasText: '8 links' }).waitFor();
      await handOff.click();
      assert.equal(
        await checker(page).locator('.lc-action-status').textContent(),
        'Sent 2 product URLs to the link builder: they are of both programs, and it builds links for the program chosen there.',
      );
      assert.equal(await bulk.inputValue(), 'https://www.aliexpress.com/item/1005006123456789.html\nhttps://www.alibaba.com/product-detail/Wireless-Earbuds_1600123456789.html');
      assert.equal(await builder(page).getByRole('radio', { name: 'Alibaba.com' }).isChecked(), true, 'the program chosen stays');

      // No builder on the page: no button.
      await page.evaluate(() => document.querySelector('afflink-link-builder').remove());
      await box.fill('https://www.aliexpress.com/item/1005006123456789.html');
      await checker(page).getByRole('button', { name: 'Check links' }).click();
      await checker(page).locator('.lc-summary').filter({ hasText: '1 link: 1 product' }).waitFor();
      assert.equal(await handOff.isVisible(), false);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: "Copy all links" copies the built links in order, leaving out the refused rows`, async () => {
    const { context, page, problems } = await openPage({ device, permissions: ['clipboard-read', 'clipboard-write'] });
    try {
      await builderField(page, 'Your aff_short_key').fill('_dTbKz5B');
      const copyAll = builder(page).getByRole('button', { name: 'Copy all links' });
      await builderField(page, 'Product URLs, one per line').fill(
        [
          'https://www.aliexpress.com/item/1005006999999999.html',
          'https://www.aliexpress.com/wholesale?SearchText=x',
          '',
          'https://www.aliexpress.com/item/1005006123456789.html?spm=a',
          'javascript:alert(1)',
          'https://www.aliexpress.com/item/1005006111111111.html',
        ].join('\n'),
      );
      await builder(page).getByRole('button', { name: 'Build links' }).click();
      await builder(page).locator('.lb-summary').filter({ hasText: '5 product URLs: 3 links built, 2 refused.' }).waitFor();
      await copyAll.click();
      const status = builder(page).locator('.lb-bulk .lb-action-status');
      await status.filter({ hasText: 'Copied' }).waitFor();
      assert.equal(await status.textContent(), 'Copied 3 links (2 refused rows left out).');
      const link = (id) => `https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dTbKz5B&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F${id}.html`;
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), [link('1005006999999999'), link('1005006123456789'), link('1005006111111111')].join('\n'));

      // Every row refused: nothing to copy, the button is off.
      await builderField(page, 'Product URLs, one per line').fill('javascript:alert(1)');
      await builder(page).getByRole('button', { name: 'Build links' }).click();
      await builder(page).locator('.lb-summary').filter({ hasText: '1 product URL: 0 links built, 1 refused.' }).waitFor();
      assert.equal(await copyAll.isDisabled(), true);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: the template helper says where the sample link is found, with the product id optional`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await builder(page).getByRole('radio', { name: 'Alibaba.com' }).check();
      await builder(page).getByText('Make a template from a link the program gave you').click();
      const link = builderField(page, 'Link the program gave you');
      const hint = await link.evaluate((input) => input.getRootNode().getElementById(input.getAttribute('aria-describedby')).textContent);
      // Where, in the program's own words (its help names these two places).
      assert.match(hint, /Alibaba\.com affiliate portal/);
      assert.match(hint, /Tools > Deep Link Generator/);
      assert.match(hint, /Program > Hot products/);
      const id = builderField(page, 'Product id of that link (optional)');
      assert.equal(await id.inputValue(), '');
      // The id as an override: a link that carries only the id.
      await link.fill('https://click.alibaba.com/rd/pcKey123?id=62050354078');
      await id.fill('62050354078');
      await builder(page).getByRole('button', { name: 'Make template' }).click();
      await builder(page).locator('.lb-helper-status').filter({ hasText: 'Template filled in' }).waitFor();
      assert.equal(await builderField(page, 'Link template').inputValue(), 'https://click.alibaba.com/rd/pcKey123?id={product_id}');
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  // Needs the `core` branch (alibabaTemplateFromSample(link) with the product id optional):
  // with an older package the id field is marked instead, asking for the id.
  test(`${size}: the template helper reads the product from the sample link when the id is empty (needs the core branch)`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await builder(page).getByRole('radio', { name: 'Alibaba.com' }).check();
      await builder(page).getByText('Make a template from a link the program gave you').click();
      const link = builderField(page, 'Link the program gave you');
      const id = builderField(page, 'Product id of that link (optional)');
      await link.fill('https://click.alibaba.com/rd/wapKey?url=https%3A%2F%2Fm.alibaba.com%2Fproduct%2F62050354078.html&from=pub');
      await builder(page).getByRole('button', { name: 'Make template' }).click();
      const status = builder(page).locator('.lb-helper-status');
      await page.waitForFunction(() => document.querySelector('afflink-link-builder').shadowRoot.querySelector('.lb-helper-status').textContent !== '');
      assert.equal(await status.textContent(), 'Template filled in: https://click.alibaba.com/rd/wapKey?url={product_url}&from=pub');
      assert.equal(await builderField(page, 'Link template').inputValue(), 'https://click.alibaba.com/rd/wapKey?url={product_url}&from=pub');
      assert.equal((await problemAt(id)).invalid, null);

      // A link that does not carry the product, and no id: the id is asked for, at its field.
      await link.fill('https://click.alibaba.com/rd/pcKey123');
      await builder(page).getByRole('button', { name: 'Make template' }).click();
      await builder(page).locator('.lb-helper-status--error').waitFor();
      const at = await problemAt(id);
      assert.deepEqual([at.invalid, at.code, at.underField], ['true', 'missing_product_id', true]);
      assert.equal((await problemAt(link)).invalid, null);
      // With the id typed, the template is made from the link.
      await id.fill('62050354078');
      assert.equal((await problemAt(id)).invalid, null, 'typing clears the mark');
      await link.fill('https://click.alibaba.com/rd/pcKey123/62050354078');
      await builder(page).getByRole('button', { name: 'Make template' }).click();
      await status.filter({ hasText: 'Template filled in' }).waitFor();
      assert.equal(await builderField(page, 'Link template').inputValue(), 'https://click.alibaba.com/rd/pcKey123/{product_id}');
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });
}
