//! Links to products: the publisher's custom tracking strings, AliExpress deep links and
//! Alibaba.com product links, the script tag's link converter, and the one table of the
//! programs' link parameters.
//!
//! | file | what |
//! |---|---|
//! | `src/links/params.rs` | which query parameters carry a program's tracking ([`affiliate_param_names`](crate::affiliate_param_names), [`tracking_param_names`]) |
//! | `src/links/tracking.rs` | appending custom tracking strings ([`append_tracking_params`]) |
//! | `src/links/deep_links.rs` | deep links and Alibaba.com product links ([`build_aliexpress_deep_link`], [`build_alibaba_product_link`]) |
//! | `src/links/converter.rs` | [`LinkConverter`]: what the script tag does to a page's links |

pub(crate) mod converter;
pub(crate) mod deep_links;
pub(crate) mod params;
pub(crate) mod tracking;

pub use converter::{LinkConverter, Platform, MAX_DISCLOSURE_CHARS, SETTING_NAMES};
pub use deep_links::{
    alibaba_template_from_sample, build_alibaba_product_link, build_alibaba_product_links,
    build_aliexpress_deep_link, build_aliexpress_deep_links, AlibabaProduct, AlibabaTemplate,
    LinkOutcome, ALIEXPRESS_DEEP_LINK_BASE, MAX_KEY_LEN, PRODUCT_ID_PLACEHOLDER,
    PRODUCT_URL_PLACEHOLDER,
};
pub use params::tracking_param_names;
pub use tracking::{append_tracking_params, encode_component, MAX_PARAM_VALUE_LEN};
