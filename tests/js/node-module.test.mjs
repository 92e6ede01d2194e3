// The package's two builds of the full module give the same answers: Node's entry loads
// afflink_wasm_node.wasm (compiled for speed), browsers and bundlers afflink_wasm_bg.wasm
// (compiled for size; scripts/build.sh). Each runs in a Node process of its own (the
// module's state is per process) over the shared cases, and their outputs must be equal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const PKG = new URL('./', import.meta.resolve('afflink'));
const CASES = new URL('../cases/', import.meta.url);
const load = (name) => JSON.parse(readFileSync(new URL(name, CASES), 'utf8'));

// Every classification input of the shared cases, and the link and commission cases whole.
const urls = [...new Set([...load('classify.json'), ...load('realworld.json'), ...load('hostile.json')].map((c) => c.input).filter((u) => typeof u === 'string'))];

/** What the module loaded from `wasm` (null: the entry's own choice) answers; JSON text. */
function answers(wasm) {
  const script = `
    import * as afflink from 'afflink';
    import { readFileSync } from 'node:fs';
    await afflink.init(${wasm === null ? '' : JSON.stringify(new URL(wasm, PKG).href)});
    const urls = JSON.parse(readFileSync(0, 'utf8'));
    const safe = (f) => { try { return f(); } catch (e) { return { error: e.code, message: e.message }; } };
    const out = {
      batch: afflink.classifyUrls(urls),
      perCall: urls.map((u) => afflink.classifyUrl(u)),
      deepLinks: safe(() => afflink.buildAliExpressDeepLinks(urls, { affShortKey: '_dT5B1bR', params: { af: 'myblog', cn: 'spring' } })),
      alibaba: safe(() => afflink.buildAlibabaProductLinks(urls, { template: 'https://click.alibaba.com/rd/x7k2pq?id={product_id}' })),
      estimate: safe(() => afflink.estimateCommissions([
        { program: 'alibaba', orderId: 'o1', amount: '1,299.00', buyer: 'new', country: 'US', status: 'completed', paidDate: '2025-01-01', completedDate: '2025-01-02' },
        { program: 'aliexpress', orderId: 'o2', amount: '10', country: 'ZZ', status: 'completed' },
      ])),
      cards: afflink.rateCards(),
    };
    console.log(JSON.stringify(out));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('..', import.meta.url),
    input: JSON.stringify(urls),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

test('the Node module (built for speed) and the browser module (built for size) answer alike', () => {
  const node = answers(null);
  const browser = answers('./afflink_wasm_bg.wasm');
  assert.ok(urls.length > 400, `${urls.length} inputs`);
  const parsed = JSON.parse(node);
  assert.equal(parsed.batch.length, urls.length);
  assert.ok(parsed.batch.some((r) => r.kind === 'product') && parsed.batch.some((r) => r.kind === 'rejected'));
  assert.ok(Array.isArray(parsed.deepLinks) && parsed.deepLinks.length === urls.length, 'the deep links were built');
  assert.equal(parsed.estimate.lines?.length, 2, 'the estimates were made');
  assert.ok(parsed.estimate.lines.some((l) => l.commission), 'one order estimated');
  assert.equal(node, browser);
});

test("the Node entry reads afflink_wasm_node.wasm, not the browsers' file", () => {
  const entry = readFileSync(new URL('node.js', PKG), 'utf8');
  assert.match(entry, /afflink_wasm_node\.wasm/);
  const a = readFileSync(new URL('afflink_wasm_node.wasm', PKG));
  const b = readFileSync(new URL('afflink_wasm_bg.wasm', PKG));
  assert.notDeepEqual(a, b, 'two different builds');
});
