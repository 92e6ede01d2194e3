// XSS: a standard list of payloads (tests/cases/xss.json) in the script tag's settings, in
// the links of a blog page, and in every input of every tool, on a page WITHOUT a
// Content-Security-Policy (so nothing but afflink's own care stops them): every one is shown
// as text, no element is injected and no payload runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT, useBrowser } from './harness.mjs';
import { startServer, stopServer } from '../../scripts/serve.mjs';

const { openPage } = useBrowser();
const { payloads } = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'xss.json'), 'utf8'));
const SITE = join(ROOT, 'target', 'e2e-xss');
const TOOLS = ['afflink-link-checker', 'afflink-link-builder', 'afflink-postback-checker', 'afflink-commission-calculator', 'afflink-snippet-generator'];
const DANGEROUS = 'script, img, iframe, svg, object, embed, video, marquee, math, noscript, style, form, body, input[autofocus], details[ontoggle], [onerror], [onload], a[href^="javascript:" i]';
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
let server;
let url;

before(async () => {
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(SITE, { recursive: true });
  cpSync(DIST, SITE, { recursive: true });
  writeFileSync(join(SITE, 'favicon.ico'), '');
  const product = 'https://www.aliexpress.com/item/1005006123456789.html';
  const links = payloads
    .map((p, i) => `<p><a id="q${i}" href="${escapeHtml(`${product}?q=${encodeURIComponent(p)}`)}">${escapeHtml(p)}</a>
<a id="h${i}" href="${escapeHtml(p)}">${escapeHtml(p)}</a></p>`)
    .join('\n');
  const settings = { 'aff-short-key': '_dT5B1bR', af: payloads[1], cn: payloads[2], dp: payloads[0], disclosure: payloads[3] };
  const attrs = Object.entries(settings).map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`).join('');
  writeFileSync(
    join(SITE, 'xss.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>XSS</title>
<script async src="/afflink.js"${attrs}></script></head>
<body><article>${links}</article>
${TOOLS.map((t) => `<${t}></${t}>`).join('\n')}
</body></html>`
  );
  ({ server, url } = await startServer(SITE, 0));
});

after(async () => {
  await stopServer(server);
  rmSync(SITE, { recursive: true, force: true });
});

/** Counts of dangerous elements in the document and in every tool's shadow root. */
const dangerCounts = (page) =>
  page.evaluate(
    ([tools, selector]) => ({
      article: document.querySelector('article').querySelectorAll(selector).length,
      afterArticle: [...document.body.children].filter((e) => e.tagName === 'SMALL' || e.matches(selector)).length,
      ...Object.fromEntries(tools.map((t) => [t, document.querySelector(t).shadowRoot.querySelectorAll(selector).length])),
    }),
    [TOOLS, DANGEROUS]
  );

test('payloads in settings, links and every tool input are shown as text and never run', async () => {
  const { context, page } = await openPage({ url: `${url}xss.html` });
  await page.waitForFunction(() => document.querySelector('#q0').hasAttribute('data-afflink-original'), null, { timeout: 15000 });
  await page.waitForFunction((tools) => tools.every((t) => customElements.get(t) && document.querySelector(t).shadowRoot?.querySelector('textarea, input')), TOOLS);
  const before = await dangerCounts(page);
  // The fixture's own payload links (`javascript:` addresses) are counted as they are.

  // The links: converted with the payload settings encoded, their text untouched.
  const links = await page.$$eval('article a', (as) => as.map((a) => ({ id: a.id, href: a.getAttribute('href'), text: a.textContent, original: a.getAttribute('data-afflink-original') })));
  payloads.forEach((p, i) => {
    const q = links.find((l) => l.id === `q${i}`);
    const h = links.find((l) => l.id === `h${i}`);
    assert.equal(q.text, p);
    assert.equal(h.text, p);
    assert.ok(q.href.startsWith('https://s.click.aliexpress.com/deep_link.htm?'), q.href);
    assert.equal(h.href, p, 'a payload address is never converted');
    assert.equal(h.original, null);
  });
  const disclosures = await page.$$eval('small[data-afflink-disclosure]', (s) => s.map((x) => x.textContent));
  assert.ok(disclosures.length >= payloads.length);
  for (const d of disclosures) assert.equal(d, ` ${payloads[3].trim()}`);

  // Every input of every tool gets the payloads; every primary button is pressed.
  for (const tool of TOOLS) {
    const root = page.locator(tool);
    const fields = root.locator('textarea:not([readonly]), input:not([type]), input[type="text"], input[type="url"], input[type="search"]');
    const n = await fields.count();
    assert.ok(n > 0, `${tool} has inputs`);
    for (let i = 0; i < n; i++) {
      const field = fields.nth(i);
      if (!(await field.isVisible()) || !(await field.isEditable())) continue;
      const multi = (await field.evaluate((e) => e.tagName)) === 'TEXTAREA';
      await field.fill(multi ? payloads.join('\n') : payloads[i % payloads.length]);
    }
    const buttons = root.locator('button[class*="--primary"]:not([disabled])');
    for (let i = 0; i < (await buttons.count()); i++) {
      if (await buttons.nth(i).isVisible()) await buttons.nth(i).click();
    }
  }
  await page.waitForTimeout(1500);

  // Results show the payloads as text, e.g. in the link checker's table.
  const shown = (await page.locator('afflink-link-checker').locator('tbody').allTextContents()).join('\n');
  assert.ok(shown.includes('<script>window.__xss=1</script>'), 'the checker shows the payload as text');
  assert.deepEqual(await dangerCounts(page), before, 'no element was injected');
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
  await context.close();
});
