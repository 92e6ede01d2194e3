// The script tag's LinkConverter through the installed package: the shared conversion
// scenarios of tests/cases/convert.json, Alibaba.com's template per platform included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { init, LinkConverter } from 'afflink';

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
