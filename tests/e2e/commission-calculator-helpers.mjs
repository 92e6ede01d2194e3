// What the calculator's browser tests share (commission-calculator.test.mjs, -bulk and
// -card): the cases of tests/cases/commission.csv, the default cards, money in cents, and
// reading and filling the element like a user (by label). Not a test file itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, parseCsv } from './harness.mjs';

export const CSV_TEXT = readFileSync(join(ROOT, 'tests', 'cases', 'commission.csv'), 'utf8');
const TABLE = parseCsv(CSV_TEXT);
export const HEADER = TABLE[0];
export const CASES = TABLE.slice(1).map((row) => Object.fromEntries(HEADER.map((h, i) => [h, row[i] ?? ''])));
export const CASE = Object.fromEntries(CASES.map((c) => [c.case, c]));
export const DEFAULT_CARDS = {
  aliexpress: JSON.parse(readFileSync(join(ROOT, 'rates', 'aliexpress.json'), 'utf8')),
  alibaba: JSON.parse(readFileSync(join(ROOT, 'rates', 'alibaba.json'), 'utf8')),
};

/** The columns the download adds after the input columns. */
export const RESULT_COLUMNS = ['qualifies', 'ratePercent', 'commission', 'period', 'reasons', 'warnings', 'assumptions', 'error'];
export const DEFAULT_NAMES = { aliexpress: 'aliexpress-documented', alibaba: 'alibaba-documented' };
/** Rows the bulk view checks as they are: on the default cards, without exchange rates. */
export const onDefaults = (c) => c.previousPeriodSales === '' && c.rates === '' && c.exchangeRates === '';

/** Decimal string → integer cents (BigInt): money is never a float here either. */
export function cents(s) {
  const m = /^(-?)(\d*)(?:\.(\d{0,2}))?$/.exec(s.trim());
  assert.ok(m, `not a money string: ${JSON.stringify(s)}`);
  const value = BigInt(m[2] || '0') * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -value : value;
}

export function money(c) {
  const neg = c < 0n;
  const abs = neg ? -c : c;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export const sumCents = (list) => list.reduce((a, b) => a + b, 0n);

export const calc = (page) => page.locator('afflink-commission-calculator');
export const result = (page) => calc(page).locator('.cc-result');
export const label = (page, text) => calc(page).getByLabel(text, { exact: true });

export const LABELS = {
  program: 'Program',
  card: 'Rate card',
  amount: 'Amount (USD)',
  category: 'Category',
  buyer: 'Buyer',
  country: 'Buyer country',
  status: 'Order status',
  paidDate: 'Paid date',
  completedDate: 'Completed date',
  clickDate: 'Click date (optional)',
  spam: 'Spam (flagged by the program)',
  previousPeriodSales: "Previous period's sales (USD)",
};

/**
 * The problem shown at a field (setFieldProblem): `{ invalid, shown: false }` when none, else
 * its `aria-invalid`, `severity` (error or warning), the sentence (`message`) and `code`,
 * whether the slot is linked by `aria-describedby` and sits right after the field in the same
 * wrapper (`next`), whether the sentence comes before the code (`sentenceFirst`) and its box
 * on screen (`box`).
 */
export function fieldProblem(field) {
  return field.evaluate((f) => {
    const root = f.getRootNode();
    const ids = (f.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const slot = ids.map((id) => root.getElementById(id)).find((n) => n && n.classList.contains('afflink-field-problem'));
    if (!slot || slot.hidden) return { invalid: f.getAttribute('aria-invalid'), shown: false };
    const message = slot.querySelector('.afflink-message');
    const code = slot.querySelector('.afflink-code');
    const before = slot.previousElementSibling;
    const r = slot.getBoundingClientRect();
    return {
      invalid: f.getAttribute('aria-invalid'),
      shown: true,
      severity: slot.classList.contains('afflink-field-problem--warning') ? 'warning' : 'error',
      message: message?.textContent ?? null,
      code: code?.textContent ?? null,
      next: before === f || (f.type === 'checkbox' && before === f.parentElement),
      sentenceFirst: Boolean(message && (!code || message.compareDocumentPosition(code) & Node.DOCUMENT_POSITION_FOLLOWING)),
      box: { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height },
    };
  });
}

/**
 * Every code the calculator shows that leads its text (`invalid_amount something…`): the
 * sentence must come first, the code after it. Returns the offending texts; [] when none.
 */
export function leadingCodes(page) {
  return calc(page).evaluate((host) => {
    const found = [];
    for (const code of host.shadowRoot.querySelectorAll('code')) {
      if (code.closest('[hidden]') || code.closest('textarea')) continue;
      const parent = code.parentElement;
      const text = parent.textContent.trim();
      if (text !== code.textContent.trim() && text.startsWith(code.textContent.trim())) found.push(text.slice(0, 80));
    }
    for (const node of host.shadowRoot.querySelectorAll('.cc-message, .afflink-message, .cc-error, .afflink-field-problem, li')) {
      if (/^\s*(\[[a-z_]+\]|[a-z]+(_[a-z]+)+:)/.test(node.textContent)) found.push(node.textContent.slice(0, 80));
    }
    return found;
  });
}

/** Waits until the one-order estimate shows the form as it is now (no estimate pending). */
export async function settled(page) {
  await calc(page).locator('.cc-result:not([aria-busy])').waitFor();
}

const COMPLETED = /^(completed|trade completed)$/i;
const SPAM = /^(true|y|yes)$/i;

/** Fills the one-order form by label, as a user would, from a case of commission.csv. */
export async function fillOrder(page, c) {
  await label(page, LABELS.program).selectOption(c.program);
  await label(page, LABELS.card).selectOption(c.rates || DEFAULT_NAMES[c.program]);
  await label(page, LABELS.amount).fill(c.amount);
  await label(page, LABELS.category).fill(c.category);
  await label(page, LABELS.buyer).selectOption(c.buyer);
  await label(page, LABELS.country).fill(c.country);
  await label(page, LABELS.status).selectOption(COMPLETED.test(c.status) ? 'completed' : 'not completed');
  await label(page, LABELS.paidDate).fill(c.paidDate);
  await label(page, LABELS.completedDate).fill(c.completedDate);
  await label(page, LABELS.clickDate).fill(c.clickDate);
  await label(page, LABELS.spam).setChecked(SPAM.test(c.spam));
  const sales = label(page, LABELS.previousPeriodSales);
  if (c.program === 'aliexpress') await sales.fill(c.previousPeriodSales);
  else assert.equal(await sales.isVisible(), false, 'the Alibaba.com card has no incentive field');
  await settled(page);
}

/** What the one-order estimate shows. */
export function readResult(page) {
  return result(page).evaluate((r) => {
    const text = (sel) => r.querySelector(sel)?.textContent ?? null;
    return {
      verdict: text('.cc-verdict'),
      commission: text('.cc-commission'),
      rate: text('.cc-rate'),
      reasons: [...r.querySelectorAll('.cc-reason-code')].map((c) => c.textContent),
      warnings: [...r.querySelectorAll('.cc-warning-code')].map((c) => c.textContent),
      assumptions: [...r.querySelectorAll('.cc-assumption-code')].map((c) => c.textContent),
      error: text('.cc-error-code'),
      message: text('.cc-refusal .cc-message'),
      lines: [...r.querySelectorAll('.cc-breakdown tbody tr')].map((tr) => ({
        part: tr.dataset.part,
        label: tr.cells[0].textContent,
        rate: tr.cells[1].textContent,
        amount: tr.cells[2].textContent,
      })),
      period: text('.cc-period-dates'),
    };
  });
}

/** Checks the shown estimate against a case's expectations. */
export function assertCase(shown, c) {
  const where = `${c.case} (${c.note})`;
  if (c.expectError) {
    assert.equal(shown.error, c.expectError, `${where}: error code`);
    assert.equal(shown.verdict, 'Cannot estimate this order', `${where}: verdict`);
    assert.equal(shown.commission, null, `${where}: no commission is shown`);
    return;
  }
  assert.equal(shown.error, null, `${where}: no error (${shown.message})`);
  assert.equal(shown.verdict, c.expectQualifies === 'true' ? 'Qualifies' : 'Does not qualify', `${where}: verdict`);
  assert.equal(shown.commission, c.expectCommission, `${where}: commission`);
  assert.equal(shown.rate, c.expectRatePercent, `${where}: rate`);
  assert.deepEqual(shown.reasons, c.expectReasons ? c.expectReasons.split('|') : [], `${where}: reasons`);
  assert.deepEqual(shown.warnings, c.expectWarnings ? c.expectWarnings.split('|') : [], `${where}: warnings`);
  assert.deepEqual(shown.assumptions, c.expectAssumptions ? c.expectAssumptions.split('|') : [], `${where}: assumptions beside the result`);
  if (c.expectQualifies === 'true') {
    assert.ok(shown.lines.length > 0, `${where}: a breakdown`);
    assert.equal(money(sumCents(shown.lines.map((l) => cents(l.amount)))), c.expectCommission, `${where}: the lines add up`);
  } else {
    assert.deepEqual(shown.lines, [], `${where}: no breakdown`);
  }
}

/** Each body row of the bulk table as text. */
export function readBulkRows(page) {
  return calc(page)
    .locator('.cc-lines tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => ({
        status: tr.dataset.status,
        line: tr.cells[0].textContent,
        orderId: tr.cells[1].textContent,
        program: tr.cells[2].textContent,
        qualifies: tr.cells[3].textContent,
        rate: tr.cells[4].textContent,
        commission: tr.cells[5].textContent,
        period: tr.cells[6].textContent,
        reasons: [...tr.cells[7].querySelectorAll('.cc-reason-code')].map((c) => c.textContent),
        error: tr.cells[7].querySelector('.cc-error-code')?.textContent ?? null,
        why: tr.cells[7].textContent,
      })),
    );
}

export function assertBulkRow(row, c) {
  const where = `${c.case} (${c.note})`;
  assert.equal(row.orderId, c.orderId || '—', `${where}: order id`);
  if (c.expectError) {
    assert.equal(row.status, 'error', `${where}: status`);
    assert.equal(row.error, c.expectError, `${where}: error code`);
    assert.equal(row.commission, '—', `${where}: no commission`);
    return;
  }
  assert.equal(row.error, null, `${where}: no error (${row.why})`);
  assert.equal(row.status, c.expectQualifies === 'true' ? 'yes' : 'no', `${where}: qualifies`);
  assert.equal(row.rate, `${c.expectRatePercent}%`, `${where}: rate`);
  assert.equal(row.commission, c.expectCommission, `${where}: commission`);
  assert.deepEqual(row.reasons, c.expectReasons ? c.expectReasons.split('|') : [], `${where}: reasons`);
}

export async function totals(page) {
  const t = (cls) => calc(page).locator(`.cc-totals .${cls}`).textContent();
  return {
    orders: await t('cc-total-orders'),
    errors: await t('cc-total-errors'),
    qualifying: await t('cc-total-qualifying'),
    qualifyingAmount: await t('cc-total-qualifying-amount'),
    estimated: await t('cc-total-estimated'),
  };
}

/** Puts CSV text in the box (as a paste would) and presses Estimate all. */
export async function estimateCsv(page, text, rowCount) {
  await label(page, 'Orders (CSV with a header row)').fill(text);
  await calc(page).getByRole('button', { name: 'Estimate all' }).click();
  await calc(page).locator('.cc-bulk-status').filter({ hasText: `${rowCount} order` }).waitFor();
  await calc(page).locator('.cc-bulk-results:not([aria-busy])').waitFor();
}

export const toCsv = (rows) => rows.map((r) => r.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n');
