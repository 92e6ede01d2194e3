// The floor under the widget's main-thread target (benches/browser/widget-trace.mjs, path
// "floor"). NOT afflink, and never shipped: a script that does only what any link converter
// must do on the page's thread, the way the widget does it. It reads every link's href
// attribute, keeps those to a program site, and in a later task (as the worker's answer
// arrives) writes the three attributes the widget writes (data-afflink-original, href, rel),
// with tracked links made by concatenation: no worker, no WebAssembly, no settings check, no
// watching of the page. What it costs is what the machine charges for a script tag, reading
// and writing those links at that hour: the widget's figure less this one is afflink's own.
(function () {
  var PROGRAM_LINK = /aliexpress\.|alibaba\./i;
  var all = document.querySelectorAll('a[href]');
  var links = [];
  var hrefs = [];
  for (var i = 0; i < all.length; i++) {
    var href = all[i].getAttribute('href');
    if (PROGRAM_LINK.test(href) && !all[i].hasAttribute('data-afflink-original')) {
      links.push(all[i]);
      hrefs.push(href);
    }
  }
  setTimeout(function () {
    for (var j = 0; j < links.length; j++) {
      links[j].setAttribute('data-afflink-original', hrefs[j]);
      links[j].setAttribute('href', 'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dTbKz5B&dl_target=' + encodeURIComponent(hrefs[j]));
      links[j].setAttribute('rel', 'sponsored noopener');
    }
  }, 50);
})();
