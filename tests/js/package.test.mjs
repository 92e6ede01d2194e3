// The built npm package, imported by name from a consumer project that installed the
// packed tarball (scripts/test.sh copies this folder and tests/cases/ there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as afflink from 'afflink';

const { init, classifyUrl, classifyUrls, codeMessages, AfflinkError } = afflink;
const cases = JSON.parse(await readFile(new URL('../cases/classify.json', import.meta.url), 'utf8'));
const hostile = JSON.parse(await readFile(new URL('../cases/hostile.json', import.meta.url), 'utf8'));
const realworld = JSON.parse(await readFile(new URL('../cases/realworld.json', import.meta.url), 'utf8'));

function expectCase(result, c) {
  const where = JSON.stringify(c.input);
  assert.equal(result.input, c.input, where);
  for (const field of ['kind', 'program', 'productId', 'canonicalUrl', 'affiliateParams']) {
    assert.deepEqual(result[field], c[field], `${where}: ${field}`);
  }
  if (c.reason === null) {
    assert.equal(result.reason, null, where);
  } else {
    assert.equal(result.reason.code, c.reason, where);
    assert.match(result.reason.message, /^[A-Z].{19,}\.$/, where);
    if (c.messageStartsWith !== undefined) assert.ok(result.reason.message.startsWith(c.messageStartsWith), `${where}: ${result.reason.message}`);
  }
  assert.deepEqual(Object.keys(result), ['input', 'kind', 'program', 'productId', 'canonicalUrl', 'affiliateParams', 'reason']);
}

function assertCode(fn, code) {
  assert.throws(fn, (e) => e instanceof Error && e instanceof AfflinkError && e.code === code && e.message.length > 10);
}

// Runs first, in a fresh process: nothing is loaded yet.
test('calls before init() throw not_initialized', () => {
  assertCode(() => classifyUrl('https://www.aliexpress.com/item/1005006123456789.html'), 'not_initialized');
  assertCode(() => classifyUrls([]), 'not_initialized');
  // The converter too (it used to fail inside the glue with a TypeError).
  assertCode(() => new afflink.LinkConverter(['aff-short-key'], ['_dT5B1bR']), 'not_initialized');
});

test('init() loads once, with no arguments, and is idempotent', async () => {
  const first = init();
  const second = init();
  assert.equal(first, second, 'the same promise');
  assert.equal(await first, undefined);
  await init();
});

test('the package exports exactly the documented API', () => {
  assert.deepEqual(Object.keys(afflink).sort(), [
    'AfflinkError', 'LinkConverter', 'alibabaTemplateFromSample', 'appendTrackingParams', 'buildAliExpressDeepLink', 'buildAliExpressDeepLinks',
    'buildAlibabaProductLink', 'buildAlibabaProductLinks', 'checkPostbackUrl', 'classifyUrl', 'classifyUrls', 'codeMessages',
    'defaultRateCard', 'estimateCommission', 'estimateCommissions', 'expandPostbackUrl', 'init', 'mergeRateCard', 'rateCard', 'rateCards', 'reconcileCommissions',
    'wasmMemoryBytes',
  ]);
});

test(`every shared case through classifyUrl (${cases.length} cases)`, async () => {
  await init();
  assert.ok(cases.length >= 150);
  for (const c of cases) expectCase(classifyUrl(c.input), c);
});

test(`every hostile input is refused or classified safely (${hostile.length} inputs)`, async () => {
  await init();
  assert.ok(hostile.length >= 150);
  for (const c of hostile) expectCase(classifyUrl(c.input), c);
  classifyUrls(hostile.map((c) => c.input)).forEach((r, i) => expectCase(r, hostile[i]));
});

test('classifyUrls gives the same results in order, in one call', async () => {
  await init();
  const results = classifyUrls(cases.map((c) => c.input));
  assert.equal(results.length, cases.length);
  results.forEach((r, i) => expectCase(r, cases[i]));
  assert.deepEqual(classifyUrls([]), []);
});

test(`the real-world URLs through classifyUrl and classifyUrls (${realworld.length} URLs)`, async () => {
  await init();
  assert.ok(realworld.length >= 200);
  const batch = classifyUrls(realworld.map((c) => c.input));
  realworld.forEach((c, i) => {
    const one = classifyUrl(c.input);
    assert.deepEqual([one.kind, one.productId], [c.kind, c.productId], c.input);
    assert.deepEqual(batch[i], one, c.input);
  });
});

test('affiliate parameters come back by name, in order of first appearance, all twelve', async () => {
  await init();
  const names = ['dp', 'cv', 'cn', 'af', 'terminal_id', 'tt', 'sk', 'aff_short_key', 'aff_platform', 'aff_trace_key', 'aff_fsk', 'aff_fcid'];
  const url = `https://www.aliexpress.com/item/1005006123456789.html?spm=x&${names.map((n, i) => `${n}=${i}`).join('&')}&af=again`;
  for (const r of [classifyUrl(url), classifyUrls([url])[0]]) {
    assert.deepEqual(r.affiliateParams, names);
    assert.equal(r.canonicalUrl, 'https://www.aliexpress.com/item/1005006123456789.html');
  }
  const ab = 'https://www.alibaba.com/product-detail/Earbuds_1600123456789.html?tp5=1&pid=2&tp1=3';
  assert.deepEqual(classifyUrl(ab).affiliateParams, ['tp5', 'pid', 'tp1']);
  assert.equal(classifyUrl(ab).canonicalUrl, 'https://www.alibaba.com/product-detail/Earbuds_1600123456789.html');
});

test('one call and the batch agree on every case input, with tracking, fragments and non-ASCII text around it', async () => {
  await init();
  const inputs = [...cases, ...hostile, ...realworld].map((c) => c.input);
  const variants = inputs.flatMap((u) => [u, `${u}?aff_fcid=1&tp1=2`, `${u}#é`, ` ${u}\u3000`]);
  const batch = classifyUrls(variants);
  let products = 0;
  variants.forEach((u, i) => {
    const one = classifyUrl(u);
    assert.deepEqual(batch[i], one, u);
    if (one.kind !== 'product') return;
    products += 1;
    // The same product read from the trimmed text, and from its canonical URL.
    const { input, ...rest } = classifyUrl(u.trim());
    assert.deepEqual({ ...one, input }, { ...rest, input }, u);
    const again = classifyUrl(one.canonicalUrl);
    assert.deepEqual([again.kind, again.productId, again.affiliateParams], ['product', one.productId, []], u);
  });
  assert.ok(products > 500, `${products} products`);
});

test('product ids stay exact beyond 2^53', async () => {
  await init();
  const r = classifyUrl('https://www.aliexpress.com/item/99999999999999999999.html');
  assert.equal(r.productId, '99999999999999999999');
  assert.equal(typeof r.productId, 'string');
});

test('wrong argument types throw invalid_argument and leave the module usable', async () => {
  await init();
  const hostile = { toString() { throw new Error('boom'); } };
  for (const bad of [null, undefined, 42, NaN, Infinity, -0, {}, [], ['x'], hostile, Symbol('s'), 10n, () => 'x']) {
    assertCode(() => classifyUrl(bad), 'invalid_argument');
  }
  for (const bad of [null, undefined, 'https://x', 42, {}, hostile, [1], ['ok', null], [hostile]]) {
    assertCode(() => classifyUrls(bad), 'invalid_argument');
  }
  assertCode(() => classifyUrl('https://www.aliexpress.com/item/1\uD800.html'), 'invalid_argument');
  assertCode(() => classifyUrls(['fine', '\uDC00']), 'invalid_argument');
  assert.equal(classifyUrl('https://m.alibaba.com/product/62050354078.html').productId, '62050354078');
});

test('huge strings get an ordinary too_long result', async () => {
  await init();
  const r = classifyUrl(`https://www.aliexpress.com/item/1005006123456789.html?q=${'a'.repeat(5_000_000)}`);
  assert.equal(r.kind, 'rejected');
  assert.equal(r.reason.code, 'too_long');
});

test('codeMessages lists every code with a sentence', async () => {
  await init();
  const codes = codeMessages();
  for (const c of cases.filter((c) => c.reason)) assert.ok(codes[c.reason], c.reason);
  for (const code of ['invalid_argument', 'not_initialized']) assert.match(codes[code], /\.$/);
});
