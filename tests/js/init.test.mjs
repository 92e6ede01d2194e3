// init(source) in Node: every kind of source wasm-bindgen's initialiser takes, plus a path
// and a file: URL, each in a Node process of its own (the module's state is per process),
// and the refusal of a second, different source. The same in Chromium:
// tests/e2e/init-sources.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const wasmUrl = new URL('./afflink_wasm_bg.wasm', import.meta.resolve('afflink'));

/** Runs `body` (with `init`, `classifyUrl`, `AfflinkError`, `wasmUrl`, `readFile` in scope) in a fresh Node process; returns its stdout. */
function inFreshProcess(body) {
  const script = `
    import { init, classifyUrl, AfflinkError } from 'afflink';
    import { readFile } from 'node:fs/promises';
    import { fileURLToPath } from 'node:url';
    const wasmUrl = new URL(${JSON.stringify(wasmUrl.href)});
    ${body}
    console.log(classifyUrl('https://www.aliexpress.com/item/1005006123456789.html').productId);`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('..', import.meta.url), encoding: 'utf8' }).trim();
}

const SOURCES = {
  'no source (the entry reads the file next to it)': 'await init();',
  'a path': 'await init(fileURLToPath(wasmUrl));',
  'a file: URL object': 'await init(wasmUrl);',
  'a file: URL string': 'await init(wasmUrl.href);',
  // `'file:' + path`, as a URL with one slash, and a data: URL were read as paths (ENOENT, ENAMETOOLONG).
  'a file: URL string with one slash': "await init('file:' + fileURLToPath(wasmUrl));",
  'a data: URL': "await init('data:application/wasm;base64,' + (await readFile(wasmUrl)).toString('base64'));",
  '{ module_or_path: path }': 'await init({ module_or_path: fileURLToPath(wasmUrl) });',
  'bytes (a Buffer)': 'await init(await readFile(wasmUrl));',
  'an ArrayBuffer': 'const b = await readFile(wasmUrl); await init(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));',
  'a compiled WebAssembly.Module': 'await init(await WebAssembly.compile(await readFile(wasmUrl)));',
  'a Response': "await init(new Response(await readFile(wasmUrl), { headers: { 'Content-Type': 'application/wasm' } }));",
  'a promise of a Response': "await init({ module_or_path: Promise.resolve(new Response(await readFile(wasmUrl), { headers: { 'Content-Type': 'application/wasm' } })) });",
  'the same source twice, then none (idempotent)': 'await init(wasmUrl); await init(wasmUrl); await init();',
};

for (const [name, body] of Object.entries(SOURCES)) {
  test(`init takes ${name}`, () => {
    assert.equal(inFreshProcess(body), '1005006123456789');
  });
}

test('a second init with another source is refused with already_initialized, and the module stays usable', () => {
  const out = inFreshProcess(`
    await init(wasmUrl);
    const e = await init(await readFile(wasmUrl)).then(() => null, (e) => e);
    if (!(e instanceof AfflinkError) || e.code !== 'already_initialized') throw new Error('not refused: ' + e);
    console.log(e.code);`);
  assert.deepEqual(out.split('\n'), ['already_initialized', '1005006123456789']);
});

test('a source that is not a WebAssembly module fails, and init can be retried', () => {
  const out = inFreshProcess(`
    const failed = await init(new Uint8Array([1, 2, 3])).then(() => false, () => true);
    console.log(failed);
    await init();`);
  assert.deepEqual(out.split('\n'), ['true', '1005006123456789']);
});

test('the .wasm file is the subpath afflink/wasm, for bundlers and servers', async () => {
  const { createRequire } = await import('node:module');
  const { fileURLToPath } = await import('node:url');
  const resolved = import.meta.resolve('afflink/wasm');
  assert.equal(resolved, wasmUrl.href);
  assert.equal(createRequire(import.meta.url).resolve('afflink/wasm'), fileURLToPath(wasmUrl));
  assert.equal(inFreshProcess(`await init(fileURLToPath(import.meta.resolve('afflink/wasm')));`), '1005006123456789');
});

test('a source of another type is refused with invalid_argument, and init can then load', () => {
  const out = inFreshProcess(`
    const sources = [42, null, true, 10n, Symbol('s'), () => 'x', [1, 2], { module_or_path: 42 }, { module_or_path: { module_or_path: 'x' } },
      { modulePath: fileURLToPath(wasmUrl) }, { module_or_path: fileURLToPath(wasmUrl), extra: 1 }];
    for (const source of sources) {
      const p = init(source);
      if (!(p instanceof Promise)) throw new Error('not a promise');
      const e = await p.then(() => null, (e) => e);
      if (!(e instanceof AfflinkError)) throw new Error(String(source?.toString?.()) + ': ' + e);
      console.log(e.code + ' ' + e.message);
    }
    // { } gives no source, as { module_or_path: undefined } does: the file next to the entry.
    await init({});`);
  const lines = out.split('\n');
  assert.equal(lines.length, 12);
  for (const line of lines.slice(0, 11)) assert.match(line, /^invalid_argument \S.{20,}[.?]$/);
  assert.match(lines[0], /not a number/);
  assert.match(lines[1], /not null/);
  assert.match(lines[6], /not an array/);
  assert.match(lines[8], /not an object/);
  assert.match(lines[9], /Unknown key "modulePath" in init\(\)'s options\. Did you mean "module_or_path"\?/);
  assert.match(lines[10], /Unknown key "extra"/);
  assert.equal(lines[11], '1005006123456789');
});

test('a missing file rejects with the engine\'s error, and init can be retried', () => {
  const out = inFreshProcess(`
    const e = await init('/nonexistent/afflink.wasm').then(() => null, (e) => e);
    console.log(e && e.code);
    await init();`);
  assert.deepEqual(out.split('\n'), ['ENOENT', '1005006123456789']);
});
