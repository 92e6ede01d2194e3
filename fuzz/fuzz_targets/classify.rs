//! Classification of any string: never panics, results are self-consistent (the kind, the
//! program, the product and the reason agree), and a product's canonical URL classifies as
//! the same product, with no tracking, and is its own canonical URL.
#![no_main]

use afflink::{affiliate_param_names, classify, Kind, MAX_PRODUCT_ID_DIGITS, MAX_URL_LEN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let c = classify(input);
    assert_eq!(c.product.is_some(), c.kind == Kind::Product);
    assert_eq!(c.reason.is_some(), c.kind != Kind::Product);
    assert_eq!(c.program.is_none(), c.kind == Kind::Rejected);
    if let Some(reason) = &c.reason {
        // Every reason explains exactly the kind it comes with.
        assert_eq!(reason.code.classification_kind(), Some(c.kind), "{input:?}");
    }
    if c.kind != Kind::Rejected {
        assert!(input.trim().len() <= MAX_URL_LEN);
    }
    if let Some(p) = &c.product {
        let program = c.program.expect("a product has a program");
        assert!((1..=MAX_PRODUCT_ID_DIGITS).contains(&p.id.len()) && p.id.bytes().all(|b| b.is_ascii_digit()) && !p.id.starts_with('0'));
        assert!(input.contains(p.id.as_str()), "the id comes from the input: {input:?}");
        assert!(p.canonical_url.starts_with("https://") && !p.canonical_url.contains(['?', '#']));
        let known = affiliate_param_names(program);
        for (i, name) in p.affiliate_params.iter().enumerate() {
            assert!(known.contains(name) && !p.affiliate_params[..i].contains(name), "{input:?}");
        }
        let again = classify(&p.canonical_url);
        assert_eq!(again.kind, Kind::Product, "{input:?} -> {}", p.canonical_url);
        assert_eq!(again.program, c.program);
        assert_eq!(again.product_id(), Some(p.id.as_str()), "{input:?}");
        assert_eq!(again.canonical_url(), Some(p.canonical_url.as_str()));
        assert!(again.product.unwrap().affiliate_params.is_empty());
    }
});
