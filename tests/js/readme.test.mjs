// The package README's JavaScript examples run as written against the installed package,
// and their `// →` result comments hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('afflink/package.json'));
const readme = await readFile(join(pkgDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

test('the package README has JavaScript examples', () => {
  assert.ok(blocks.length >= 1);
});

blocks.forEach((code, i) => {
  test(`README example ${i + 1} runs and its results hold`, async () => {
    // `expr; // → value` lines become assertions.
    const checked = code.replace(/^(.*?);\s*\/\/ → (.+)$/gm, (_, expr, want) =>
      `assertDeep(${expr.replace(/^\s*(const|let)\s+\w+\s*=\s*/, '')}, ${want});`);
    const file = new URL(`./readme-example-${i + 1}.mjs`, import.meta.url);
    await writeFile(file, `import { deepStrictEqual as assertDeep } from 'node:assert/strict';\n${checked}`);
    try {
      execFileSync(process.execPath, [file.pathname], { stdio: 'pipe' });
    } catch (e) {
      assert.fail(`example ${i + 1} failed:\n${checked}\n${e.stderr}`);
    } finally {
      await rm(file, { force: true });
    }
  });
});
