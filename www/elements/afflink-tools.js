// Registers the afflink tool elements (the four tools and the snippet generator). The loader (afflink.js) imports this module when
// a page has an <afflink-…> element; a page can also import it directly:
//   <script type="module" src="https://…/afflink-tools.js"></script>
import { AfflinkLinkChecker } from './link-checker/afflink-link-checker.js';
import { AfflinkLinkBuilder } from './link-builder/afflink-link-builder.js';
import { AfflinkPostbackChecker } from './postback-checker/afflink-postback-checker.js';
import { AfflinkCommissionCalculator } from './commission-calculator/afflink-commission-calculator.js';
import { AfflinkSnippetGenerator } from './snippet-generator/afflink-snippet-generator.js';

const elements = {
  'afflink-link-checker': AfflinkLinkChecker,
  'afflink-link-builder': AfflinkLinkBuilder,
  'afflink-postback-checker': AfflinkPostbackChecker,
  'afflink-commission-calculator': AfflinkCommissionCalculator,
  'afflink-snippet-generator': AfflinkSnippetGenerator,
};

for (const [name, constructor] of Object.entries(elements)) {
  if (!customElements.get(name)) customElements.define(name, constructor);
}
