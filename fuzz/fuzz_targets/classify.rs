//! Classification of any string: never panics, results are self-consistent, and a product's
//! canonical URL classifies as the same product.
#![no_main]

use afflink::{classify, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let c = classify(input);
    assert_eq!(c.product.is_some(), c.kind == Kind::Product);
    assert_eq!(c.reason.is_some(), c.kind != Kind::Product);
    assert_eq!(c.program.is_none(), c.kind == Kind::Rejected);
    if let Some(p) = &c.product {
        assert!((1..=20).contains(&p.id.len()) && p.id.bytes().all(|b| b.is_ascii_digit()) && !p.id.starts_with('0'));
        assert!(p.canonical_url.starts_with("https://") && !p.canonical_url.contains(['?', '#']));
        let again = classify(&p.canonical_url);
        assert_eq!(again.product_id(), Some(p.id.as_str()), "{input:?}");
        assert_eq!(again.canonical_url(), Some(p.canonical_url.as_str()));
        // Only the host's program, never a lookalike: the canonical host is a program host.
        assert!(input.trim().len() <= afflink::MAX_URL_LEN);
    }
});
