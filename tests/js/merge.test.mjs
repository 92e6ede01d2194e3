// mergeRateCard: the core's RFC 7396 merge through the package, on the shared cases
// (tests/cases/merge.json, also run natively and by the wasm tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { init, mergeRateCard, defaultRateCard, estimateCommission, AfflinkError } from 'afflink';

const cases = JSON.parse(await readFile(new URL('../cases/merge.json', import.meta.url), 'utf8')).cases;
await init();

test(`every shared merge case (${cases.length} cases)`, () => {
  assert.ok(cases.length >= 15);
  for (const c of cases) assert.deepEqual(mergeRateCard(c.base, c.patch), c.result, c.id);
});

test('the arguments are left as they were', () => {
  const base = { a: { b: 'c' } };
  const patch = { a: { b: null, d: 'e' } };
  assert.deepEqual(mergeRateCard(base, patch), { a: { d: 'e' } });
  assert.deepEqual(base, { a: { b: 'c' } });
  assert.deepEqual(patch, { a: { b: null, d: 'e' } });
});

test('a partial card merged over a shipped card is what the estimator uses', () => {
  const patch = { program: 'alibaba', rules: [{ label: 'My contract', part: 'base', when: {}, percent: '5.00', source: 'my contract' }] };
  const merged = mergeRateCard(defaultRateCard('alibaba'), patch);
  assert.deepEqual(merged.rules, patch.rules);
  assert.equal(merged.currency, defaultRateCard('alibaba').currency);
  const order = { program: 'alibaba', orderId: 'o', amount: '100.00', buyer: 'new', country: 'US', status: 'completed', paidDate: '2025-01-01', completedDate: '2025-01-02' };
  const withMerged = estimateCommission(order, { rateCards: [merged] });
  const withPatch = estimateCommission(order, { rateCards: [patch] });
  assert.equal(withMerged.commission, withPatch.commission);
  assert.equal(typeof withMerged.commission, 'string');
});

test('what JSON cannot hold is refused as invalid_argument', () => {
  for (const bad of [undefined, () => 1, Symbol('s'), 10n]) {
    assert.throws(() => mergeRateCard(bad, {}), (e) => e instanceof AfflinkError && e.code === 'invalid_argument');
    assert.throws(() => mergeRateCard({}, bad), (e) => e instanceof AfflinkError && e.code === 'invalid_argument');
  }
});

test('NaN, Infinity and lone surrogates are refused, not merged as null (which removes a key)', () => {
  const card = { program: 'aliexpress', cap: { maxCommission: '50.00' } };
  for (const bad of [NaN, Infinity, -Infinity]) {
    assert.throws(() => mergeRateCard(card, { cap: { maxCommission: bad } }), {
      code: 'invalid_argument',
      message: /patch\.cap\.maxCommission/,
    });
    assert.throws(() => mergeRateCard({ a: [1, bad] }, {}), { code: 'invalid_argument', message: /base\.a\[1\]/ });
  }
  assert.throws(() => mergeRateCard(card, { note: 'caf\uD83D' }), { code: 'invalid_argument', message: /lone surrogate/ });
});
