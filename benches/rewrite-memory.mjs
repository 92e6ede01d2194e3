// Peak memory of `afflink rewrite` on a generated 100 MB HTML page (issue 16: under 64 MiB,
// because HTML is streamed). A measurement, not a test:
//
//   cargo build --release && node benches/rewrite-memory.mjs [MEGABYTES]
//
// Writes target/rewrite-bench/{afflink.json,big.html}, runs the release binary under
// `/usr/bin/time -v` (to stdout, to a file in place, and --check), prints the peak resident
// set size and the wall time of each. See docs/REWRITE.md.
import { mkdirSync, writeFileSync, openSync, writeSync, closeSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dir = `${root}target/rewrite-bench`;
const megabytes = Number(process.argv[2] ?? 100);
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/afflink.json`, JSON.stringify({ affShortKey: '_dT5B1bR', af: 'bench', disclosure: '(ad)' }));

const product = 'https://www.aliexpress.com/item/1005006123456789.html';
const fd = openSync(`${dir}/big.html`, 'w');
writeSync(fd, '<!doctype html><html><body>\n');
let size = 0;
for (let i = 0; size < megabytes * 1024 * 1024; i++) {
  const post =
    `<article><h2>Post ${i}</h2><p>Some text with a <a href="${product}?spm=x&amp;i=${i}" rel="nofollow">product</a>, ` +
    `a <a href="https://example.com/page/${i}">link elsewhere</a> and <a href="https://www.aliexpress.com/wholesale?SearchText=x${i}">a search</a>.</p>` +
    `<script>var x = "<a href=\\"${product}\\">";</script><!-- a comment --></article>\n`;
  writeSync(fd, post);
  size += Buffer.byteLength(post);
}
writeSync(fd, '</body></html>\n');
closeSync(fd);

const bin = `${root}target/release/afflink`;
const run = (label, args) => {
  const log = `${dir}/time-${label}.log`;
  try {
    execFileSync('/usr/bin/time', ['-v', '-o', log, bin, 'rewrite', '--config', `${dir}/afflink.json`, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (e) {
    if (label !== 'check') throw e; // --check exits with 1 when the file would change
  }
  const text = readFileSync(log, 'utf8');
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)[1]);
  const wall = /Elapsed \(wall clock\)[^\n]*\): (\S+)/.exec(text)[1];
  console.log(`${label}: peak RSS ${(rss / 1024).toFixed(1)} MiB, wall ${wall}`);
};
console.log(`input: ${(statSync(`${dir}/big.html`).size / 1048576).toFixed(1)} MiB of HTML`);
run('check', ['--check', `${dir}/big.html`]);
run('stdout', [`${dir}/big.html`]);
run('in-place', ['--in-place', `${dir}/big.html`]);
