// Subresource Integrity hashes of a build: the sha384 value of every script and module file
// in dist/, and a ready script tag for the loader. See docs/WIDGET.md.
// Usage: node scripts/sri.mjs [DIR] [--base URL]   (after bash scripts/build.sh; DIR: dist)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `sha384-…` of some bytes, as the `integrity` attribute wants it. */
export function integrity(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

function files(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

/** `[{ file, integrity }]` for every .js, .mjs and .wasm file under `dir`, sorted by path. */
export function hashes(dir) {
  return files(dir)
    .filter((path) => /\.(m?js|wasm)$/.test(path))
    .map((path) => ({ file: relative(dir, path).split(sep).join('/'), integrity: integrity(readFileSync(path)) }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const baseAt = args.indexOf('--base');
  const base = baseAt === -1 ? 'https://your-site.example/afflink/' : args.splice(baseAt, 2)[1];
  const dir = args[0] ?? fileURLToPath(new URL('../dist', import.meta.url));
  const rows = hashes(dir);
  if (!rows.some((r) => r.file === 'afflink.js')) {
    console.error(`sri: ${dir} has no afflink.js; run bash scripts/build.sh first`);
    process.exit(1);
  }
  const width = Math.max(...rows.map((r) => r.file.length));
  for (const r of rows) console.log(`${r.file.padEnd(width)}  ${r.integrity}`);
  const loader = rows.find((r) => r.file === 'afflink.js');
  console.log('\nThe loader, pinned:\n');
  console.log(
    `<script async src="${new URL('afflink.js', base)}"\n        integrity="${loader.integrity}" crossorigin="anonymous"\n        data-aff-short-key="KEY" data-af="myblog"></script>`
  );
}
