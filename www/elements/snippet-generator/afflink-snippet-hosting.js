// The hosting side of <afflink-snippet-generator>: the one list of the files a blog uploads
// (what the tag loads: www/widget/afflink.js, which carries afflink-links.js; scripts/cdn.mjs copies the
// same files into dist/cdn/afflink@VERSION/), the check of the hosting address, and the
// "Host the files" section the element shows next to that field. The demo site has no
// README: this section is the whole of the hosting instructions there.

import { el } from '../shared/afflink-ui.js';

/**
 * What a page with the tag loads to convert its links, relative to the hosting folder
 * (tests/e2e/snippet-hosting.test.mjs checks that the tag loads exactly these).
 */
export const CONVERSION_FILES = Object.freeze([
  ['afflink.js', 'the loader your tag points to (always loaded): finds the product links in your posts and converts them'],
  ['afflink-convert-worker.js', 'converts them off the page’s main thread'],
  ['convert/afflink_convert.js', 'starts the converter'],
  ['convert/afflink_convert_bg.wasm', 'the converter itself (WebAssembly)'],
]);

/** Loaded only by a page that shows an afflink tool element (`*` stands for any name). */
export const TOOL_FILES = Object.freeze([
  ['afflink-tools.js', 'loads the tool elements'],
  ['afflink-*.js', 'every other file whose name starts with afflink- and ends with .js: the tool elements and their styles'],
  ['pkg/', 'the full WebAssembly build the tools use (keep the folder)'],
]);

/** The hosting address's problem code (an address the blog's posts could not load from). */
export const INVALID_HOSTING_URL = 'invalid_hosting_url';

const EXAMPLES = 'for example https://your-blog.example/afflink/ or /afflink/';

/**
 * Checks where the files are hosted: an absolute `https:` URL or a path from the site's root
 * (`/afflink/`). Returns `{ base, problem }`: `base` the folder (ending in `/`) the tag uses,
 * or null when the address cannot work; `problem` null, an error (`invalid_hosting_url`) or a
 * warning (`insecure_http`: a blog served over https blocks the files as mixed content).
 */
export function checkHostingUrl(raw) {
  const value = String(raw ?? '').trim();
  const error = (message) => ({ base: null, problem: { code: INVALID_HOSTING_URL, severity: 'error', message } });
  const folder = (v) => (v.endsWith('/') ? v : `${v}/`);
  if (value === '') return error(`Type the address of the folder that holds afflink.js, ${EXAMPLES}.`);
  if (/\s/.test(value)) {
    return error('The address contains a space or a line break, so no browser can load the files from it. Remove it (a space in a folder name is written %20).');
  }
  if (/[?#]/.test(value)) {
    return error('Leave out the ? or # part: the tag adds afflink.js right after the folder’s address.');
  }
  if (value.startsWith('//')) {
    return error(`Start the address with https:, as in https:${value}: an address that starts with // is read with each page’s own scheme.`);
  }
  if (value.startsWith('/')) return { base: folder(value), problem: null };
  let url;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (url === null || !/^https?:$/.test(url.protocol)) {
    // `ftp:`, `javascript:`; but `myblog.example:8080/afflink` is a host without a scheme.
    if (url !== null && !url.protocol.includes('.')) {
      return error(`Use an https:// address (or a path that starts with /): blogs do not load scripts from ${url.protocol} addresses.`);
    }
    const path = value.replace(/^\.?\/*/, '');
    return error(
      'This is neither a full address that starts with https:// nor a path that starts with /, ' +
        `so every post would look for the files in its own folder (a post at /2026/05/my-post/ would load /2026/05/my-post/${folder(path)}afflink.js). ` +
        `Write https://${folder(path)} or /${folder(path)}.`,
    );
  }
  if (url.protocol === 'http:') {
    return {
      base: folder(value),
      problem: {
        code: 'insecure_http',
        severity: 'warning',
        message: 'The address uses plain http: a blog served over https will not load the files (browsers block mixed content), and they travel unencrypted. Use https:// if your host offers it.',
      },
    };
  }
  return { base: folder(value), problem: null };
}

const code = (text) => el('code', { class: 'sg-code', text });

function fileList(files) {
  return el(
    'ul',
    { class: 'sg-files' },
    ...files.map(([file, what]) => el('li', { class: 'sg-file' }, el('code', { class: 'sg-code sg-file-name', 'data-file': file, text: file }), `: ${what}`)),
  );
}

/**
 * The "Host the files" section (`id` is its id, for links to it): the files to upload, the
 * MIME type of `.wasm`, CORS for another origin, and the pinned tag (`pinning`, the element's
 * "Pin this release" field, goes in it).
 */
export function hostSection(id, pinning) {
  const title = el('h3', { class: 'sg-host-title', id: `${id}-title`, tabIndex: -1, text: 'Host the files' });
  return el(
    'section',
    { class: 'sg-host', id, 'aria-labelledby': title.id },
    title,
    el(
      'p',
      { class: 'sg-host-text' },
      'Upload these files to one folder of your site (keep the ',
      code('convert/'),
      ' folder inside it), then type that folder’s address in “Where the afflink files are hosted”. They are in the ',
      code('dist/'),
      ' folder of a build, and on this site next to this page.',
    ),
    fileList(CONVERSION_FILES),
    el('p', { class: 'sg-host-text' }, 'Only if your posts also show an afflink tool (such as this page’s link checker), upload these too:'),
    fileList(TOOL_FILES),
    el('h4', { class: 'sg-host-subtitle', text: 'The type of the .wasm files' }),
    el(
      'p',
      { class: 'sg-host-text' },
      'Your server must send ',
      code('.wasm'),
      ' files with the type ',
      code('Content-Type: application/wasm'),
      '. Most hosts do; if yours does not, add it: ',
      code('AddType application/wasm .wasm'),
      ' in Apache’s .htaccess, or ',
      code('application/wasm wasm;'),
      ' in nginx’s mime.types.',
    ),
    el('h4', { class: 'sg-host-subtitle', text: 'Files on another origin (a CDN)' }),
    el(
      'p',
      { class: 'sg-host-text' },
      'When the files are on another origin than your blog (another domain or a CDN), that server must answer every ',
      code('.js'),
      ' and ',
      code('.wasm'),
      ' file with ',
      code('Access-Control-Allow-Origin: *'),
      ' (or your blog’s origin, such as ',
      code('Access-Control-Allow-Origin: https://your-blog.example'),
      '). Without it the browser refuses the files, and links stay as they are.',
    ),
    el('h4', { class: 'sg-host-subtitle', text: 'A pinned tag' }),
    el(
      'p',
      { class: 'sg-host-text' },
      'To load exactly this release, upload the versioned folder ',
      code('cdn/afflink@VERSION/'),
      ' (in ',
      code('dist/'),
      ', with its ',
      code('sri.json'),
      ') under the same folder, and tick the box: the tag then carries the file’s ',
      code('integrity'),
      ' hash and ',
      code('crossorigin="anonymous"'),
      ', and browsers refuse the file if it ever changes.',
    ),
    pinning,
  );
}
