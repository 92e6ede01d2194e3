//! Link conversion (the script-tag widget) from arbitrary settings and hrefs
//! (`name=value\u{1}name=value…\u{2}href\u{2}href…`): never panics; checked settings are
//! consistent; a converted link is the program's tracked link to the same product as the
//! href (an AliExpress deep link whose dl_target_url reclassifies to the href's product
//! id; an Alibaba.com link carrying the id), equal to what the link builders make from the
//! same settings, and a tracking link is never converted again; a link left as it is
//! comes with a conversion code that says why.
#![no_main]

use afflink::{build_alibaba_product_link, build_aliexpress_deep_link, classify, Code, Kind, LinkConverter, Program, MAX_URL_LEN};
use afflink::links::{AlibabaProduct, MAX_DISCLOSURE_CHARS};
use libfuzzer_sys::fuzz_target;

const ALIEXPRESS_PARAMS: &[&str] = &["af", "cn", "cv", "dp"];
const ALIBABA_PARAMS: &[&str] = &["pid", "tp1", "tp2", "tp3", "tp4", "tp5"];

fn params<'a>(settings: &[(&'a str, &'a str)], names: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    settings.iter().filter(|(n, v)| names.contains(n) && !v.is_empty()).copied().collect()
}

/// Whether the template puts a placeholder in the value of a tracking parameter it then
/// sets, which replaces the product (see the report: a design question).
fn placeholder_in_set_param(template: &str, set: &[(&str, &str)]) -> bool {
    let query = template.split('#').next().unwrap_or("").split_once('?').map_or("", |(_, q)| q);
    query.split('&').any(|s| {
        let (n, v) = s.split_once('=').unwrap_or((s, ""));
        v.contains('{') && url::form_urlencoded::parse(format!("{}=", n.replace('+', "%2B")).as_bytes()).next().is_some_and(|(n, _)| set.iter().any(|(m, _)| *m == n))
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.split('\u{2}');
    let settings: Vec<(&str, &str)> = parts.next().unwrap_or("").split('\u{1}').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    let hrefs: Vec<&str> = parts.collect();
    let converter = match LinkConverter::new(&settings) {
        Ok(c) => c,
        Err(e) => {
            assert!(matches!(e.code(), Code::InvalidSetting | Code::NoProgramSettings), "{e}");
            assert!(!e.message().is_empty());
            return;
        }
    };
    for w in converter.warnings() {
        assert!(matches!(w.code(), Code::UnknownSetting | Code::InvalidSetting), "{w}");
    }
    if let Some(d) = converter.disclosure() {
        assert!(!d.is_empty() && d.chars().count() <= MAX_DISCLOSURE_CHARS && !d.chars().any(char::is_control));
    }
    let programs = converter.programs();
    assert!(!converter.enabled() || !programs.is_empty());
    let get = |name: &str| settings.iter().find(|(n, v)| *n == name && !v.trim().is_empty()).map(|(_, v)| v.trim());
    assert_eq!(programs.contains(&Program::AliExpress), get("aff-short-key").is_some());
    assert_eq!(programs.contains(&Program::Alibaba), get("alibaba-template").is_some());

    for href in hrefs {
        let c = classify(href);
        match converter.convert(href) {
            Ok(link) => {
                assert!(link.len() <= MAX_URL_LEN);
                let product = c.product.as_ref().unwrap_or_else(|| panic!("converted a {:?}: {href:?}", c.kind));
                assert!(product.affiliate_params.is_empty(), "converted a tracked product URL {href:?}");
                let program = c.program.unwrap();
                assert!(programs.contains(&program));
                let again = classify(&link);
                assert_eq!(again.program, Some(program), "{link}");
                match program {
                    Program::AliExpress => {
                        assert_eq!(again.kind, Kind::AffiliateLink, "{link}");
                        let url = url::Url::parse(&link).unwrap();
                        let target: Vec<String> = url.query_pairs().filter(|(n, _)| n == "dl_target_url").map(|(_, v)| v.into_owned()).collect();
                        assert_eq!(target.len(), 1, "{link}");
                        assert_eq!(classify(&target[0]).product_id(), Some(product.id.as_str()), "{link}");
                        let key = get("aff-short-key").unwrap();
                        assert_eq!(build_aliexpress_deep_link(key, href, &params(&settings, ALIEXPRESS_PARAMS)).as_deref(), Ok(link.as_str()));
                    }
                    Program::Alibaba => {
                        let template = get("alibaba-template").unwrap();
                        let set = params(&settings, ALIBABA_PARAMS);
                        assert!(link.contains(product.id.as_str()) || placeholder_in_set_param(template, &set), "{link}");
                        assert_eq!(build_alibaba_product_link(template, AlibabaProduct::Url(href), &set).as_deref(), Ok(link.as_str()));
                    }
                }
                // A converted tracking link is left as it is.
                if again.kind != Kind::Product {
                    assert!(converter.convert(&link).is_err(), "{href:?} converted twice");
                }
            }
            Err(e) => {
                assert!(!e.message().is_empty());
                match e.code() {
                    Code::AlreadyTracked => assert!(c.product.as_ref().is_some_and(|p| !p.affiliate_params.is_empty())),
                    Code::ProgramNotConfigured => assert!(c.kind == Kind::Product && !programs.contains(&c.program.unwrap())),
                    Code::TooLong if c.kind == Kind::Product => {}
                    code => assert_eq!(Some(code), c.reason_code(), "{href:?}"),
                }
            }
        }
    }
});
