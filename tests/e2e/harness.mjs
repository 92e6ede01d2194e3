// Shared Playwright harness for the demo page tests: serves dist/ on 127.0.0.1, launches
// Debian's Chromium headless, and opens pages that record everything that must not happen.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');

/** Parses RFC 4180 CSV (quoted fields, CRLF rows). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/**
 * The focused element, found inside open shadow roots (there `document.activeElement` is only
 * the host): `{ tag, label, text, host, role }` with the text of its first label, its own
 * text and the tag of the element whose shadow root holds it; null when nothing is focused.
 */
export function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a || a === document.body) return null;
    return {
      tag: a.tagName,
      label: a.labels?.[0]?.textContent ?? null,
      text: a.textContent,
      host: a.getRootNode().host?.localName ?? null,
      role: a.getAttribute('role'),
    };
  });
}

/** What a user would call the focused element: its label, else its text, else its tag. */
export async function focusedName(page) {
  const f = await focused(page);
  return f === null ? null : (f.label ?? (f.text || f.tag));
}

/** The two screen sizes every tool is tested at (issue 17): a desktop and a phone (touch). */
export const DESKTOP = { viewport: { width: 1280, height: 900 } };
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
export const SIZES = { desktop: DESKTOP, phone: PHONE };

/**
 * The elements inside `selector`'s shadow root (and the page) that scroll sideways (their
 * content is wider than their box, and they may scroll), text areas excepted: at a phone's
 * width this must be empty. Each is described as `tag.class (scrollWidth > clientWidth)`.
 */
export function sidewaysScrollers(page, selector) {
  return page.evaluate((sel) => {
    const found = [];
    const visit = (root) => {
      for (const node of root.querySelectorAll('*')) {
        if (node.shadowRoot) visit(node.shadowRoot);
        if (node.localName === 'textarea') continue;
        const style = getComputedStyle(node);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
        if (node.scrollWidth > node.clientWidth + 1 && (scrolls || node === document.scrollingElement)) {
          found.push(`${node.localName}.${node.className || ''} (${node.scrollWidth} > ${node.clientWidth})`);
        }
      }
    };
    const host = document.querySelector(sel);
    if (host) visit(host.shadowRoot ?? host);
    const doc = document.scrollingElement;
    if (doc.scrollWidth > doc.clientWidth + 1) found.push(`page (${doc.scrollWidth} > ${doc.clientWidth})`);
    return found;
  }, selector);
}

/**
 * What a field shows of its problem (issue 17): `invalid` (its aria-invalid), `kind` ('error',
 * 'warning' or null), `code` and `message` of the slot tied to it by aria-describedby, `next`
 * (the slot is the field's next sibling, starting right under it), `anyProblemShown` and
 * `anyInvalid` (in the whole shadow root).
 */
export function fieldState(locator) {
  return locator.evaluate((input) => {
    const root = input.getRootNode();
    const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const slot = ids.map((id) => root.getElementById(id)).find((n) => n && n.classList.contains('afflink-field-problem'));
    const shown = slot && !slot.hidden ? slot : null;
    const box = (n) => n.getBoundingClientRect();
    return {
      invalid: input.getAttribute('aria-invalid'),
      kind: shown ? (shown.classList.contains('afflink-field-problem--error') ? 'error' : 'warning') : null,
      code: shown ? shown.querySelector('.afflink-code')?.textContent ?? null : null,
      message: shown ? shown.querySelector('.afflink-message')?.textContent ?? null : null,
      next: shown ? input.nextElementSibling === shown && box(shown).top - box(input).bottom < 16 && box(shown).top >= box(input).bottom - 1 : null,
      anyProblemShown: [...root.querySelectorAll('.afflink-field-problem')].some((n) => !n.hidden),
      anyInvalid: root.querySelectorAll('[aria-invalid="true"]').length,
    };
  });
}

/**
 * Inside `host`'s shadow root: whether the element `wrapping` fits its box (its text wraps,
 * nothing scrolls), and the class names of the visible elements matching `selectors` that
 * stick out of the host's box (must be []).
 */
export function fitsInHost(host, wrapping, selectors) {
  return host.evaluate(
    (node, [wrap, sel]) => {
      const root = node.shadowRoot;
      const box = node.getBoundingClientRect();
      const out = root.querySelector(wrap);
      const outside = [...root.querySelectorAll(sel)]
        .filter((n) => n.getBoundingClientRect().width > 0)
        .filter((n) => n.getBoundingClientRect().right > box.right + 1 || n.getBoundingClientRect().left < box.left - 1)
        .map((n) => n.className);
      return { wraps: out.scrollWidth <= out.clientWidth, outside };
    },
    [wrapping, selectors],
  );
}

/**
 * Registers before/after hooks that start the server and the browser for this test file,
 * and returns `openPage(options)` and `baseUrl()`.
 */
export function useBrowser() {
  let browser;
  let server;
  let baseUrl;

  before(async () => {
    assert.ok(existsSync(join(DIST, 'index.html')), 'dist/ is missing: run `bash scripts/build.sh` first');
    ({ server, url: baseUrl } = await startServer(DIST, 0));
    const executablePath = existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium';
    browser = await chromium.launch({
      executablePath,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  /**
   * Opens the page in a fresh context and records everything that must not happen: console
   * errors, CSP violations, dialogs, page errors, requests to anything but the test server.
   * `problems()` lists them; a clean run returns []. `url` opens another page than the demo;
   * requests to its origin and to `allowedOrigins` are not foreign.
   */
  // `device`: extra context options (a phone: `{ viewport, isMobile, hasTouch }`).
  async function openPage({ permissions = [], route, url, allowedOrigins = [], device = {} } = {}) {
    const context = await browser.newContext({ acceptDownloads: true, ...device });
    if (permissions.length) await context.grantPermissions(permissions, { origin: new URL(baseUrl).origin });
    const page = await context.newPage();
    const found = [];
    const requests = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || /Content[- ]Security[- ]Policy|Trusted Type/i.test(msg.text())) {
        found.push(`console ${msg.type()}: ${msg.text()}`);
      }
    });
    page.on('pageerror', (error) => found.push(`page error: ${error.message}`));
    page.on('dialog', async (dialog) => {
      found.push(`dialog ${dialog.type()}: ${dialog.message()}`);
      await dialog.dismiss();
    });
    page.on('request', (request) => requests.push(request.url()));
    await page.exposeFunction('__reportCspViolation', (text) => found.push(`CSP violation: ${text}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    if (route) await page.route(route.url, route.handler);
    const target = url ?? baseUrl;
    await page.goto(target);
    const allowed = new Set([new URL(target).origin, ...allowedOrigins]);
    return {
      context,
      page,
      problems() {
        const foreign = requests.filter((u) => {
          try {
            return !allowed.has(new URL(u).origin);
          } catch {
            return true;
          }
        });
        return [...found, ...foreign.map((u) => `request outside the test server: ${u}`)];
      },
      requests,
    };
  }

  return { openPage, baseUrl: () => baseUrl, browser: () => browser };
}
