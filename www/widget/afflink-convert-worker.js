// The link converter's worker (see afflink-links.js): the conversion-only WebAssembly module
// runs here, off the page's main thread, when the afflink files are on the page's own origin.
// Messages in: {type: 'start', names, values, platform} (platform: 'pc' or 'wap', for
// Alibaba.com templates), then {type: 'convert', text} with one address
// per line. Out: {type: 'ready', state}, {type: 'failed', name, message} (the module could
// not be loaded), {type: 'converted', out} with one tracked link (or "") per line, one
// message per 'convert', in turn.
import init, { LinkConverter } from './convert/afflink_convert.js';

let converter = null;

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === 'start') {
    try {
      await init();
    } catch (error) {
      self.postMessage({ type: 'failed', name: error && error.name, message: String(error && error.message ? error.message : error) });
      return;
    }
    converter = new LinkConverter(message.names, message.values);
    converter.setPlatform(message.platform || 'pc');
    self.postMessage({
      type: 'ready',
      state: {
        code: converter.errorCode(),
        message: converter.errorMessage(),
        warnings: converter.warnings(),
        enabled: converter.enabled(),
        disclosure: converter.disclosure(),
      },
    });
  } else if (message.type === 'convert') {
    self.postMessage({ type: 'converted', out: converter ? convertDistinct(message.text) : '' });
  }
};

/** Converts each distinct address once (a post often links the same product many times). */
function convertDistinct(text) {
  const index = new Map();
  const at = text.split('\n').map((a) => index.get(a) ?? index.set(a, index.size).size - 1);
  const out = converter.convert([...index.keys()].join('\n')).split('\n');
  return at.map((k) => out[k]).join('\n');
}
