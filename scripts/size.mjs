// Size report: raw, gzip (-9) and brotli (quality 11) bytes of the built artifacts, and the
// totals a page loads: a blog page that only converts links, and a page with every tool.
// Usage: node scripts/size.mjs [--json FILE] [--check]   (run after scripts/build.sh)
//
// --check compares the brotli sizes with benches/size-budget.json and exits with 1 when an
// artifact or total has grown past its budget (sizes are deterministic for a given
// toolchain, so this is part of scripts/test.sh). Budgets are only ever lowered.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const ROOT = new URL('..', import.meta.url);

/** [label, path]: the npm package (pkg/), then the static site (dist/). */
const FILES = [
  ['wasm module', 'pkg/afflink_wasm_bg.wasm'],
  ['wasm-bindgen glue', 'pkg/afflink_wasm.js'],
  ['JS front (api.js)', 'pkg/api.js'],
  ['wasm loader (init.js)', 'pkg/init.js'],
  ['browser entry', 'pkg/browser.js'],
  ['node entry', 'pkg/node.js'],
  ['rewrite module (Node only: afflink/rewrite)', 'pkg/afflink_rewrite_bg.wasm'],
  ['wasm module for Node (built for speed; never downloaded)', 'pkg/afflink_wasm_node.wasm'],
  ['script tag loader', 'dist/afflink.js'],
  ['link converter module (old loaders; bundled now)', 'dist/afflink-links.js'],
  ['link converter worker', 'dist/afflink-convert-worker.js'],
  ['conversion-only glue', 'dist/convert/afflink_convert.js'],
  ['conversion-only wasm', 'dist/convert/afflink_convert_bg.wasm'],
  ['site copy of the glue (minified)', 'dist/pkg/afflink_wasm.js'],
  ['site copy of api.js (minified)', 'dist/pkg/api.js'],
  ['site copy of init.js (minified)', 'dist/pkg/init.js'],
  ['site copy of browser.js (minified)', 'dist/pkg/browser.js'],
  ['tools registry', 'dist/afflink-tools.js'],
  ['tools helpers', 'dist/afflink-ui.js'],
  ['tools shared styles', 'dist/afflink-styles.js'],
  ['tools worker (the calculator\'s bulk estimate)', 'dist/afflink-tools-worker.js'],
  ['tools CSV reader and writer', 'dist/afflink-csv.js'],
  ['calculator: check against your report', 'dist/afflink-commission-reconcile.js'],
  ['calculator: rate-card editor', 'dist/afflink-commission-card-editor.js'],
  ['calculator: one order', 'dist/afflink-commission-single.js'],
  ['calculator: many orders', 'dist/afflink-commission-bulk.js'],
  ['calculator: what its parts share', 'dist/afflink-commission-common.js'],
  ['link-builder: problems at the field', 'dist/afflink-link-builder-fields.js'],
  ['link-builder: template helper', 'dist/afflink-link-builder-template.js'],
  ['link-builder: many products', 'dist/afflink-link-builder-bulk.js'],
  ['postback-checker: the macros explained', 'dist/afflink-postback-macros.js'],
  ['snippet-generator: hosting the files', 'dist/afflink-snippet-hosting.js'],
  ...['link-checker', 'link-builder', 'postback-checker', 'commission-calculator', 'snippet-generator'].flatMap((tool) => [
    [`${tool} element`, `dist/afflink-${tool}.js`],
    [`${tool} styles`, `dist/afflink-${tool}-styles.js`],
  ]),
];

const PACKAGE_BROWSER = ['pkg/afflink_wasm_bg.wasm', 'pkg/afflink_wasm.js', 'pkg/api.js', 'pkg/init.js', 'pkg/browser.js'];
const CONVERTING = ['dist/afflink.js', 'dist/afflink-convert-worker.js', 'dist/convert/afflink_convert.js', 'dist/convert/afflink_convert_bg.wasm'];

function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

const rows = FILES.map(([label, path]) => {
  const url = new URL(path, ROOT);
  if (!existsSync(url)) {
    console.error(`size: ${path} is missing; run bash scripts/build.sh first`);
    process.exit(1);
  }
  return { label, path, ...sizes(readFileSync(url)) };
});

function total(label, path, paths) {
  const parts = rows.filter((r) => paths.includes(r.path));
  return parts.reduce((t, r) => ({ ...t, raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { label, path, raw: 0, gzip: 0, brotli: 0 });
}

// Each file is compressed on its own, as a server sends it; totals add those sizes.
// (afflink-links.js is bundled into afflink.js: no page of this build loads it.)
const tools = rows
  .filter((r) => r.path.startsWith('dist/afflink') && !CONVERTING.includes(r.path) && r.path !== 'dist/afflink-links.js')
  .map((r) => r.path);
// What a page with the tools loads of the package: the site's minified copy, and the module.
const SITE_PACKAGE = ['pkg/afflink_wasm_bg.wasm', 'dist/pkg/afflink_wasm.js', 'dist/pkg/api.js', 'dist/pkg/init.js', 'dist/pkg/browser.js'];
rows.push(total('full tools bundle: total a browser loads (npm package)', '(pkg/: browser entry, glue, module)', PACKAGE_BROWSER));
rows.push(total('total a link-converting blog page loads', '(afflink.js, converter, worker, convert/)', CONVERTING));
rows.push(
  total('every tool on a page (total)', '(afflink.js, tools, dist/pkg/)', ['dist/afflink.js', ...tools, ...SITE_PACKAGE])
);

const pad = (s, n) => String(s).padEnd(n);
const num = (n) => String(n).padStart(9);
console.log(`${pad('artifact', 56)}${pad('file', 40)}${num('raw')}${num('gzip')}${num('brotli')}`);
for (const r of rows) console.log(`${pad(r.label, 56)}${pad(r.path, 40)}${num(r.raw)}${num(r.gzip)}${num(r.brotli)}`);

const jsonAt = process.argv.indexOf('--json');
if (jsonAt !== -1) writeFileSync(process.argv[jsonAt + 1], JSON.stringify(rows, null, 2) + '\n');

if (process.argv.includes('--check')) {
  const budget = JSON.parse(readFileSync(new URL('benches/size-budget.json', ROOT), 'utf8'));
  let over = 0;
  for (const [label, max] of Object.entries(budget.brotli)) {
    const row = rows.find((r) => r.label === label);
    if (!row) {
      console.error(`size budget: no artifact is labelled "${label}"`);
      over++;
    } else if (row.brotli > max) {
      console.error(`size budget: ${label} is ${row.brotli} B brotli, over its budget of ${max} B`);
      over++;
    }
  }
  if (over) process.exit(1);
  console.log(`size budget: all ${Object.keys(budget.brotli).length} artifacts within benches/size-budget.json`);
}
