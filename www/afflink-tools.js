// The demo page's module: registers the afflink custom elements used on the page.
// Each tool is one element in its own module; later tools are added here the same way.
import { AfflinkLinkChecker } from './afflink-link-checker.js';
import { AfflinkLinkBuilder } from './afflink-link-builder.js';
import { AfflinkPostbackChecker } from './afflink-postback-checker.js';
import { AfflinkCommissionCalculator } from './afflink-commission-calculator.js';

const elements = {
  'afflink-link-checker': AfflinkLinkChecker,
  'afflink-link-builder': AfflinkLinkBuilder,
  'afflink-postback-checker': AfflinkPostbackChecker,
  'afflink-commission-calculator': AfflinkCommissionCalculator,
};

for (const [name, constructor] of Object.entries(elements)) {
  if (!customElements.get(name)) customElements.define(name, constructor);
}
