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
//! // A lookalike host is rejected, with the reason naming the program it imitates.
//! let c = classify("https://s-aliexpres.com/item/1005006123456789.html");
//! assert_eq!((c.kind, c.reason_code()), (Kind::Rejected, Some(Code::LookalikeHost)));
//! assert!(c.reason.unwrap().message().starts_with("This site looks like AliExpress but is not"));
//!
//! // Any other foreign site is an unknown host.
//! let c = classify("https://example.com/item/1005006123456789.html");
//! assert_eq!((c.kind, c.reason_code()), (Kind::Rejected, Some(Code::UnknownHost)));
//! ```
//!
//! The results serialise (serde) to the flat JSON objects the CLI prints and JavaScript
//! receives; see [`ClassifiedUrl`].
//!
//! The rules are written down in `docs/CLASSIFICATION.md`; the codes in `docs/CODES.md`.
//!
//! ## Where to start
//!
//! The crate root holds the names a user starts from: [`classify`](crate::classify()) and
//! its types, [`Code`] and [`Error`], the link builders ([`build_aliexpress_deep_link`],
//! [`build_alibaba_product_link`], [`append_tracking_params`]) and [`LinkConverter`], and with
//! the feature `tools` (on by default) `estimate_commission` with `EstimateContext` and
//! `RateCard`, and `check_postback_url`. Everything else lives in its module:
//! [`links`], `commission`, `postback` (feature `tools`) and [`spreadsheet`].
//!
//! ## Features
//!
//! | feature | what it adds |
//! |---|---|
//! | (none) | [`classify`](crate::classify()), the link builders, [`LinkConverter`], [`spreadsheet`]: the conversion-only build a blog page loads |
//! | `tools` | `estimate_commission`, `EstimateContext`, `RateCard`, `check_postback_url`, the modules `commission` and `postback` (`rust_decimal`, `time`) |
//! | `rewrite` | `afflink::rewrite`: the script tag's conversion on HTML, Markdown and text files |
//! | `cli` (default) | the `afflink` command; implies `tools` and `rewrite` and brings the command's dependencies (`clap`, `csv`, `similar`, `ureq`) |
//! | `dom` | `afflink::dom::convert_links` for Rust web apps, on `wasm32` only (`web-sys`) |
//! | `speed` | nightly only: the classifier optimised for speed in a module built for size |
//!
//! A library user turns the default off:
//! `afflink = { version = "0.1", default-features = false, features = ["tools"] }`.
//!
//! ## Crate layout
//!
//! | path | what |
//! |---|---|
//! | `src/classify/` | the classifier: entry and result types (`mod.rs`), reading a URL (`parse.rs`), product paths and canonical URLs (`paths.rs`), affiliate parameters on a URL (`query.rs`), program hosts (`hosts.rs`) |
//! | `src/links/` | tracking strings, deep links, the link converter and the one table of link parameters (`params.rs`) |
//! | `src/postback.rs` | postback URL check and preview |
//! | `src/commission/` | rate cards (`card.rs`), orders (`order.rs`), amounts, countries and field names as people write them (`fields.rs`), the context (`context.rs`), one order's estimate (`estimate.rs`, `rules.rs`), many rows (`report.rs`), shipped cards (`shipped.rs`), reconciliation (`reconcile/`) |
//! | `src/codes/` | [`Code`], the one registry of codes, and their sentences and areas (`messages.rs`) |
//! | `src/error.rs`, `src/spreadsheet.rs` | the error type; the CSV formula rule |
//! | `src/rewrite/` | the script tag's conversion on HTML, Markdown and text files (feature `rewrite`, native only; `afflink rewrite`) |
//! | `src/wasm/` | the WebAssembly binding (compiled only for `wasm32`) |
//! | `src/bin/afflink/` | the command-line tool (feature `cli`, on by default); its `net/` holds `afflink resolve` and `afflink check`, the only code that uses the network (`docs/NETWORK.md`): the library makes no request |
//! | `src/dom.rs` | `afflink::dom::convert_links`: the product links of a DOM subtree converted with a [`LinkConverter`] and marked as the script tag marks them, for Rust web apps (feature `dom`, compiled only for `wasm32`; the one user of `web-sys`; `docs/DOM.md`) |
#![forbid(unsafe_code)]
// The full WebAssembly module's classifier runs at `opt-level = 3` inside an `"z"` build (the
// feature `speed`, nightly only; see scripts/build.sh and docs/BENCHMARKS.md).
#![cfg_attr(feature = "speed", feature(optimize_attribute))]
#![warn(missing_docs)]

mod classify;
mod codes;
#[cfg(feature = "tools")]
pub mod commission;
#[cfg(all(feature = "dom", target_arch = "wasm32"))]
pub mod dom;
mod error;
pub mod links;
#[cfg(feature = "tools")]
pub mod postback;
#[cfg(feature = "rewrite")]
pub mod rewrite;
pub mod spreadsheet;

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
pub use commission::{estimate_commission, EstimateContext, RateCard};
pub use error::Error;
pub use links::{
    append_tracking_params, build_alibaba_product_link, build_aliexpress_deep_link, LinkConverter,
};
#[cfg(feature = "tools")]
pub use postback::check_postback_url;

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(all(doctest, feature = "tools"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
