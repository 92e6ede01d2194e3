// The link converter's worker (see afflink-links.js): the conversion-only WebAssembly module
// runs here, off the page's main thread, when the afflink files are on the page's own origin.
// Messages in: {type: 'start', names, values, platform} (platform: 'pc' or 'wap', for
// Alibaba.com templates), then {type: 'convert', text, chunk} with one address per line (a
// whole pass of the page). Out: {type: 'ready', state}, {type: 'failed', name, message} (the
// module could not be loaded), and for each 'convert' one {type: 'converted', out} per
// `chunk` lines, in turn, each with one tracked link (or "") per line: the page writes each
// answer in a task of its own.
import init, { LinkConverter } from './convert/afflink_convert.js';

let converter = null;
// Addresses cross as UTF-8 bytes (`convertUtf8`): one native copy instead of a loop in the glue.
const utf8 = new TextEncoder();

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
    convertInChunks(message.text, message.chunk);
  }
};

/**
 * Converts a pass's addresses, then posts the answers `chunk` lines at a time. Each distinct
 * address is converted once (a post often links the same product many times), all of them
 * before the first answer: the page's thread then writes after this worker has converted,
 * instead of competing with its conversion of the next chunks for the processor (10,000
 * links, two alternating runs of 6 pairs: 108.4 -> 85.7 and 108.0 -> 90.1 ms of main-thread
 * time). V8 may still be compiling the WebAssembly for speed on other threads meanwhile.
 */
function convertInChunks(text, chunk) {
  const lines = text.split('\n');
  // `at[i]`: the index of line i's address among the distinct ones, in order of first use.
  const index = new Map();
  const at = lines.map((a) => index.get(a) ?? index.set(a, index.size).size - 1);
  const links = converter ? converter.convertUtf8(utf8.encode([...index.keys()].join('\n'))).split('\n') : [];
  for (let from = 0; from < lines.length; from += chunk) {
    const to = Math.min(from + chunk, lines.length);
    const out = new Array(to - from);
    for (let i = from; i < to; i++) out[i - from] = links[at[i]] ?? '';
    self.postMessage({ type: 'converted', out: out.join('\n') });
  }
}
