// The demo page's module: registers the afflink custom elements used on the page.
// Each tool is one element in its own module; later tools are added here the same way.
import { AfflinkLinkChecker } from './afflink-link-checker.js';

const elements = {
  'afflink-link-checker': AfflinkLinkChecker,
};

for (const [name, constructor] of Object.entries(elements)) {
  if (!customElements.get(name)) customElements.define(name, constructor);
}
