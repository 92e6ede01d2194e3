// Accessibility scan of the demo page with axe-core (which looks inside open shadow roots), in
// the light and the dark colour scheme, with every tool in its first state, showing results,
// and showing errors; then the Shadow DOM embedding and theming through `--afflink-*` custom
// properties. Run after `bash scripts/build.sh`:  node --test tests/e2e/
//
// axe is injected with page.evaluate (the page's CSP would block a script tag) and fails the
// test on any `serious` or `critical` violation; lesser ones are printed as diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, useBrowser } from './harness.mjs';

const { openPage } = useBrowser();

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const TOOLS = ['afflink-link-checker', 'afflink-link-builder', 'afflink-postback-checker', 'afflink-commission-calculator'];
const FAILING = new Set(['serious', 'critical']);

/** Waits until no tool has an update pending (their live regions carry aria-busy meanwhile). */
async function settled(page) {
  await page.waitForFunction(() =>
    [
      ['afflink-link-builder', '.lb-result'],
      ['afflink-link-builder', '.lb-table'],
      ['afflink-postback-checker', '.pc-result'],
      ['afflink-postback-checker', '.pc-preview-result'],
      ['afflink-commission-calculator', '.cc-result'],
      ['afflink-commission-calculator', '.cc-bulk-results'],
    ].every(([host, sel]) => {
      const node = document.querySelector(host)?.shadowRoot?.querySelector(sel);
      return node && !node.hasAttribute('aria-busy');
    }),
  );
  await page.locator('afflink-commission-calculator .cc-result').filter({ hasNotText: 'Loading' }).waitFor();
}

/**
 * Runs axe over the whole document and fails on serious or critical violations (printed in
 * full). Also checks that axe looked inside every tool's shadow root.
 */
async function scan(t, page, what) {
  await settled(page);
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const { violations, inside } = await page.evaluate(async (tools) => {
    const results = await window.axe.run(document);
    // Nodes in a shadow tree have a target like [["afflink-link-checker", ".lc-input"]].
    const inside = Object.fromEntries(tools.map((tool) => [tool, 0]));
    for (const rule of results.passes) {
      for (const node of rule.nodes) {
        const path = node.target[0];
        if (!Array.isArray(path)) continue;
        const tool = tools.find((name) => path[0].includes(name));
        if (tool) inside[tool]++;
      }
    }
    const violations = results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: JSON.stringify(n.target), html: n.html.slice(0, 200), summary: n.failureSummary })),
    }));
    return { violations, inside };
  }, TOOLS);
  for (const tool of TOOLS) assert.ok(inside[tool] > 10, `${what}: axe checked the shadow root of <${tool}> (${inside[tool]} nodes)`);
  const describe = (v) =>
    `[${v.impact}] ${v.id}: ${v.help}\n` + v.nodes.map((n) => `    ${n.target}\n      ${n.html}\n      ${(n.summary ?? '').replace(/\n/g, '\n      ')}`).join('\n');
  for (const v of violations.filter((x) => !FAILING.has(x.impact))) t.diagnostic(`${what}: ${describe(v)}`);
  const failing = violations.filter((v) => FAILING.has(v.impact));
  assert.equal(failing.length, 0, `${what}: serious or critical accessibility violations:\n${failing.map(describe).join('\n')}`);
}

/** Every tool showing results: products and refusals, a link and a table, a preview, totals. */
async function showResults(page) {
  const checker = page.locator('afflink-link-checker');
  await checker.getByRole('button', { name: 'Fill in examples' }).click();
  await checker.getByRole('button', { name: 'Check links' }).click();
  await checker.locator('tbody tr').nth(7).waitFor();

  const builder = page.locator('afflink-link-builder');
  await builder.getByLabel('Your aff_short_key').fill('_dTbKz5B');
  await builder.getByLabel('Product URL', { exact: true }).fill('https://www.aliexpress.com/item/1005006123456789.html?spm=x');
  await builder.getByLabel('dp (dynamic parameter)', { exact: true }).fill('spring sale');
  await builder.locator('.lb-result[data-state="ok"]').waitFor();
  await builder.getByRole('button', { name: 'Fill in examples' }).click();
  await builder.getByRole('button', { name: 'Build links' }).click();
  await builder.locator('.lb-table tbody tr').nth(4).waitFor();

  const postback = page.locator('afflink-postback-checker');
  await postback.getByRole('button', { name: 'Fill in an example' }).click();
  await postback.locator('.pc-result[data-state="ok"]').waitFor();

  const calc = page.locator('afflink-commission-calculator');
  await calc.getByRole('button', { name: 'Load example' }).click();
  await calc.locator('.cc-lines tbody tr').nth(7).waitFor();
  await calc.locator('.cc-card-summary').click(); // the rate card, open
}

/** Every tool showing errors: refusals, invalid fields, alerts. */
async function showErrors(page) {
  const checker = page.locator('afflink-link-checker');
  await checker.getByLabel('Links to check').fill('javascript:alert(1)\nhttps://www.aliexpress.com.evil.io/item/1005006123456789.html\nnot a url \u202e');
  await checker.getByRole('button', { name: 'Check links' }).click();
  await checker.locator('tbody tr').nth(2).waitFor();

  const builder = page.locator('afflink-link-builder');
  await builder.getByLabel('Your aff_short_key').fill('bad key');
  await builder.getByLabel('Product URL', { exact: true }).fill('https://www.aliexpress.com/wholesale?SearchText=x');
  await builder.locator('.lb-result[data-state="error"]').waitFor();
  await builder.getByLabel('Product URLs, one per line').fill('https://www.aliexpress.com/item/1005006123456789.html');
  await builder.getByRole('button', { name: 'Build links' }).click();
  await builder.locator('.lb-bulk .lb-error').filter({ hasText: 'No links' }).waitFor();
  await builder.getByRole('radio', { name: 'Alibaba.com' }).check();
  await builder.getByText('Make a template from a link the program gave you').click();
  await builder.getByRole('button', { name: 'Make template' }).click();
  await builder.locator('.lb-helper-status--error').waitFor();

  const postback = page.locator('afflink-postback-checker');
  await postback.getByLabel('Postback URL template').fill('http://example.com/pb?c={tp1}&x={nope}&y={tp1');
  await postback.locator('.pc-result[data-state="not-ok"]').waitFor();

  const generator = page.locator('afflink-snippet-generator');
  await generator.getByLabel('Your aff_short_key', { exact: true }).fill('bad key');
  await generator.getByLabel('Where the afflink files are hosted', { exact: true }).fill('myblog.example/afflink');
  await generator.locator('.sg-status[data-state="error"]').waitFor();

  const calc = page.locator('afflink-commission-calculator');
  await calc.getByLabel('Amount (USD)', { exact: true }).fill('lots');
  await calc.locator('.cc-refusal').waitFor();
  await calc.getByLabel('Orders (CSV with a header row)').fill('program,orderId\n"unclosed');
  await calc.getByRole('button', { name: 'Estimate all' }).click();
  await calc.locator('.cc-bulk .afflink-field-problem').filter({ hasText: 'invalid_csv' }).waitFor();
  if ((await calc.locator('details.cc-card').getAttribute('open')) === null) await calc.locator('.cc-card-summary').click();
  await calc.getByLabel('Rate card (JSON)').fill('{"program": "aliexpress", "oops"');
  await calc.locator('.cc-card .afflink-field-problem').filter({ hasText: 'invalid_rate_card' }).waitFor();
}

for (const scheme of ['light', 'dark']) {
  test(`axe finds no serious or critical problem, ${scheme} scheme: first state, results, errors`, async (t) => {
    const { context, page, problems } = await openPage();
    try {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForLoadState('networkidle');
      await scan(t, page, `${scheme}, first state`);
      await showResults(page);
      await scan(t, page, `${scheme}, results`);
      await showErrors(page);
      await scan(t, page, `${scheme}, errors`);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });
}

test('each tool renders in an open shadow root styled only by adopted stylesheets', async () => {
  const { context, page, problems } = await openPage();
  try {
    await page.waitForLoadState('networkidle');
    await settled(page);
    const shadow = await page.evaluate((tools) => {
      const roots = tools.map((name) => document.querySelector(name).shadowRoot);
      return {
        open: roots.map((r) => r?.mode),
        sheets: roots.map((r) => r.adoptedStyleSheets.length),
        // One shared sheet object for all four, one own sheet each.
        sharedOnce: roots.every((r) => r.adoptedStyleSheets[0] === roots[0].adoptedStyleSheets[0]),
        ownSheets: new Set(roots.map((r) => r.adoptedStyleSheets[1])).size,
        styleElements: roots.reduce((n, r) => n + r.querySelectorAll('style, link').length, 0) + document.querySelectorAll('style').length,
        styleAttributes: roots.reduce((n, r) => n + r.querySelectorAll('[style]').length, 0) + document.querySelectorAll('[style]').length,
        display: tools.map((name) => getComputedStyle(document.querySelector(name)).display),
      };
    }, TOOLS);
    assert.deepEqual(shadow.open, ['open', 'open', 'open', 'open']);
    assert.deepEqual(shadow.sheets, [2, 2, 2, 2]);
    assert.equal(shadow.sharedOnce, true);
    assert.equal(shadow.ownSheets, 4);
    assert.equal(shadow.styleElements, 0, 'no <style> or <link> inside the tools, no <style> in the page');
    assert.equal(shadow.styleAttributes, 0, 'no style attributes');
    assert.deepEqual(shadow.display, ['block', 'block', 'block', 'block']);
    // The "Loading…" children are not slotted: once the element runs they are not shown.
    for (const tool of TOOLS) {
      assert.equal(await page.locator(`${tool} > .fallback`).count(), 1);
      assert.equal(await page.locator(`${tool} > .fallback`).isVisible(), false, `${tool}: fallback hidden`);
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('--afflink-* custom properties set on the page theme the inside of the shadow roots', async () => {
  const { context, page, problems } = await openPage();
  try {
    await page.waitForLoadState('networkidle');
    await settled(page);
    /** Computed styles of one element inside a tool's shadow root. */
    const inside = (tool, selector, ...props) =>
      page.evaluate(
        ([tool, selector, props]) => {
          const node = document.querySelector(tool).shadowRoot.querySelector(selector);
          const style = getComputedStyle(node);
          return Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
        },
        [tool, selector, props],
      );
    const checkButton = () => inside('afflink-link-checker', '.lc-button--primary', 'background-color', 'border-top-color', 'color', 'border-top-left-radius');
    // "Build links" (the first primary button, "Copy link", is disabled until there is a link).
    const builderButton = () => inside('afflink-link-builder', '.lb-bulk .lb-button--primary', 'background-color');

    // The light defaults.
    assert.deepEqual(await checkButton(), {
      'background-color': 'rgb(11, 92, 173)',
      'border-top-color': 'rgb(11, 92, 173)',
      color: 'rgb(255, 255, 255)',
      'border-top-left-radius': '6px',
    });

    // On the element itself: only that tool changes.
    await page.evaluate(() => {
      const el = document.querySelector('afflink-link-checker');
      el.style.setProperty('--afflink-accent', 'rgb(1, 2, 3)');
      el.style.setProperty('--afflink-accent-text', 'rgb(250, 250, 250)');
      el.style.setProperty('--afflink-radius', '0px');
    });
    assert.deepEqual(await checkButton(), {
      'background-color': 'rgb(1, 2, 3)',
      'border-top-color': 'rgb(1, 2, 3)',
      color: 'rgb(250, 250, 250)',
      'border-top-left-radius': '0px',
    });
    assert.equal((await builderButton())['background-color'], 'rgb(11, 92, 173)', 'the other tools keep their colours');

    // On an ancestor: inherited by every tool, through the shadow boundary.
    await page.evaluate(() => {
      document.documentElement.style.setProperty('--afflink-text', 'rgb(4, 5, 6)');
      document.documentElement.style.setProperty('--afflink-font', 'Georgia, serif');
      document.documentElement.style.setProperty('--afflink-error-bg', 'rgb(7, 8, 9)');
    });
    for (const [tool, selector] of [
      ['afflink-link-checker', '.lc-label'],
      ['afflink-link-builder', '.lb-label'],
      ['afflink-postback-checker', '.pc-label'],
      ['afflink-commission-calculator', '.cc-label'],
    ]) {
      assert.deepEqual(await inside(tool, selector, 'color', 'font-family'), { color: 'rgb(4, 5, 6)', 'font-family': 'Georgia, serif' }, tool);
    }
    assert.equal((await inside('afflink-postback-checker', '.pc-error', 'background-color'))['background-color'], 'rgb(7, 8, 9)');

    // The dark defaults follow the visitor's preference; properties set by the page still win.
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal((await builderButton())['background-color'], 'rgb(108, 178, 245)');
    assert.equal((await inside('afflink-link-builder', '.lb-input', 'background-color'))['background-color'], 'rgb(20, 23, 27)');
    assert.equal((await checkButton())['background-color'], 'rgb(1, 2, 3)');
    assert.equal((await inside('afflink-link-builder', '.lb-label', 'color')).color, 'rgb(4, 5, 6)');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
