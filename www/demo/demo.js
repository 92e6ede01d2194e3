// The demo page's own script: shows this page's script tag, and where each link of the
// sample post goes once afflink.js has converted it. Text only, no innerHTML.

function pageSnippet() {
  const tag = document.querySelector('script[src$="afflink.js"]');
  if (!tag) return '';
  const attributes = [...tag.attributes]
    .filter((a) => a.name.startsWith('data-'))
    .map((a) => `\n        ${a.name}="${a.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join('');
  return `<script async src="${tag.getAttribute('src')}"${attributes}></script>`;
}

function showLinks() {
  const list = document.getElementById('sample-links');
  const items = [...document.querySelectorAll('#sample-post a[href]')].map((a) => {
    const original = a.getAttribute('data-afflink-original');
    const state = document.createElement('span');
    state.className = 'sample-state';
    state.textContent = original ? 'converted' : 'left as it is';
    const href = document.createElement('span');
    href.className = 'sample-href';
    href.textContent = a.getAttribute('href');
    const li = document.createElement('li');
    li.dataset.state = original ? 'converted' : 'unchanged';
    li.append(`“${a.textContent}”: `, state, href);
    return li;
  });
  list.replaceChildren(...items);
}

function start() {
  document.getElementById('page-snippet').textContent = pageSnippet();
  showLinks();
  document.addEventListener('afflink:converted', showLinks);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
