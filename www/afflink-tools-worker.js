// The tools' worker: the full package runs here, off the page's main thread, for the calls
// whose time grows with what the user pasted (the calculator's bulk estimate of thousands of
// orders). Messages in: {id, fn, args}; out: {id, ok: true, value} or {id, ok: false, error:
// {code, message}}. Only the functions in CALLS can be run. See `callInWorker` in
// afflink-ui.js, which falls back to the page's thread when a worker cannot be started.
import * as api from './pkg/browser.js';

const CALLS = new Set(['estimateCommissions']);
let ready = null;

self.onmessage = async (event) => {
  const { id, fn, args } = event.data;
  try {
    if (!CALLS.has(fn)) throw Object.assign(new Error(`${fn} cannot run in the tools' worker`), { code: 'invalid_argument' });
    ready ??= api.init();
    await ready;
    self.postMessage({ id, ok: true, value: api[fn](...args) });
  } catch (error) {
    self.postMessage({
      id,
      ok: false,
      error: { code: error && typeof error.code === 'string' ? error.code : null, message: String(error && error.message ? error.message : error), name: error && error.name },
    });
  }
};
