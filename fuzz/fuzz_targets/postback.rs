//! Postback check and expand: never panic; `ok` means no error problem; an ok template
//! expands, and each macro used alone in a query value reads back exactly.
#![no_main]

use afflink::{check_postback_url, expand_postback_url, Severity, POSTBACK_MACROS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (template, value) = text.split_once('\u{1}').unwrap_or((text, "v"));
    let report = check_postback_url(template);
    assert_eq!(report.ok, !report.problems.iter().any(|p| p.severity == Severity::Error));
    let values: Vec<(&str, &str)> = POSTBACK_MACROS.iter().map(|m| (*m, value)).collect();
    match expand_postback_url(template, &values) {
        Ok(url) => assert!(report.ok, "expanded a template with errors: {template:?} -> {url}"),
        Err(e) => assert!(!report.ok || e.code().as_str() == "invalid_value" || e.code().as_str() == "too_long", "{e}"),
    }
    // A clean template with one macro per value reads every value back.
    let clean = format!("https://example.com/pb?{}", POSTBACK_MACROS.iter().map(|m| format!("{m}={{{m}}}")).collect::<Vec<_>>().join("&"));
    if let Ok(url) = expand_postback_url(&clean, &values) {
        let url = url::Url::parse(&url).unwrap();
        for (_, v) in url.query_pairs() {
            assert_eq!(v, value);
        }
    }
});
