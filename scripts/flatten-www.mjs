// Flattens the web sources into the site: every file under www/ (organised in folders:
// widget/, elements/<name>/, elements/shared/, demo/) is copied to dist/<its file name>, so
// every URL a blog or an embedder uses stays one flat folder (docs/ELEMENTS.md lists them).
//
// In the sources, a script imports another source by its path in www/
// (`../shared/afflink-ui.js`); the copy in dist/ imports it by its file name
// (`./afflink-ui.js`). Paths into what the build generates (`./pkg/…`, `./convert/…`) are
// already site URLs and are left alone.
//
//   node scripts/flatten-www.mjs www dist    copy and rewrite
//   node scripts/flatten-www.mjs --check dist  every relative import in dist/ names a file
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

// A relative module specifier in `from '…'`, `import '…'`, `import('…')` or
// `new URL('…', import.meta.url)`.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*|new URL\(\s*)(['"])(\.\.?\/[^'"]+)\2/g;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function fail(message) {
  console.error(`flatten-www: ${message}`);
  process.exit(1);
}

function flatten(src, out) {
  const files = walk(src);
  const byName = new Map();
  for (const path of files) {
    const name = basename(path);
    if (byName.has(name)) fail(`two sources would be dist/${name}: ${byName.get(name)} and ${path}`);
    byName.set(name, path);
  }
  mkdirSync(out, { recursive: true });
  for (const path of files) {
    const target = join(out, basename(path));
    if (!path.endsWith('.js')) {
      copyFileSync(path, target);
      continue;
    }
    const text = readFileSync(path, 'utf8').replace(SPECIFIER, (whole, before, quote, spec) => {
      const resolved = resolve(dirname(path), spec);
      if (!existsSync(resolved)) return whole; // a site URL (pkg/, convert/): checked after the build
      const name = basename(resolved);
      if (!byName.has(name) || resolve(byName.get(name)) !== resolved) {
        fail(`${path} imports ${spec}, which is not a web source`);
      }
      return `${before}${quote}./${name}${quote}`;
    });
    writeFileSync(target, text);
  }
  console.log(`flatten-www: ${files.length} files from ${src}/ into ${out}/`);
}

function check(site) {
  let n = 0;
  for (const path of walk(site).filter((p) => p.endsWith('.js'))) {
    for (const [, , , spec] of readFileSync(path, 'utf8').matchAll(SPECIFIER)) {
      if (spec.includes('${')) continue;
      if (!existsSync(resolve(dirname(path), spec))) fail(`${path} imports ${spec}, which is not in ${site}/`);
      n++;
    }
  }
  console.log(`flatten-www: every relative import in ${site}/ resolves (${n} checked)`);
}

const args = process.argv.slice(2);
if (args[0] === '--check') check(args[1] ?? 'dist');
else flatten(args[0] ?? 'www', args[1] ?? 'dist');
