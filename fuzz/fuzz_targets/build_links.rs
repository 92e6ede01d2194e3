//! Deep links and Alibaba.com template links from arbitrary inputs (`a\u{1}b\u{1}c`):
//! never panic; a deep link reads back its key, its tracking value and, as dl_target_url,
//! exactly the product's canonical URL; a template made from a sample link rebuilds that
//! very link; built links stay program links and carry the product id and the tracking
//! values exactly.
#![no_main]

use afflink::{build_alibaba_product_link, build_aliexpress_deep_link, classify, Kind, Program, MAX_URL_LEN};
use afflink::links::{alibaba_template_from_sample, AlibabaProduct, ALIEXPRESS_DEEP_LINK_BASE};
use libfuzzer_sys::fuzz_target;

/// Every value of `name` in the link's query, decoded.
fn values(link: &str, name: &str) -> Vec<String> {
    let url = url::Url::parse(link).expect("a built link parses");
    url.query_pairs().filter(|(n, _)| n == name).map(|(_, v)| v.into_owned()).collect()
}

/// A tracking value that is set reads back exactly, once.
fn reads_back(link: &str, name: &str, value: &str) {
    if !value.is_empty() {
        assert_eq!(values(link, name), [value], "{name} in {link}");
    }
}

/// Whether the template puts a placeholder in the value of the tracking parameter `name`,
/// which setting that parameter then replaces (see the report: a design question).
fn placeholder_in(template: &str, name: &str) -> bool {
    let query = template.split('#').next().unwrap_or("").split_once('?').map_or("", |(_, q)| q);
    query.split('&').any(|s| {
        let (n, v) = s.split_once('=').unwrap_or((s, ""));
        v.contains('{') && url::form_urlencoded::parse(format!("{}=", n.replace('+', "%2B")).as_bytes()).next().is_some_and(|(n, _)| n == name)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.split('\u{1}');
    let (a, b, c) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));

    if let Ok(link) = build_aliexpress_deep_link(a, b, &[("af", c)]) {
        assert!(link.len() <= MAX_URL_LEN);
        assert!(link.starts_with(&format!("{ALIEXPRESS_DEEP_LINK_BASE}?aff_short_key={a}&dl_target_url=")), "{link}");
        let product = classify(b);
        assert_eq!((product.kind, product.program), (Kind::Product, Some(Program::AliExpress)));
        let p = product.product.as_ref().unwrap();
        assert!(p.affiliate_params.is_empty());
        assert_eq!(values(&link, "aff_short_key"), [a]);
        assert_eq!(values(&link, "dl_target_url"), [p.canonical_url.as_str()]);
        assert_eq!(classify(&p.canonical_url).product_id(), Some(p.id.as_str()));
        reads_back(&link, "af", c);
        let again = classify(&link);
        assert_eq!((again.kind, again.program), (Kind::AffiliateLink, Some(Program::AliExpress)));
    }
    if let Ok(template) = alibaba_template_from_sample(a, Some(b)) {
        assert!(template.contains("{product_id}") || template.contains("{product_url}"));
        // A template made by putting {product_id} back where the id was rebuilds the sample.
        if !template.contains("{product_url}") && !a.contains(['{', '}']) {
            if let Ok(link) = build_alibaba_product_link(&template, AlibabaProduct::Id(b), &[]) {
                assert_eq!(link, a.trim());
            }
        }
        if let Ok(link) = build_alibaba_product_link(&template, AlibabaProduct::Id(b), &[("tp1", c)]) {
            assert!(link.len() <= MAX_URL_LEN);
            assert!(link.contains(b) || (!c.is_empty() && placeholder_in(&template, "tp1")), "{link}");
            assert_eq!(classify(&link).program, Some(Program::Alibaba), "{link}");
            reads_back(&link, "tp1", c);
        }
    }
    if let Ok(link) = build_alibaba_product_link(a, AlibabaProduct::Url(b), &[("pid", c)]) {
        let product = classify(b);
        assert_eq!((product.kind, product.program), (Kind::Product, Some(Program::Alibaba)));
        let p = product.product.as_ref().unwrap();
        assert!(p.affiliate_params.is_empty());
        assert!(link.len() <= MAX_URL_LEN);
        assert!(link.contains(p.id.as_str()) || (!c.is_empty() && placeholder_in(a, "pid")), "{link}");
        assert_eq!(classify(&link).program, Some(Program::Alibaba), "{link}");
        reads_back(&link, "pid", c);
        // The same link from the bare id when the template only needs the id.
        if !a.contains("{product_url}") {
            assert_eq!(build_alibaba_product_link(a, AlibabaProduct::Id(&p.id), &[("pid", c)]).as_deref(), Ok(link.as_str()));
        }
    }
});
