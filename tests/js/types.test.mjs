// The package's type declarations against what it does (Node only: it reads the installed
// package's files; the type-check itself is the consumer project's `tsc`, scripts/test.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { init, codeMessages } from 'afflink';

/** A file of the installed package, by its path in the package. */
function packageFile(path) {
  return new URL(path, pathToFileURL(createRequire(import.meta.url).resolve('afflink/package.json')));
}

test('codeMessages() is typed with exactly the codes it lists: every code but the CLI-only ones', async () => {
  await init();
  const dts = await readFile(packageFile('afflink.d.ts'), 'utf8');
  const union = (name) => {
    const m = new RegExp(`export type ${name} =([^;]*);`).exec(dts);
    assert.ok(m, `afflink.d.ts declares ${name}`);
    return [...m[1].matchAll(/"(\w+)"/g)].map((x) => x[1]);
  };
  const reasons = ['PageReasonCode', 'AffiliateLinkReasonCode', 'ShortLinkReasonCode', 'RejectedReasonCode'].flatMap(union);
  const all = [...reasons, ...union('AfflinkCode')];
  const cliOnly = union('CliOnlyCode');
  assert.equal(cliOnly.length, 12);
  for (const c of cliOnly) assert.ok(all.includes(c), c);
  assert.match(dts, /export type PackageCode = Exclude<AfflinkCode, CliOnlyCode>;/);
  assert.match(dts, /export declare function codeMessages\(\): Record<PackageCode, string>;/);
  assert.deepEqual(Object.keys(codeMessages()).sort(), all.filter((c) => !cliOnly.includes(c)).sort());
});

test('the subpath afflink/wasm has types (a default export: the URL a bundler gives)', async () => {
  const pkg = JSON.parse(await readFile(packageFile('package.json'), 'utf8'));
  const entry = pkg.exports['./wasm'];
  assert.equal(typeof entry, 'object', 'a conditional export with types');
  assert.deepEqual(Object.keys(entry), ['types', 'default'], 'types first');
  assert.equal(entry.default, './afflink_wasm_bg.wasm');
  const dts = await readFile(packageFile(entry.types), 'utf8');
  assert.match(dts, /declare const wasmUrl: string;\s*export default wasmUrl;/);
});
