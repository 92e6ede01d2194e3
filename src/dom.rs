//! Converting the product links of a DOM subtree, for Rust web apps (feature `dom`,
//! `wasm32` only).
//!
//! [`convert_links`] does to the `<a href>` elements of a subtree what the script tag does to
//! a page's links (`www/widget/afflink-links.js`, `docs/WIDGET.md`), with the same
//! [`LinkConverter`]: the same links are converted, to the same tracked links, with the same
//! marks, and the same links are left as they are. Leptos, Yew, Dioxus and Sycamore give you
//! the element (a node ref, `web_sys::Element`); call it once the links are in the element,
//! and again after a render adds links: links converted before are left alone.
//!
//! ```ignore
//! use afflink::{dom, LinkConverter};
//!
//! // Checked once (the script tag's settings, names without `data-`).
//! let settings = LinkConverter::new(&[("aff-short-key", "_dT5B1bR"), ("af", "myblog")])?;
//! let post = web_sys::window().unwrap().document().unwrap().get_element_by_id("post").unwrap();
//! let report = dom::convert_links(&post, &settings)?;
//! web_sys::console::log_1(&format!("{} links converted", report.converted).into());
//! # Ok::<(), afflink::Error>(())
//! ```
//!
//! What a converted link gets, exactly as from the script tag:
//!
//! - `href`: the tracked link;
//! - `data-afflink-original`: the address it had;
//! - `rel`: `sponsored` and `noopener` added to its values (`rel="nofollow"` becomes
//!   `rel="nofollow sponsored noopener"`);
//! - with the `disclosure` setting, a `<small class="afflink-disclosure"
//!   data-afflink-disclosure>` right after it (unless one is there already), holding the
//!   text as text. A link without a parent element gets no disclosure. If your framework
//!   owns the nodes next to a link, leave `disclosure` unset and render the text yourself.
//!
//! Left as they are, and listed in the [`Report`] with the reason: links that already carry
//! `data-afflink-original` ([`SkipReason::AlreadyConverted`]), links with
//! `data-afflink="off"` on them or on an element around them, up to the document
//! ([`SkipReason::OptedOut`]), every link when the `convert` setting is `off`
//! ([`SkipReason::ConversionOff`]), and links the converter refuses, with its code
//! ([`SkipReason::Refused`]: `not_a_product_page`, `already_affiliate_link`,
//! `already_tracked`, `program_not_configured`, …). Links whose address does not mention a
//! program site are only counted ([`Report::other`]), as the script tag does not look at
//! them either.
//!
//! The `href` attribute is read as written, not resolved against the page: relative links
//! are never product links. ASCII whitespace at either end is ignored, as browsers do.
//!
//! Unlike the script tag, nothing watches the subtree afterwards: a link whose `href` your
//! app changes after it was converted keeps `data-afflink-original` and is left alone by
//! the next call; render such a link anew (without the attribute) to have it converted.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DomException, Element};

use crate::{Code, Error, LinkConverter};

/// The links looked at: an `<a>` with an `href` attribute.
const LINKS: &str = "a[href]";
const OPT_OUT: &str = "[data-afflink=\"off\"]";
const ORIGINAL: &str = "data-afflink-original";
const DISCLOSURE_MARK: &str = "data-afflink-disclosure";

/// What [`convert_links`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Links converted by this call.
    pub converted: usize,
    /// Links to a program site left as they are, in document order, with the reason.
    pub skipped: Vec<Skipped>,
    /// Links whose address does not mention a program site: not looked at further.
    pub other: usize,
}

/// A link to a program site that was left as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Its `href` attribute, as written.
    pub href: String,
    /// Why it was left.
    pub reason: SkipReason,
}

/// Why a link was left as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// It carries `data-afflink-original`: converted before (by this function or the tag).
    AlreadyConverted,
    /// It, or an element around it, has `data-afflink="off"`.
    OptedOut,
    /// The `convert` setting is `off`.
    ConversionOff,
    /// The converter's refusal ([`LinkConverter::convert`]), or `dom_error` when the DOM
    /// refused a change (the link is then as it was).
    Refused(Error),
}

impl SkipReason {
    /// The code of a refusal; `None` for the other reasons.
    pub fn code(&self) -> Option<Code> {
        match self {
            SkipReason::Refused(e) => Some(e.code()),
            _ => None,
        }
    }
}

/// Converts the product links of `root` (and `root` itself, when it is an `<a href>`) with
/// `settings`, and marks them as the script tag does (see the [module docs](self)).
///
/// Never panics. A link the DOM refuses to change is left as it was and listed with
/// `dom_error`; the other links are still converted.
///
/// # Errors
///
/// `dom_error` when the subtree's links cannot be listed (a DOM exception).
pub fn convert_links(root: &Element, settings: &LinkConverter) -> Result<Report, Error> {
    let mut report = Report::default();
    let mut links = Vec::new();
    if root.matches(LINKS).map_err(dom_error)? {
        links.push(root.clone());
    }
    let list = root.query_selector_all(LINKS).map_err(dom_error)?;
    for i in 0..list.length() {
        if let Some(link) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            links.push(link);
        }
    }
    for a in &links {
        let Some(href) = a.get_attribute("href") else {
            continue;
        };
        let address = href.trim_matches(['\t', '\n', '\x0C', '\r', ' ']);
        if !is_program_like(address) {
            report.other += 1;
            continue;
        }
        let reason = if a.has_attribute(ORIGINAL) {
            SkipReason::AlreadyConverted
        } else if a.closest(OPT_OUT).map_err(dom_error)?.is_some() {
            SkipReason::OptedOut
        } else if !settings.enabled() {
            SkipReason::ConversionOff
        } else {
            match settings.convert(address) {
                Ok(link) => match mark(a, &href, &link, settings.disclosure()) {
                    Ok(()) => {
                        report.converted += 1;
                        continue;
                    }
                    Err(e) => SkipReason::Refused(dom_error(e)),
                },
                Err(e) => SkipReason::Refused(e),
            }
        };
        report.skipped.push(Skipped { href, reason });
    }
    Ok(report)
}

/// Whether an address mentions a program site: the script tag's first look
/// (`/aliexpress\.|alibaba\./i`), before the converter decides.
fn is_program_like(address: &str) -> bool {
    let bytes = address.as_bytes();
    [b"aliexpress.".as_slice(), b"alibaba.".as_slice()]
        .iter()
        .any(|needle| {
            bytes
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle))
        })
}

/// `rel` with `sponsored` and `noopener` added, as `relList.add` writes it: the tokens once
/// each, in order, separated by one space.
fn rel_with_marks(rel: Option<&str>) -> String {
    let mut tokens: Vec<&str> = Vec::new();
    let given = rel
        .unwrap_or("")
        .split(['\t', '\n', '\x0C', '\r', ' '])
        .filter(|t| !t.is_empty());
    for token in given.chain(["sponsored", "noopener"]) {
        if !tokens.contains(&token) {
            tokens.push(token);
        }
    }
    tokens.join(" ")
}

/// Marks a converted link. The disclosure goes in first, so that a refusal leaves the link
/// as it was; a refusal after it is undone.
fn mark(a: &Element, href: &str, link: &str, disclosure: Option<&str>) -> Result<(), JsValue> {
    let mut note = None;
    if let Some(text) = disclosure {
        let next_is_note = a
            .next_element_sibling()
            .is_some_and(|n| n.has_attribute(DISCLOSURE_MARK));
        if !next_is_note {
            let document = a
                .owner_document()
                .ok_or_else(|| JsValue::from_str("the link has no document"))?;
            let small = document.create_element("small")?;
            small.set_class_name("afflink-disclosure");
            small.set_attribute(DISCLOSURE_MARK, "")?;
            small.set_text_content(Some(&format!(" {text}")));
            a.after_with_node_1(&small)?;
            note = Some(small);
        }
    }
    let rel = a.get_attribute("rel");
    let marked = a
        .set_attribute(ORIGINAL, href)
        .and_then(|()| a.set_attribute("href", link))
        .and_then(|()| a.set_attribute("rel", &rel_with_marks(rel.as_deref())));
    if let Err(e) = marked {
        // Best effort: the same calls just succeeded on this element.
        let _ = a.set_attribute("href", href);
        let _ = a.remove_attribute(ORIGINAL);
        let _ = match &rel {
            Some(rel) => a.set_attribute("rel", rel),
            None => a.remove_attribute("rel"),
        };
        if let Some(note) = note {
            note.remove();
        }
        return Err(e);
    }
    Ok(())
}

/// A DOM exception as an afflink error: `dom_error`, with the exception's name and message.
fn dom_error(e: JsValue) -> Error {
    let what = match e.dyn_ref::<DomException>() {
        Some(d) => format!("{}: {}", d.name(), d.message()),
        None => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    };
    Error::new(
        Code::DomError,
        format!("{} ({what})", Code::DomError.message()),
    )
}
