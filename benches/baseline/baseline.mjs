// Plain-JavaScript baseline for the afflink benchmarks: what a developer would write by
// hand instead of using afflink. It implements docs/CLASSIFICATION.md and the AliExpress
// deep-link rules of docs/LINKS.md, returns the same objects, and passes the project's
// case files (run `node benches/baseline/check.mjs`). No dependencies.

const MESSAGES = {
  not_a_product_page:
    "This is a page on the program's site, but not a product page; only product pages can be deep-linked.",
  invalid_product_id:
    'This looks like a product page, but its product number is not a valid product id.',
  already_affiliate_link:
    'This is already an affiliate tracking link; it must be used as it is, not rewritten.',
  needs_resolving:
    "This is a short link that only the program's server can expand; open it and copy the product page address instead.",
  not_a_url:
    'This is not a complete web address: it must start with https:// and contain no spaces or control characters.',
  unsupported_scheme: 'Only http:// and https:// addresses are accepted.',
  credentials_in_url:
    'The address has a user name or an @ sign before the site name, a trick used to disguise the real site.',
  port_not_allowed: 'The address names a port number; program links never do.',
  unknown_host:
    'The site is not an AliExpress or Alibaba.com address: links to other sites, and site names written in a disguised form, are refused.',
  too_long: 'The address is longer than 4096 bytes.',
  unknown_parameter: 'This tracking parameter is not one the program allows.',
  duplicate_parameter: 'The same tracking parameter was given more than once.',
  value_too_long: 'A tracking value is longer than 256 bytes.',
  invalid_value: 'A tracking value contains control characters.',
  invalid_key:
    'The aff_short_key is not a valid key: copy it from your program dashboard (letters, digits, _ and -).',
  wrong_program: 'This product belongs to the other program.',
  already_tracked:
    "This product address already carries someone's affiliate tracking; use the clean product address instead.",
  invalid_argument: 'The function was called with a value of the wrong type.',
};

// lookalike_host names the program the host imitates.
const LOOKS_LIKE = {
  aliexpress:
    'This site looks like AliExpress but is not: its name imitates aliexpress.com, so its links are refused.',
  alibaba:
    'This site looks like Alibaba.com but is not: its name imitates alibaba.com, so its links are refused.',
};

const MAX_URL_BYTES = 4096;
const MAX_VALUE_BYTES = 256;

// Unicode White_Space (what Rust's str::trim uses; String.prototype.trim differs on
// U+0085 and U+FEFF).
const SURROUNDING_SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;
// Controls, whitespace, invisible formatting characters and U+FFFD.
const FORBIDDEN_CHAR =
  /[\p{Cc}\p{White_Space}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uFFFD]/u;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const AUTHORITY_CHARS = /^[A-Za-z0-9.:-]*$/;
const CONTROL_CHAR = /[\u0000-\u001F\u007F-\u009F]/;
const PRODUCT_ID = /^[1-9][0-9]{0,19}$/;
const AFF_SHORT_KEY = /^[A-Za-z0-9_-]{1,64}$/;

const DOMAINS = [
  ['aliexpress.com', 'aliexpress-global'],
  ['aliexpress.us', 'aliexpress-us'],
  ['aliexpress.ru', 'aliexpress-ru'],
  ['alibaba.com', 'alibaba'],
];

const ALIEXPRESS_LANGUAGES = new Set([
  'ar', 'de', 'en', 'es', 'fr', 'he', 'id', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'ru', 'th',
  'tr', 'uk', 'vi',
]);

const ALIBABA_DETAIL_HOSTS = new Set([
  '', 'www', 'wholesaler',
  'arabic', 'dutch', 'french', 'german', 'hebrew', 'hindi', 'indonesian', 'italian',
  'japanese', 'korean', 'portuguese', 'russian', 'spanish', 'thai', 'turkish', 'vietnamese',
]);

const AFFILIATE_PARAMS = {
  aliexpress: new Set([
    'aff_fcid', 'aff_fsk', 'aff_trace_key', 'aff_platform', 'aff_short_key', 'sk', 'tt',
    'terminal_id', 'af', 'cn', 'cv', 'dp',
  ]),
  alibaba: new Set(['pid', 'tp1', 'tp2', 'tp3', 'tp4', 'tp5']),
};

const ALIEXPRESS_TRACKING_PARAMS = ['af', 'cn', 'cv', 'dp'];
const DEEP_LINK_BASE = 'https://s.click.aliexpress.com/deep_link.htm';

// ---------------------------------------------------------------------------------------
// Classification

/**
 * Classifies a URL: `{input, kind, program, productId, canonicalUrl, affiliateParams,
 * reason}`, with `reason` `{code, message}` for every kind but `product`.
 */
export function classify(input) {
  requireText(input, 'url');
  const checked = checkRawText(input);
  if (typeof checked === 'string') {
    const [code, imitated] = checked.split(':');
    return result(input, 'rejected', null, code, imitated && LOOKS_LIKE[imitated]);
  }

  const { site, sub, url } = checked;
  const program = site === 'alibaba' ? 'alibaba' : 'aliexpress';
  const segments = url.pathname.slice(1).split('/');
  const found =
    program === 'alibaba' ? alibabaPath(sub, segments) : aliexpressPath(site, sub, segments);

  switch (found.kind) {
    case 'product':
      if (!PRODUCT_ID.test(found.id)) {
        return result(input, 'page', program, 'invalid_product_id');
      }
      return {
        input,
        kind: 'product',
        program,
        productId: found.id,
        canonicalUrl: canonicalUrl(site, found.id, found.slug),
        affiliateParams: affiliateParams(program, url),
        reason: null,
      };
    case 'affiliateLink':
      return result(input, 'affiliateLink', program, 'already_affiliate_link');
    case 'shortLink':
      return result(input, 'shortLink', program, 'needs_resolving');
    default:
      return result(input, 'page', program, 'not_a_product_page');
  }
}

function result(input, kind, program, code, message = MESSAGES[code]) {
  return {
    input,
    kind,
    program,
    productId: null,
    canonicalUrl: null,
    affiliateParams: null,
    reason: { code, message },
  };
}

/**
 * The checks on the raw text, before the URL parser sees it (the parser would strip tabs,
 * drop default ports, decode `%2e` in hosts …). Returns a reason code, or the site, the
 * subdomain part of the host and the parsed URL.
 */
function checkRawText(input) {
  const s = input.replace(SURROUNDING_SPACE, '');
  if (s === '') return 'not_a_url';
  if (utf8Length(s) > MAX_URL_BYTES) return 'too_long';
  if (FORBIDDEN_CHAR.test(s)) return 'not_a_url';

  const colon = s.indexOf(':');
  if (colon < 0) return 'not_a_url';
  const scheme = s.slice(0, colon);
  if (!SCHEME.test(scheme)) return 'not_a_url';
  const lowerScheme = scheme.toLowerCase();
  if (lowerScheme !== 'https' && lowerScheme !== 'http') return 'unsupported_scheme';

  const rest = s.slice(colon + 1);
  if (!rest.startsWith('//')) {
    // Browsers read `\` as `/` here: `https:\\evil.io` is a host trick.
    return rest.startsWith('\\') || rest.startsWith('/\\') ? 'unknown_host' : 'not_a_url';
  }
  const afterSlashes = rest.slice(2);
  const end = afterSlashes.search(/[/?#]/);
  const authority = end < 0 ? afterSlashes : afterSlashes.slice(0, end);

  if (authority.includes('@')) return 'credentials_in_url';
  if (!AUTHORITY_CHARS.test(authority)) return 'unknown_host';
  const portAt = authority.indexOf(':');
  const rawHost = portAt < 0 ? authority : authority.slice(0, portAt);
  if (rawHost === '') return 'not_a_url';
  if (rawHost.endsWith('.')) return 'unknown_host';
  const host = rawHost.toLowerCase();
  const labels = host.split('.');
  if (labels.includes('')) return 'not_a_url';
  if (labels.some((label) => label.startsWith('xn--'))) return 'unknown_host';
  if (portAt >= 0) return 'port_not_allowed';

  const site = siteOf(host);
  if (!site) {
    const imitated = imitatedProgram(host);
    return imitated ? `lookalike_host:${imitated}` : 'unknown_host';
  }

  let url;
  try {
    url = new URL(s);
  } catch {
    return 'not_a_url';
  }
  // The parser must agree with the host checked above.
  if (url.hostname !== host || url.port !== '' || url.username !== '') return 'unknown_host';
  return { ...site, url };
}

/**
 * The program a foreign host imitates (docs/CLASSIFICATION.md, `lookalike_host`): its name
 * anywhere in the host, or in the registrable label with one edit, or a registrable label of
 * 5 characters or more within two edits of it. Else null.
 */
function imitatedProgram(host) {
  const labels = host.split('.');
  const last = labels[labels.length - 1];
  let label = labels.length > 1 ? labels[labels.length - 2] : last;
  if (labels.length > 2 && last.length === 2 && ['co', 'com', 'net', 'org', 'gov', 'edu', 'ac'].includes(label)) {
    label = labels[labels.length - 3];
  }
  for (const [name, program] of [['aliexpress', 'aliexpress'], ['alibaba', 'alibaba']]) {
    if (
      host.includes(name) ||
      (label.length <= 63 && (edits(name, label, true) <= 1 || (label.length >= 5 && edits(name, label, false) <= 2)))
    ) {
      return program;
    }
  }
  return null;
}

/** Levenshtein distance from `name` to `text`, or with `within`, to its closest run inside `text`. */
function edits(name, text, within) {
  const row = Array.from({ length: name.length + 1 }, (_, i) => i);
  let best = row[name.length];
  for (let j = 0; j < text.length; j++) {
    let diagonal = row[0];
    row[0] = within ? 0 : j + 1;
    for (let i = 0; i < name.length; i++) {
      const above = row[i + 1];
      row[i + 1] = Math.min(diagonal + (name[i] === text[j] ? 0 : 1), above + 1, row[i] + 1);
      diagonal = above;
    }
    best = Math.min(best, row[name.length]);
  }
  return within ? best : row[name.length];
}

/** `{site, sub}` for a program host (`sub` is `''` for the bare domain), else null. */
function siteOf(host) {
  for (const [domain, site] of DOMAINS) {
    if (host === domain) return { site, sub: '' };
    if (host.endsWith('.' + domain)) {
      return { site, sub: host.slice(0, host.length - domain.length - 1) };
    }
  }
  return null;
}

function isAliExpressProductHost(site, sub) {
  if (sub === '' || sub === 'www' || sub === 'm') return true;
  if (site !== 'aliexpress-global') return false;
  return ALIEXPRESS_LANGUAGES.has(sub.startsWith('m.') ? sub.slice(2) : sub);
}

/** `<stem>.html` (case-insensitive) → stem, else null. */
function htmlStem(segment) {
  if (segment.length < 5 || segment.slice(-5).toLowerCase() !== '.html') return null;
  return segment.slice(0, -5);
}

const isToken = (s, max, pattern) => s.length >= 1 && s.length <= max && pattern.test(s);
const TOKEN = /^[A-Za-z0-9_-]+$/;
const ALNUM = /^[A-Za-z0-9]+$/;

const PAGE = { kind: 'page' };
const product = (id, slug = '') => ({ kind: 'product', id, slug });
const productFromFile = (file) => {
  const id = htmlStem(file);
  return id === null ? PAGE : product(id);
};

function aliexpressPath(site, sub, segs) {
  if (site === 'aliexpress-global') {
    if (sub === 's.click') {
      if (segs.length === 2 && segs[0] === 'e' && isToken(segs[1], 64, TOKEN)) {
        return { kind: 'affiliateLink' };
      }
      if (segs.length === 1 && segs[0] === 'deep_link.htm') return { kind: 'affiliateLink' };
    }
    if (sub === 'a' && segs.length === 1) {
      const code = segs[0];
      return code.startsWith('_') && isToken(code.slice(1), 32, ALNUM)
        ? { kind: 'shortLink' }
        : PAGE;
    }
  }
  if (!isAliExpressProductHost(site, sub)) return PAGE;

  const words = segs.map((s) => s.toLowerCase());
  switch (segs.length) {
    case 2: // /item/<id>.html, /i/<id>.html
      return words[0] === 'item' || words[0] === 'i' ? productFromFile(segs[1]) : PAGE;
    case 3: // /s/item/<id>.html (legacy mobile), /item/<slug>/<id>.html (slug may be empty)
      if ((words[0] === 's' && words[1] === 'item') || words[0] === 'item') {
        return productFromFile(segs[2]);
      }
      return PAGE;
    case 4: {
      // /store/product/<slug>/<storeId>_<productId>.html
      if (words[0] !== 'store' || words[1] !== 'product' || segs[2] === '') return PAGE;
      const stem = htmlStem(segs[3]);
      if (stem === null) return PAGE;
      const underscore = stem.lastIndexOf('_');
      return product(underscore < 0 ? '' : stem.slice(underscore + 1));
    }
    default:
      return PAGE;
  }
}

function alibabaPath(sub, segs) {
  if (segs.length === 2) {
    const [first, code] = segs;
    if (sub === 'click' && first === 'rd' && isToken(code, 128, TOKEN)) {
      return { kind: 'affiliateLink' };
    }
    if (sub === 'offer' && first === 'cps' && isToken(code, 64, TOKEN)) {
      return { kind: 'affiliateLink' };
    }
    if ((sub === '' || sub === 'www' || sub === 'm') && first === 'x' && isToken(code, 32, TOKEN)) {
      return { kind: 'shortLink' };
    }
  }

  if (sub === 'm') {
    // The mobile site also serves its pages under /amp/.
    const rest = segs.length > 0 && segs[0].toLowerCase() === 'amp' ? segs.slice(1) : segs;
    if (rest.length < 2 || rest.length > 3 || rest[0].toLowerCase() !== 'product') return PAGE;
    const stem = htmlStem(rest[rest.length - 1]);
    if (stem === null) return PAGE;
    // /product/<id>.html or /product/<id>/<slug>.html
    return rest.length === 2 ? product(stem) : product(rest[1], stem);
  }

  if (segs.length !== 2 || !ALIBABA_DETAIL_HOSTS.has(sub)) return PAGE;
  const dir = segs[0].toLowerCase();
  if (dir !== 'product-detail' && dir !== 'p-detail' && dir !== 'pla') return PAGE;
  const stem = htmlStem(segs[1]);
  if (stem === null) return PAGE;
  // <Slug>_<id> on www, <slug>-<id> on language hosts: the id follows the last separator.
  let cut = stem.lastIndexOf('_');
  if (cut < 0) cut = stem.lastIndexOf('-');
  return cut < 0 ? product(stem) : product(stem.slice(cut + 1), stem.slice(0, cut));
}

function canonicalUrl(site, id, slug) {
  switch (site) {
    case 'aliexpress-global':
      return `https://www.aliexpress.com/item/${id}.html`;
    case 'aliexpress-us':
      return `https://www.aliexpress.us/item/${id}.html`;
    case 'aliexpress-ru':
      return `https://aliexpress.ru/item/${id}.html`;
    default: {
      const withSlug = `https://www.alibaba.com/product-detail/${slug}_${id}.html`;
      // The parser's percent-encoding can make the slug longer than it was: a canonical URL
      // too long to classify again (over 4096 bytes; it is ASCII) drops the slug.
      return slug === '' || withSlug.length > 4096 ? `https://m.alibaba.com/product/${id}.html` : withSlug;
    }
  }
}

/** Someone's tracking parameter names, in order of first appearance, without repeats. */
function affiliateParams(program, url) {
  const found = [];
  if (url.search === '') return found;
  const known = AFFILIATE_PARAMS[program];
  for (const name of url.searchParams.keys()) {
    if (known.has(name) && !found.includes(name)) found.push(name);
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// AliExpress deep links

/**
 * `https://s.click.aliexpress.com/deep_link.htm?aff_short_key=<key>&dl_target_url=<encoded
 * canonical product URL>` followed by `af`, `cn`, `cv`, `dp` (empty values skipped).
 * `params` is an array of `[name, value]` pairs or a `{name: value}` object (`null` and
 * `undefined` values count as not given). Throws an Error with `.code`: the classifier's
 * reason for a URL that is not a product page, `wrong_program`, `already_tracked`,
 * `invalid_key`, `unknown_parameter`, `duplicate_parameter`, `value_too_long`,
 * `invalid_value`, `too_long`, or `invalid_argument` (not a string, lone surrogate).
 */
export function buildDeepLink(affShortKey, productUrl, params = []) {
  requireText(affShortKey, 'affShortKey');
  requireText(productUrl, 'productUrl');
  const pairs = Array.isArray(params)
    ? params
    : Object.entries(params ?? {}).filter(([, value]) => value != null);
  for (const [name, value] of pairs) {
    requireText(name, `the name ${JSON.stringify(name)} in params`);
    requireText(value, `params.${name}`);
  }

  if (!AFF_SHORT_KEY.test(affShortKey)) throw codedError('invalid_key');
  const tracking = checkTrackingParams(pairs);

  const c = classify(productUrl);
  if (c.kind !== 'product') throw codedError(c.reason.code, c.reason.message);
  if (c.program !== 'aliexpress') {
    // afflink's message, word for word.
    throw codedError(
      'wrong_program',
      'This is an Alibaba.com product; an AliExpress link needs an AliExpress product page.',
    );
  }
  if (c.affiliateParams.length > 0) {
    throw codedError(
      'already_tracked',
      `This product address already carries someone's affiliate tracking (${c.affiliateParams.join(', ')}); use the clean address ${c.canonicalUrl} instead.`,
    );
  }

  let link = `${DEEP_LINK_BASE}?aff_short_key=${affShortKey}&dl_target_url=${encodeValue(c.canonicalUrl)}`;
  for (const [name, value] of tracking) link += `&${name}=${encodeValue(value)}`;
  const bytes = utf8Length(link);
  if (bytes > MAX_URL_BYTES) {
    throw codedError('too_long', `The link would be ${bytes} bytes long; the maximum is ${MAX_URL_BYTES}.`);
  }
  return link;
}

/** Checks names (all of them first), then values; returns the non-empty pairs in fixed order. */
function checkTrackingParams(pairs) {
  const seen = new Set();
  for (const [name] of pairs) {
    if (!ALIEXPRESS_TRACKING_PARAMS.includes(name)) {
      throw codedError(
        'unknown_parameter',
        `${JSON.stringify(String(name))} is not a tracking parameter of this program; the allowed names are ${ALIEXPRESS_TRACKING_PARAMS.join(', ')}.`,
      );
    }
    if (seen.has(name)) {
      throw codedError('duplicate_parameter', `The parameter ${name} was given more than once.`);
    }
    seen.add(name);
  }
  for (const [name, value] of pairs) {
    const bytes = utf8Length(value);
    if (bytes > MAX_VALUE_BYTES) {
      throw codedError(
        'value_too_long',
        `The value of ${name} is ${bytes} bytes long; the maximum is ${MAX_VALUE_BYTES}.`,
      );
    }
    if (CONTROL_CHAR.test(value)) {
      throw codedError('invalid_value', `The value of ${name} contains control characters.`);
    }
  }
  const ordered = [];
  for (const name of ALIEXPRESS_TRACKING_PARAMS) {
    const pair = pairs.find(([n]) => n === name);
    // An empty value means "not set".
    if (pair && pair[1] !== '') ordered.push(pair);
  }
  return ordered;
}

/** RFC 3986 unreserved characters stay; everything else is %XX of its UTF-8 bytes. */
function encodeValue(value) {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

// ---------------------------------------------------------------------------------------
// Helpers

/** Length in bytes of the UTF-8 encoding of well-formed text. */
function utf8Length(s) {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Like afflink's JavaScript API: arguments must be strings without lone surrogates (which
 * the WebAssembly boundary would silently turn into U+FFFD).
 */
function requireText(value, what) {
  if (typeof value !== 'string') {
    throw codedError('invalid_argument', `${what} must be a string, not ${value === null ? 'null' : typeof value}.`);
  }
  if (!value.isWellFormed()) {
    throw codedError('invalid_argument', `${what} is not well-formed text (it contains a lone surrogate).`);
  }
}

function codedError(code, message = MESSAGES[code]) {
  const error = new Error(message);
  error.code = code;
  return error;
}
