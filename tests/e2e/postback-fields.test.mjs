// Browser test of the postback checker (<afflink-postback-checker>) for issue 17, at a desktop
// and a phone size: "Copy your postback URL" copies the template exactly, "Copy the sample
// call" the preview; problems at the field; every macro explained (the list next to the
// template, the macros found, each sample value); a phone layout with nothing sideways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SIZES, fieldState, fitsInHost, sidewaysScrollers, useBrowser } from './harness.mjs';
import { MACRO_MEANINGS } from '../../www/elements/postback-checker/afflink-postback-macros.js';

const { openPage } = useBrowser();
const CLIPBOARD = ['clipboard-read', 'clipboard-write'];
const LABEL = 'Postback URL template';

const checker = (page) => page.locator('afflink-postback-checker');
const template = (page) => checker(page).getByLabel(LABEL, { exact: true });
const button = (page, name) => checker(page).getByRole('button', { name, exact: true });

async function settled(page) {
  await page.waitForFunction(() => {
    const root = document.querySelector('afflink-postback-checker')?.shadowRoot;
    return root && !root.querySelector('.pc-result').hasAttribute('aria-busy');
  });
}

/** What the template field shows of its problem (harness `fieldState`), once settled. */
async function templateState(page) {
  await settled(page);
  return fieldState(template(page));
}

/** The macros the core knows: POSTBACK_MACROS in src/postback.rs. */
function coreMacros() {
  const src = readFileSync(join(ROOT, 'src', 'postback.rs'), 'utf8');
  const list = /pub const POSTBACK_MACROS: &\[&str\] = &\[([^\]]*)\]/.exec(src)[1];
  return [...list.matchAll(/"([a-z_0-9]+)"/g)].map((m) => m[1]);
}

/** The known macros as docs/LINKS.md lists them. */
function documentedMacros() {
  const doc = readFileSync(join(ROOT, 'docs', 'LINKS.md'), 'utf8');
  const at = doc.indexOf('Known macros:');
  const line = doc.slice(at, doc.indexOf('.', doc.indexOf('{est_com}', at)));
  return [...line.matchAll(/\{([a-z_0-9]+)\}/g)].map((m) => m[1]);
}

for (const [size, device] of Object.entries(SIZES)) {
  test(`${size}: nothing is marked before typing; Copy your postback URL waits for a usable template`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await template(page).waitFor();
      const state = await templateState(page);
      assert.equal(state.invalid, null);
      assert.equal(state.anyProblemShown, false);
      assert.equal(await button(page, 'Copy your postback URL').isDisabled(), true);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: Copy your postback URL copies the template exactly as typed; Copy the sample call copies the call`, async () => {
    const { context, page, problems } = await openPage({ device, permissions: CLIPBOARD });
    try {
      const typed = 'https://my-shop.example/pb?pubid={pid}&clickid={tp1}&amt={ord_amount}&c={est_com}&n=caf%C3%A9&x=a|b';
      await template(page).fill(typed);
      await settled(page);
      assert.equal(await button(page, 'Copy your postback URL').isDisabled(), false);
      await button(page, 'Copy your postback URL').click();
      await checker(page).locator('.pc-template-status').filter({ hasText: 'Copied' }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), typed);
      // The preview's button copies the sample call, not the template.
      const call = 'https://my-shop.example/pb?pubid=blog&clickid=click123&amt=25.00&c=1.25&n=caf%C3%A9&x=a|b';
      assert.equal(await checker(page).getByLabel('URL the program would call').inputValue(), call);
      await button(page, 'Copy the sample call').click();
      await checker(page).locator('.pc-preview .pc-action-status').filter({ hasText: 'Copied.' }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), call);
      // The template again, as typed, with the sample values still in the preview.
      await button(page, 'Copy your postback URL').click();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), typed);
      assert.equal(await checker(page).getByRole('button', { name: 'Copy URL', exact: true }).count(), 0);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: a template with no macro, an unknown macro or broken braces is an error at the field; http a warning there`, async () => {
    const { context, page, problems } = await openPage({ device, permissions: CLIPBOARD });
    try {
      const errors = [
        ['https://example.com/pb?source=alibaba', 'no_macros'],
        ['https://example.com/pb?c={est_comm}', 'unknown_macro'],
        ['https://example.com/pb?c={tp1', 'malformed_macro'],
        ['example.com/pb?c={tp1}', 'invalid_postback_url'],
      ];
      for (const [url, code] of errors) {
        await template(page).fill(url);
        const state = await templateState(page);
        assert.equal(state.invalid, 'true', url);
        assert.equal(state.kind, 'error', url);
        assert.equal(state.code, code, url);
        assert.ok(/^[A-Z{]/.test(state.message) && state.message.length > 15, `${url}: a sentence first: ${state.message}`);
        assert.equal(state.next, true, `${url}: next to the field`);
        assert.equal(await button(page, 'Copy your postback URL').isDisabled(), true, url);
        assert.equal(await checker(page).locator('.pc-result').getAttribute('data-state'), 'not-ok', url);
      }
      // Several problems: the first error at the field, the count of the others, all listed below.
      await template(page).fill('http://example.com/pb?c={tp1}&x={nope}&y={tp1');
      let state = await templateState(page);
      assert.equal(state.code, 'malformed_macro');
      assert.match(state.message, /\(2 more problems listed below\.\)$/);
      assert.deepEqual(await checker(page).locator('.pc-problems li').evaluateAll((lis) => lis.map((li) => li.dataset.code)), ['malformed_macro', 'unknown_macro', 'insecure_http']);
      // Each listed problem: the sentence, then the code.
      const first = await checker(page).locator('.pc-problems li').first().evaluate((li) => [...li.children].map((n) => n.className));
      assert.deepEqual(first, ['pc-severity', 'pc-message afflink-message', 'pc-code afflink-code']);

      // Plain http: a warning at the field, not invalid; the template can be copied.
      await template(page).fill('http://example.com/pb?c={est_com}');
      state = await templateState(page);
      assert.equal(state.invalid, null);
      assert.equal(state.kind, 'warning');
      assert.equal(state.code, 'insecure_http');
      assert.equal(state.next, true);
      assert.equal(await button(page, 'Copy your postback URL').isDisabled(), false);

      // A good template: nothing at the field, and the slot leaves aria-describedby.
      await template(page).fill('https://example.com/pb?c={est_com}&o={ord_id}');
      state = await templateState(page);
      assert.equal(state.invalid, null);
      assert.equal(state.anyProblemShown, false);
      assert.equal(await template(page).getAttribute('aria-describedby'), await template(page).evaluate((i) => i.getAttribute('aria-describedby').split(' ').filter((id) => !id.endsWith('-problem')).join(' ')));
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: every macro is explained next to the template, in the macros found and at its sample value`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      // The list next to the template: the core's macros (POSTBACK_MACROS) and docs/LINKS.md's,
      // each with one line of meaning.
      const help = checker(page).locator('details.pc-macro-help');
      await help.waitFor();
      if (size === 'phone') {
        assert.equal(await help.evaluate((d) => d.open), false, 'folded on a phone');
        await help.locator('summary').click();
      } else {
        assert.equal(await help.evaluate((d) => d.open), true, 'open beside the field');
      }
      const listed = await help.locator('dt').allTextContents();
      const meanings = await help.locator('dd').allTextContents();
      assert.equal(await help.locator('dd').first().isVisible(), true);
      const core = coreMacros();
      assert.equal(core.length, 14);
      assert.deepEqual(listed, core.map((m) => `{${m}}`));
      assert.deepEqual(Object.keys(MACRO_MEANINGS), documentedMacros());
      for (const [i, m] of meanings.entries()) assert.ok(m.length > 10, `${listed[i]} has a meaning`);
      assert.match(meanings[core.indexOf('ord_amount')], /after discounts/);

      // The macros found, each with its meaning; each sample value described by it.
      await template(page).fill('https://example.com/pb?o={ord_id}&p={ord_platform}&c={est_com}');
      await settled(page);
      const found = await checker(page).locator('.pc-macros li').allTextContents();
      assert.deepEqual(found, ['{ord_id}: the id of the order', `{ord_platform}: ${MACRO_MEANINGS.ord_platform}`, `{est_com}: ${MACRO_MEANINGS.est_com}`]);
      const value = checker(page).getByLabel('{ord_platform}', { exact: true });
      const described = await value.evaluate((input) => input.getAttribute('aria-describedby').split(' ').map((id) => input.getRootNode().getElementById(id).textContent));
      assert.equal(described[0], MACRO_MEANINGS.ord_platform);
      assert.equal(await checker(page).locator('.pc-value-meaning').first().isVisible(), true);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: phone layout: nothing scrolls sideways, the buttons and the sample call fit; shortcut hints only with a keyboard`, async () => {
    const { context, page, problems } = await openPage({ device });
    try {
      await template(page).fill('https://a-rather-long-host-name.example/postback/endpoint/for/alibaba?pubid={pid}&clickid={tp1}&order={ord_id}&amount={ord_amount}&commission={est_com}&name={p_name}&x={nope}');
      await settled(page);
      assert.deepEqual(await sidewaysScrollers(page, 'afflink-postback-checker'), []);
      await template(page).fill('https://a-rather-long-host-name.example/postback/endpoint/for/alibaba?pubid={pid}&clickid={tp1}&order={ord_id}&amount={ord_amount}&commission={est_com}&name={p_name}');
      await settled(page);
      await checker(page).getByLabel('{p_name}', { exact: true }).fill('A-product-name-without-any-space-that-goes-on-and-on-and-on-and-on');
      await settled(page);
      assert.deepEqual(await sidewaysScrollers(page, 'afflink-postback-checker'), []);
      const fit = await fitsInHost(checker(page), '.pc-expanded', 'button, input, textarea, .pc-result, .pc-macro-help, .afflink-field-problem');
      assert.equal(fit.wraps, true, 'the sample call wraps in its box');
      assert.deepEqual(fit.outside, []);

      // Copying refused: "Ctrl+C" is said only where there is a keyboard.
      await page.evaluate(() => {
        Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('refused')) }, configurable: true });
        document.execCommand = () => false;
      });
      await button(page, 'Copy your postback URL').click();
      const status = checker(page).locator('.pc-template-status');
      await status.filter({ hasText: 'did not allow copying' }).waitFor();
      assert.equal(await status.locator('.afflink-shortcut').textContent(), ' Press Ctrl+C (⌘+C on a Mac).');
      assert.equal(await status.locator('.afflink-shortcut').isVisible(), size === 'desktop');
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });
}
