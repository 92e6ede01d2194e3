//! Appending tracking parameters with arbitrary links, names and values: never panics; a
//! built link reads back every non-empty value exactly (once), keeps the link's other
//! query segments byte for byte and in order, keeps its base and fragment, stays an
//! affiliate link of the same program, and appending twice equals appending once. A
//! refusal names a bad parameter only when there is one.
#![no_main]

use afflink::{append_tracking_params, classify, Kind, MAX_URL_LEN};
use afflink::links::tracking_param_names;
use libfuzzer_sys::fuzz_target;

const LINKS: &[&str] = &[
    "https://s.click.aliexpress.com/e/_DlRvuuN",
    "https://s.click.aliexpress.com/e/abcD12345?af=old&x=%41#frag",
    "https://s.click.aliexpress.com/deep_link.htm?aff_short_key=k&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1.html",
    "http://click.alibaba.com/rd/x7k2pq?pid=old&&ref=1",
];

fn decoded_name(segment: &str) -> String {
    let raw = segment.split('=').next().unwrap_or("");
    percent_decode(raw)
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default()
}

fn code_of(e: &afflink::Error) -> &'static str {
    e.code().as_str()
}

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
    let original = classify(link);
    let built = match append_tracking_params(link, &pairs) {
        Ok(built) => built,
        Err(e) => {
            let code = code_of(&e);
            if original.kind != Kind::AffiliateLink {
                assert!(matches!(code, "not_a_tracking_link") || e.code().classification_kind() == Some(Kind::Rejected), "{code}");
            } else {
                let allowed = tracking_param_names(original.program.unwrap());
                let names_ok = pairs.iter().all(|(n, _)| allowed.contains(n));
                let unique = pairs.iter().enumerate().all(|(i, (n, _))| !pairs[..i].iter().any(|(m, _)| m == n));
                match code {
                    "unknown_parameter" => assert!(!names_ok),
                    "duplicate_parameter" => assert!(!unique),
                    "value_too_long" => assert!(names_ok && unique && pairs.iter().any(|(_, v)| v.len() > afflink::links::MAX_PARAM_VALUE_LEN)),
                    "invalid_value" => assert!(names_ok && unique && pairs.iter().any(|(_, v)| v.chars().any(char::is_control))),
                    "too_long" => {}
                    other => panic!("unexpected refusal {other} for an affiliate link"),
                }
            }
            return;
        }
    };
    assert!(built.len() <= MAX_URL_LEN);
    let c = classify(&built);
    assert_eq!(c.kind, Kind::AffiliateLink, "{built}");
    assert_eq!(c.program, original.program);
    let url = url::Url::parse(&built).expect("a built link parses");
    for (name, value) in &pairs {
        if value.is_empty() {
            continue;
        }
        let found: Vec<String> = url.query_pairs().filter(|(n, _)| n == name).map(|(_, v)| v.into_owned()).collect();
        assert_eq!(found, vec![value.to_string()], "{name} in {built}");
    }
    // Everything else stays as it was: the part before the query, the fragment, and every
    // query segment whose name is not set, in order.
    let trimmed = link.trim();
    let (before_fragment, fragment) = trimmed.split_at(trimmed.find('#').unwrap_or(trimmed.len()));
    let (base, query) = match before_fragment.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (before_fragment, None),
    };
    assert!(built.starts_with(base) && built.ends_with(fragment), "{built}");
    let set: Vec<&str> = pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(n, _)| *n).collect();
    if set.is_empty() {
        assert_eq!(built, trimmed);
        return;
    }
    assert_eq!(built.as_bytes()[base.len()], b'?', "{built}");
    let kept: Vec<&str> = query.into_iter().flat_map(|q| q.split('&')).filter(|s| !set.contains(&decoded_name(s).as_str())).collect();
    let built_query = &built[base.len() + 1..built.len() - fragment.len()];
    let built_kept: Vec<&str> = built_query.split('&').filter(|s| !set.contains(&decoded_name(s).as_str())).collect();
    let kept_nonempty: Vec<&&str> = kept.iter().filter(|s| !s.is_empty()).collect();
    let built_nonempty: Vec<&&str> = built_kept.iter().filter(|s| !s.is_empty()).collect();
    assert_eq!(kept_nonempty, built_nonempty, "{link:?} -> {built}");
    assert_eq!(append_tracking_params(&built, &pairs).as_deref(), Ok(built.as_str()));
});
