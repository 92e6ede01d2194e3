// Runs the plain-JavaScript baseline over the project's case files, so that the benchmark
// compares afflink with JavaScript that gives the same answers.
//
//   node benches/baseline/check.mjs
//
// Exit status 1 when any case fails.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classify, buildDeepLink } from './baseline.mjs';

const casesDir = fileURLToPath(new URL('../../tests/cases/', import.meta.url));
const load = (name) => JSON.parse(readFileSync(casesDir + name, 'utf8'));
const show = (value) => JSON.stringify(value);

const KEYS = ['input', 'kind', 'program', 'productId', 'canonicalUrl', 'affiliateParams', 'reason'];

/** The full comparison of tests/common/mod.rs `check_case`. */
function checkClassifyCase(c) {
  const got = classify(c.input);
  const problems = [];
  const expect = (field, want, have) => {
    if (show(want) !== show(have)) problems.push(`${field} expected ${show(want)} got ${show(have)}`);
  };
  expect('input', c.input, got.input);
  for (const field of ['kind', 'program', 'productId', 'canonicalUrl', 'affiliateParams']) {
    expect(field, c[field], got[field]);
  }
  if (c.reason === null) {
    expect('reason', null, got.reason);
  } else {
    expect('reason.code', c.reason, got.reason?.code);
    const message = got.reason?.message ?? '';
    if (message.length < 20 || !message.endsWith('.')) {
      problems.push(`reason.message is not a plain sentence: ${show(message)}`);
    }
    if (c.messageStartsWith !== undefined && !message.startsWith(c.messageStartsWith)) {
      problems.push(`reason.message does not start with ${show(c.messageStartsWith)}: ${show(message)}`);
    }
  }
  if (show(Object.keys(got).sort()) !== show([...KEYS].sort())) {
    problems.push(`result keys ${show(Object.keys(got))}`);
  }
  return problems;
}

/** Kind and product id only, as tests/classify_cases.rs does for the real-world URLs. */
function checkRealWorldCase(c) {
  const got = classify(c.input);
  const want = [c.kind, c.productId];
  const have = [got.kind, got.productId];
  return show(want) === show(have) ? [] : [`expected ${show(want)} got ${show(have)}`];
}

function checkDeepLinkCase(c) {
  let have;
  try {
    have = { link: buildDeepLink(c.affShortKey, c.productUrl, c.params) };
  } catch (error) {
    if (typeof error.code !== 'string') throw error;
    if (typeof error.message !== 'string' || error.message.length < 10) {
      return [`error ${error.code} without a message`];
    }
    have = { error: error.code };
  }
  return show(c.expect) === show(have) ? [] : [`expected ${show(c.expect)} got ${show(have)}`];
}

const suites = [
  ['classify.json', load('classify.json'), checkClassifyCase, (c) => c.input],
  ['hostile.json', load('hostile.json'), checkClassifyCase, (c) => c.input],
  ['realworld.json', load('realworld.json'), checkRealWorldCase, (c) => c.input],
  [
    'links.json (deeplink)',
    load('links.json').filter((c) => c.op === 'deeplink'),
    checkDeepLinkCase,
    (c) => `${c.note}: ${c.productUrl}`,
  ],
];

let failed = 0;
for (const [name, cases, check, label] of suites) {
  let passed = 0;
  const failures = [];
  for (const c of cases) {
    let problems;
    try {
      problems = check(c);
    } catch (error) {
      problems = [`threw ${error?.stack ?? error}`];
    }
    if (problems.length === 0) passed++;
    else failures.push(`  ${show(label(c))}\n    ${problems.join('\n    ')}`);
  }
  failed += failures.length;
  console.log(`${name}: ${passed}/${cases.length} passed`);
  for (const f of failures) console.log(f);
}

if (failed > 0) {
  console.log(`${failed} case(s) failed`);
  process.exitCode = 1;
} else {
  console.log('all cases pass');
}
