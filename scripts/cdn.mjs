// The versioned CDN folder of a build: dist/cdn/afflink@VERSION/ holds every file a page may
// load (the loader, the converter and its worker, the tool elements, the conversion-only
// module and the package's browser files), rewritten by each build, and sri.json maps each
// of them to its Subresource Integrity string (`sha384-…`). A release bumps the version, so
// a published folder never changes. See docs/WIDGET.md.
// Usage: node scripts/cdn.mjs [DIST]   (run by scripts/build.sh)
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashes } from './sri.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] ?? join(ROOT, 'dist');
const version = /^version = "([^"]+)"/m.exec(readFileSync(join(ROOT, 'Cargo.toml'), 'utf8'))[1];
/** The demo page's own files: not part of what a blog or an embedder loads. */
const DEMO = new Set(['index.html', 'demo.js', 'style.css']);

const folder = join(dist, 'cdn', `afflink@${version}`);
rmSync(join(dist, 'cdn'), { recursive: true, force: true });
const files = hashes(dist).filter((r) => !DEMO.has(r.file));
for (const { file } of files) {
  mkdirSync(dirname(join(folder, file)), { recursive: true });
  cpSync(join(dist, file), join(folder, file));
}
// The package's version file: the snippet generator reads it (./pkg/package.json) for the
// pinned tag, so the folder is complete for every module it holds.
cpSync(join(dist, 'pkg', 'package.json'), join(folder, 'pkg', 'package.json'));
const sri = Object.fromEntries(hashes(folder).map((r) => [r.file, r.integrity]));
writeFileSync(join(folder, 'sri.json'), `${JSON.stringify({ version, files: sri }, null, 2)}\n`);
console.log(`cdn: ${Object.keys(sri).length} files in ${folder} with sri.json`);
