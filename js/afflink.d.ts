// Type declarations for the afflink npm package.

// BEGIN GENERATED CODES (from src/codes/ by tests/codes_registry.rs; do not edit)
/** Reason codes of kind `page`. */
export type PageReasonCode =
  | "not_a_product_page"
  | "invalid_product_id";
/** Reason codes of kind `affiliateLink`. */
export type AffiliateLinkReasonCode =
  | "already_affiliate_link";
/** Reason codes of kind `shortLink`. */
export type ShortLinkReasonCode =
  | "needs_resolving";
/** Reason codes of kind `rejected`. */
export type RejectedReasonCode =
  | "not_a_url"
  | "unsupported_scheme"
  | "credentials_in_url"
  | "port_not_allowed"
  | "unknown_host"
  | "lookalike_host"
  | "too_long";
/** Every classification reason code. */
export type ReasonCode = PageReasonCode | AffiliateLinkReasonCode | ShortLinkReasonCode | RejectedReasonCode;
/** Every code afflink uses: reasons, and `Error.code` of thrown errors. */
export type AfflinkCode = ReasonCode
  | "unknown_parameter"
  | "duplicate_parameter"
  | "not_a_tracking_link"
  | "value_too_long"
  | "invalid_value"
  | "invalid_key"
  | "invalid_template"
  | "missing_product_id"
  | "wrong_program"
  | "already_tracked"
  | "invalid_postback_url"
  | "unknown_macro"
  | "malformed_macro"
  | "insecure_http"
  | "macro_outside_value"
  | "no_macros"
  | "not_completed"
  | "completed_too_late"
  | "amount_too_high"
  | "spam_order"
  | "excluded_country"
  | "outside_click_window"
  | "excluded_category"
  | "refunded"
  | "cancelled"
  | "duplicate_order"
  | "session_tracking"
  | "stale_rate_card"
  | "country_alias"
  | "previous_sales_not_this_period"
  | "example_figure"
  | "listing_figure"
  | "assumed_figure"
  | "unknown_program"
  | "invalid_amount"
  | "unsupported_currency"
  | "missing_exchange_rate"
  | "invalid_date"
  | "completed_before_paid"
  | "unknown_category"
  | "invalid_country"
  | "invalid_field"
  | "invalid_rate_card"
  | "missing_column"
  | "invalid_csv"
  | "unreadable_input"
  | "missing_macro"
  | "completion_assumed"
  | "buyer_assumed_returning"
  | "country_rule_skipped"
  | "date_unknown"
  | "unknown_setting"
  | "invalid_setting"
  | "no_program_settings"
  | "program_not_configured"
  | "invalid_argument"
  | "not_initialized"
  | "already_initialized"
  | "dom_error"
  | "network_error"
  | "left_program"
  | "too_many_redirects"
  | "https_required"
  | "not_resolved"
  | "not_found"
  | "redirected_to_page"
  | "item_unavailable"
  | "blocked"
  | "rate_limited"
  | "server_error"
  | "unexpected_status";
// END GENERATED CODES

/**
 * The codes only the command-line tool gives: its network checks (`afflink resolve`,
 * `afflink check`; docs/NETWORK.md). The package never throws nor returns them, and
 * `codeMessages()` does not list them.
 */
export type CliOnlyCode =
  | "network_error" | "left_program" | "too_many_redirects" | "https_required" | "not_resolved" | "not_found"
  | "redirected_to_page" | "item_unavailable" | "blocked" | "rate_limited" | "server_error" | "unexpected_status";
/** The codes the package can give: every code but the command-line tool's. */
export type PackageCode = Exclude<AfflinkCode, CliOnlyCode>;

/** What a URL is. */
export type Kind = "product" | "page" | "affiliateLink" | "shortLink" | "rejected";

/** The affiliate program a URL belongs to. */
export type Program = "aliexpress" | "alibaba";

/** Why a URL is not a product page: a stable code and a plain sentence. */
export interface Reason<C extends ReasonCode = ReasonCode> {
  code: C;
  message: string;
}

/** A product detail page: the only thing a deep link may point to. */
export interface ProductClassification {
  /** The input exactly as given. */
  input: string;
  kind: "product";
  program: Program;
  /** ASCII digits, as a string: ids exceed 2^53. */
  productId: string;
  /** `https`, no query, no fragment. */
  canonicalUrl: string;
  /** Affiliate-tracking parameters already on the URL (someone's tracking); empty when none. */
  affiliateParams: string[];
  reason: null;
}

interface NotAProduct<K extends Kind, C extends ReasonCode, P> {
  /** The input exactly as given. */
  input: string;
  kind: K;
  program: P;
  productId: null;
  canonicalUrl: null;
  affiliateParams: null;
  reason: Reason<C>;
}

/** Another page on a program host, or a product-shaped path with an implausible id. */
export type PageClassification = NotAProduct<"page", PageReasonCode, Program>;
/** Already a tracking link. */
export type AffiliateLinkClassification = NotAProduct<"affiliateLink", AffiliateLinkReasonCode, Program>;
/** A short link that only the program's server can expand. */
export type ShortLinkClassification = NotAProduct<"shortLink", ShortLinkReasonCode, Program>;
/** Not a program URL at all. */
export type RejectedClassification = NotAProduct<"rejected", RejectedReasonCode, null>;

/** The result of classifying one URL; narrow it with `kind`. */
export type Classification =
  | ProductClassification
  | PageClassification
  | AffiliateLinkClassification
  | ShortLinkClassification
  | RejectedClassification;

/** An `Error` with a stable `code`; refusals thrown from the WebAssembly module are instances too. */
export declare class AfflinkError extends Error {
  readonly name: "AfflinkError";
  readonly code: AfflinkCode;
  constructor(code: AfflinkCode, message: string);
}

/**
 * Where `init` loads the WebAssembly module from: a URL or a string (in Node also a path or
 * a `file:` URL, read from disk), a `Request` or `Response` or a promise of one, the
 * module's bytes, or a compiled `WebAssembly.Module`.
 */
export type InitSource = string | URL | Request | Response | PromiseLike<Response> | BufferSource | WebAssembly.Module;

/**
 * Loads the WebAssembly module (idempotent). Await it once before any other call. Without
 * a source, each entry finds the `.wasm` next to it. A later call with another source is
 * refused with `already_initialized`. Rejects with an `AfflinkError` `invalid_argument` for
 * a source of another type (a number, `null`, an array, a plain object other than
 * `{ module_or_path }`, whose unknown keys are named); a source that cannot be loaded (a
 * missing file, bytes that are not the module, a failed fetch) rejects with the engine's own
 * error (Node's `ENOENT` error, a `WebAssembly.CompileError`, a `TypeError`), and `init` may
 * be called again.
 */
export declare function init(source?: InitSource | { module_or_path: InitSource }): Promise<void>;

/**
 * Classifies one URL.
 * @throws {AfflinkError} `invalid_argument` when `url` is not a well-formed string,
 *   `not_initialized` before `init()` has finished.
 */
export declare function classifyUrl(url: string): Classification;

/**
 * Classifies many URLs in one crossing into WebAssembly: one result per input, in order.
 * @throws {AfflinkError} `invalid_argument` when `urls` is not an array of well-formed strings.
 */
export declare function classifyUrls(urls: readonly string[]): Classification[];

/** The size of the WebAssembly memory in bytes (0 before `init()`): a diagnostic for leaks. */
export declare function wasmMemoryBytes(): number;

/** Every code the package can give, with its plain-English message (not the command-line tool's {@link CliOnlyCode}s). */
export declare function codeMessages(): Record<PackageCode, string>;

/** Custom tracking strings: AliExpress `af cn cv dp`, Alibaba.com `pid tp1..tp5`. `null`/`undefined`/`""` mean "not set". */
export type AliExpressParams = Partial<Record<"af" | "cn" | "cv" | "dp", string | null | undefined>>;
export type AlibabaParams = Partial<Record<"pid" | "tp1" | "tp2" | "tp3" | "tp4" | "tp5", string | null | undefined>>;

/**
 * Adds custom tracking strings to a tracking link: replaces a name already present, keeps
 * every other byte, appends new names in the fixed order before any fragment.
 * @throws {AfflinkError} `unknown_parameter`, `duplicate_parameter`, `value_too_long`,
 *   `invalid_value`, `not_a_tracking_link`, a classifier code for a rejected URL, `too_long`.
 */
export declare function appendTrackingParams(link: string, params: AliExpressParams | AlibabaParams): string;

/** Options of {@link buildAliExpressDeepLink}. */
export interface AliExpressDeepLinkOptions {
  /** Your `aff_short_key` from the program dashboard. */
  affShortKey: string;
  /** A product page URL (only product pages may be deep-linked). */
  productUrl: string;
  params?: AliExpressParams;
}

/**
 * `https://s.click.aliexpress.com/deep_link.htm?aff_short_key=…&dl_target_url=…` plus custom tracking strings.
 * @throws {AfflinkError} the classifier's code for a non-product URL, `wrong_program`,
 *   `already_tracked`, `invalid_key`, parameter errors; `invalid_argument` for a wrong type
 *   or an unknown key in `options` (as in every options object and context: named, with a
 *   "did you mean" when close to a known key), and for options, `params` or values that are
 *   not a plain object (a `Map` or `URLSearchParams` would be read as no values).
 */
export declare function buildAliExpressDeepLink(options: AliExpressDeepLinkOptions): string;

/** One entry of a bulk result. */
export type LinkResult = { input: string; link: string } | { input: string; error: { code: AfflinkCode; message: string } };

/** Deep links for many product URLs, in one call. Throws only for the shared options (an unknown key: `invalid_argument`). */
export declare function buildAliExpressDeepLinks(
  productUrls: readonly string[],
  options: { affShortKey: string; params?: AliExpressParams },
): LinkResult[];

/**
 * A template (`{product_id}` / `{product_url}`) from a link the program made for a product.
 * Without `productId`, the product is read from the link when it carries it (an Alibaba.com
 * product URL in its query, the link itself when it is a product page, or an `id`,
 * `productId`, `product_id`, `itemId` or `item_id` query value).
 * @throws {AfflinkError} `invalid_template`, `invalid_product_id`, `missing_product_id`
 * (no `productId` and the link does not carry the product).
 */
export declare function alibabaTemplateFromSample(link: string, productId?: string | null): string;

/** Options of {@link buildAlibabaProductLink}: exactly one of `productUrl` and `productId`. */
export type AlibabaProductLinkOptions = { template: string; params?: AlibabaParams } & (
  | { productUrl: string; productId?: undefined }
  | { productId: string; productUrl?: undefined }
);

/**
 * Fills an Alibaba.com link template and sets `pid`, `tp1`..`tp5`.
 * @throws {AfflinkError} `invalid_template`, `invalid_product_id`, the classifier's code,
 *   `wrong_program`, `already_tracked`, parameter errors; `invalid_argument` for a wrong
 *   type, an unknown key in `options`, or not exactly one of `productUrl` and `productId`.
 */
export declare function buildAlibabaProductLink(options: AlibabaProductLinkOptions): string;

/** Alibaba.com product links for many product URLs, in one call. Throws only for the shared options (an unknown key: `invalid_argument`). */
export declare function buildAlibabaProductLinks(
  productUrls: readonly string[],
  options: { template: string; params?: AlibabaParams },
): LinkResult[];

/** A postback macro name, without braces. */
export type PostbackMacro =
  | "pid" | "tp1" | "tp2" | "tp3" | "tp4" | "tp5" | "ord_id" | "ord_platform" | "ord_geo"
  | "ord_amount" | "p_sku" | "p_name" | "com_rate" | "est_com";

/** One problem in a postback URL. */
export interface PostbackProblem {
  code: AfflinkCode;
  severity: "error" | "warning";
  message: string;
}

/** The result of {@link checkPostbackUrl}. */
export interface PostbackReport {
  /** True when no problem is an error. */
  ok: boolean;
  /** The known macros used, in order of first appearance. */
  macros: PostbackMacro[];
  problems: PostbackProblem[];
}

/** Checks an Alibaba.com server-to-server postback URL template. */
export declare function checkPostbackUrl(url: string): PostbackReport;

/**
 * The URL the program would call: each macro replaced by its percent-encoded value (or nothing).
 * @throws {AfflinkError} the template's first error, `unknown_macro`, `duplicate_parameter`,
 *   `invalid_value` (control characters, or a result that is not a URL), `too_long`.
 */
export declare function expandPostbackUrl(url: string, values: Partial<Record<PostbackMacro | `{${PostbackMacro}}`, string | null | undefined>>): string;

/** What `reconcileCommissions` compares: the program's figures, and optionally your orders. */
export type ReconcileInput =
  | {
      /** The AliExpress Portals order report, as CSV text (columns found by header name). */
      report: string;
      /** Maps a field to a header the alias list does not know: `{amount: "Paid (USD)"}`. */
      columns?: Partial<Record<"orderId" | "paidDate" | "amount" | "commission" | "status" | "category" | "buyer" | "country" | "af", string>>;
      orders?: readonly Order[];
      postbackTemplate?: never;
      postbackLog?: never;
    }
  | {
      /** Your postback URL template (with {ord_id} and {est_com}). */
      postbackTemplate: string;
      /** The calls your server received: an access log or one URL per line. */
      postbackLog: string;
      orders?: readonly Order[];
      report?: never;
      columns?: never;
    };

/** One order of a reconciliation. Money is decimal strings; `difference` is reported − estimated. */
export interface ReconcileLine {
  orderId: string;
  program: Program;
  /** `agrees` when |difference| <= 0.01. */
  status: "agrees" | "differs" | "reportOnly" | "ordersOnly";
  estimated: string | null;
  reported: string | null;
  difference: string | null;
  /** The likely cause: "rate: the program paid 7.00%; your card says 3.25%.", "qualification: …", "amount: …", "rounding: …". */
  explanation: string | null;
  estimatedRatePercent: string | null;
  reportedRatePercent: string | null;
  paidDate: string | null;
  period: { start: string; end: string } | null;
  /** `af` (report) or `tp1` (postback) with their values. */
  subIds: Record<string, string>;
  /** What was assumed where the program's figures lack a field. */
  assumptions: Array<{ code: AfflinkCode; message: string }>;
  error: { code: AfflinkCode; message: string } | null;
}

/** Totals of a group of reconciliation lines. */
export interface ReconcileTotals {
  orders: number;
  estimated: string;
  reported: string;
  difference: string;
}

/** The summary of a reconciliation. */
export interface ReconcileSummary extends ReconcileTotals {
  program: Program;
  agrees: number;
  differs: number;
  reportOnly: number;
  ordersOnly: number;
  /** Per calculation period (or calendar month); undated lines in the entry with null dates. */
  periods: Array<{ program: Program; start: string | null; end: string | null } & ReconcileTotals>;
  subIds: Array<{ name: string; value: string } & ReconcileTotals>;
  input: {
    source: "postbackLog" | "orderReport";
    lines: number;
    matched: number;
    unmatched: number;
    withoutOrderId: number;
    duplicateCalls: number;
    /** Report rows skipped as totals (order id Total, Totals, Grand Total or Sum, no date). */
    totalsRows: number;
    columns: Record<string, string>;
    ordersGiven: boolean;
    otherProgramOrders: number;
    refusedOrders: number;
  };
}

/**
 * Compares afflink's estimates with what the program reported, per order and per period.
 * `suggestedCard` is a partial user card of the observed rates (`basis: "user"`), for `rateCards`;
 * it keeps the default card's category rules for every buyer (tablets and mobile phones: 8%).
 * @throws {AfflinkError} `missing_macro`, `invalid_postback_url`, `missing_column`, `invalid_csv`, `invalid_field`,
 *   `invalid_argument` (also an unknown key in `input` or `context`).
 */
export declare function reconcileCommissions(
  input: ReconcileInput,
  context?: EstimateContext,
): { lines: ReconcileLine[]; summary: ReconcileSummary; suggestedCard: RateCardPatch | null };

/**
 * A decimal amount: a string such as "19.99" (also "1,299.00", "$19.99", "US$ 12,345": commas
 * only between groups of three digits; "1,5" is refused as a decimal comma), or a finite number.
 */
export type Amount = string | number;

/** An order as the estimator reads it (see docs/COMMISSION.md). */
export interface Order {
  program: Program;
  /** A number must be a safe integer (at most 2^53 - 1): give a longer id as a string. */
  orderId: string | number;
  /** After discounts, without shipping, in `currency`; optional when `items` are given (their sum). */
  amount?: Amount;
  /** A three-letter code, "USD" by default; other currencies need `context.exchangeRates`. */
  currency?: string;
  category?: string;
  /** The products bought: each is rated by its own category; the order qualifies as a whole. */
  items?: Array<{ category?: string; amount: Amount }>;
  buyer: "new" | "returning";
  /** ISO 3166-1 alpha-2, any case ("UK" is read as "GB" with the warning `country_alias`); required for alibaba orders. */
  country?: string;
  /** "completed" (the programs' "Trade Completed"); "refunded" and "cancelled" have their own reasons; any other status does not qualify. */
  status: string;
  /** A partial refund: lowers the commission base. */
  refundedAmount?: Amount;
  /** YYYY-MM-DD */
  paidDate: string;
  /** YYYY-MM-DD; required when status is completed. */
  completedDate?: string;
  /** YYYY-MM-DD; the cookie window runs from here to paidDate (AliExpress: a `session_tracking` warning). */
  clickDate?: string;
  spam?: boolean;
}

/** A correction the program made, netted into the period its date falls in. */
export interface AdjustmentRow {
  type: "adjustment";
  program: Program;
  orderId?: string | number;
  /** Commission in USD (or `currency`); negative for a deduction. */
  amount: Amount;
  currency?: string;
  /** YYYY-MM-DD */
  date: string;
}

/** Where a figure comes from. */
export type Basis = "documented" | "example" | "listing" | "assumption" | "user";

/** Provenance every figure carries; `asOf` is null when no source gives a date. */
export interface Provenance {
  source: string;
  asOf: string | null;
  basis: Basis;
  note?: string;
}

/** A rate card (schema "afflink/rate-card/1"); a partial card is merged over the default of its program. */
export interface RateCard {
  schema: "afflink/rate-card/1";
  /** The shipped card's name; absent on a user's card. */
  id?: string;
  program: Program;
  currency: "USD";
  name: string;
  source: string;
  asOf: string | null;
  note?: string;
  period: ({ startDay: number } & Provenance) | null;
  categories: string[];
  /** Other ways a category is written (full names, paths); matching is also case and plural insensitive. */
  categoryAliases?: Record<string, string[]>;
  requireKnownCategory: boolean;
  rules: Array<{
    label: string;
    part: "base" | "newBuyer";
    when: { buyer?: "new" | "returning"; categories?: string[]; countries?: string[] };
    percent?: string;
    tiers?: { mode: "marginal" | "flat"; steps: Array<{ upTo: string | null; percent: string }> };
  } & Provenance>;
  incentive: { label: string; steps: Array<{ minSales: string; bonusPercent: string } & Provenance> } | null;
  cap: ({ maxCommission: string } & Provenance) | null;
  qualification: Record<string, { value: unknown } & Provenance>;
  payout: {
    minimumBalance: { value: string } & Provenance;
    withdrawalFee: { value: string } & Provenance;
  };
}

/** A partial rate card: `program` plus the parts to override (figures without `basis` get `"user"`). */
export type RateCardPatch = { program: Program } & Partial<Omit<RateCard, "program">>;

/** The names of the shipped cards. */
export type RateCardName =
  | "aliexpress-documented"
  | "alibaba-documented"
  | "aliexpress-example-2016"
  | "alibaba-listing"
  | "aliexpress"
  | "alibaba";

/** What an estimate needs besides the orders. Another key is refused (`invalid_argument`, naming it). */
export interface EstimateContext {
  /** The previous calculation period's sales (USD), applied to every order. */
  previousPeriodSales?: Amount;
  /** The orders are the whole history: each period's qualifying sales set the next period's incentive. */
  history?: boolean;
  /** Rate cards to use instead of the defaults: a shipped card's name, or a card (whole or partial); one per program. */
  rateCards?: Array<RateCardName | RateCard | RateCardPatch>;
  /** USD per unit of each other currency: `{EUR: "1.0800"}` means 1 EUR = 1.08 USD. */
  exchangeRates?: Record<string, Amount>;
  /** Totals by the program's calculation period (the default) or by calendar month. */
  groupBy?: "period" | "month";
}

/** One line of the breakdown; the lines add up to the commission. */
export interface BreakdownLine {
  part: "base" | "newBuyer" | "incentive" | "cap";
  label: string;
  ratePercent: string | null;
  amount: string;
}

/** A code with a sentence: a reason, a warning or an assumption. */
export interface Note {
  code: AfflinkCode;
  message: string;
}

/** One order's estimate. Money is decimal strings with 2 places. */
export interface Estimate {
  orderId: string;
  program: Program;
  /** The shipped card's name, or null for a user's card. */
  card: string | null;
  qualifies: boolean;
  /** Every qualification rule the order failed. */
  reasons: Note[];
  /** Without trailing zeros: "16", "3.5". "0" when the order does not qualify. */
  ratePercent: string;
  breakdown: BreakdownLine[];
  /** "0.00" when the order does not qualify. */
  commission: string;
  period: { start: string; end: string } | null;
  /** The amount as given, in `currency`. */
  currency: string;
  amount: string;
  /** USD per unit of `currency` (null for USD). */
  exchangeRate: string | null;
  /** The amount in USD, converted unrounded. */
  amountUsd: string;
  refundedAmount: string;
  /** Orders with `items`: each item's rule. */
  items?: Array<{ category: string; amount: string; label: string; ratePercent: string }>;
  /** `session_tracking`, `stale_rate_card`, `duplicate_order`, `country_alias`, `previous_sales_not_this_period`. */
  warnings: Note[];
  /** Each figure used whose basis is not documented or user. */
  assumptions: Note[];
}

/** A report line for an adjustment row. */
export interface AdjustmentLine {
  type: "adjustment";
  orderId: string | null;
  program: Program;
  amount: string;
  date: string;
  period: { start: string; end: string };
}

/** A report line for a row that could not be read. */
export interface RefusedOrder {
  orderId: string | null;
  error: { code: AfflinkCode; message: string };
}

/** Totals of a report. */
export interface Summary {
  /** Order rows (adjustment rows are not counted). */
  orders: number;
  errors: number;
  qualifyingOrders: number;
  qualifyingAmount: string;
  /** The sum of the rounded per-order commissions. */
  estimated: string;
  /** The sum of the adjustments. */
  adjustments: string;
  /** estimated + adjustments. */
  net: string;
  groupBy: "period" | "month";
  periods: Array<{
    program: Program;
    kind: "period" | "month";
    start: string;
    end: string;
    orders: number;
    qualifyingAmount: string;
    commission: string;
    adjustments: string;
    net: string;
  }>;
  payouts: Array<{
    program: Program;
    balance: string;
    minimum: string;
    fee: string;
    withdrawable: boolean;
    net: string;
    warning: string | null;
    /** What the estimate leaves out (bank fees, taxes) and where the sources disagree. */
    notes: string[];
    assumptions: Note[];
  }>;
}

/**
 * Estimates one order.
 * @throws {AfflinkError} a code naming the bad field (`invalid_amount`, `invalid_date`,
 *   `missing_exchange_rate`, …); `invalid_argument` for a wrong type, an unknown key in
 *   `context`, or a lone surrogate in any string of the order or the context (naming it).
 */
export declare function estimateCommission(order: Order, context?: EstimateContext): Estimate;

/** Estimates many rows (orders and adjustments); a bad row gets its own `RefusedOrder` line and never loses the others. */
export declare function estimateCommissions(
  orders: ReadonlyArray<Order | AdjustmentRow>,
  context?: EstimateContext,
): { lines: Array<Estimate | AdjustmentLine | RefusedOrder>; summary: Summary };

/** A shipped rate card by name. @throws {AfflinkError} `invalid_rate_card` for an unknown name. */
export declare function rateCard(name: RateCardName): RateCard;

/** The shipped rate cards, the defaults ("documented minimum") first. */
export declare function rateCards(): Array<{ name: RateCardName; program: Program; default: boolean; title: string; note: string }>;

/** The default rate card of a program: the documented minimum (lowest documented figures). */
export declare function defaultRateCard(program: Program): RateCard;

/**
 * The script tag's link converter: the settings (the tag's data attributes without `data-`,
 * as parallel arrays of names and values) are checked once; then link addresses, one per
 * line, are converted in one call. A refusal of the settings is not thrown: it is read with
 * `errorCode()` and `errorMessage()`. Free it with `free()` when done.
 *
 * Its calls throw only `AfflinkError`s: `not_initialized` for `new LinkConverter` before
 * `init()`, `invalid_argument` for a wrong type (arrays of strings, of the same length; a
 * string; a `Uint8Array` for `convertUtf8`) and for any call but `free()` after `free()`. A
 * lone surrogate in a string is read as U+FFFD (as `TextEncoder` does), not refused.
 */
export declare class LinkConverter {
  constructor(names: readonly string[], values: readonly string[]);
  /** The settings' refusal code, or `""` when they are usable. */
  errorCode(): string;
  /** The settings' refusal message, or `""`. */
  errorMessage(): string;
  /** Warnings, one `code<TAB>message` per entry. */
  warnings(): string[];
  /** Whether links are converted (`convert` is not `off`). */
  enabled(): boolean;
  /** The disclosure text, or `""`. */
  disclosure(): string;
  /** The visitor's platform for Alibaba.com templates: `pc` (default), `wap` or `app`; false for any other name. */
  setPlatform(name: string): boolean;
  /** One tracked link (or `""` for a link left as it is) per input line. */
  convert(hrefs: string): string;
  /**
   * `convert` for addresses already encoded as UTF-8 (`new TextEncoder().encode(hrefs)`):
   * faster for a page's worth of links. A line that is not UTF-8 stays as it is.
   */
  convertUtf8(hrefs: Uint8Array): string;
  /** Why each link is left as it is: one code (or `""` for a converted link) per input line. */
  reasons(hrefs: string): string;
  /** Frees the WebAssembly memory it holds; a second call does nothing. */
  free(): void;
}

/** A JSON value, as `mergeRateCard` takes and returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * `patch` merged over `base` as RFC 7396 (JSON merge patch) says, by the core's merge (the
 * one a user's partial card goes through over a shipped card): objects merge key by key,
 * `null` removes a key, anything else (a list too) replaces. The result is not checked as a
 * card; its object keys come back in sorted order.
 * @throws {AfflinkError} `invalid_argument` when an argument is not a JSON value, or holds
 *   NaN, Infinity (JSON would make them `null`, which removes a key) or a lone surrogate.
 */
export declare function mergeRateCard(base: RateCard | Partial<RateCard> | JsonValue, patch: Partial<RateCard> | JsonValue): JsonValue;
