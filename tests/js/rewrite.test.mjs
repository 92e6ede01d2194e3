// `afflink/rewrite` through the installed package: the shared documents of
// tests/cases/rewrite/ (the ones in UTF-8: a JavaScript string cannot carry another
// encoding; `afflink rewrite` reads those files as bytes), and the platform scenarios.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { init, rewriteHtml, rewriteMarkdown, rewriteText, AfflinkError } from 'afflink/rewrite';
import { AfflinkError as MainError } from 'afflink';

const dir = new URL('../cases/rewrite/', import.meta.url);
const { documents } = JSON.parse(await readFile(new URL('cases.json', dir), 'utf8'));
const settings = JSON.parse(await readFile(new URL('afflink.json', dir), 'utf8'));
const convert = JSON.parse(await readFile(new URL('../cases/convert.json', import.meta.url), 'utf8'));
const BY_FORMAT = { html: rewriteHtml, markdown: rewriteMarkdown, text: rewriteText };
// The shared documents in another encoding than UTF-8 (the CLI's byte-for-byte cases).
const NOT_UTF8 = ['legacy.html', 'feed.txt'];

test('calls before init() are refused with not_initialized', () => {
  assert.throws(() => rewriteHtml('<p></p>', settings), (e) => e instanceof AfflinkError && e.code === 'not_initialized');
});

test('every UTF-8 shared document gives its expected output', async () => {
  await init();
  let checked = 0;
  for (const doc of documents) {
    const bytes = await readFile(new URL(doc.file, dir));
    const expectedName = doc.file.replace(/\.(\w+)$/, '.expected.$1');
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      assert.ok(NOT_UTF8.includes(doc.file), `${doc.file} is not UTF-8`);
      continue;
    }
    const expected = await readFile(new URL(expectedName, dir), 'utf8');
    assert.equal(BY_FORMAT[doc.format](text, settings), expected, doc.file);
    checked++;
  }
  assert.equal(checked, documents.length - NOT_UTF8.length);
});

test('the platform option picks the Alibaba.com template (shared platform scenarios)', async () => {
  await init();
  let checked = 0;
  for (const s of convert.platformScenarios) {
    const text = s.links.map((l) => l.href).join('\n') + '\n';
    const want = s.links.map((l) => l.link).join('\n') + '\n';
    assert.equal(rewriteText(text, s.settings, { platform: s.platform }), want, s.name);
    checked += s.links.length;
  }
  assert.equal(checked, 12);
});

test('bad settings and arguments throw AfflinkError with the script tag codes', async () => {
  await init();
  const refused = (fn, code) => assert.throws(fn, (e) => e instanceof AfflinkError && e instanceof MainError && e.code === code);
  refused(() => rewriteHtml('<a href="x">x</a>', { affShortKey: 'not a key!' }), 'invalid_setting');
  refused(() => rewriteHtml('<a href="x">x</a>', {}), 'no_program_settings');
  refused(() => rewriteHtml(42, settings), 'invalid_argument');
  refused(() => rewriteHtml('', null), 'invalid_argument');
  // Settings that are not a plain object (a Map reads as no settings at all).
  refused(() => rewriteHtml('', new Map([['affShortKey', 'KEY']])), 'invalid_argument');
  refused(() => rewriteMarkdown('', settings, { platform: 'tablet' }), 'invalid_argument');
  // Conversion off: the document comes back as it was.
  const page = '<a href="https://www.aliexpress.com/item/1005006123456789.html">x</a>';
  assert.equal(rewriteHtml(page, { ...settings, convert: 'off' }), page);
});

test('the settings\' warnings reach onWarning (or console.warn), and the rewrite goes on', async () => {
  await init();
  const page = '<a href="https://www.aliexpress.com/item/1005006123456789.html">x</a>';
  const seen = [];
  const out = rewriteHtml(page, { affShortKey: 'KEY', afx: 'blog', pid: 'x' }, { onWarning: (w) => seen.push(w) });
  assert.match(out, /s\.click\.aliexpress\.com/);
  assert.deepEqual(seen.map((w) => w.code).sort(), ['invalid_setting', 'unknown_setting']);
  assert.ok(seen.every((w) => typeof w.message === 'string' && w.message.length > 10));
  assert.ok(seen.some((w) => w.message.includes('afx')), 'the unknown name is named');
  // No warnings for good settings; none either when the rewrite is refused (it throws).
  const none = [];
  rewriteText('x', settings, { onWarning: (w) => none.push(w) });
  assert.throws(() => rewriteText('x', { affShortKey: 'not a key!', afx: 'y' }, { onWarning: (w) => none.push(w) }));
  assert.deepEqual(none, []);
  // Without onWarning, console.warn gets `afflink/rewrite: message [code]`.
  const logged = [];
  const warn = console.warn;
  console.warn = (m) => logged.push(m);
  try {
    // Once per settings, not once per document of a build; other settings warn again.
    for (const doc of ['text', 'more text', 'a third']) rewriteMarkdown(doc, { affShortKey: 'KEY', afx: 'blog' });
    rewriteMarkdown('text', { affShortKey: 'KEY', afy: 'blog' });
  } finally {
    console.warn = warn;
  }
  assert.equal(logged.length, 2, logged.join('\n'));
  assert.match(logged[0], /^afflink\/rewrite: .*afx.* \[unknown_setting\]$/);
  assert.match(logged[1], /afy/);
  assert.throws(() => rewriteText('x', settings, { onWarning: 'no' }), (e) => e instanceof AfflinkError && e.code === 'invalid_argument');
});
