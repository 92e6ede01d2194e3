// The shared reconciliation cases (tests/cases/reconcile.json) through the installed
// package's reconcileCommissions, with the same comparison as tests/common/reconcile.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { init, AfflinkError, estimateCommission, estimateCommissions, reconcileCommissions } from 'afflink';

const read = (name) => readFile(new URL(`../cases/${name}`, import.meta.url), 'utf8');
const file = JSON.parse(await read('reconcile.json'));
const samples = {
  'reconcile-postback.log': await read('reconcile-postback.log'),
  'reconcile-report.csv': await read('reconcile-report.csv'),
};
await init();

function inputOf(c) {
  const input = {};
  for (const [k, v] of Object.entries(c.input)) {
    if (k === 'postbackLog') {
      input.postbackLog = samples[v];
      input.postbackTemplate ??= file.postbackTemplate;
    } else if (k === 'report') input.report = samples[v];
    else if (k === 'reportText') input.report = v;
    else input[k] = v;
  }
  if (c.input.postbackTemplate) input.postbackTemplate = c.input.postbackTemplate;
  return input;
}

function contextOf(c) {
  const ctx = { ...(c.context ?? {}) };
  if (c.rates) ctx.rateCards = [file.cards[c.rates]];
  return ctx;
}

function subset(path, want, got, problems) {
  if (want !== null && typeof want === 'object' && !Array.isArray(want) && Object.keys(want).length > 0) {
    for (const [k, w] of Object.entries(want)) {
      const g = got?.[k] ?? null;
      if (k === 'assumptions') {
        const codes = (g ?? []).map((a) => a.code);
        if (JSON.stringify(codes) !== JSON.stringify(w)) problems.push(`${path}.${k}: expected ${JSON.stringify(w)} got ${JSON.stringify(codes)}`);
      } else if (k === 'columns' || (k === 'subIds' && !Array.isArray(g))) {
        try { assert.deepEqual(g, w); } catch { problems.push(`${path}.${k}: expected ${JSON.stringify(w)} got ${JSON.stringify(g)}`); }
      } else subset(`${path}.${k}`, w, g, problems);
    }
  } else if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) {
      problems.push(`${path}: expected ${want.length} entries got ${JSON.stringify(got)}`);
      return;
    }
    want.forEach((w, i) => subset(`${path}[${i}]`, w, got[i], problems));
  } else {
    try { assert.deepEqual(got, want); } catch { problems.push(`${path}: expected ${JSON.stringify(want)} got ${JSON.stringify(got)}`); }
  }
}

test(`every shared reconciliation case through the package (${file.cases.length} cases)`, () => {
  assert.ok(file.cases.length >= 12);
  const problems = [];
  for (const c of file.cases) {
    if (c.expectError) {
      assert.throws(() => reconcileCommissions(inputOf(c), contextOf(c)), (e) => e instanceof AfflinkError && e.code === c.expectError, c.id);
      continue;
    }
    const r = reconcileCommissions(inputOf(c), contextOf(c));
    subset(`${c.id}.lines`, c.expect.lines, r.lines, problems);
    subset(`${c.id}.summary`, c.expect.summary, r.summary, problems);
    if (c.expect.suggestedCard) {
      const rules = r.suggestedCard.rules.map((rule) => [rule.when, rule.percent]);
      try { assert.deepEqual(rules, c.expect.suggestedCard.rules); } catch { problems.push(`${c.id}.suggestedCard: ${JSON.stringify(rules)}`); }
    }
  }
  assert.deepEqual(problems, []);
});

test('money is decimal strings and the totals are the sums of the lines', () => {
  const c = file.cases.find((x) => x.id === 'postback-log-alone');
  const { lines, summary } = reconcileCommissions(inputOf(c), contextOf(c));
  const cents = (s) => (s === null ? 0 : Math.round(Number(s) * 100));
  for (const field of ['estimated', 'reported']) {
    assert.equal(typeof summary[field], 'string');
    assert.equal(cents(summary[field]), lines.reduce((t, l) => t + cents(l[field]), 0), field);
  }
  for (const l of lines) if (l.difference !== null) assert.match(l.difference, /^-?\d+\.\d\d$/);
});

test('bad arguments are refused with invalid_argument before the core sees them', () => {
  assert.throws(() => reconcileCommissions(null), { code: 'invalid_argument' });
  assert.throws(() => reconcileCommissions({ report: 5 }), { code: 'invalid_argument' });
  assert.throws(() => reconcileCommissions({ report: 'a', orders: 'x' }), { code: 'invalid_argument' });
  assert.throws(() => reconcileCommissions({ report: 'a', columns: { amount: 1 } }), { code: 'invalid_argument' });
  assert.throws(() => reconcileCommissions({}), { code: 'invalid_field' });
  // A numeric id above 2^53 has already lost digits: refused, never matched as another id.
  const big = { program: 'aliexpress', orderId: 2 ** 53 + 2, amount: '10.00' };
  assert.throws(() => reconcileCommissions({ report: 'a', orders: [big] }), { code: 'invalid_argument', message: /give the id as a string/ });
  // In a batch, that order alone is refused, in its place; the others are estimated.
  const ok = { program: 'aliexpress', orderId: 'A1', amount: '10.00', buyer: 'returning', status: 'completed', paidDate: '2025-01-01', completedDate: '2025-01-05' };
  const report = estimateCommissions([ok, big, { ...ok, orderId: 'A2' }]);
  assert.deepEqual(report.lines.map((l) => l.orderId), ['A1', String(big.orderId), 'A2']);
  assert.equal(report.lines[1].error.code, 'invalid_argument');
  assert.match(report.lines[1].error.message, /give the id as a string/);
  assert.equal(report.lines[2].commission, '0.80');
  assert.deepEqual([report.summary.orders, report.summary.errors, report.summary.estimated], [3, 1, '1.60']);
  assert.throws(() => estimateCommission(big), { code: 'invalid_argument' });
});

test('the suggested card, given back as a rate card, removes the rate differences', () => {
  const c = file.cases.find((x) => x.id === 'order-report-alone');
  const before = reconcileCommissions(inputOf(c), contextOf(c));
  // Observed rules are `basis: "user"`; the default card's category rules are kept as they are.
  const kept = (r) => r.source.startsWith("afflink reconcile: kept from the program's default card");
  assert.ok(before.suggestedCard.rules.every((r) => r.basis === 'user' || kept(r)));
  assert.ok(before.suggestedCard.rules.some(kept));
  assert.ok(before.lines.some((l) => /^The program paid [0-9.]+%; your card says/.test(l.explanation ?? '')));
  // The suggested card loads as it is written (every figure `basis: "user"`).
  const after = reconcileCommissions(inputOf(c), { rateCards: [before.suggestedCard] });
  assert.ok(!after.lines.some((l) => /^The program paid [0-9.]+%; your card says/.test(l.explanation ?? '')));
  assert.ok(after.summary.agrees > before.summary.agrees);
});
