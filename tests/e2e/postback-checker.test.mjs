// Browser test of the demo page's postback checker (<afflink-postback-checker>), driven like a user.
// Run after `bash scripts/build.sh`:  node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, useBrowser } from './harness.mjs';

const { openPage } = useBrowser();
const CASES = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'links.json'), 'utf8'));
const MACROS = ['pid', 'tp1', 'tp2', 'tp3', 'tp4', 'tp5', 'ord_id', 'ord_platform', 'ord_geo', 'ord_amount', 'p_sku', 'p_name', 'com_rate', 'est_com'];

/** What a one-line text field keeps of a value: browsers drop line breaks. */
const oneLine = (s) => s.replace(/[\r\n]/g, '');
const bare = (name) => name.replace(/^\{(.*)\}$/, '$1');

const CHECKS = CASES.filter((c) => c.op === 'postbackCheck');
// The preview has one field per known macro: a value under an unknown name, a name given
// twice, or a line break (which a one-line field drops) cannot be typed there.
const EXPANDS = CASES.filter((c) => {
  if (c.op !== 'postbackExpand') return false;
  const names = c.values.map(([n]) => bare(n));
  return names.every((n) => MACROS.includes(n)) && new Set(names).size === names.length && c.values.every(([, v]) => !/[\r\n]/.test(v));
});

const checker = (page) => page.locator('afflink-postback-checker');
const field = (page, label) => checker(page).getByLabel(label, { exact: true });

async function settled(page) {
  await page.waitForFunction(() => {
    const root = document.querySelector('afflink-postback-checker')?.shadowRoot;
    return root && !root.querySelector('.pc-result').hasAttribute('aria-busy') && !root.querySelector('.pc-preview-result').hasAttribute('aria-busy');
  });
}

/** The report and the preview as the user sees them. */
async function read(page) {
  await settled(page);
  return checker(page).evaluate((host) => {
    const el = host.shadowRoot;
    const q = (s) => el.querySelector(s);
    const expandedWrap = q('.pc-expanded-wrap');
    const expandError = q('.pc-expand-error');
    return {
      state: q('.pc-result').dataset.state,
      verdict: q('.pc-verdict').textContent,
      macros: [...el.querySelectorAll('.pc-macros .pc-macro')].map((m) => m.textContent),
      problems: [...el.querySelectorAll('.pc-problems li')].map((li) => ({
        severity: li.querySelector('.pc-severity').textContent,
        code: li.querySelector('.pc-code').textContent,
        message: li.querySelector('.pc-message').textContent,
      })),
      fields: [...el.querySelectorAll('.pc-values label')].map((l) => l.textContent),
      expanded: expandedWrap.hidden ? null : q('.pc-expanded').value,
      expandError: expandError.hidden ? null : expandError.textContent,
      expandCode: expandError.hidden ? null : expandError.querySelector('.pc-code').textContent,
    };
  });
}

async function typeUrl(page, url) {
  const input = field(page, 'Postback URL template');
  await input.fill(url);
  assert.equal(await input.inputValue(), oneLine(url));
}

test('the checker is labelled, waits for a URL and is announced politely', async () => {
  const { context, page, problems } = await openPage();
  try {
    await field(page, 'Postback URL template').waitFor();
    const shown = await read(page);
    assert.equal(shown.state, 'idle');
    assert.equal(shown.verdict, 'Paste or type your postback URL to check it.');
    assert.equal(await checker(page).locator('.pc-result').getAttribute('aria-live'), 'polite');
    assert.equal(await checker(page).locator('.pc-preview').isVisible(), false);
    assert.equal(await page.locator('nav a[href="#check-postback"]').textContent(), 'Check a postback URL');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('every postbackCheck case of tests/cases/links.json shows ok, the macros and the problems as the case says', async () => {
  const { context, page, problems } = await openPage();
  try {
    for (const [i, c] of CHECKS.entries()) {
      const where = `case ${i} (${c.note})`;
      await typeUrl(page, c.url);
      const shown = await read(page);
      // A template with no macro is an error in the tool (the core's no_macros warning): every
      // call to it would report nothing.
      const ok = c.expect.ok && !c.expect.problems.includes('no_macros');
      assert.equal(shown.state, ok ? 'ok' : 'not-ok', where);
      assert.deepEqual(shown.macros, c.expect.macros.map((m) => `{${m}}`), where);
      assert.deepEqual(shown.problems.map((p) => p.code), c.expect.problems, where);
      for (const p of shown.problems) assert.ok(p.message.length > 10, `${where}: ${p.code} has a message`);
      assert.deepEqual(shown.fields, c.expect.macros.map((m) => `{${m}}`), `${where}: one sample field per macro`);
      const errors = shown.problems.filter((p) => p.severity === 'error').length;
      assert.equal(errors === 0, ok, `${where}: severities`);
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the {est_comm} typo is an unknown_macro error that suggests {est_com}', async () => {
  const { context, page, problems } = await openPage();
  try {
    await typeUrl(page, 'https://example.com/pb?pubid={pid}&commission={est_comm}');
    const shown = await read(page);
    assert.equal(shown.state, 'not-ok');
    assert.equal(shown.verdict, 'Not OK: 1 error. The program cannot use this URL.');
    assert.deepEqual(shown.macros, ['{pid}']);
    assert.equal(shown.problems.length, 1);
    assert.equal(shown.problems[0].severity, 'error');
    assert.equal(shown.problems[0].code, 'unknown_macro');
    assert.match(shown.problems[0].message, /^\{est_comm\} is not a postback macro\. Did you mean \{est_com\}\?/);
    // The preview does not repeat the message, only says why there is none.
    assert.equal(shown.expanded, null);
    assert.equal(shown.expandError, 'No preview: fix the errors above first. unknown_macro');
    assert.equal(await checker(page).getByRole('button', { name: 'Copy the sample call' }).isDisabled(), true);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('plain http is an insecure_http warning, and the URL is still OK', async () => {
  const { context, page, problems } = await openPage();
  try {
    await typeUrl(page, 'http://example.com/pb?c={est_com}');
    const shown = await read(page);
    assert.equal(shown.state, 'ok');
    assert.equal(shown.verdict, 'OK, with 1 warning.');
    assert.deepEqual(shown.problems, [
      { severity: 'warning', code: 'insecure_http', message: 'The postback URL uses plain http; data will travel unencrypted.' },
    ]);
    assert.equal(shown.expanded, 'http://example.com/pb?c=1.25');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a valid URL is OK and the preview fills in sensible sample values', async () => {
  const { context, page, problems } = await openPage();
  try {
    await typeUrl(page, 'https://example.com/pb?pubid={pid}&clickid={tp1}&commission={est_com}&platform={ord_platform}&name={p_name}&source=alibaba');
    const shown = await read(page);
    assert.equal(shown.state, 'ok');
    assert.equal(shown.verdict, 'OK: no problems found.');
    assert.deepEqual(shown.problems, []);
    assert.deepEqual(shown.macros, ['{pid}', '{tp1}', '{est_com}', '{ord_platform}', '{p_name}']);
    assert.equal(await field(page, '{pid}').inputValue(), 'blog');
    assert.equal(await field(page, '{tp1}').inputValue(), 'click123');
    assert.equal(await field(page, '{est_com}').inputValue(), '1.25');
    assert.equal(await field(page, '{ord_platform}').inputValue(), 'pc');
    assert.equal(
      await field(page, 'URL the program would call').inputValue(),
      'https://example.com/pb?pubid=blog&clickid=click123&commission=1.25&platform=pc&name=Wireless%20Earbuds&source=alibaba',
    );

    // A value the user typed stays when the URL changes around it.
    await field(page, '{tp1}').fill('mine');
    await typeUrl(page, 'https://example.com/pb?clickid={tp1}&geo={ord_geo}');
    const after = await read(page);
    assert.deepEqual(after.fields, ['{tp1}', '{ord_geo}']);
    assert.equal(after.expanded, 'https://example.com/pb?clickid=mine&geo=US');

    // The example button fills in a valid URL.
    await checker(page).getByRole('button', { name: 'Fill in an example' }).click();
    assert.equal((await read(page)).state, 'ok');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the preview expands every typeable postbackExpand case exactly, hostile values percent-encoded', async () => {
  const { context, page, problems } = await openPage();
  try {
    assert.ok(EXPANDS.some((c) => c.note === 'hostile values read back exactly'));
    for (const [i, c] of EXPANDS.entries()) {
      const where = `case ${i} (${c.note})`;
      await typeUrl(page, c.url);
      const { fields } = await read(page);
      const given = Object.fromEntries(c.values.map(([n, v]) => [`{${bare(n)}}`, v]));
      for (const label of fields) {
        const input = field(page, label);
        await input.fill(given[label] ?? '');
        assert.equal(await input.inputValue(), given[label] ?? '', `${where}: ${label} keeps the value`);
      }
      const shown = await read(page);
      if (shown.problems.some((p) => p.code === 'no_macros')) {
        // No macro: an error in the tool, so no sample call (the core would give the URL back).
        assert.equal(shown.expanded, null, where);
        assert.equal(shown.expandCode, 'no_macros', where);
      } else if (c.expect.url !== undefined) {
        assert.equal(shown.expanded, c.expect.url, where);
      } else {
        assert.equal(shown.expanded, null, where);
        assert.equal(shown.expandCode, c.expect.error, where);
      }
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('Copy the sample call puts the expanded URL on the clipboard', async () => {
  const { context, page, problems } = await openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    await typeUrl(page, 'https://example.com/pb?c={tp1}&o={ord_id}');
    await field(page, '{ord_id}').fill('A&B 1');
    const expanded = 'https://example.com/pb?c=click123&o=A%26B%201';
    assert.equal((await read(page)).expanded, expanded);
    await checker(page).getByRole('button', { name: 'Copy the sample call' }).click();
    const status = checker(page).locator('.pc-action-status');
    await assert.doesNotReject(status.filter({ hasText: 'Copied.' }).waitFor());
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expanded);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('keyboard only: type the URL, Tab to the sample values, change one, copy with Enter', async () => {
  const { context, page, problems } = await openPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const active = () =>
      page.evaluate(() => {
        // Inside the element's shadow root: document.activeElement is only the host.
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.labels?.[0]?.textContent ?? a?.textContent ?? null;
      });
    await field(page, 'Postback URL template').focus();
    await page.keyboard.type('https://example.com/pb?c={tp1}&p={ord_platform}');
    assert.equal((await read(page)).state, 'ok');
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Copy your postback URL');
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Fill in an example');
    await page.keyboard.press('Tab');
    assert.match(await active(), /^The macros the program fills in/);
    await page.keyboard.press('Tab');
    assert.equal(await active(), '{tp1}');
    // Tabbing into a field selects its text: typing replaces the sample.
    await page.keyboard.type('typed by keyboard');
    await page.keyboard.press('Tab');
    assert.equal(await active(), '{ord_platform}');
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'URL the program would call');
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'Copy the sample call');
    const expanded = 'https://example.com/pb?c=typed%20by%20keyboard&p=pc';
    assert.equal((await read(page)).expanded, expanded);
    await page.keyboard.press('Enter');
    await assert.doesNotReject(checker(page).locator('.pc-action-status').filter({ hasText: 'Copied.' }).waitFor());
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expanded);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('markup-looking URLs and values are shown as text and run nothing', async () => {
  const { context, page, problems } = await openPage();
  try {
    await typeUrl(page, 'https://example.com/pb?c={<img src=x onerror=alert(1)>}&d={tp2}');
    let shown = await read(page);
    assert.equal(shown.state, 'not-ok');
    assert.ok(shown.problems.some((p) => p.message.includes('<img src=x onerror=alert(1)>')));

    await typeUrl(page, 'https://example.com/pb?c={tp1}&d={p_name}');
    await field(page, '{p_name}').fill('<script>alert(2)</script>');
    await field(page, '{tp1}').fill('"><svg/onload=alert(3)>');
    shown = await read(page);
    assert.equal(shown.expanded, 'https://example.com/pb?c=%22%3E%3Csvg%2Fonload%3Dalert%283%29%3E&d=%3Cscript%3Ealert%282%29%3C%2Fscript%3E');
    assert.equal(await checker(page).locator('img, script, svg').count(), 0);
    await page.waitForTimeout(200); // give a stray handler time to fire
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a wasm file that fails to load gives a clear message in the postback checker', async () => {
  const { context, page } = await openPage({
    route: { url: '**/afflink_wasm_bg.wasm', handler: (r) => r.fulfill({ status: 404, body: 'Not found' }) },
  });
  try {
    const alert = checker(page).getByRole('alert').filter({ hasText: 'could not start' });
    await assert.doesNotReject(alert.waitFor());
    assert.match(await alert.textContent(), /^The postback checker could not start/);
    await typeUrl(page, 'https://example.com/pb?c={tp1}');
    await settled(page);
    assert.equal(await alert.isVisible(), true);
    assert.equal(await checker(page).locator('.pc-problems li').count(), 0);
  } finally {
    await context.close();
  }
});
