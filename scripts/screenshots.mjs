// Takes the README's screenshots of the demo page in headless Chromium, into docs/screenshots/.
// Usage: node scripts/screenshots.mjs   (after bash scripts/build.sh)
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs', 'screenshots');
mkdirSync(OUT, { recursive: true });

const { server, url } = await startServer(join(ROOT, 'dist'), 0);
const browser = await chromium.launch({
  executablePath: existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, colorScheme: 'light' });
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll('#sample-post [data-afflink-original]').length > 0, null, { timeout: 15000 });

  const checker = page.locator('afflink-link-checker');
  await checker.getByRole('button', { name: 'Fill in examples' }).click();
  await checker.getByRole('button', { name: 'Check links' }).click();
  await checker.locator('tbody tr').first().waitFor();
  await page.locator('#check-links').screenshot({ path: join(OUT, 'link-checker.png') });

  const generator = page.locator('afflink-snippet-generator');
  await generator.locator('input[data-setting="aff-short-key"]').fill('_dT5B1bR');
  await generator.locator('input[data-setting="af"]').fill('myblog');
  await generator.locator('input[data-setting="disclosure"]').fill('(affiliate link)');
  await page.waitForFunction(() => document.querySelector('afflink-snippet-generator').shadowRoot.querySelector('.sg-status').dataset.state === 'ok');
  await page.locator('#blog').screenshot({ path: join(OUT, 'blog.png') });

  // The commission calculator on a phone (390 px, touch): a refused amount at its field, and
  // the estimate's line stuck to the bottom of the screen.
  const calcPhone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: 'light' });
  await calcPhone.goto(url);
  const phoneCalc = calcPhone.locator('afflink-commission-calculator');
  await phoneCalc.locator('.cc-result:not([aria-busy])').waitFor();
  await phoneCalc.getByRole('button', { name: 'Fill in the worked example' }).click();
  await phoneCalc.getByLabel('Amount (USD)', { exact: true }).fill('1.2.3');
  await phoneCalc.locator('.cc-live[data-state="error"]').waitFor();
  await phoneCalc.locator('.cc-field--program').evaluate((node) => node.scrollIntoView({ block: 'start' }));
  await calcPhone.screenshot({ path: join(OUT, 'commission-calculator-phone.png') });
  await calcPhone.close();

  const calculator = page.locator('afflink-commission-calculator');
  await calculator.scrollIntoViewIfNeeded();
  await page.locator('#estimate-commissions').screenshot({ path: join(OUT, 'commission-calculator.png') });
  // The link checker on a phone (390 px, touch): results as stacked rows.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: 'light' });
  await phone.goto(url);
  const phoneChecker = phone.locator('afflink-link-checker');
  await phoneChecker.getByRole('button', { name: 'Fill in examples' }).click();
  await phoneChecker.getByRole('button', { name: 'Check links' }).click();
  await phoneChecker.locator('tbody tr').first().waitFor();
  await phoneChecker.locator('.lc-summary').evaluate((node) => node.scrollIntoView({ block: 'start' }));
  await phone.screenshot({ path: join(OUT, 'link-checker-phone.png') });
  // The blog tool on a phone: a hosting address that is not a URL, refused at its field, and
  // no tag to copy while it is.
  await phone.locator('#blog').scrollIntoViewIfNeeded();
  const phoneGenerator = phone.locator('afflink-snippet-generator');
  await phoneGenerator.locator('input[data-setting="aff-short-key"]').fill('_dT5B1bR');
  const hosting = phoneGenerator.getByLabel('Where the afflink files are hosted', { exact: true });
  await hosting.fill('myblog.example/afflink');
  await hosting.blur();
  await phoneGenerator.locator('[aria-invalid="true"]').first().waitFor();
  await hosting.evaluate((node) => node.scrollIntoView({ block: 'center' }));
  await phone.screenshot({ path: join(OUT, 'snippet-generator-phone.png') });
  await phone.close();
  console.log(`screenshots written to ${OUT}`);
} finally {
  await browser.close();
  server.close();
}
