//! Building links to products: AliExpress deep links and Alibaba.com product links from a
//! link template the publisher copies from the program's site.

use percent_encoding::percent_decode_str;

use super::tracking::encode_component;
use super::tracking::{finish, set_params, validate_params};
use crate::{classify, Code, Error, Kind, Program};

/// The longest accepted `aff_short_key`.
pub const MAX_KEY_LEN: usize = 64;

/// The AliExpress deep-link endpoint.
pub const ALIEXPRESS_DEEP_LINK_BASE: &str = "https://s.click.aliexpress.com/deep_link.htm";

/// The Alibaba.com template placeholder for the product id.
pub const PRODUCT_ID_PLACEHOLDER: &str = "{product_id}";
/// The Alibaba.com template placeholder for the percent-encoded canonical product URL.
pub const PRODUCT_URL_PLACEHOLDER: &str = "{product_url}";

/// The product a link points to: its id and canonical URL.
pub(crate) struct Target {
    id: String,
    canonical_url: String,
}

/// A product page of `program` with no one's tracking on it, or the reason it is not one.
fn product_target(program: Program, url: &str) -> Result<Target, Error> {
    target_of(program, classify(url))
}

/// [`product_target`] for a URL already classified.
pub(crate) fn target_of(program: Program, c: crate::Classification) -> Result<Target, Error> {
    let Some(product) = c.product else {
        return Err(c.reason.map_or_else(|| Code::NotAUrl.into(), Error::from));
    };
    if c.program != Some(program) {
        let (this, that) = match program {
            Program::AliExpress => ("Alibaba.com", "AliExpress"),
            Program::Alibaba => ("AliExpress", "Alibaba.com"),
        };
        return Err(Error::new(
            Code::WrongProgram,
            format!("This is an {this} product; an {that} link needs an {that} product page."),
        ));
    }
    if !product.affiliate_params.is_empty() {
        return Err(Error::new(
            Code::AlreadyTracked,
            format!(
                "This product address already carries someone's affiliate tracking ({}); use the clean address {} instead.",
                product.affiliate_params.join(", "),
                product.canonical_url
            ),
        ));
    }
    Ok(Target {
        id: product.id,
        canonical_url: product.canonical_url,
    })
}

pub(crate) fn check_key(key: &str) -> Result<(), Error> {
    let ok = (1..=MAX_KEY_LEN).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::from_code(Code::InvalidKey))
    }
}

/// Builds an AliExpress deep link to a product page, with custom tracking strings:
/// `https://s.click.aliexpress.com/deep_link.htm?aff_short_key=<key>&dl_target_url=<encoded
/// canonical product URL>` followed by `af`, `cn`, `cv`, `dp` (empty values skipped).
///
/// ```
/// let link = afflink::build_aliexpress_deep_link(
///     "_dT5B1bR",
///     "https://fr.aliexpress.com/item/1005006123456789.html?spm=x",
///     &[("af", "my blog")],
/// ).unwrap();
/// assert_eq!(link, "https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dT5B1bR\
///     &dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html&af=my%20blog");
/// ```
///
/// # Errors
///
/// Only product pages may be deep-linked: any other URL is refused with the classifier's
/// reason code (`not_a_product_page`, `needs_resolving`, `unknown_host`, …); an Alibaba.com
/// product with `wrong_program`; a product URL carrying someone's affiliate parameters with
/// `already_tracked`. A bad key gives `invalid_key`; bad parameters the errors of
/// [`append_tracking_params`](crate::append_tracking_params).
pub fn build_aliexpress_deep_link(
    aff_short_key: &str,
    product_url: &str,
    params: &[(&str, &str)],
) -> Result<String, Error> {
    check_key(aff_short_key)?;
    let params = validate_params(Program::AliExpress, params)?;
    deep_link(aff_short_key, product_url, &params)
}

fn deep_link(key: &str, product_url: &str, params: &[(&str, &str)]) -> Result<String, Error> {
    deep_link_to(
        key,
        &product_target(Program::AliExpress, product_url)?,
        params,
    )
}

/// The deep link to a checked target (`key` and `params` already validated).
pub(crate) fn deep_link_to(
    key: &str,
    target: &Target,
    params: &[(&str, &str)],
) -> Result<String, Error> {
    deep_link_with_suffix(key, target, &tracking_suffix(params))
}

/// `&name=value…` for checked AliExpress tracking strings: what [`set_params`] appends to a
/// deep link, whose own query never holds these names. A converter computes it once.
pub(crate) fn tracking_suffix(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .map(|(name, value)| format!("&{name}={}", encode_component(value)))
        .collect()
}

/// The deep link to `target` with a suffix made by [`tracking_suffix`].
pub(crate) fn deep_link_with_suffix(
    key: &str,
    target: &Target,
    suffix: &str,
) -> Result<String, Error> {
    let encoded = encode_component(&target.canonical_url);
    let mut link = String::with_capacity(
        ALIEXPRESS_DEEP_LINK_BASE.len() + 30 + key.len() + encoded.len() + suffix.len(),
    );
    link.push_str(ALIEXPRESS_DEEP_LINK_BASE);
    link.push_str("?aff_short_key=");
    link.push_str(key);
    link.push_str("&dl_target_url=");
    link.push_str(&encoded);
    link.push_str(suffix);
    finish(link)
}

/// Builds AliExpress deep links for many product URLs: one result per input, in order.
///
/// # Errors
///
/// The outer `Err` is for what every link shares (the key, the parameters); each inner
/// result is that URL's link or its refusal, as in [`build_aliexpress_deep_link`].
pub fn build_aliexpress_deep_links<S: AsRef<str>>(
    product_urls: &[S],
    aff_short_key: &str,
    params: &[(&str, &str)],
) -> Result<Vec<Result<String, Error>>, Error> {
    check_key(aff_short_key)?;
    let params = validate_params(Program::AliExpress, params)?;
    // The tracking strings are the same for every link: encoded once.
    let suffix = tracking_suffix(&params);
    Ok(product_urls
        .iter()
        .map(|u| {
            deep_link_with_suffix(
                aff_short_key,
                &product_target(Program::AliExpress, u.as_ref())?,
                &suffix,
            )
        })
        .collect())
}

/// A checked Alibaba.com link template: a URL on `click.alibaba.com` or another
/// `alibaba.com` host containing `{product_id}` and/or `{product_url}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlibabaTemplate {
    template: String,
}

impl AlibabaTemplate {
    /// Checks a template.
    ///
    /// ```
    /// use afflink::links::AlibabaTemplate;
    /// assert!(AlibabaTemplate::parse("https://click.alibaba.com/rd/abc123?url={product_url}").is_ok());
    /// let e = AlibabaTemplate::parse("https://click.alibaba.com/rd/abc123?id={productid}").unwrap_err();
    /// assert_eq!(e.code().as_str(), "invalid_template");
    /// ```
    ///
    /// # Errors
    ///
    /// `invalid_template`, with a message saying what is wrong: unbalanced braces, an
    /// unknown placeholder, no placeholder at all, or a URL that is not on an alibaba.com
    /// host.
    pub fn parse(template: &str) -> Result<Self, Error> {
        let template = template.trim();
        let bad = |why: String| Err(Error::new(Code::InvalidTemplate, why));
        if template.is_empty() {
            return bad(
                "The template is empty: paste the product link you copied from the program's site."
                    .into(),
            );
        }
        let mut placeholders = 0;
        let mut rest = template;
        while let Some(open) = rest.find(['{', '}']) {
            if rest.as_bytes()[open] == b'}' {
                return bad(format!(
                    "The template has a '}}' without a matching '{{' at {:?}.",
                    &rest[open..]
                ));
            }
            let after = &rest[open + 1..];
            let Some(close) = after
                .find(['{', '}'])
                .filter(|&i| after.as_bytes()[i] == b'}')
            else {
                return bad("The template has a '{' that is never closed.".into());
            };
            let name = &after[..close];
            if name != "product_id" && name != "product_url" {
                return bad(format!("The template uses {{{name}}}; the placeholders are {{product_id}} and {{product_url}}."));
            }
            placeholders += 1;
            rest = &after[close + 1..];
        }
        if placeholders == 0 {
            return bad("The template contains neither {product_id} nor {product_url}.".into());
        }
        let sample = fill(
            template,
            "1600000000000",
            "https://m.alibaba.com/product/1600000000000.html",
        );
        let c = classify(&sample);
        if c.program != Some(Program::Alibaba) {
            let why = c.reason.map_or("", |r| r.message());
            return bad(format!("The template must be a link on click.alibaba.com or another alibaba.com host. {why}"));
        }
        Ok(AlibabaTemplate {
            template: template.to_owned(),
        })
    }

    /// The template text.
    pub fn as_str(&self) -> &str {
        &self.template
    }
}

fn fill(template: &str, id: &str, canonical_url: &str) -> String {
    template
        .replace(PRODUCT_ID_PLACEHOLDER, id)
        .replace(PRODUCT_URL_PLACEHOLDER, &encode_component(canonical_url))
}

/// Makes a template from a real link the program produced for a product, by replacing that
/// product's (encoded) URL with `{product_url}`, or else its id with `{product_id}`.
///
/// The product is `product_id` when given (`None`, or blank, when not). Without it, the id
/// is read from the link itself, when it carries the product: a query value that is an
/// Alibaba.com product URL (`?url=https%3A%2F%2Fwww.alibaba.com%2Fproduct-detail%2F…_62050354078.html`),
/// the link itself when it is a product page, or a query value named `id`, `productId`,
/// `product_id`, `itemId` or `item_id` that is a product id (`?id=62050354078`).
///
/// ```
/// use afflink::links::alibaba_template_from_sample;
/// let t = alibaba_template_from_sample("https://click.alibaba.com/rd/x7k2pq?pid=old&id=62050354078", Some("62050354078")).unwrap();
/// assert_eq!(t, "https://click.alibaba.com/rd/x7k2pq?pid=old&id={product_id}");
/// // The link carries its product: no id needed.
/// let t = alibaba_template_from_sample("https://click.alibaba.com/rd/x7k2pq?pid=old&id=62050354078", None).unwrap();
/// assert_eq!(t, "https://click.alibaba.com/rd/x7k2pq?pid=old&id={product_id}");
/// // It does not: the product id must be given.
/// let e = alibaba_template_from_sample("https://click.alibaba.com/rd/x7k2pq", None).unwrap_err();
/// assert_eq!(e.code().as_str(), "missing_product_id");
/// ```
///
/// # Errors
///
/// `invalid_product_id` for an implausible id; `missing_product_id` when no id is given and
/// the link does not carry one; `invalid_template` when the link is not an alibaba.com link
/// or does not contain the product.
pub fn alibaba_template_from_sample(link: &str, product_id: Option<&str>) -> Result<String, Error> {
    let link = link.trim();
    let read;
    let product_id = match product_id.map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) => id,
        None => {
            read =
                sample_product_id(link).ok_or_else(|| Error::from_code(Code::MissingProductId))?;
            read.as_str()
        }
    };
    let c = classify(product_id_url(product_id).as_str());
    if c.kind != Kind::Product || c.product_id() != Some(product_id) {
        return Err(Error::new(
            Code::InvalidProductId,
            format!("{product_id:?} is not a valid product id."),
        ));
    }
    // A query value that decodes to a URL of this very product becomes {product_url}.
    let query_start = link.find('?').map_or(link.len(), |i| i + 1);
    let query_end = link.find('#').unwrap_or(link.len()).max(query_start);
    for segment in link[query_start..query_end].split('&') {
        let Some((_, value)) = segment.split_once('=') else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let decoded = percent_decode_str(value).decode_utf8_lossy();
        if classify(&decoded).product_id() == Some(product_id) {
            let at = query_start
                + (segment.as_ptr() as usize - link[query_start..].as_ptr() as usize)
                + segment.len()
                - value.len();
            let template = format!(
                "{}{PRODUCT_URL_PLACEHOLDER}{}",
                &link[..at],
                &link[at + value.len()..]
            );
            return AlibabaTemplate::parse(&template).map(|t| t.template);
        }
    }
    // Otherwise every occurrence of the id, bounded by non-digits, becomes {product_id}.
    let mut template = String::with_capacity(link.len());
    let mut replaced = 0;
    let mut i = 0;
    let bytes = link.as_bytes();
    while i < link.len() {
        let boundary_before = i == 0 || !bytes[i - 1].is_ascii_digit();
        let end = i + product_id.len();
        if boundary_before
            && link[i..].starts_with(product_id)
            && (end == link.len() || !bytes[end].is_ascii_digit())
        {
            template.push_str(PRODUCT_ID_PLACEHOLDER);
            replaced += 1;
            i = end;
        } else {
            let ch = link[i..].chars().next().unwrap_or('\u{FFFD}');
            template.push(ch);
            i += ch.len_utf8().max(1);
        }
    }
    if replaced == 0 {
        return Err(Error::new(
            Code::InvalidTemplate,
            format!("The sample link does not contain the product id {product_id}."),
        ));
    }
    AlibabaTemplate::parse(&template).map(|t| t.template)
}

/// The Alibaba.com product a sample link carries (see [`alibaba_template_from_sample`]).
fn sample_product_id(link: &str) -> Option<String> {
    let alibaba_id = |url: &str| {
        let c = classify(url);
        (c.program == Some(Program::Alibaba))
            .then(|| c.product_id().map(str::to_owned))
            .flatten()
    };
    let query = link.split_once('?').map_or("", |(_, q)| q);
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    let pairs = || {
        query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(n, v)| (n, percent_decode_str(v).decode_utf8_lossy()))
    };
    pairs()
        .find_map(|(_, value)| alibaba_id(&value))
        .or_else(|| alibaba_id(link))
        .or_else(|| {
            pairs().find_map(|(name, value)| {
                let named = matches!(
                    name,
                    "id" | "productId" | "product_id" | "itemId" | "item_id"
                );
                let id = value.trim();
                (named && alibaba_id(&product_id_url(id)).as_deref() == Some(id))
                    .then(|| id.to_owned())
            })
        })
}

fn product_id_url(id: &str) -> String {
    format!("https://m.alibaba.com/product/{id}.html")
}

/// Which product an Alibaba.com link points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlibabaProduct<'a> {
    /// A product page URL (checked with [`classify`]).
    Url(&'a str),
    /// A bare product id; `{product_url}` then becomes `https://m.alibaba.com/product/<id>.html`.
    Id(&'a str),
}

/// Builds an Alibaba.com product link from a template: fills `{product_id}` and
/// `{product_url}` (percent-encoded canonical URL) and sets `pid`, `tp1`..`tp5`.
///
/// ```
/// use afflink::build_alibaba_product_link;
/// use afflink::links::AlibabaProduct;
/// let link = build_alibaba_product_link(
///     "https://click.alibaba.com/rd/x7k2pq?url={product_url}",
///     AlibabaProduct::Url("https://www.alibaba.com/product-detail/USB-Cable_1600123456789.html?spm=a2700"),
///     &[("pid", "blog"), ("tp1", "click 42")],
/// ).unwrap();
/// assert_eq!(link, "https://click.alibaba.com/rd/x7k2pq?url=https%3A%2F%2Fwww.alibaba.com%2Fproduct-detail%2FUSB-Cable_1600123456789.html&pid=blog&tp1=click%2042");
/// ```
///
/// # Errors
///
/// `invalid_template` (see [`AlibabaTemplate::parse`]); for a URL, the classifier's reason
/// when it is not a product page, `wrong_program`, `already_tracked`; for an id,
/// `invalid_product_id`; parameter errors as in [`append_tracking_params`](crate::append_tracking_params).
pub fn build_alibaba_product_link(
    template: &str,
    product: AlibabaProduct<'_>,
    params: &[(&str, &str)],
) -> Result<String, Error> {
    let template = AlibabaTemplate::parse(template)?;
    let params = validate_params(Program::Alibaba, params)?;
    alibaba_link(&template, product, &params)
}

fn alibaba_link(
    template: &AlibabaTemplate,
    product: AlibabaProduct<'_>,
    params: &[(&str, &str)],
) -> Result<String, Error> {
    let target = match product {
        AlibabaProduct::Url(url) => product_target(Program::Alibaba, url)?,
        AlibabaProduct::Id(id) => {
            let c = classify(&product_id_url(id));
            match c.product {
                Some(p) if p.id == id => Target {
                    id: p.id,
                    canonical_url: p.canonical_url,
                },
                _ => {
                    return Err(Error::new(
                        Code::InvalidProductId,
                        format!("{id:?} is not a valid product id."),
                    ))
                }
            }
        }
    };
    alibaba_link_to(template, &target, params)
}

/// The Alibaba.com link to a checked target (`params` already validated).
pub(crate) fn alibaba_link_to(
    template: &AlibabaTemplate,
    target: &Target,
    params: &[(&str, &str)],
) -> Result<String, Error> {
    finish(set_params(
        &fill(&template.template, &target.id, &target.canonical_url),
        params,
    ))
}

/// Builds Alibaba.com product links for many product URLs: one result per input, in order.
///
/// # Errors
///
/// The outer `Err` is for what every link shares (the template, the parameters); each
/// inner result is that URL's link or its refusal, as in [`build_alibaba_product_link`].
pub fn build_alibaba_product_links<S: AsRef<str>>(
    product_urls: &[S],
    template: &str,
    params: &[(&str, &str)],
) -> Result<Vec<Result<String, Error>>, Error> {
    let template = AlibabaTemplate::parse(template)?;
    let params = validate_params(Program::Alibaba, params)?;
    Ok(product_urls
        .iter()
        .map(|u| alibaba_link(&template, AlibabaProduct::Url(u.as_ref()), &params))
        .collect())
}

/// One entry of a bulk result, serialised as `{"input", "link"}` or
/// `{"input", "error": {"code", "message"}}`.
#[derive(Debug, Clone, Copy)]
pub struct LinkOutcome<'a> {
    /// The input exactly as given.
    pub input: &'a str,
    /// The link, or why there is none.
    pub result: &'a Result<String, Error>,
}

impl serde::Serialize for LinkOutcome<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("LinkOutcome", 2)?;
        s.serialize_field("input", self.input)?;
        match self.result {
            Ok(link) => s.serialize_field("link", link)?,
            Err(e) => s.serialize_field("error", e)?,
        }
        s.end()
    }
}
