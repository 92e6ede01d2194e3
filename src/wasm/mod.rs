//! The WebAssembly binding: converts types and nothing else. Every crossing, its encoding
//! and who writes and reads it are in `docs/BOUNDARY.md`.
//!
//! Two builds come from it. The conversion-only build (no features) exports
//! [`LinkConverter`](converter::WasmLinkConverter), all a blog page needs to convert its
//! links: strings in, strings out, no other crate. The full build (feature `tools`) also
//! exports what the npm package's `js/api.js` calls, one module per encoding:
//!
//! - `records`: classification as numbers (records in the module's memory), the hot
//!   paths `classifyUrl` and `classifyUrls`;
//! - `lines`: the line format (the record tables, the link batches);
//! - `values`: the structured calls as plain JS values (serde-wasm-bindgen);
//! - `errors`: refusals thrown as the package's `AfflinkError` (js-sys).
//!
//! `scripts/build.sh` compiles the full build twice: for size (the browsers' module) and,
//! for the package's Node entry, with the crate at `opt-level = 3` (the same exports).

mod converter;
#[cfg(any(feature = "tools", feature = "rewrite"))]
mod errors;
#[cfg(feature = "tools")]
mod lines;
#[cfg(feature = "tools")]
mod records;
#[cfg(feature = "rewrite")]
mod rewrite;
#[cfg(feature = "tools")]
mod values;

pub use converter::WasmLinkConverter;
#[cfg(any(feature = "tools", feature = "rewrite"))]
pub use errors::set_error_class;
#[cfg(feature = "tools")]
pub use lines::*;
#[cfg(feature = "tools")]
pub use records::*;
#[cfg(feature = "rewrite")]
pub use rewrite::*;
#[cfg(feature = "tools")]
pub use values::*;
