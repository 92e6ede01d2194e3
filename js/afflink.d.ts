// Type declarations for the afflink npm package.

// BEGIN GENERATED CODES (from src/codes.rs by tests/codes_registry.rs; do not edit)
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
  | "too_long";
/** Every classification reason code. */
export type ReasonCode = PageReasonCode | AffiliateLinkReasonCode | ShortLinkReasonCode | RejectedReasonCode;
/** Every code afflink uses: reasons, and `Error.code` of thrown errors. */
export type AfflinkCode = ReasonCode
  | "invalid_argument"
  | "not_initialized";
// END GENERATED CODES

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

/** An `Error` with a stable `code`. */
export declare class AfflinkError extends Error {
  readonly name: "AfflinkError";
  readonly code: AfflinkCode;
  constructor(code: AfflinkCode, message: string);
}

/** Loads the WebAssembly module (idempotent). Await it once before any other call. */
export declare function init(): Promise<void>;

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

/** Every stable code with its plain-English message. */
export declare function codeMessages(): Record<AfflinkCode, string>;
