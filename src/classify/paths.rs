//! The programs' product page paths: which path on which host is a product page, its id,
//! and its canonical URL.

use super::hosts::{self, Site};
use super::query::affiliate_params;
use super::*;

#[cfg_attr(feature = "speed", optimize(speed))]
pub(super) fn classify_on_site<'a>(
    site: Site,
    sub: &str,
    segments: Segments<'a>,
    query: Option<&str>,
    fast: bool,
) -> Outcome<'a> {
    let segs = segments.as_slice();
    let found = match site {
        Site::Alibaba => alibaba_path(sub, segs),
        _ => aliexpress_path(site, sub, segs),
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
                imitates: None,
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
#[cfg_attr(feature = "speed", optimize(speed))]
fn html_stem(segment: &str) -> Option<&str> {
    let cut = segment.len().checked_sub(5)?;
    let (stem, ext) = (segment.get(..cut)?, segment.get(cut..)?);
    ext.eq_ignore_ascii_case(".html").then_some(stem)
}

/// A token of 1..=`max` characters from `A-Z a-z 0-9` plus `extra`.
#[cfg_attr(feature = "speed", optimize(speed))]
fn is_token(s: &str, max: usize, extra: &[u8]) -> bool {
    (1..=max).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
}

/// A path's segments (without the leading `/`), in a fixed array: no pattern has more than
/// five, so a longer path keeps six, which matches none.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Segments<'a> {
    segs: [&'a str; 6],
    n: usize,
}

impl<'a> Segments<'a> {
    /// Adds the next segment; past the sixth, nothing.
    #[cfg_attr(feature = "speed", optimize(speed))]
    #[inline]
    pub(super) fn push(&mut self, segment: &'a str) {
        if let Some(slot) = self.segs.get_mut(self.n) {
            *slot = segment;
            self.n += 1;
        }
    }

    fn as_slice(&self) -> &[&'a str] {
        &self.segs[..self.n]
    }
}

/// The path's segments: `path.strip_prefix('/').split('/')`, byte by byte (every cut is at an
/// ASCII `/`), up to six.
#[cfg_attr(feature = "speed", optimize(speed))]
pub(super) fn segments(path: &str) -> Segments<'_> {
    let mut out = Segments::default();
    let b = path.as_bytes();
    let mut start = usize::from(b.first() == Some(&b'/'));
    let mut i = start;
    while out.n < out.segs.len() {
        if i == b.len() || b[i] == b'/' {
            out.push(path.get(start..i).unwrap_or(""));
            if i == b.len() {
                break;
            }
            start = i + 1;
        }
        i += 1;
    }
    out
}

#[cfg_attr(feature = "speed", optimize(speed))]
fn aliexpress_path<'a>(site: Site, sub: &str, segs: &[&'a str]) -> Found<'a> {
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

#[cfg_attr(feature = "speed", optimize(speed))]
fn alibaba_path<'a>(sub: &str, segs: &[&'a str]) -> Found<'a> {
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
#[cfg_attr(feature = "speed", optimize(speed))]
fn rsplit_ascii(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.as_bytes().iter().rposition(|&b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// 1 to 20 ASCII digits, no leading zero.
#[cfg_attr(feature = "speed", optimize(speed))]
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

pub(super) fn canonical_url(site: Site, id: &str, slug: &str) -> String {
    let prefix = canonical_prefix(site, !slug.is_empty());
    let mut url = String::with_capacity(prefix.len() + slug.len() + id.len() + 6);
    push_canonical_url(&mut url, site, id, slug);
    url
}

/// Appends the canonical URL of a product (see [`canonical_prefix`]) to `out`.
#[cfg_attr(feature = "speed", optimize(speed))]
pub(crate) fn push_canonical_url(out: &mut String, site: Site, id: &str, slug: &str) {
    out.push_str(canonical_prefix(site, !slug.is_empty()));
    if !slug.is_empty() {
        out.push_str(slug);
        out.push('_');
    }
    out.push_str(id);
    out.push_str(".html");
}
