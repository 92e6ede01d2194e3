//! Deep links and Alibaba.com template links from arbitrary inputs: never panic; a deep
//! link's dl_target_url decodes to the same product; built links stay program links.
#![no_main]

use afflink::{alibaba_template_from_sample, build_alibaba_product_link, build_aliexpress_deep_link, classify, AlibabaProduct, Kind, Program};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.split('\u{1}');
    let (a, b, c) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));

    if let Ok(link) = build_aliexpress_deep_link(a, b, &[("af", c)]) {
        let product = classify(b);
        assert_eq!(product.kind, Kind::Product);
        let url = url::Url::parse(&link).unwrap();
        let target = url.query_pairs().find(|(n, _)| n == "dl_target_url").map(|(_, v)| v.into_owned()).unwrap();
        assert_eq!(classify(&target).product_id(), product.product_id());
        assert_eq!(classify(&link).kind, Kind::AffiliateLink);
    }
    if let Ok(template) = alibaba_template_from_sample(a, b) {
        assert!(template.contains("{product_id}") || template.contains("{product_url}"));
        if let Ok(link) = build_alibaba_product_link(&template, AlibabaProduct::Id(b), &[("tp1", c)]) {
            assert_eq!(classify(&link).program, Some(Program::Alibaba), "{link}");
        }
    }
    if let Ok(link) = build_alibaba_product_link(a, AlibabaProduct::Url(b), &[("pid", c)]) {
        assert_eq!(classify(&link).program, Some(Program::Alibaba), "{link}");
    }
});
