// Reading a Chrome trace (from playwright's `browser.startTracing` / `stopTracing`): the
// top-level tasks of the page's renderer main thread. Used by the benchmarks only.

/**
 * The `RunTask` events (complete events with a duration, in µs) of the `CrRendererMain`
 * thread of the page's renderer: the process named by `TracingStartedInBrowser` for the main
 * frame, else the renderer main thread with the most task time. Only top-level tasks: a task
 * nested in another one on the same thread is not counted twice.
 */
export function mainThreadTasks(trace) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mains = new Set();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.add(`${e.pid}:${e.tid}`);
  }
  let pagePid = null;
  for (const e of events) {
    if (e.name === 'TracingStartedInBrowser') {
      const frame = e.args?.data?.frames?.find((f) => !f.parent) ?? e.args?.data?.frames?.[0];
      if (frame?.processId) pagePid = frame.processId;
    }
  }
  const byThread = new Map();
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || typeof e.dur !== 'number') continue;
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key)) continue;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  let chosen = null;
  if (pagePid !== null) chosen = [...byThread.keys()].find((k) => k.startsWith(`${pagePid}:`)) ?? null;
  if (chosen === null) {
    let best = -1;
    for (const [key, list] of byThread) {
      const total = list.reduce((a, e) => a + e.dur, 0);
      if (total > best) [best, chosen] = [total, key];
    }
  }
  const list = (byThread.get(chosen) ?? []).sort((a, b) => a.ts - b.ts);
  const top = [];
  let end = -Infinity;
  for (const e of list) {
    if (e.ts >= end) {
      top.push(e);
      end = e.ts + e.dur;
    }
  }
  return top;
}
