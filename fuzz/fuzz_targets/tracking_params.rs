//! Appending tracking parameters with arbitrary links, names and values: never panics; a
//! built link reads back every non-empty value exactly, stays an affiliate link of the same
//! program, and appending twice equals appending once.
#![no_main]

use afflink::{append_tracking_params, classify, Kind};
use libfuzzer_sys::fuzz_target;

const LINKS: &[&str] = &[
    "https://s.click.aliexpress.com/e/_DlRvuuN",
    "https://s.click.aliexpress.com/e/abcD12345?af=old&x=%41#frag",
    "https://s.click.aliexpress.com/deep_link.htm?aff_short_key=k&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1.html",
    "http://click.alibaba.com/rd/x7k2pq?pid=old&&ref=1",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // `link?\u{1}name=value\u{1}name=value…`: the first part chooses or is the link.
    let mut parts = text.split('\u{1}');
    let head = parts.next().unwrap_or("");
    let link = match head.as_bytes().first() {
        Some(b @ b'0'..=b'3') => LINKS[usize::from(b - b'0')],
        _ => head,
    };
    let pairs: Vec<(&str, &str)> = parts.map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    let Ok(built) = append_tracking_params(link, &pairs) else { return };
    let c = classify(&built);
    assert_eq!(c.kind, Kind::AffiliateLink, "{built}");
    assert_eq!(c.program, classify(link).program);
    let url = url::Url::parse(&built).expect("a built link parses");
    for (name, value) in &pairs {
        if value.is_empty() {
            continue;
        }
        let found: Vec<String> = url.query_pairs().filter(|(n, _)| n == name).map(|(_, v)| v.into_owned()).collect();
        assert_eq!(found, vec![value.to_string()], "{name} in {built}");
    }
    assert_eq!(append_tracking_params(&built, &pairs).as_deref(), Ok(built.as_str()));
});
