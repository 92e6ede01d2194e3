//! The WebAssembly binding: converts types and nothing else.
//!
//! Two builds come from it. The conversion-only build (no features) exports
//! [`LinkConverter`](converter::WasmLinkConverter), all a blog page needs to convert its
//! links. The full build (feature `tools`) also exports the JSON API of the npm package
//! (`json_api`).

mod converter;
#[cfg(feature = "tools")]
mod json_api;

pub use converter::WasmLinkConverter;
#[cfg(feature = "tools")]
pub use json_api::*;
