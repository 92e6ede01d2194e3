// Browser test of the snippet generator ("Add to your blog", <afflink-snippet-generator>) for
// issue 17, at a desktop and a phone size: no silent traps (the hosting address, no tag and no
// copy while a setting is in error, nothing marked before typing), problems at the field, the
// "Host the files" section (and that the tag loads exactly the files it lists), plain labels,
// a phone layout with nothing scrolling sideways, no shortcut hints on touch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT, SIZES, fieldState, fitsInHost, sidewaysScrollers, useBrowser } from './harness.mjs';
import { KEY_ORIGIN, TRACKING_LABELS } from '../../www/elements/shared/afflink-ui.js';
import { CONVERSION_FILES, TOOL_FILES } from '../../www/elements/snippet-generator/afflink-snippet-hosting.js';

const { openPage, baseUrl } = useBrowser();
const HOSTING = JSON.parse(readFileSync(join(ROOT, 'tests', 'cases', 'hosting-urls.json'), 'utf8')).cases;
const { version } = JSON.parse(readFileSync(join(DIST, 'pkg', 'package.json'), 'utf8'));
const VERSIONED = join(DIST, 'cdn', `afflink@${version}`);
const HOSTING_LABEL = 'Where the afflink files are hosted';

const generator = (page) => page.locator('afflink-snippet-generator');
const setting = (page, name) => generator(page).locator(`input[data-setting="${name}"]`);
const hostingField = (page) => generator(page).getByLabel(HOSTING_LABEL, { exact: true });
const copyButton = (page) => generator(page).getByRole('button', { name: 'Copy the script tag' });

/** Waits until `fn(host, arg)` is true for the generator (polled; no timing is asserted). */
async function until(page, fn, arg) {
  for (let i = 0; i < 300; i++) {
    // (Before the element is defined it has no shadow root: not yet.)
    if ((await generator(page).evaluate((host) => !!host.shadowRoot)) && (await generator(page).evaluate(fn, arg ?? null))) return;
    await page.waitForTimeout(50);
  }
  assert.fail(`never true: ${fn}`);
}

/** The tag area: the tag shown (or null), the text saying why not, the copy button's state. */
function tagArea(page) {
  return generator(page).evaluate((host) => {
    const root = host.shadowRoot;
    const output = root.querySelector('textarea.sg-output');
    const why = root.querySelector('.sg-no-tag');
    return {
      tag: output.hidden || output.getBoundingClientRect().height === 0 ? null : output.value,
      why: why.hidden ? null : why.textContent,
      copyDisabled: [...root.querySelectorAll('button')].find((b) => b.textContent === 'Copy the script tag').disabled,
      state: root.querySelector('.sg-status').dataset.state,
      status: root.querySelector('.sg-status').textContent,
      snippet: host.snippet,
    };
  });
}

const open = (device, options = {}) => openPage({ device, ...options });

for (const [size, device] of Object.entries(SIZES)) {
  test(`${size}: on first load nothing is marked in error; a neutral prompt, no tag, copy disabled`, async () => {
    const { context, page, problems } = await open(device);
    try {
      await until(page, (host) => host.shadowRoot.querySelector('.sg-status').dataset.state === 'idle' && host.shadowRoot.querySelector('.sg-status').textContent !== '');
      const area = await tagArea(page);
      assert.equal(area.state, 'idle');
      assert.match(area.status, /^Fill in your aff_short_key \(AliExpress\) or an Alibaba\.com link template/);
      assert.doesNotMatch(area.status, /no_program_settings|\[/);
      assert.equal(area.tag, null);
      assert.match(area.why, /^No tag yet: fill in your aff_short_key/);
      assert.equal(area.copyDisabled, true);
      assert.equal(area.snippet, '');
      const key = await fieldState(setting(page, 'aff-short-key'));
      assert.equal(key.anyInvalid, 0);
      assert.equal(key.anyProblemShown, false);
      // The address filled in for the user (this page's folder, plain http here) is not warned about until touched.
      assert.equal((await fieldState(hostingField(page))).kind, null);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: the key and tracking fields use the shared words; the key's hint is KEY_ORIGIN`, async () => {
    const { context, page, problems } = await open(device);
    try {
      const key = generator(page).getByLabel('Your aff_short_key', { exact: true });
      assert.equal(await key.getAttribute('data-setting'), 'aff-short-key');
      const hint = await key.evaluate((input) => input.getRootNode().getElementById(input.getAttribute('aria-describedby').split(' ')[0]).textContent);
      assert.ok(hint.startsWith(KEY_ORIGIN), hint);
      for (const [name, label] of Object.entries(TRACKING_LABELS)) {
        assert.equal(await generator(page).getByLabel(label, { exact: true }).getAttribute('data-setting'), name);
      }
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: every hosting address of tests/cases/hosting-urls.json is refused, warned about or used as the case says`, async () => {
    const { context, page, problems } = await open(device);
    try {
      await setting(page, 'aff-short-key').fill('_dT5B1bR');
      await until(page, (host) => host.shadowRoot.querySelector('.sg-status').dataset.state === 'ok');
      for (const c of HOSTING) {
        const where = `${JSON.stringify(c.value)} (${c.note})`;
        await hostingField(page).fill(c.value);
        // `el.base` is what the field holds, as typed (docs/ELEMENTS.md).
        assert.equal(await generator(page).evaluate((host) => host.base), c.value, where);
        if (c.expect.error) {
          await until(page, (host) => host.shadowRoot.querySelector('.sg-status').dataset.state === 'error');
          const state = await fieldState(hostingField(page));
          assert.equal(state.invalid, 'true', where);
          assert.equal(state.kind, 'error', where);
          assert.equal(state.code, c.expect.error, where);
          assert.ok(state.message.length > 20 && /^[A-Z]/.test(state.message), `${where}: a sentence first: ${state.message}`);
          assert.equal(state.next, true, `${where}: the message is next to the field`);
          const area = await tagArea(page);
          assert.equal(area.tag, null, `${where}: no tag`);
          assert.equal(area.snippet, '', where);
          assert.match(area.why, /^No tag yet/, where);
          assert.equal(area.copyDisabled, true, where);
          assert.match(area.status, new RegExp(`^Fix the setting marked above: ${HOSTING_LABEL}\\.`), where);
          assert.equal(await copyButton(page).isDisabled(), true, where);
        } else {
          await until(page, (host, src) => host.shadowRoot.querySelector('textarea.sg-output').value.startsWith(`<script async src="${src}"`), c.expect.src);
          const state = await fieldState(hostingField(page));
          assert.equal(state.invalid, null, `${where}: not marked invalid`);
          assert.equal(state.kind, c.expect.warning ? 'warning' : null, where);
          assert.equal(state.code, c.expect.warning ?? null, where);
          if (c.expect.warning) assert.equal(state.next, true, where);
          const area = await tagArea(page);
          assert.equal(area.tag, `<script async src="${c.expect.src}"\n        data-aff-short-key="_dT5B1bR"></script>`, where);
          assert.equal(area.snippet, area.tag, where);
          assert.equal(area.copyDisabled, false, where);
          assert.equal(area.state, c.expect.warning ? 'warning' : 'ok', where);
        }
      }
      // And the other way: setting `el.base` fills the field.
      await generator(page).evaluate((host) => {
        host.base = '/afflink/';
      });
      assert.equal(await hostingField(page).inputValue(), '/afflink/');
      assert.equal(await generator(page).evaluate((host) => host.base), '/afflink/');
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: a bad key is an error at the key field; no tag and no copy until it is fixed`, async () => {
    const { context, page, problems } = await open(device);
    try {
      await setting(page, 'aff-short-key').fill('not a key!');
      await until(page, (host) => host.shadowRoot.querySelector('.sg-status').dataset.state === 'error');
      const key = await fieldState(setting(page, 'aff-short-key'));
      assert.equal(key.invalid, 'true');
      assert.equal(key.code, 'invalid_setting');
      // The core's sentence, without the `data-aff-short-key: ` it starts with in the status.
      assert.match(key.message, /^[A-Z].*aff_short_key/);
      assert.doesNotMatch(key.message, /^data-/);
      assert.equal(key.next, true);
      assert.equal(key.anyInvalid, 1);
      let area = await tagArea(page);
      assert.equal(area.tag, null);
      assert.equal(area.copyDisabled, true);
      assert.match(area.status, /^Fix the setting marked above: Your aff_short_key\. No tag is shown until then\./);
      // Two settings in error: both marked, both named.
      await setting(page, 'disclosure').fill('x'.repeat(201));
      await hostingField(page).fill('afflink/');
      await until(page, (host) => /^Fix the 3 settings/.test(host.shadowRoot.querySelector('.sg-status').textContent));
      assert.equal((await fieldState(setting(page, 'disclosure'))).invalid, 'true');
      assert.equal((await fieldState(hostingField(page))).invalid, 'true');
      area = await tagArea(page);
      assert.match(area.status, /Your aff_short_key, Disclosure text, Where the afflink files are hosted/);
      assert.equal(area.copyDisabled, true);
      // Fixed: the marks go, the tag and the copy button come back.
      await setting(page, 'aff-short-key').fill('_dT5B1bR');
      await setting(page, 'disclosure').fill('(affiliate link)');
      await hostingField(page).fill('https://cdn.example/afflink/');
      await until(page, (host) => host.shadowRoot.querySelector('.sg-status').dataset.state === 'ok' && host.shadowRoot.querySelector('textarea.sg-output').value.includes('data-disclosure'));
      assert.equal((await fieldState(setting(page, 'aff-short-key'))).anyInvalid, 0);
      area = await tagArea(page);
      assert.equal(area.tag, '<script async src="https://cdn.example/afflink/afflink.js"\n        data-aff-short-key="_dT5B1bR"\n        data-disclosure="(affiliate link)"></script>');
      assert.equal(area.copyDisabled, false);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: a refused key does not hide a refused tracking value: both are marked`, async () => {
    const { context, page, problems } = await open(device);
    try {
      await setting(page, 'aff-short-key').waitFor();
      // (A control character cannot be typed: set through the API, as a page would.)
      await generator(page).evaluate((host) => {
        host.settings = { 'aff-short-key': 'bad key', cn: 'spring\u0001sale', af: 'blog' };
      });
      await until(page, (host) => /^Fix the 2 settings/.test(host.shadowRoot.querySelector('.sg-status').textContent));
      assert.equal((await fieldState(setting(page, 'aff-short-key'))).invalid, 'true');
      const cn = await fieldState(setting(page, 'cn'));
      assert.equal(cn.invalid, 'true');
      assert.equal(cn.code, 'invalid_setting');
      assert.match(cn.message, /control characters/);
      // No warning that af is set without a key: the key is there, only refused.
      assert.equal((await fieldState(setting(page, 'af'))).kind, null);
      assert.equal((await tagArea(page)).copyDisabled, true);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: a tracking value without its program is a warning at that field, and the tag still works`, async () => {
    const { context, page, problems } = await open(device);
    try {
      await setting(page, 'aff-short-key').fill('_dT5B1bR');
      await setting(page, 'pid').fill('blog');
      await until(page, (host) => host.shadowRoot.querySelector('.sg-status').dataset.state === 'warning');
      const pid = await fieldState(setting(page, 'pid'));
      assert.equal(pid.invalid, null);
      assert.equal(pid.kind, 'warning');
      assert.equal(pid.code, 'invalid_setting');
      assert.match(pid.message, /data-pid.*data-alibaba-template/);
      assert.equal(pid.next, true);
      const area = await tagArea(page);
      assert.ok(area.tag.includes('data-pid="blog"'));
      assert.equal(area.copyDisabled, false);
      assert.match(area.status, /^The tag works, with a warning:/);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: "Host the files" lists the files, the .wasm type, CORS and the pinned tag, and links reach it`, async () => {
    const { context, page, problems } = await open(device);
    try {
      const section = generator(page).locator('section#host-the-files');
      await section.waitFor();
      assert.equal(await section.getByRole('heading', { level: 3 }).textContent(), 'Host the files');
      const listed = await section.locator('.sg-file-name').evaluateAll((nodes) => nodes.map((n) => n.dataset.file));
      assert.deepEqual(listed, [...CONVERSION_FILES, ...TOOL_FILES].map(([file]) => file));
      const text = await section.textContent();
      assert.match(text, /Content-Type: application\/wasm/);
      assert.match(text, /Access-Control-Allow-Origin: \*/);
      assert.match(text, /cdn\/afflink@VERSION\//);
      assert.match(text, /integrity/);
      assert.match(text, /crossorigin="anonymous"/);
      // The pin box is in the section.
      assert.equal(await section.getByLabel('Pin this release (Subresource Integrity)').count(), 1);
      // The page's link and the hosting field's link bring the section on screen.
      const onScreen = () => section.evaluate((s) => {
        const r = s.getBoundingClientRect();
        return r.top >= -1 && r.top < innerHeight / 2;
      });
      await page.evaluate(() => scrollTo(0, 0));
      await page.locator('p.tool-intro a[href="#host-the-files"]').click();
      await page.waitForFunction(() => location.hash === '#host-the-files');
      await assert.doesNotReject(page.waitForFunction(() => {
        const s = document.querySelector('afflink-snippet-generator').shadowRoot.getElementById('host-the-files');
        const r = s.getBoundingClientRect();
        return r.top >= -1 && r.top < innerHeight / 2;
      }));
      await page.evaluate(() => scrollTo(0, 0));
      assert.equal(await onScreen(), false);
      await generator(page).getByRole('link', { name: 'Host the files' }).click();
      assert.equal(await onScreen(), true);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: phone layout: nothing scrolls sideways, the tag wraps, buttons stay in the box; shortcut hints only with a keyboard`, async () => {
    const { context, page, problems } = await open(device);
    try {
      await setting(page, 'aff-short-key').fill('_dT5B1bR');
      await setting(page, 'cn').fill('a-very-long-campaign-name-without-any-space-that-would-not-fit-on-a-phone-screen-at-all');
      await setting(page, 'alibaba-template').fill('https://click.alibaba.com/rd/pc4x9k?url={product_url}&with=a-long-query-string-that-keeps-going-and-going');
      await hostingField(page).fill('http://cdn.example/a/very/long/folder/name/for/the/afflink/files/');
      await until(page, (host) => host.shadowRoot.querySelector('textarea.sg-output').value.includes('data-alibaba-template='));
      assert.deepEqual(await sidewaysScrollers(page, 'afflink-snippet-generator'), []);
      const fit = await fitsInHost(generator(page), 'textarea.sg-output', 'button, input, textarea, .sg-host, .sg-status, .afflink-field-problem');
      assert.equal(fit.wraps, true, 'the tag wraps in its box');
      assert.deepEqual(fit.outside, []);
      // Errors shown: still nothing sideways.
      await hostingField(page).fill('myblog.example/a/very/long/folder/name/for/the/afflink/files/without/a/scheme');
      await until(page, (host) => host.shadowRoot.querySelector('.sg-status').dataset.state === 'error');
      assert.deepEqual(await sidewaysScrollers(page, 'afflink-snippet-generator'), []);

      // Copying refused: the tag is selected, and "Ctrl+C" is said only where there is a keyboard.
      await hostingField(page).fill('https://cdn.example/afflink/');
      await until(page, (host) => host.shadowRoot.querySelector('.sg-status').dataset.state === 'ok');
      await page.evaluate(() => {
        Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('refused')) }, configurable: true });
        document.execCommand = () => false;
      });
      await copyButton(page).click();
      const status = generator(page).locator('.sg-action-status');
      await status.filter({ hasText: 'did not allow copying' }).waitFor();
      const hint = status.locator('.afflink-shortcut');
      assert.equal(await hint.textContent(), ' Press Ctrl+C (⌘+C on a Mac).');
      assert.equal(await hint.isVisible(), size === 'desktop');
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });

  test(`${size}: a page with the tag loads exactly the files "Host the files" lists for converting links`, async () => {
    const blog = new URL('my-blog-post.html', baseUrl()).href;
    const html = `<!doctype html><html><head><title>post</title></head><body>
      <p><a href="https://www.aliexpress.com/item/1005006123456789.html">a product</a></p>
      <script async src="afflink.js" data-aff-short-key="_dT5B1bR"></script></body></html>`;
    const { context, page, problems, requests } = await open(device, {
      url: blog,
      route: { url: blog, handler: (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }) },
    });
    try {
      await page.waitForFunction(() => document.querySelector('a[data-afflink-original]'), null, { timeout: 15000 });
      const root = new URL('./', blog).href;
      const loaded = [...new Set(requests.filter((u) => u !== blog).map((u) => u.slice(root.length)))].sort();
      assert.deepEqual(loaded, CONVERSION_FILES.map(([file]) => file).sort());
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });
}

test('every file "Host the files" lists is in dist/ and in the versioned folder', () => {
  const matches = (dir, pattern) => {
    if (pattern.endsWith('/')) return existsSync(join(dir, pattern)) ? [pattern] : [];
    if (!pattern.includes('*')) return existsSync(join(dir, pattern)) ? [pattern] : [];
    const re = new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace('*', '[^/]+')}$`);
    return readdirSync(dir).filter((name) => re.test(name));
  };
  for (const dir of [DIST, VERSIONED]) {
    for (const [file] of [...CONVERSION_FILES, ...TOOL_FILES]) {
      assert.ok(matches(dir, file).length > 0, `${file} is in ${dir}`);
    }
  }
  // The tool files: afflink-tools.js and the other afflink-*.js files of the build.
  assert.ok(matches(DIST, 'afflink-*.js').length > 10);
});
