// Size report: raw, gzip (-9) and brotli (quality 11) bytes of the built artifacts.
// Usage: node scripts/size.mjs [--json FILE]   (run after scripts/build.sh)
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const ROOT = new URL('..', import.meta.url);
const FILES = [
  ['wasm module', 'pkg/afflink_wasm_bg.wasm'],
  ['wasm-bindgen glue', 'pkg/afflink_wasm.js'],
  ['JS front (api.js)', 'pkg/api.js'],
  ['loader (init.js)', 'pkg/init.js'],
  ['browser entry', 'pkg/browser.js'],
  ['node entry', 'pkg/node.js'],
];

function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

const rows = FILES.map(([label, path]) => ({ label, path, ...sizes(readFileSync(new URL(path, ROOT))) }));
const browserTotal = rows
  .filter((r) => r.path !== 'pkg/node.js')
  .reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
rows.push({ label: 'total a browser loads', path: '(all but node.js)', ...browserTotal });

const pad = (s, n) => String(s).padEnd(n);
const num = (n) => String(n).padStart(9);
console.log(`${pad('artifact', 24)}${pad('file', 28)}${num('raw')}${num('gzip')}${num('brotli')}`);
for (const r of rows) console.log(`${pad(r.label, 24)}${pad(r.path, 28)}${num(r.raw)}${num(r.gzip)}${num(r.brotli)}`);

const jsonAt = process.argv.indexOf('--json');
if (jsonAt !== -1) writeFileSync(process.argv[jsonAt + 1], JSON.stringify(rows, null, 2) + '\n');
