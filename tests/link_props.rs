//! Properties of link building over generated values.
#![cfg(not(target_arch = "wasm32"))]

use afflink::links::{tracking_param_names, AlibabaProduct, MAX_PARAM_VALUE_LEN};
use afflink::postback::{expand_postback_url, POSTBACK_MACROS};
use afflink::{
    append_tracking_params, build_alibaba_product_link, build_aliexpress_deep_link,
    check_postback_url, classify, Kind, Program,
};
use proptest::prelude::*;
use url::Url;

/// Any value the rules accept: no control characters, at most 256 bytes.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,40}",
        "\\PC{0,30}",
        Just("a b&c=d#e+f%g/h?i".to_owned()),
        Just("%20".to_owned()),
        Just("<script>alert(1)</script>".to_owned()),
    ]
    .prop_map(|v: String| v.chars().filter(|c| !c.is_control()).collect::<String>())
    .prop_filter("fits", |v| v.len() <= MAX_PARAM_VALUE_LEN)
}

fn aliexpress_link() -> impl Strategy<Value = String> {
    prop_oneof![
        "_?[A-Za-z0-9]{6,12}".prop_map(|t| format!("https://s.click.aliexpress.com/e/{t}")),
        "[A-Za-z0-9]{6,10}".prop_map(|t| format!("https://s.click.aliexpress.com/e/{t}?bz=1&x=%41#frag")),
        Just("https://s.click.aliexpress.com/deep_link.htm?aff_short_key=abc&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1.html".to_owned()),
    ]
}

fn alibaba_link() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{4,20}".prop_map(|c| format!("http://click.alibaba.com/rd/{c}"))
}

/// A program, a tracking link of it, and values for a random subset of its names.
fn link_and_params() -> impl Strategy<Value = (Program, String, Vec<(&'static str, String)>)> {
    let ae = (aliexpress_link(), prop::collection::vec(value(), 4))
        .prop_map(|(l, v)| (Program::AliExpress, l, v));
    let ab = (alibaba_link(), prop::collection::vec(value(), 6))
        .prop_map(|(l, v)| (Program::Alibaba, l, v));
    (prop_oneof![ae, ab], prop::collection::vec(any::<bool>(), 6)).prop_map(
        |((program, link, values), keep)| {
            let names = tracking_param_names(program);
            let params = names
                .iter()
                .zip(values)
                .zip(keep)
                .filter(|(_, k)| *k)
                .map(|((n, v), _)| (*n, v))
                .collect();
            (program, link, params)
        },
    )
}

fn borrowed<'a>(params: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    params.iter().map(|(n, v)| (*n, v.as_str())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn built_links_read_back_exactly_and_stay_affiliate_links((program, link, params) in link_and_params()) {
        let built = append_tracking_params(&link, &borrowed(&params)).unwrap();
        let parsed = Url::parse(&built).unwrap();
        for (name, value) in &params {
            let found: Vec<String> = parsed.query_pairs().filter(|(n, _)| n == name).map(|(_, v)| v.into_owned()).collect();
            if value.is_empty() {
                prop_assert!(found.len() <= 1, "empty values add nothing: {}", built);
            } else {
                prop_assert_eq!(found, vec![value.clone()], "{}", built);
            }
        }
        let c = classify(&built);
        prop_assert_eq!((c.kind, c.program), (Kind::AffiliateLink, Some(program)));
        // Appending twice equals appending once.
        prop_assert_eq!(append_tracking_params(&built, &borrowed(&params)).unwrap(), built.clone());
        // The original fragment stays last.
        if let Some(i) = link.find('#') {
            prop_assert!(built.ends_with(&link[i..]));
        }
    }

    #[test]
    fn deep_links_point_at_the_same_product(id in "[1-9][0-9]{9,15}", host in prop::sample::select(vec!["www.aliexpress.com", "fr.aliexpress.com", "m.aliexpress.com", "aliexpress.ru", "www.aliexpress.us"]), af in value()) {
        let product_url = format!("https://{host}/item/{id}.html?spm=a2g0o.x&algo_pvid=1#reviews");
        let link = build_aliexpress_deep_link("_dT5B1bR", &product_url, &[("af", &af)]).unwrap();
        let parsed = Url::parse(&link).unwrap();
        let target = parsed.query_pairs().find(|(n, _)| n == "dl_target_url").map(|(_, v)| v.into_owned()).unwrap();
        let (target, source) = (classify(&target), classify(&product_url));
        prop_assert_eq!(target.product_id(), Some(id.as_str()));
        prop_assert_eq!(target.canonical_url(), source.canonical_url());
        prop_assert_eq!(classify(&link).kind, Kind::AffiliateLink);
        let af_back: Vec<String> = parsed.query_pairs().filter(|(n, _)| n == "af").map(|(_, v)| v.into_owned()).collect();
        prop_assert_eq!(af_back, if af.is_empty() { vec![] } else { vec![af] });
    }

    #[test]
    fn alibaba_links_carry_the_product(id in "[1-9][0-9]{9,13}", tp1 in value()) {
        let link = build_alibaba_product_link("https://click.alibaba.com/rd/x7k2pq?url={product_url}", AlibabaProduct::Id(&id), &[("tp1", &tp1)]).unwrap();
        let parsed = Url::parse(&link).unwrap();
        let target = parsed.query_pairs().find(|(n, _)| n == "url").map(|(_, v)| v.into_owned()).unwrap();
        let target = classify(&target);
        prop_assert_eq!(target.product_id(), Some(id.as_str()));
        prop_assert_eq!(classify(&link).program, Some(Program::Alibaba));
    }

    #[test]
    fn never_panics_on_arbitrary_names_values_and_links(link in "\\PC{0,60}", name in "\\PC{0,6}", v in "\\PC{0,20}") {
        let _ = append_tracking_params(&link, &[(name.as_str(), v.as_str())]);
        let _ = build_aliexpress_deep_link(&name, &link, &[("dp", v.as_str())]);
        let _ = build_alibaba_product_link(&link, AlibabaProduct::Url(&v), &[]);
        let _ = afflink::links::alibaba_template_from_sample(&link, Some(&v));
        let _ = afflink::links::alibaba_template_from_sample(&link, None);
        let _ = check_postback_url(&link);
        let _ = expand_postback_url(&link, &[(name.as_str(), v.as_str())]);
    }

    #[test]
    fn postback_expansion_reads_back_exactly(values in prop::collection::vec(value(), 14)) {
        let template = format!("https://example.com/pb?{}", POSTBACK_MACROS.iter().map(|m| format!("{m}={{{m}}}")).collect::<Vec<_>>().join("&"));
        prop_assert!(check_postback_url(&template).problems.is_empty());
        let pairs: Vec<(&str, &str)> = POSTBACK_MACROS.iter().copied().zip(values.iter().map(String::as_str)).collect();
        let url = expand_postback_url(&template, &pairs).unwrap();
        let parsed = Url::parse(&url).unwrap();
        let back: Vec<(String, String)> = parsed.query_pairs().map(|(n, v)| (n.into_owned(), v.into_owned())).collect();
        let want: Vec<(String, String)> = pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        prop_assert_eq!(back, want);
    }
}
