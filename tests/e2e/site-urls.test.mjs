// The site's URLs stay the same however www/ is organised: the build flattens the sources
// (scripts/flatten-www.mjs), and every URL in tests/cases/site-urls.json is served from dist/
// with its content type; every web source in www/ becomes exactly one file of the site.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { startServer, stopServer } from '../../scripts/serve.mjs';
import { DIST, ROOT } from './harness.mjs';

const { urls } = JSON.parse(readFileSync(join(ROOT, 'tests/cases/site-urls.json'), 'utf8'));
const TYPES = { js: 'text/javascript', wasm: 'application/wasm', html: 'text/html', css: 'text/css' };

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

let server;
let base;
before(async () => {
  ({ server, url: base } = await startServer(DIST));
});
after(() => stopServer(server));

test('every public URL of the site is served from dist/ with its content type', async () => {
  assert.ok(urls.length >= 20);
  for (const url of urls) {
    const res = await fetch(new URL(url, base));
    assert.equal(res.status, 200, url);
    const type = TYPES[url.split('.').pop()];
    assert.ok(res.headers.get('content-type').startsWith(type), `${url}: ${res.headers.get('content-type')}`);
    assert.ok((await res.arrayBuffer()).byteLength > 0, url);
  }
});

test('every web source in www/ is one file of the site, found by its file name', () => {
  const sources = walk(join(ROOT, 'www'));
  assert.ok(sources.some((p) => p.includes('/elements/shared/')), 'www/ is organised in folders');
  const names = new Set(sources.map((p) => basename(p)));
  assert.equal(names.size, sources.length, 'no two sources share a file name');
  for (const name of names) assert.ok(statSync(join(DIST, name)).isFile(), name);
  // No source path leaks into the site: imports name the flat file.
  for (const name of names) {
    if (!name.endsWith('.js')) continue;
    const text = readFileSync(join(DIST, name), 'utf8');
    assert.doesNotMatch(text, /["']\.\.\/|elements\/shared\//, `${name} imports a source path`);
  }
});
