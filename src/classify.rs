//! URL classification: product page, other page, affiliate link, short link, or rejected.
//!
//! The rules, in order, are written down in `docs/CLASSIFICATION.md`.

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeStruct, Serializer};
use url::Url;

use crate::codes::{Code, Reason};
use crate::hosts::{self, Site};

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
/// `unknown_host` or `too_long`.
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
pub(crate) fn classify_then<R>(input: &str, fast: bool, then: impl FnOnce(&Outcome<'_>) -> R) -> R {
    match check_raw(input, fast) {
        Ok((site, sub, Parsed::Simple { path, query })) => {
            then(&classify_on_site(site, &sub, path, query, fast))
        }
        Ok((site, sub, Parsed::Url(url))) => {
            then(&classify_on_site(site, &sub, url.path(), url.query(), fast))
        }
        Err(code) => then(&Outcome::other(Kind::Rejected, None, code)),
    }
}

/// The affiliate parameters found on a product URL: indices into
/// [`affiliate_param_names`], in order of first appearance, each once.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ParamList {
    len: u8,
    indices: [u8; ALIEXPRESS_AFFILIATE_PARAMS.len()],
}

impl ParamList {
    fn push(&mut self, index: u8) {
        let len = usize::from(self.len);
        if !self.as_slice().contains(&index) && len < self.indices.len() {
            self.indices[len] = index;
            self.len += 1;
        }
    }

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
}

impl Outcome<'_> {
    fn other(kind: Kind, site: Option<Site>, code: Code) -> Self {
        Outcome {
            kind,
            site,
            reason: Some(code),
            id: "",
            slug: "",
            params: ParamList::default(),
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
            reason: self.reason.map(Reason::from),
        }
    }
}

/// The path and query of a URL that passed the raw checks.
enum Parsed<'a> {
    /// Read straight from the text: what the URL parser would give, without running it.
    Simple {
        path: &'a str,
        query: Option<&'a str>,
    },
    /// From the URL parser.
    Url(Url),
}

/// A table of the ASCII bytes in `set`: one lookup per byte on the hot path.
const fn byte_table(alphanumeric: bool, set: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = alphanumeric && (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let mut i = 0;
    while i < set.len() {
        table[set[i] as usize] = true;
        i += 1;
    }
    table
}

/// Bytes that the URL parser keeps as they are in the path of an http(s) URL (no `%`, so no
/// percent-decoded dot segments; no `\\`, which the parser reads as `/`).
static PLAIN_PATH: [bool; 256] = byte_table(true, b"-._~!$&'()*+,;=:@/");

/// Bytes that the URL parser keeps as they are in the query of an http(s) URL (not `'`,
/// which it encodes for special schemes).
static PLAIN_QUERY: [bool; 256] = byte_table(true, b"-._~!$&()*+,;=:@/?%");

/// The ASCII bytes that are never allowed (controls, space), for a fast first look.
static FORBIDDEN_ASCII: [bool; 256] = byte_table(
    false,
    b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f \x7f",
);

/// Whether `s` holds a forbidden character (see [`is_forbidden_char`]); ASCII bytes are
/// looked up, and only non-ASCII text goes through the Unicode checks.
fn has_forbidden_char(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes().any(|b| FORBIDDEN_ASCII[usize::from(b)])
    } else {
        s.chars().any(is_forbidden_char)
    }
}

/// A simple URL, read in one pass over its bytes: `http://` or `https://`, a lowercase
/// program host (letters, digits, `-`, non-empty labels, no `xn--` label), then a path and
/// query that the URL parser would return unchanged, then any fragment of printable ASCII.
/// Returns what [`check_raw`] returns for it through the URL parser (the tests hold the two
/// equal); `None` when the URL is anything else, and the full checks decide.
fn simple_url(s: &str) -> Option<(Site, &str, Parsed<'_>)> {
    let b = s.as_bytes();
    let start = if b.starts_with(b"https://") {
        8
    } else if b.starts_with(b"http://") {
        7
    } else {
        return None;
    };
    let mut i = start;
    let mut label = start;
    while let Some(&c) = b.get(i) {
        match c {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => {
                if c == b'x' && i == label && b[i..].starts_with(b"xn--") {
                    return None;
                }
            }
            b'.' if i > label => label = i + 1,
            b'/' | b'?' | b'#' => break,
            _ => return None,
        }
        i += 1;
    }
    // An empty host, an empty last label or a trailing dot.
    if i == label {
        return None;
    }
    let (site, sub) = hosts::site_of(&s[start..i])?;
    let path_start = i;
    while let Some(&c) = b.get(i) {
        if !PLAIN_PATH[usize::from(c)] {
            break;
        }
        // A dot segment (`.` or `..` after a `/`): the parser removes it.
        if c == b'/' && b.get(i + 1) == Some(&b'.') {
            let next = if b.get(i + 2) == Some(&b'.') {
                i + 3
            } else {
                i + 2
            };
            if matches!(b.get(next), None | Some(b'/' | b'?' | b'#')) {
                return None;
            }
        }
        i += 1;
    }
    let path = if i == path_start {
        "/"
    } else {
        &s[path_start..i]
    };
    let mut query = None;
    if b.get(i) == Some(&b'?') {
        i += 1;
        let query_start = i;
        while b.get(i).is_some_and(|&c| PLAIN_QUERY[usize::from(c)]) {
            i += 1;
        }
        query = Some(&s[query_start..i]);
    }
    match b.get(i) {
        None => {}
        // The fragment is not read, only checked for forbidden characters.
        Some(b'#')
            if b[i + 1..]
                .iter()
                .all(|&c| c < 0x80 && !FORBIDDEN_ASCII[usize::from(c)]) => {}
        Some(_) => return None,
    }
    Some((site, sub, Parsed::Simple { path, query }))
}

/// Characters never allowed anywhere in a URL: controls, whitespace, invisible formatting
/// characters that can disguise what a URL says, and U+FFFD (the mark of text that was
/// not valid UTF-8 or UTF-16 before it reached us).
fn is_forbidden_char(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{FFFD}'
        )
}

fn is_valid_scheme(scheme: &str) -> bool {
    let mut bytes = scheme.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// The checks that run on the raw text before the URL parser (which would silently strip
/// tabs, drop default ports and decode `%2e` in hosts). Returns the program site, the
/// subdomain part of the host and the path and query: read straight from the text when
/// `fast` and the URL is simple (see [`simple_url`]), else from the URL parser.
fn check_raw(input: &str, fast: bool) -> Result<(Site, Cow<'_, str>, Parsed<'_>), Code> {
    // Nothing to trim when the text starts and ends with a visible ASCII character (most do).
    let s = match input.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => input,
        _ => input.trim(),
    };
    if s.is_empty() {
        return Err(Code::NotAUrl);
    }
    if s.len() > MAX_URL_LEN {
        return Err(Code::TooLong);
    }
    // Most real links are simple: the parser would return their path and query unchanged.
    if fast {
        if let Some((site, sub, parsed)) = simple_url(s) {
            return Ok((site, Cow::Borrowed(sub), parsed));
        }
    }
    if has_forbidden_char(s) {
        return Err(Code::NotAUrl);
    }
    let (scheme, rest) = s.split_once(':').ok_or(Code::NotAUrl)?;
    if !is_valid_scheme(scheme) {
        return Err(Code::NotAUrl);
    }
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err(Code::UnsupportedScheme);
    }
    let after = match rest.strip_prefix("//") {
        Some(after) => after,
        // Browsers read `\` as `/` in http(s) URLs: `https:\\evil.com` is a host trick.
        None if rest.starts_with('\\') || rest.starts_with("/\\") => return Err(Code::UnknownHost),
        None => return Err(Code::NotAUrl),
    };
    let authority_len = after
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(after.len());
    let authority = &after[..authority_len];
    if authority.contains('@') {
        return Err(Code::CredentialsInUrl);
    }
    if !authority
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':'))
    {
        // Backslashes, percent-encoding, non-ASCII, IP literals, underscores …
        return Err(Code::UnknownHost);
    }
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if host.is_empty() {
        return Err(Code::NotAUrl);
    }
    if host.ends_with('.') {
        return Err(Code::UnknownHost);
    }
    if host.split('.').any(str::is_empty) {
        return Err(Code::NotAUrl);
    }
    if host
        .split('.')
        .any(|label| label.len() >= 4 && label[..4].eq_ignore_ascii_case("xn--"))
    {
        return Err(Code::UnknownHost);
    }
    if port.is_some() {
        return Err(Code::PortNotAllowed);
    }
    let lower_host = host.to_ascii_lowercase();
    let (site, sub) = hosts::site_of(&lower_host).ok_or(Code::UnknownHost)?;
    let sub = Cow::Owned(sub.to_owned());
    let url = Url::parse(s).map_err(|_| Code::NotAUrl)?;
    // Belt and braces: the parser must agree with the host checked above.
    if url.host_str() != Some(lower_host.as_str())
        || url.port().is_some()
        || !url.username().is_empty()
    {
        return Err(Code::UnknownHost);
    }
    Ok((site, sub, Parsed::Url(url)))
}

fn classify_on_site<'a>(
    site: Site,
    sub: &str,
    path: &'a str,
    query: Option<&str>,
    fast: bool,
) -> Outcome<'a> {
    let found = match site {
        Site::Alibaba => alibaba_path(sub, path),
        _ => aliexpress_path(site, sub, path),
    };
    let on_site = |kind, code| Outcome::other(kind, Some(site), code);
    match found {
        Found::Product { id, slug } => {
            if !is_plausible_id(id) {
                return on_site(Kind::Page, Code::InvalidProductId);
            }
            // The parser percent-encodes the slug, which can make it longer than the input:
            // a slug that would make the canonical URL too long to classify again is dropped.
            let with_slug =
                ALIBABA_DETAIL.len() + slug.len() + "_".len() + id.len() + ".html".len();
            Outcome {
                kind: Kind::Product,
                site: Some(site),
                reason: None,
                id,
                slug: if with_slug <= MAX_URL_LEN { slug } else { "" },
                params: affiliate_params(site.program(), query, fast),
            }
        }
        Found::AffiliateLink => on_site(Kind::AffiliateLink, Code::AlreadyAffiliateLink),
        Found::ShortLink => on_site(Kind::ShortLink, Code::NeedsResolving),
        Found::Page => on_site(Kind::Page, Code::NotAProductPage),
    }
}

/// What a path on a program host is.
enum Found<'a> {
    /// A product-shaped path; the id is not validated yet. `slug` is empty when absent.
    Product {
        id: &'a str,
        slug: &'a str,
    },
    AffiliateLink,
    ShortLink,
    Page,
}

/// `<stem>.html` (case-insensitive) → `stem`.
fn html_stem(segment: &str) -> Option<&str> {
    let cut = segment.len().checked_sub(5)?;
    let (stem, ext) = (segment.get(..cut)?, segment.get(cut..)?);
    ext.eq_ignore_ascii_case(".html").then_some(stem)
}

/// A token of 1..=`max` characters from `A-Z a-z 0-9` plus `extra`.
fn is_token(s: &str, max: usize, extra: &[u8]) -> bool {
    (1..=max).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
}

/// The path's segments (without the leading `/`), in a fixed array: no pattern has more
/// than five, so a longer path keeps six, which matches none.
fn segments(path: &str) -> ([&str; 6], usize) {
    let mut out = [""; 6];
    let mut n = 0;
    let b = path.as_bytes();
    let mut start = usize::from(b.first() == Some(&b'/'));
    let mut i = start;
    // `path.strip_prefix('/').split('/')`, byte by byte: every cut is at an ASCII `/`.
    while n < out.len() {
        if i == b.len() || b[i] == b'/' {
            out[n] = path.get(start..i).unwrap_or("");
            n += 1;
            if i == b.len() {
                break;
            }
            start = i + 1;
        }
        i += 1;
    }
    (out, n)
}

fn aliexpress_path<'a>(site: Site, sub: &str, path: &'a str) -> Found<'a> {
    let (segs, n) = segments(path);
    let segs = &segs[..n];
    let eq = |s: &str, word: &str| s.eq_ignore_ascii_case(word);
    if site == Site::AliExpressGlobal {
        match (sub, segs) {
            ("s.click", ["e", token]) if is_token(token, 64, b"_-") => return Found::AffiliateLink,
            ("s.click", ["deep_link.htm"]) => return Found::AffiliateLink,
            ("a", [code]) => {
                return match code.strip_prefix('_') {
                    Some(code) if is_token(code, 32, b"") => Found::ShortLink,
                    _ => Found::Page,
                }
            }
            _ => {}
        }
    }
    if !hosts::is_aliexpress_product_host(site, sub) {
        return Found::Page;
    }
    let product = |id| Found::Product { id, slug: "" };
    match segs {
        [item, file] if eq(item, "item") || eq(item, "i") => {
            html_stem(file).map_or(Found::Page, product)
        }
        // Legacy mobile pages: `m.aliexpress.com/s/item/<id>.html`.
        [s, item, file] if eq(s, "s") && eq(item, "item") => {
            html_stem(file).map_or(Found::Page, product)
        }
        // Legacy `/item/<slug>/<id>.html`; the slug may be empty (`/item//<id>.html`).
        [item, _slug, file] if eq(item, "item") => html_stem(file).map_or(Found::Page, product),
        [store, prod, slug, file]
            if eq(store, "store") && eq(prod, "product") && !slug.is_empty() =>
        {
            match html_stem(file) {
                // `<storeId>_<productId>`: the product id follows the last underscore.
                Some(stem) => product(rsplit_ascii(stem, b'_').map_or("", |(_, id)| id)),
                None => Found::Page,
            }
        }
        _ => Found::Page,
    }
}

fn alibaba_path<'a>(sub: &str, path: &'a str) -> Found<'a> {
    let (segs, n) = segments(path);
    let segs = &segs[..n];
    let eq = |s: &str, word: &str| s.eq_ignore_ascii_case(word);
    // The mobile site also serves its pages under `/amp/`.
    let mobile = match segs {
        [amp, rest @ ..] if sub == "m" && eq(amp, "amp") => rest,
        all => all,
    };
    match (sub, segs) {
        ("click", ["rd", code]) if is_token(code, 128, b"_-") => return Found::AffiliateLink,
        // The program's newer CPS tracking links: `offer.alibaba.com/cps/<code>?bm=cps…`.
        ("offer", ["cps", code]) if is_token(code, 64, b"_-") => return Found::AffiliateLink,
        ("" | "www" | "m", ["x", code]) if is_token(code, 32, b"_-") => return Found::ShortLink,
        _ => {}
    }
    match (sub, mobile) {
        ("m", [prod, file]) if eq(prod, "product") => {
            html_stem(file).map_or(Found::Page, |id| Found::Product { id, slug: "" })
        }
        ("m", [prod, id, file]) if eq(prod, "product") => {
            html_stem(file).map_or(Found::Page, |slug| Found::Product { id, slug })
        }
        // `/product-detail/` (all detail hosts), `/p-detail/` (newer language-site pages) and
        // `/pla/` (the single-product Google Shopping landing page).
        (sub, [detail, file])
            if (eq(detail, "product-detail") || eq(detail, "p-detail") || eq(detail, "pla"))
                && hosts::is_alibaba_detail_host(sub) =>
        {
            match html_stem(file) {
                // `<Slug>_<id>` on www, `<slug>-<id>` on language hosts: the id follows the
                // last separator.
                Some(stem) => {
                    let (slug, id) = rsplit_ascii(stem, b'_')
                        .or_else(|| rsplit_ascii(stem, b'-'))
                        .unwrap_or(("", stem));
                    Found::Product { id, slug }
                }
                None => Found::Page,
            }
        }
        _ => Found::Page,
    }
}

/// `s.rsplit_once(sep)` for an ASCII `sep`: one plain byte loop from the end (the `char`
/// searcher is several times slower in the size-optimised WebAssembly build).
fn rsplit_ascii(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.as_bytes().iter().rposition(|&b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// 1 to 20 ASCII digits, no leading zero.
fn is_plausible_id(id: &str) -> bool {
    (1..=MAX_PRODUCT_ID_DIGITS).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_digit())
        && !id.starts_with('0')
}

/// The start of an Alibaba.com canonical URL with a slug.
const ALIBABA_DETAIL: &str = "https://www.alibaba.com/product-detail/";

/// The canonical URL's text before the id: `<prefix><id>.html`, or for an Alibaba.com
/// product with a slug `<prefix><slug>_<id>.html`.
pub(crate) const fn canonical_prefix(site: Site, with_slug: bool) -> &'static str {
    match site {
        Site::AliExpressGlobal => "https://www.aliexpress.com/item/",
        Site::AliExpressUs => "https://www.aliexpress.us/item/",
        Site::AliExpressRu => "https://aliexpress.ru/item/",
        Site::Alibaba if with_slug => ALIBABA_DETAIL,
        Site::Alibaba => "https://m.alibaba.com/product/",
    }
}

fn canonical_url(site: Site, id: &str, slug: &str) -> String {
    let prefix = canonical_prefix(site, !slug.is_empty());
    let mut url = String::with_capacity(prefix.len() + slug.len() + id.len() + 6);
    url.push_str(prefix);
    if !slug.is_empty() {
        url.push_str(slug);
        url.push('_');
    }
    url.push_str(id);
    url.push_str(".html");
    url
}

const ALIEXPRESS_AFFILIATE_PARAMS: &[&str] = &[
    "aff_fcid",
    "aff_fsk",
    "aff_trace_key",
    "aff_platform",
    "aff_short_key",
    "sk",
    "tt",
    "terminal_id",
    "af",
    "cn",
    "cv",
    "dp",
];

const ALIBABA_AFFILIATE_PARAMS: &[&str] = &["pid", "tp1", "tp2", "tp3", "tp4", "tp5"];

/// The affiliate-tracking parameter names a program recognises on product URLs.
pub const fn affiliate_param_names(program: Program) -> &'static [&'static str] {
    match program {
        Program::AliExpress => ALIEXPRESS_AFFILIATE_PARAMS,
        Program::Alibaba => ALIBABA_AFFILIATE_PARAMS,
    }
}

/// Calls `each` with the names of the query's parameters as `Url::query_pairs` reads them:
/// split at `&`, up to the first `=`, with `+` and percent-escapes decoded. `fast` decodes
/// only the names that need it; otherwise every pair goes through `form_urlencoded` (the
/// reference).
fn for_each_query_name(query: &str, fast: bool, mut each: impl FnMut(&str)) {
    if !fast {
        for (name, _) in form_urlencoded::parse(query.as_bytes()) {
            each(&name);
        }
        return;
    }
    // `query.split('&')`, each piece up to its first `=`, byte by byte: every cut is at an
    // ASCII `&` or `=`.
    let b = query.as_bytes();
    let mut start = 0;
    while start <= b.len() {
        let mut end = start;
        let mut name_end = None;
        let mut encoded = false;
        while end < b.len() && b[end] != b'&' {
            match b[end] {
                b'=' if name_end.is_none() => name_end = Some(end),
                b'%' | b'+' if name_end.is_none() => encoded = true,
                _ => {}
            }
            end += 1;
        }
        if end > start {
            if encoded {
                let piece = query.get(start..end).unwrap_or("");
                let decoded = form_urlencoded::parse(piece.as_bytes()).next();
                each(decoded.as_ref().map_or("", |(name, _)| name));
            } else {
                each(query.get(start..name_end.unwrap_or(end)).unwrap_or(""));
            }
        }
        start = end + 1;
    }
}

fn affiliate_params(program: Program, query: Option<&str>, fast: bool) -> ParamList {
    let known = affiliate_param_names(program);
    let mut found = ParamList::default();
    if let Some(query) = query {
        for_each_query_name(query, fast, |name| {
            if let Some(i) = known.iter().position(|&k| k == name) {
                // At most 12 names: the index fits.
                found.push(i as u8);
            }
        });
    }
    found
}
