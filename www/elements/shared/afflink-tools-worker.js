// The tools' worker: the full package runs here, off the page's main thread, for the calls
// whose time grows with what the user pasted (the calculator's bulk estimate of thousands of
// orders). Messages in: {id, fn, args}; out: {id, ok: true, value} or {id, ok: false, error:
// {code, message}}; a result with many `lines` comes first as {id, part: [...lines]} messages,
// then {id, ok: true, value (lines empty), parts: true}. Only the functions in CALLS can be
// run. See `callInWorker` in afflink-ui.js, which falls back to the page's thread when a
// worker cannot be started.
import * as api from './pkg/browser.js';

const CALLS = new Set(['estimateCommissions']);
/** Lines per message when a result's `lines` are sent back in parts. */
const PART = 1000;
let ready = null;

self.onmessage = async (event) => {
  const { id, fn, args } = event.data;
  try {
    if (!CALLS.has(fn)) throw Object.assign(new Error(`${fn} cannot run in the tools' worker`), { code: 'invalid_argument' });
    ready ??= api.init();
    await ready;
    const value = api[fn](...args);
    // A long list of lines goes back in parts, each its own message: the page then decodes
    // them in separate tasks instead of one long one (10,000 estimated orders are megabytes).
    if (value && Array.isArray(value.lines) && value.lines.length > PART) {
      for (let i = 0; i < value.lines.length; i += PART) self.postMessage({ id, part: value.lines.slice(i, i + PART) });
      self.postMessage({ id, ok: true, value: { ...value, lines: [] }, parts: true });
    } else {
      self.postMessage({ id, ok: true, value });
    }
  } catch (error) {
    self.postMessage({
      id,
      ok: false,
      error: { code: error && typeof error.code === 'string' ? error.code : null, message: String(error && error.message ? error.message : error), name: error && error.name },
    });
  }
};
