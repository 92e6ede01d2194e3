//! # afflink
//!
//! Deep-link validation for publishers of the AliExpress and Alibaba.com affiliate
//! programs, as a pure Rust core that also compiles to WebAssembly.
//!
//! [`classify`] tells a product page URL — the only kind of page a deep link may point
//! to — from every other URL, extracts the product id (as a string: ids exceed 2^53) and
//! gives a clean canonical URL. Every refusal carries a stable [`Code`] and a plain
//! sentence.
//!
//! ```
//! use afflink::{classify, Code, Kind, Program};
//!
//! // A product page from a language subdomain, with tracking junk and a fragment.
//! let c = classify("https://de.aliexpress.com/item/1005006123456789.html?spm=a2g0o.home&algo_pvid=x#reviews");
//! assert_eq!(c.kind, Kind::Product);
//! assert_eq!(c.product_id(), Some("1005006123456789"));
//! assert_eq!(c.canonical_url(), Some("https://www.aliexpress.com/item/1005006123456789.html"));
//!
//! // Alibaba.com: the id follows the last underscore of the slug.
//! let c = classify("https://www.alibaba.com/product-detail/Custom-Logo-T-Shirt_1600123456789.html");
//! assert_eq!(c.program, Some(Program::Alibaba));
//! assert_eq!(c.product_id(), Some("1600123456789"));
//!
//! // A search page is a page, not a product.
//! let c = classify("https://www.aliexpress.com/wholesale?SearchText=phone+case");
//! assert_eq!((c.kind, c.reason_code()), (Kind::Page, Some(Code::NotAProductPage)));
//!
//! // A lookalike host is rejected, with the reason.
//! let c = classify("https://s-aliexpres.com/item/1005006123456789.html");
//! assert_eq!((c.kind, c.reason_code()), (Kind::Rejected, Some(Code::UnknownHost)));
//! ```
//!
//! The results serialise (serde) to the flat JSON objects the CLI prints and JavaScript
//! receives; see [`ClassifiedUrl`].
//!
//! The rules are written down in `docs/CLASSIFICATION.md`; the codes in `docs/CODES.md`.
//!
//! ## Crate layout
//!
//! - [`classify`](crate::classify()) and its types: `src/classify.rs`; program hosts: `src/hosts.rs`.
//! - [`Code`], the one registry of codes: `src/codes.rs`.
//! - The WebAssembly binding (compiled only for `wasm32`): `src/wasm.rs`.
//! - The command-line tool (feature `cli`, on by default): `src/bin/afflink.rs`.
//! - `afflink::dom::convert_links` converts the product links of a DOM subtree with a
//!   [`LinkConverter`] and marks them as the script tag does, for Rust web apps (Leptos,
//!   Yew, Dioxus, Sycamore): feature `dom`, compiled only for `wasm32`, the one user of
//!   `web-sys`; `src/dom.rs`, documented in `docs/DOM.md`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod classify;
mod codes;
#[cfg(feature = "tools")]
mod commission;
mod convert;
#[cfg(all(feature = "dom", target_arch = "wasm32"))]
pub mod dom;
mod error;
mod hosts;
mod links;
#[cfg(feature = "tools")]
mod postback;
mod spreadsheet;
mod tracking;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[doc(hidden)]
pub use classify::classify_with_url_parser;
pub use classify::{
    affiliate_param_names, classify, Classification, ClassifiedUrl, Kind, Product, Program,
    MAX_PRODUCT_ID_DIGITS, MAX_URL_LEN,
};
pub use codes::{Code, Reason};
#[cfg(feature = "tools")]
pub use commission::{
    calculation_period, estimate_commission, estimate_commissions, parse_exchange_rate,
    round_to_cent, Adjustment, AdjustmentLine, Basis, Buyer, Cap, CardInfo, Dec, Estimate,
    EstimateContext, ExchangeRates, Failed, Figure, GroupBy, Incentive, IncentiveBasis,
    IncentiveStep, Item, ItemEstimate, Line, Order, Part, Payout, PayoutEstimate, Period,
    PeriodTotal, Qualification, RateCard, Report, ReportLine, Rule, Summary, Tier, TierMode, Tiers,
    When, RATE_CARD_SCHEMA,
};
#[cfg(feature = "tools")]
pub use commission::{
    read_order_report, read_postback_log, reconcile, reconcile_input, report_aliases,
    suggest_rate_card, MatchStatus, ReadStats, ReconcileLine, ReconcileOutput, ReconcileSummary,
    ReconcileTotal, Reconciliation, ReportedOrder, ReportedOrders, COMPLETED_STATUSES,
    RECONCILE_TOLERANCE, REPORT_FIELDS,
};
pub use convert::{LinkConverter, MAX_DISCLOSURE_CHARS, SETTING_NAMES};
pub use error::Error;
pub use links::{
    alibaba_template_from_sample, build_alibaba_product_link, build_alibaba_product_links,
    build_aliexpress_deep_link, build_aliexpress_deep_links, AlibabaProduct, AlibabaTemplate,
    LinkOutcome, ALIEXPRESS_DEEP_LINK_BASE, MAX_KEY_LEN, PRODUCT_ID_PLACEHOLDER,
    PRODUCT_URL_PLACEHOLDER,
};
#[cfg(feature = "tools")]
pub use postback::{
    check_postback_url, expand_postback_url, PostbackReport, Problem, Severity, POSTBACK_MACROS,
};
pub use spreadsheet::{is_formula_like, spreadsheet_safe};
pub use tracking::{
    append_tracking_params, encode_component, tracking_param_names, MAX_PARAM_VALUE_LEN,
};

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(all(doctest, feature = "tools"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
