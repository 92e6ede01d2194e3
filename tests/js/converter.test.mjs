// The script tag's LinkConverter through the installed package: the shared conversion
// scenarios of tests/cases/convert.json, Alibaba.com's template per platform included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { init, LinkConverter, AfflinkError } from 'afflink';

const cases = JSON.parse(await readFile(new URL('../cases/convert.json', import.meta.url), 'utf8'));
await init();

function convertAll(settings, platform, hrefs) {
  const names = Object.keys(settings);
  const converter = new LinkConverter(names, names.map((n) => settings[n]));
  try {
    assert.equal(converter.errorCode(), '');
    if (platform) assert.equal(converter.setPlatform(platform), true);
    const text = hrefs.join('\n');
    const links = converter.convert(text).split('\n');
    // The script tag sends UTF-8 bytes: the same answer.
    assert.equal(converter.convertUtf8(new TextEncoder().encode(text)), links.join('\n'));
    const reasons = converter.reasons(text).split('\n');
    return links.map((link, i) => (link ? { link } : { code: reasons[i] }));
  } finally {
    converter.free();
  }
}

test('every conversion scenario through the package', () => {
  let n = 0;
  for (const s of cases.scenarios) {
    const got = convertAll(s.settings, null, s.links.map((l) => l.href));
    s.links.forEach((l, i) => {
      assert.deepEqual(got[i], l.link ? { link: l.link } : { code: l.code }, `${s.name}: ${l.href}`);
      n++;
    });
  }
  assert.ok(n >= 50, String(n));
});

test('each platform gets its Alibaba.com template', () => {
  let n = 0;
  for (const s of cases.platformScenarios) {
    const got = convertAll(s.settings, s.platform, s.links.map((l) => l.href));
    s.links.forEach((l, i) => {
      assert.deepEqual(got[i], { link: l.link }, `${s.name}: ${l.href}`);
      n++;
    });
  }
  assert.equal(n, 12);
  const converter = new LinkConverter(['aff-short-key'], ['_dT5B1bR']);
  assert.equal(converter.setPlatform('tablet'), false);
  converter.free();
});

test('convertUtf8 leaves a line that is not UTF-8 as it is and converts the others', () => {
  const converter = new LinkConverter(['aff-short-key'], ['_dT5B1bR']);
  try {
    const product = 'https://www.aliexpress.com/item/1005006123456789.html';
    const bytes = new TextEncoder().encode(`${product}\n${product}?x=`);
    const link = converter.convertUtf8(bytes.subarray(0, product.length));
    assert.match(link, /^https:\/\/s\.click\.aliexpress\.com\//);
    const bad = new Uint8Array([...bytes, 0xff, 0x0a, ...new TextEncoder().encode(product)]);
    assert.equal(converter.convertUtf8(bad), `${link}\n\n${link}`);
    // A lone surrogate becomes U+FFFD in TextEncoder, as in the string that `convert` takes.
    const lone = `${product}?q=\ud800\n${product}`;
    assert.equal(converter.convertUtf8(new TextEncoder().encode(lone)), converter.convert(lone));
    assert.match(converter.convert(lone).split('\n')[1], /^https:\/\/s\.click/);
  } finally {
    converter.free();
  }
});

/** Asserts that `call` throws an AfflinkError with `code` (never a trap or a TypeError). */
function refused(call, code, pattern) {
  assert.throws(call, (e) => {
    assert.ok(e instanceof AfflinkError, `${e && e.name}: ${e && e.message}`);
    assert.equal(e.code, code);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

test('wrong arguments are refused with invalid_argument, never a WebAssembly trap', () => {
  const converter = new LinkConverter(['aff-short-key'], ['_dT5B1bR']);
  try {
    for (const v of [5, {}, true, null, undefined, [], 10n, Symbol('s'), () => 'x']) {
      refused(() => converter.convert(v), 'invalid_argument', /hrefs must be a string/);
      refused(() => converter.reasons(v), 'invalid_argument', /hrefs must be a string/);
      refused(() => converter.convertUtf8(v), 'invalid_argument', /Uint8Array/);
      refused(() => converter.setPlatform(v), 'invalid_argument', /name must be a string/);
    }
    refused(() => converter.convertUtf8('https://www.aliexpress.com/item/1.html'), 'invalid_argument');
    // Still usable, and the answers are those of strings.
    const product = 'https://www.aliexpress.com/item/1005006123456789.html';
    assert.match(converter.convert(product), /^https:\/\/s\.click\.aliexpress\.com\//);
    assert.equal(converter.reasons('https://example.com/'), 'unknown_host');
  } finally {
    converter.free();
  }
});

test('the settings must be two arrays of strings of the same length', () => {
  refused(() => new LinkConverter(), 'invalid_argument', /names must be an array/);
  refused(() => new LinkConverter(['aff-short-key']), 'invalid_argument', /values must be an array/);
  refused(() => new LinkConverter(null, null), 'invalid_argument');
  refused(() => new LinkConverter('aff-short-key', 'K'), 'invalid_argument');
  refused(() => new LinkConverter(['aff-short-key', 'af'], ['K', 5]), 'invalid_argument', /values\[1\] must be a string/);
  refused(() => new LinkConverter([5], ['K']), 'invalid_argument', /names\[0\]/);
  // A sparse array's hole is not a string either.
  refused(() => new LinkConverter(['aff-short-key', 'af'], new Array(2)), 'invalid_argument', /values\[0\]/);
  // Arrays of different lengths: refused, where `af` used to be dropped in silence.
  refused(() => new LinkConverter(['aff-short-key', 'af'], ['K']), 'invalid_argument', /same length.*2 and 1/);
  refused(() => new LinkConverter(['aff-short-key'], ['K', 'blog']), 'invalid_argument', /same length/);
  // A refusal of the settings themselves is still read, not thrown.
  const converter = new LinkConverter(['aff-short-key'], ['bad key']);
  assert.notEqual(converter.errorCode(), '');
  converter.free();
});

test('a freed converter refuses every call but free() with an AfflinkError', () => {
  const converter = new LinkConverter(['aff-short-key'], ['_dT5B1bR']);
  converter.free();
  const calls = [
    () => converter.convert('https://www.aliexpress.com/item/1005006123456789.html'),
    () => converter.convertUtf8(new Uint8Array()),
    () => converter.reasons(''),
    () => converter.errorCode(),
    () => converter.errorMessage(),
    () => converter.warnings(),
    () => converter.enabled(),
    () => converter.disclosure(),
    () => converter.setPlatform('wap'),
  ];
  for (const call of calls) refused(call, 'invalid_argument', /freed/);
  converter.free(); // a second free does nothing
});
