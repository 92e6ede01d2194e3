/*! afflink.js — the script tag a blog pastes. https://github.com/afflink (MIT OR Apache-2.0)
 *
 * <script async src="https://…/afflink.js" data-aff-short-key="KEY" data-af="myblog"></script>
 *
 * A classic script (document.currentScript is null in modules): it reads its settings
 * before doing anything asynchronous, then starts what the page needs: the link converter
 * when the page has a link to a program site (its page side, afflink-links.js, is bundled
 * into this file by scripts/build.sh: one fetch fewer before the first link is read; it
 * loads its worker and WebAssembly relative to this file's URL), the tools, with import(),
 * when it has an <afflink-…> element. No cookies, no storage, no request but its own files.
 * See docs/WIDGET.md.
 */
import { start } from './afflink-links.js';

(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src || window.afflinkLoaded) return;
  window.afflinkLoaded = true;

  function report(message) {
    console.error('afflink: ' + message);
  }

  var base;
  try {
    base = new URL('.', script.src).href;
  } catch (e) {
    return;
  }

  // Settings: a JSON block first, then the script tag's data attributes, which win.
  var settings = {};
  var block = document.getElementById('afflink-config');
  if (block && block.type === 'application/json') {
    try {
      var parsed = JSON.parse(block.textContent);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('it is not a JSON object');
      Object.keys(parsed).forEach(function (key) {
        var value = parsed[key];
        // A number or a boolean is taken as its text, as `afflink rewrite` takes it.
        if (value === null || typeof value === 'object') throw new Error('the value of "' + key + '" is not text');
        // camelCase keys (affShortKey) are the same settings as data attributes (aff-short-key).
        settings[key.replace(/[A-Z]/g, function (c) { return '-' + c.toLowerCase(); })] = String(value);
      });
    } catch (e) {
      // The format of the core's setting errors (docs/WIDGET.md): the sentence, [code], what happened.
      report('The settings in <script id="afflink-config"> are not usable: ' + e.message + '. [invalid_setting] Links were left as they are.');
      return;
    }
  }
  for (var i = 0; i < script.attributes.length; i++) {
    var attr = script.attributes[i];
    if (attr.name.lastIndexOf('data-', 0) === 0) settings[attr.name.slice(5)] = attr.value;
  }

  var TOOLS = 'afflink-link-checker,afflink-link-builder,afflink-postback-checker,afflink-commission-calculator,afflink-snippet-generator';
  // A cheap first look; the WebAssembly core decides what really is a product page.
  var PROGRAM_LINK = /aliexpress\.|alibaba\./i;
  var converting = settings.convert !== 'off';
  var toolsLoading = null;
  var linksLoading = null;

  function hasProgramLink(root) {
    // A live collection, read by index and never asked its length (which would count every
    // link of the page): the browser looks no further than the first such link.
    var links = root.localName === 'a' ? [root] : root.getElementsByTagName('a');
    // (A link without href: test(null) tests "null".)
    for (var j = 0, a; (a = links[j]); j++) if (PROGRAM_LINK.test(a.getAttribute('href'))) return true;
    return false;
  }

  function hasTool(root) {
    if (/^AFFLINK-/.test(root.tagName || '')) return true;
    // A tool not yet defined as an element: one cheap test per element (`:defined`) instead
    // of five names (a tool already defined needs nothing loaded).
    var waiting;
    try {
      waiting = root.querySelectorAll(':not(:defined)');
    } catch (e) {
      return !!root.querySelector(TOOLS);
    }
    for (var k = 0, el; (el = waiting[k]); k++) if (TOOLS.split(',').indexOf(el.localName) >= 0) return true;
    return false;
  }

  function loadTools() {
    if (!toolsLoading) {
      toolsLoading = import(base + 'afflink-tools.js').catch(function (e) {
        report('the tools could not be loaded from ' + base + ' (' + e.message + ').');
      });
    }
    return toolsLoading;
  }

  function loadLinks() {
    if (!linksLoading) {
      linksLoading = Promise.resolve().then(function () {
        // With tools on the page, their full module also converts: one download, not two.
        return start(settings, base, !!toolsLoading);
      });
    }
    return linksLoading;
  }

  function look(root) {
    // `root`: the document or an element.
    if (!toolsLoading && hasTool(root)) loadTools();
    if (converting && !linksLoading && hasProgramLink(root)) loadLinks();
    return !!toolsLoading && (!converting || !!linksLoading);
  }

  var observer;
  function watch() {
    // Changed addresses matter only until the converter loads (it watches them itself).
    observer.observe(document.documentElement, { childList: true, subtree: true, attributeFilter: converting && !linksLoading ? ['href'] : [] });
  }

  function begin() {
    if (look(document)) return;
    // Links and tools added later (single-page apps, infinite scroll) load what they need.
    observer = new MutationObserver(function (records) {
      for (var r = 0; r < records.length; r++) {
        var nodes = records[r].addedNodes;
        for (var n = 0; n < nodes.length; n++) {
          if (nodes[n].nodeType === 1 && look(nodes[n])) return observer.disconnect();
        }
        if (records[r].type === 'attributes' && look(records[r].target)) return observer.disconnect();
      }
      if (linksLoading) watch();
    });
    watch();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', begin, { once: true });
  else begin();
})();
