// The shared link-building cases through the installed package's public API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  init, AfflinkError, appendTrackingParams, buildAliExpressDeepLink, buildAliExpressDeepLinks, buildAlibabaProductLink,
  buildAlibabaProductLinks, alibabaTemplateFromSample, checkPostbackUrl, expandPostbackUrl,
} from 'afflink';

const cases = JSON.parse(await readFile(new URL('../cases/links.json', import.meta.url), 'utf8'));
await init();

// Pairs → object; a duplicate name cannot be expressed as an object, so those cases are
// covered natively and in wasm, and skipped here (counted below).
function objectOf(pairs) {
  const o = {};
  for (const [n, v] of pairs ?? []) {
    if (Object.hasOwn(o, n)) return null;
    o[n] = v;
  }
  return o;
}

function attempt(field, fn) {
  try {
    return { [field]: fn() };
  } catch (e) {
    assert.ok(e instanceof AfflinkError, `not an AfflinkError: ${e}`);
    assert.ok(e.message.length >= 10);
    return { error: e.code };
  }
}

function run(c) {
  const params = objectOf(c.op === 'postbackExpand' ? c.values : c.params);
  if (params === null) return undefined;
  switch (c.op) {
    case 'append': return attempt('link', () => appendTrackingParams(c.link, params));
    case 'deeplink': return attempt('link', () => buildAliExpressDeepLink({ affShortKey: c.affShortKey, productUrl: c.productUrl, params }));
    case 'alibabaLink': return attempt('link', () => buildAlibabaProductLink(
      c.productId !== undefined ? { template: c.template, productId: c.productId, params } : { template: c.template, productUrl: c.productUrl, params }));
    case 'alibabaTemplate': return attempt('template', () => alibabaTemplateFromSample(c.link, c.productId));
    case 'postbackCheck': {
      const r = checkPostbackUrl(c.url);
      return { ok: r.ok, macros: r.macros, problems: r.problems.map((p) => p.code) };
    }
    case 'postbackExpand': return attempt('url', () => expandPostbackUrl(c.url, params));
    default: throw new Error(`unknown op ${c.op}`);
  }
}

test(`every shared link case through the package (${cases.length} cases)`, () => {
  let ran = 0;
  for (const c of cases) {
    const got = run(c);
    if (got === undefined) continue;
    ran += 1;
    assert.deepEqual(got, c.expect, JSON.stringify(c));
  }
  assert.ok(ran >= 80, `only ${ran} cases ran`);
});

test('bulk builders return one entry per input, in order, with the single-call results', () => {
  const urls = ['https://fr.aliexpress.com/item/1005006123456789.html', 'https://www.aliexpress.com/wholesale?x=1', 'https://x.io/', ''];
  const results = buildAliExpressDeepLinks(urls, { affShortKey: 'K1', params: { af: 'a b' } });
  assert.equal(results.length, urls.length);
  results.forEach((r, i) => {
    assert.equal(r.input, urls[i]);
    const single = attempt('link', () => buildAliExpressDeepLink({ affShortKey: 'K1', productUrl: urls[i], params: { af: 'a b' } }));
    if (single.link) assert.deepEqual(Object.keys(r), ['input', 'link']); else assert.equal(r.error.code, single.error);
  });
  const ab = buildAlibabaProductLinks(['https://m.alibaba.com/product/62050354078.html'], { template: 'https://click.alibaba.com/rd/k?id={product_id}', params: { tp1: 'c' } });
  assert.equal(ab[0].link, 'https://click.alibaba.com/rd/k?id=62050354078&tp1=c');
  assert.throws(() => buildAliExpressDeepLinks(urls, { affShortKey: '' }), { code: 'invalid_key' });
  assert.throws(() => buildAlibabaProductLinks(urls, { template: 'https://example.com/{product_id}' }), { code: 'invalid_template' });
});

test('null and undefined parameter values mean "not set"', () => {
  const link = 'https://s.click.aliexpress.com/e/_DlRvuuN';
  assert.equal(appendTrackingParams(link, { af: null, cn: undefined, cv: '', dp: 'x' }), `${link}?dp=x`);
  assert.equal(appendTrackingParams(link, undefined), link);
});

test('wrong argument types throw invalid_argument and leave the module usable', () => {
  const link = 'https://s.click.aliexpress.com/e/_DlRvuuN';
  for (const bad of [42, 'af=x', ['af', 'x'], { af: 1 }, { af: {} }, { af: '\uD800' }]) {
    assert.throws(() => appendTrackingParams(link, bad), { code: 'invalid_argument' }, JSON.stringify(bad));
  }
  assert.throws(() => appendTrackingParams(null, {}), { code: 'invalid_argument' });
  assert.throws(() => buildAliExpressDeepLink(null), { code: 'invalid_argument' });
  assert.throws(() => buildAliExpressDeepLink({ productUrl: 'x' }), { code: 'invalid_argument' });
  assert.throws(() => buildAlibabaProductLink({ template: 't' }), { code: 'invalid_argument' });
  assert.throws(() => buildAlibabaProductLink({ template: 't', productId: '1', productUrl: 'u' }), { code: 'invalid_argument' });
  assert.throws(() => buildAliExpressDeepLinks('https://x', { affShortKey: 'K' }), { code: 'invalid_argument' });
  assert.throws(() => checkPostbackUrl(undefined), { code: 'invalid_argument' });
  assert.throws(() => expandPostbackUrl('https://e.com/?a={pid}', { pid: 5 }), { code: 'invalid_argument' });
  const throwing = new Proxy({}, { ownKeys() { throw new Error('boom'); } });
  assert.throws(() => appendTrackingParams(link, throwing), { code: 'invalid_argument' });
  assert.equal(appendTrackingParams(link, { af: 'ok' }), `${link}?af=ok`);
});

test('the bulk deep-link builder answers exactly as the single one, message for message, on every input of the case files', async () => {
  const classify = JSON.parse(await readFile(new URL('../cases/classify.json', import.meta.url), 'utf8'));
  const hostile = JSON.parse(await readFile(new URL('../cases/hostile.json', import.meta.url), 'utf8'));
  const urls = [
    ...cases.filter((c) => typeof c.productUrl === 'string').map((c) => c.productUrl),
    ...classify.map((c) => c.input),
    ...hostile.map((c) => c.input),
  ].filter((u) => u.isWellFormed());
  const params = { af: 'a b', cn: 'x&y', dp: 'ü/?#' };
  const bulk = buildAliExpressDeepLinks(urls, { affShortKey: '_dT5B1bR', params });
  assert.equal(bulk.length, urls.length);
  let built = 0;
  bulk.forEach((r, i) => {
    let single;
    try {
      single = { input: urls[i], link: buildAliExpressDeepLink({ affShortKey: '_dT5B1bR', productUrl: urls[i], params }) };
      built++;
    } catch (e) {
      single = { input: urls[i], error: { code: e.code, message: e.message } };
    }
    assert.deepEqual(r, single, JSON.stringify(urls[i]));
  });
  assert.ok(built > 100 && built < urls.length, `${built} of ${urls.length} built`);
});

test('alibabaTemplateFromSample: productId is optional (undefined, null or blank) when the link carries the product', () => {
  const link = 'https://click.alibaba.com/rd/pcKey123?pid=old&id=62050354078';
  const want = 'https://click.alibaba.com/rd/pcKey123?pid=old&id={product_id}';
  for (const id of [undefined, null, '', '  ']) assert.equal(alibabaTemplateFromSample(link, id), want, String(id));
  assert.equal(alibabaTemplateFromSample(link), want);
  assert.throws(() => alibabaTemplateFromSample('https://click.alibaba.com/rd/pcKey123'), (e) => e instanceof AfflinkError && e.code === 'missing_product_id' && /--product-id/.test(e.message));
});
