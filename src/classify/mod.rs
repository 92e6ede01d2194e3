//! URL classification: product page, other page, affiliate link, short link, or rejected.
//!
//! The rules, in order, are written down in `docs/CLASSIFICATION.md`.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::codes::{Code, Reason};
pub use crate::links::params::affiliate_param_names;
use hosts::Site;
use parse::{check_raw, Parsed};
use paths::{canonical_url, classify_on_site, segments};

pub(crate) mod hosts;
mod parse;
pub(crate) mod paths;
mod query;

/// Inputs longer than this many bytes (after trimming) are refused with [`Code::TooLong`].
pub const MAX_URL_LEN: usize = 4096;

/// Product ids are 1 to this many digits.
pub const MAX_PRODUCT_ID_DIGITS: usize = 20;

/// An affiliate program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Program {
    /// The AliExpress Portals program (`aliexpress.com`, `aliexpress.us`, `aliexpress.ru`).
    #[serde(rename = "aliexpress")]
    AliExpress,
    /// The Alibaba.com affiliate program (`alibaba.com`).
    Alibaba,
}

impl Program {
    /// `"aliexpress"` or `"alibaba"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Program::AliExpress => "aliexpress",
            Program::Alibaba => "alibaba",
        }
    }
}

/// What a URL is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// A product detail page: the only thing a deep link may point to.
    Product,
    /// Any other page on a program host.
    Page,
    /// Already a tracking link of the program.
    AffiliateLink,
    /// A short link that cannot be expanded offline.
    ShortLink,
    /// Not a program URL at all.
    Rejected,
}

impl Kind {
    /// The camelCase name used in JSON and JavaScript.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Product => "product",
            Kind::Page => "page",
            Kind::AffiliateLink => "affiliateLink",
            Kind::ShortLink => "shortLink",
            Kind::Rejected => "rejected",
        }
    }
}

/// The product found in a product page URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// The product id: ASCII digits, kept as a string because ids exceed 2^53.
    pub id: String,
    /// The clean product URL: `https`, no query, no fragment.
    pub canonical_url: String,
    /// Names of affiliate-tracking parameters found on the URL (someone else's tracking),
    /// in order of first appearance. Empty for a clean URL.
    pub affiliate_params: Vec<&'static str>,
}

/// The result of [`classify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// What the URL is.
    pub kind: Kind,
    /// The program, for every kind but [`Kind::Rejected`].
    pub program: Option<Program>,
    /// Set exactly when `kind` is [`Kind::Product`].
    pub product: Option<Product>,
    /// Why it is not a product; set exactly when `kind` is not [`Kind::Product`].
    pub reason: Option<Reason>,
}

impl Classification {
    /// Whether this is a product page.
    pub fn is_product(&self) -> bool {
        self.kind == Kind::Product
    }

    /// The product id, for a product page.
    pub fn product_id(&self) -> Option<&str> {
        self.product.as_ref().map(|p| p.id.as_str())
    }

    /// The canonical URL, for a product page.
    pub fn canonical_url(&self) -> Option<&str> {
        self.product.as_ref().map(|p| p.canonical_url.as_str())
    }

    /// The reason code, for everything but a product page.
    pub fn reason_code(&self) -> Option<Code> {
        self.reason.map(|r| r.code)
    }
}

/// Serialises as the flat object used by the CLI and JavaScript (without `input`):
/// `{kind, program, productId, canonicalUrl, affiliateParams, reason}` with `null` for
/// absent fields.
impl Serialize for Classification {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Classification", 6)?;
        write_fields::<S>(&mut s, self)?;
        s.end()
    }
}

fn write_fields<S: Serializer>(
    s: &mut S::SerializeStruct,
    c: &Classification,
) -> Result<(), S::Error> {
    s.serialize_field("kind", &c.kind)?;
    s.serialize_field("program", &c.program)?;
    s.serialize_field("productId", &c.product_id())?;
    s.serialize_field("canonicalUrl", &c.canonical_url())?;
    s.serialize_field(
        "affiliateParams",
        &c.product.as_ref().map(|p| &p.affiliate_params),
    )?;
    s.serialize_field("reason", &c.reason)?;
    Ok(())
}

/// A classification together with the input it came from, serialised as
/// `{input, kind, program, productId, canonicalUrl, affiliateParams, reason}`: one line of
/// `afflink classify`, one element of `classifyUrls` in JavaScript.
#[derive(Debug, Clone, Copy)]
pub struct ClassifiedUrl<'a> {
    /// The input exactly as given (untrimmed).
    pub input: &'a str,
    /// Its classification.
    pub classification: &'a Classification,
}

impl Serialize for ClassifiedUrl<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ClassifiedUrl", 7)?;
        s.serialize_field("input", self.input)?;
        write_fields::<S>(&mut s, self.classification)?;
        s.end()
    }
}

/// Classifies a URL as a product page, another program page, an affiliate link, a short
/// link, or rejected, following `docs/CLASSIFICATION.md`.
///
/// Never panics. Surrounding whitespace is trimmed; everything else must be exact.
///
/// # Examples
///
/// ```
/// use afflink::{classify, Kind, Program};
///
/// let c = classify(" https://fr.aliexpress.com/item/1005006123456789.html?spm=a2g0o#nav ");
/// assert_eq!(c.kind, Kind::Product);
/// assert_eq!(c.program, Some(Program::AliExpress));
/// assert_eq!(c.product_id(), Some("1005006123456789"));
/// assert_eq!(c.canonical_url(), Some("https://www.aliexpress.com/item/1005006123456789.html"));
///
/// let lookalike = classify("https://www.aliexpress.com@evil.io/item/1005006123456789.html");
/// assert_eq!(lookalike.kind, Kind::Rejected);
/// assert_eq!(lookalike.reason_code().map(|c| c.as_str()), Some("credentials_in_url"));
/// ```
///
/// # Errors
///
/// Classification itself cannot fail; a refusal is a result whose `kind` is not
/// [`Kind::Product`] and whose `reason` carries a [`Code`]:
/// `not_a_product_page`, `invalid_product_id`, `already_affiliate_link`, `needs_resolving`,
/// `not_a_url`, `unsupported_scheme`, `credentials_in_url`, `port_not_allowed`,
/// `unknown_host`, `lookalike_host` or `too_long`.
pub fn classify(input: &str) -> Classification {
    classify_with(input, true)
}

/// [`classify`] with the URL parser on every input: the reference that the fast path for
/// simple URLs is tested against (`tests/classify_cases.rs`, the `classify` fuzz target).
/// Not part of the API.
#[doc(hidden)]
pub fn classify_with_url_parser(input: &str) -> Classification {
    classify_with(input, false)
}

fn classify_with(input: &str, fast: bool) -> Classification {
    classify_then(input, fast, |outcome| outcome.to_classification())
}

/// Classifies `input` and hands the outcome, which borrows from the input (or from the
/// parsed URL), to `then`: [`classify`] without allocating anything for simple URLs. The
/// WebAssembly binding reads it as numbers and offsets into the input.
#[cfg_attr(feature = "speed", optimize(speed))]
pub(crate) fn classify_then<R>(input: &str, fast: bool, then: impl FnOnce(&Outcome<'_>) -> R) -> R {
    match check_raw(input, fast) {
        Ok((site, sub, Parsed::Simple { segments, query })) => {
            then(&classify_on_site(site, &sub, segments, query, fast))
        }
        Ok((site, sub, Parsed::Url(url))) => then(&classify_on_site(
            site,
            &sub,
            segments(url.path()),
            url.query(),
            fast,
        )),
        Err((code, imitates)) => then(&Outcome {
            imitates,
            ..Outcome::other(Kind::Rejected, None, code)
        }),
    }
}

/// The affiliate parameters found on a product URL: indices into
/// [`affiliate_param_names`], in order of first appearance, each once.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ParamList {
    len: u8,
    indices: [u8; crate::links::params::MOST_AFFILIATE_PARAMS],
}

impl ParamList {
    #[cfg_attr(feature = "speed", optimize(speed))]
    fn push(&mut self, index: u8) {
        let len = usize::from(self.len);
        if !self.as_slice().contains(&index) && len < self.indices.len() {
            self.indices[len] = index;
            self.len += 1;
        }
    }

    #[cfg_attr(feature = "speed", optimize(speed))]
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.indices[..usize::from(self.len)]
    }
}

/// A classification before anything is allocated: the product id and slug borrow from the
/// input (or from the parsed URL).
#[derive(Debug)]
pub(crate) struct Outcome<'a> {
    pub(crate) kind: Kind,
    /// The program site, for every kind but [`Kind::Rejected`].
    pub(crate) site: Option<Site>,
    /// The reason, for every kind but [`Kind::Product`].
    pub(crate) reason: Option<Code>,
    /// The product id (empty unless a product).
    pub(crate) id: &'a str,
    /// The slug of an Alibaba.com product's canonical URL; empty for the
    /// `m.alibaba.com/product/<id>.html` form and for AliExpress.
    pub(crate) slug: &'a str,
    pub(crate) params: ParamList,
    /// For `lookalike_host`: the program the host imitates.
    pub(crate) imitates: Option<Program>,
}

impl Outcome<'_> {
    #[cfg_attr(feature = "speed", optimize(speed))]
    fn other(kind: Kind, site: Option<Site>, code: Code) -> Self {
        Outcome {
            kind,
            site,
            reason: Some(code),
            id: "",
            slug: "",
            params: ParamList::default(),
            imitates: None,
        }
    }

    fn to_classification(&self) -> Classification {
        let program = self.site.map(Site::program);
        let product = match (self.kind, self.site) {
            (Kind::Product, Some(site)) => {
                let names = affiliate_param_names(site.program());
                Some(Product {
                    id: self.id.to_owned(),
                    canonical_url: canonical_url(site, self.id, self.slug),
                    affiliate_params: self
                        .params
                        .as_slice()
                        .iter()
                        .map(|&i| names[usize::from(i)])
                        .collect(),
                })
            }
            _ => None,
        };
        Classification {
            kind: self.kind,
            program,
            product,
            reason: self.reason.map(|code| Reason {
                code,
                imitates: self.imitates,
            }),
        }
    }
}
