// A TypeScript consumer of the packed package: `tsc --noEmit` must accept this file, and
// every `@ts-expect-error` line must really be an error (so the types are exact).
import { init, classifyUrl, classifyUrls, AfflinkError } from "afflink";
import type { AfflinkCode, Classification, Kind, Program, ReasonCode, RejectedReasonCode } from "afflink";

await init();

const c: Classification = classifyUrl("https://www.aliexpress.com/item/1005006123456789.html");
if (c.kind === "product") {
  const id: string = c.productId;
  const url: string = c.canonicalUrl;
  const params: string[] = c.affiliateParams;
  const program: Program = c.program;
  const none: null = c.reason;
  console.log(id, url, params, program, none);
} else {
  const code: ReasonCode = c.reason.code;
  const message: string = c.reason.message;
  const id: null = c.productId;
  console.log(code, message, id);
}
if (c.kind === "rejected") {
  const program: null = c.program;
  const code: RejectedReasonCode = c.reason.code;
  console.log(program, code);
}
if (c.kind === "page") {
  // @ts-expect-error a page is never rejected for its host
  const code: "unknown_host" = c.reason.code;
  console.log(code);
}

function label(kind: Kind): string {
  switch (kind) {
    case "product":
    case "page":
    case "affiliateLink":
    case "shortLink":
    case "rejected":
      return kind;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

const all: Classification[] = classifyUrls(["a", "b"] as const);
console.log(all.map((r) => label(r.kind)));

try {
  classifyUrl("x");
} catch (e) {
  if (e instanceof AfflinkError) {
    const code: AfflinkCode = e.code;
    console.log(code);
  }
}

// @ts-expect-error not a kind
const badKind: Kind = "products";
// @ts-expect-error not a code
const badCode: AfflinkCode = "unknown_hosts";
// @ts-expect-error urls must be strings
classifyUrls([1, 2]);
// @ts-expect-error a product id is a string, never a number
const n: number = (c as Extract<Classification, { kind: "product" }>).productId;
console.log(badKind, badCode, n);

// Link building and commission types.
import {
  appendTrackingParams, buildAliExpressDeepLink, buildAliExpressDeepLinks, buildAlibabaProductLink, checkPostbackUrl,
  estimateCommission, estimateCommissions, defaultRateCard, expandPostbackUrl,
} from "afflink";
import type { Estimate, LinkResult, PostbackReport, RateCard, Summary } from "afflink";

const deep: string = buildAliExpressDeepLink({ affShortKey: "K", productUrl: "https://www.aliexpress.com/item/1.html", params: { af: "x", dp: undefined } });
const many: LinkResult[] = buildAliExpressDeepLinks(["u"], { affShortKey: "K" });
for (const r of many) {
  if ("link" in r) console.log(r.link.length);
  else console.log(r.error.code);
}
const ab: string = buildAlibabaProductLink({ template: "t", productId: "1", params: { tp1: "c" } });
const tracked: string = appendTrackingParams(deep, { cn: "spring" });
// @ts-expect-error AliExpress links take af/cn/cv/dp, not arbitrary names
appendTrackingParams(deep, { affid: "x" });
// @ts-expect-error exactly one of productUrl and productId
buildAlibabaProductLink({ template: "t", productId: "1", productUrl: "u" });
const report: PostbackReport = checkPostbackUrl("https://example.com/pb?c={tp1}");
const severity: "error" | "warning" | undefined = report.problems[0]?.severity;
const preview: string = expandPostbackUrl("https://example.com/pb?c={tp1}", { tp1: "x", "{est_com}": "1.00" });
// @ts-expect-error not a macro
expandPostbackUrl("https://example.com/pb", { est_comm: "1" });

const est: Estimate = estimateCommission(
  { program: "aliexpress", orderId: 1, amount: 19.99, buyer: "new", status: "completed", paidDate: "2016-10-10", completedDate: "2016-10-20" },
  { previousPeriodSales: "400000" },
);
const cents: string = est.commission;
const { lines, summary }: { lines: unknown[]; summary: Summary } = estimateCommissions([], { history: true, rateCards: [{ program: "alibaba", cap: null }] });
const card: RateCard = defaultRateCard("alibaba");
// @ts-expect-error buyer is new or returning
estimateCommission({ program: "alibaba", orderId: "x", amount: "1", buyer: "first", status: "completed", paidDate: "2025-01-01" });
console.log(ab, tracked, severity, preview, cents, lines.length, summary.estimated, card.rules.length);

// The core's RFC 7396 merge: a partial card over a shipped one.
import { mergeRateCard } from "afflink";
import type { JsonValue } from "afflink";
const merged: JsonValue = mergeRateCard(card, { cap: null, note: "mine" });
// @ts-expect-error a function is not a JSON value
mergeRateCard(card, () => 1);
console.log(merged);

// The script tag's converter.
import { LinkConverter } from "afflink";
const converter = new LinkConverter(["aff-short-key"], ["_dT5B1bR"]);
const ok: boolean = converter.setPlatform("wap");
const converted: string = converter.convert("https://www.aliexpress.com/item/1005006123456789.html");
converter.free();
console.log(ok, converted);
// The settings are two arrays of strings.
// @ts-expect-error not an array of strings
new LinkConverter(["aff-short-key"], [5]);

// codeMessages() has the package's codes, not the command-line tool's network codes.
import { codeMessages } from "afflink";
import type { CliOnlyCode, PackageCode } from "afflink";
const messages = codeMessages();
const invalid: string = messages.invalid_argument;
// @ts-expect-error network_error is the command-line tool's
console.log(messages.network_error);
const cli: CliOnlyCode = "rate_limited";
// @ts-expect-error a CLI-only code is not a package code
const notPackage: PackageCode = "rate_limited";
console.log(invalid, cli, notPackage);

// The .wasm file for a bundler's configuration (README: Rollup, esbuild): its URL.
import wasmUrl from "afflink/wasm";
const wasmHref: string = wasmUrl;
console.log(wasmHref);

// Named cards, bases, assumptions, exchange rates, adjustments, grouping.
import { rateCard, rateCards } from "afflink";
import type { Basis, Note } from "afflink";
const example: RateCard = rateCard("aliexpress-example-2016");
const basis: Basis = example.rules[0].basis;
const asOf: string | null = example.asOf;
const names: string[] = rateCards().map((c) => c.name);
// @ts-expect-error not a shipped card name
rateCard("ebay");
const eur: Estimate = estimateCommission(
  { program: "aliexpress", orderId: "e", amount: "10", currency: "EUR", buyer: "new", status: "completed", paidDate: "2016-10-10", completedDate: "2016-10-20" },
  { exchangeRates: { EUR: "1.0800" }, rateCards: ["aliexpress-example-2016"] },
);
const assumptions: Note[] = eur.assumptions;
const usd: string = eur.amountUsd;
const grouped = estimateCommissions(
  [{ type: "adjustment", program: "aliexpress", amount: "-1.00", date: "2016-10-12" }],
  { groupBy: "month" },
);
const net: string = grouped.summary.periods[0]?.net ?? grouped.summary.net;
console.log(basis, asOf, names.length, assumptions.length, usd, net);
// Reconciliation: the result's shape.
import { reconcileCommissions } from "afflink";
import type { ReconcileLine, ReconcileSummary } from "afflink";
const rec = reconcileCommissions({ report: "Order Number,Estimated Commission\n1,1.00\n", columns: { amount: "Paid" } });
const recLine: ReconcileLine = rec.lines[0];
const recStatus: "agrees" | "differs" | "reportOnly" | "ordersOnly" = recLine.status;
const recSummary: ReconcileSummary = rec.summary;
const recReported: string | null = recLine.reported;
console.log(recStatus, recSummary.periods.length, recReported, rec.suggestedCard?.program);
// @ts-expect-error a report and postback calls are not given together
reconcileCommissions({ report: "x", postbackTemplate: "y", postbackLog: "z" });

// afflink/rewrite: documents in Node build pipelines.
import { init as initRewrite, rewriteHtml, rewriteMarkdown } from "afflink/rewrite";
import type { RewriteOptions } from "afflink/rewrite";
await initRewrite();
const wap: RewriteOptions = { platform: "wap" };
const page: string = rewriteHtml("<p></p>", { affShortKey: "_dT5B1bR" }, wap);
const md: string = rewriteMarkdown("[a](b)", { affShortKey: "_dT5B1bR" });
// @ts-expect-error not a platform
rewriteHtml("", {}, { platform: "tablet" });
console.log(page, md);

// The package README's first example, as written there, type-checks under `strict`.
const readmeUrls = ['https://www.aliexpress.com/wholesale?SearchText=usb', 'javascript:alert(1)'];
const readmeCodes: Array<ReasonCode | undefined> = classifyUrls(readmeUrls).map((r) => r.reason?.code);
console.log(readmeCodes);
