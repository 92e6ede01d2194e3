// Benchmark: the demo tools with a 10,000-line paste (issue 12). For the link checker, the
// link builder's bulk mode and the calculator's bulk mode, in a fresh headless Chromium
// context each run: the lines are put in the box (not measured: that is the browser's own
// paste), then a Chrome trace records the renderer main thread from the click until every
// row is on the page. Reported per tool: the longest top-level task (`RunTask` on
// `CrRendererMain`), the number of tasks over 50 ms and the main thread's total, median of
// the runs and the maximum. Target: no task over 50 ms. Also reported: the longest task's
// thread time (CPU), which a busy machine does not inflate.
//
//   node benches/browser/tool-paste.mjs [RUNS]     (after scripts/build.sh; default 5)
//
// Also called by benches/bench.mjs (`measureToolPastes`). Timing lives here, never in tests/.
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, stopServer } from '../../scripts/serve.mjs';
import { mainThreadTasks } from './trace.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LINES = 10000;

/** 10,000 lines as a publisher pastes them: four product URLs with tracking junk to one search page. */
export function pasteLines(n = LINES) {
  const lines = [];
  for (let i = 0; i < n; i++) {
    const id = String(1005006000000000 + i * 7919);
    lines.push(i % 5 === 0 ? `https://www.aliexpress.com/wholesale?SearchText=item${i}` : `https://www.aliexpress.com/item/${id}.html?spm=a2g0o.${i}`);
  }
  return lines.join('\n');
}

/** 10,000 orders as CSV for the calculator's bulk mode. */
export function orderLines(n = LINES) {
  const rows = ['program,orderId,amount,buyer,country,status,paidDate,completedDate'];
  for (let i = 0; i < n; i++) {
    const program = i % 2 ? 'alibaba' : 'aliexpress';
    rows.push(`${program},O${i},${(10 + (i % 500) * 1.37).toFixed(2)},${i % 3 ? 'returning' : 'new'},US,completed,2025-01-1${i % 10},2025-01-25`);
  }
  return rows.join('\n');
}

const TOOLS = {
  checker: {
    async prepare(page) {
      const box = page.locator('afflink-link-checker textarea');
      await box.waitFor();
      await box.evaluate((t, text) => {
        t.value = text;
      }, pasteLines());
    },
    start: (page) => page.locator('afflink-link-checker').getByRole('button', { name: 'Check links' }).click(),
    done: (page) =>
      page.waitForFunction(
        (n) => {
          const root = document.querySelector('afflink-link-checker').shadowRoot;
          return root.querySelectorAll('tbody tr').length === n && /^[\d,]+ links:/.test(root.querySelector('.lc-summary').textContent);
        },
        LINES,
        { timeout: 120000, polling: 100 },
      ),
  },
  builder: {
    async prepare(page) {
      const b = page.locator('afflink-link-builder');
      await b.getByLabel('Your aff_short_key', { exact: true }).fill('_dT5B1bR');
      await b.getByLabel('Product URLs, one per line').evaluate((t, text) => {
        t.value = text;
        t.dispatchEvent(new Event('input', { bubbles: true }));
      }, pasteLines());
    },
    start: (page) => page.locator('afflink-link-builder').getByRole('button', { name: 'Build links' }).click(),
    done: (page) =>
      page.waitForFunction(
        (n) => {
          const root = document.querySelector('afflink-link-builder').shadowRoot;
          return root.querySelectorAll('.lb-table tbody tr').length === n && !root.querySelector('.lb-table').hasAttribute('aria-busy');
        },
        LINES,
        { timeout: 120000, polling: 100 },
      ),
  },
  calculator: {
    async prepare(page) {
      const c = page.locator('afflink-commission-calculator');
      const box = c.locator('.cc-bulk textarea');
      await box.waitFor({ state: 'attached' });
      await box.evaluate((t, text) => {
        t.value = text;
        t.dispatchEvent(new Event('input', { bubbles: true }));
      }, orderLines());
    },
    start: (page) => page.locator('afflink-commission-calculator').getByRole('button', { name: 'Estimate all' }).click(),
    done: (page) =>
      page.waitForFunction(
        (n) => {
          const root = document.querySelector('afflink-commission-calculator').shadowRoot;
          return root.querySelectorAll('.cc-bulk-results tbody tr').length >= n;
        },
        LINES,
        { timeout: 120000, polling: 100 },
      ),
  },
};

async function oneRun(browser, url, name) {
  const tool = TOOLS[name];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(url);
    // The page's own work first: the sample post converted, the tools defined.
    await page.waitForFunction(() => document.querySelectorAll('#sample-post [data-afflink-original]').length === 3, null, { timeout: 30000 });
    await tool.prepare(page);
    // Let the browser lay out the pasted text before the trace starts.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100)))));
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] });
    await tool.start(page);
    await tool.done(page);
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
    const tasks = mainThreadTasks(trace);
    const durations = tasks.map((t) => t.dur / 1000);
    return {
      longestMs: Math.max(0, ...durations),
      // The thread time (`tdur`) of the task with the most: what the page itself spent, without
      // the time the thread waited for a core (on a busy shared machine, most of the gap).
      longestCpuMs: Math.max(0, ...tasks.map((t) => (t.tdur ?? 0) / 1000)),
      over50: durations.filter((d) => d > 50).length,
      totalMs: durations.reduce((a, b) => a + b, 0),
    };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r1 = (x) => Math.round(x * 10) / 10;

/** Runs every tool `runs` times (in rounds); returns `{ tool: { runs, longestMs: {median, max}, … } }`. */
export async function measureToolPastes({ runs = 5, dist = join(ROOT, 'dist'), log = () => {} } = {}) {
  const { server, url } = await startServer(dist, 0);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const raw = Object.fromEntries(Object.keys(TOOLS).map((k) => [k, []]));
  try {
    for (let r = 0; r < runs; r++) {
      for (const name of Object.keys(TOOLS)) {
        const run = await oneRun(browser, url, name);
        log(`  ${name} run ${r + 1}: longest task ${r1(run.longestMs)} ms (thread time ${r1(run.longestCpuMs)} ms), ${run.over50} over 50 ms, total ${Math.round(run.totalMs)} ms`);
        raw[name].push(run);
      }
    }
  } finally {
    await browser.close();
    await stopServer(server);
  }
  const out = {};
  for (const [name, list] of Object.entries(raw)) {
    const pick = (k) => ({ median: r1(median(list.map((x) => x[k]))), max: r1(Math.max(...list.map((x) => x[k]))) });
    out[name] = { lines: LINES, runs: list.length, longestMs: pick('longestMs'), longestCpuMs: pick('longestCpuMs'), over50: pick('over50'), totalMs: pick('totalMs'), targetLongestMs: 50 };
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(process.argv[2] ?? 5);
  const result = await measureToolPastes({ runs, log: (s) => console.error(s) });
  console.log(JSON.stringify(result, null, 2));
}
