//! Postback check and expand (`template\u{1}value`): never panic; `ok` means no error
//! problem; the macros listed are known, distinct and in the template; an ok template
//! expands to a URL without braces, which parses as http(s) unless a macro stands outside a
//! value, and in which each `name={macro}` query segment of the template reads back the
//! value exactly; a template with errors never expands, and says why with its first error.
#![no_main]

use afflink::{check_postback_url, MAX_URL_LEN};
use afflink::postback::{expand_postback_url, Severity, POSTBACK_MACROS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (template, value) = text.split_once('\u{1}').unwrap_or((text, "v"));
    let report = check_postback_url(template);
    assert_eq!(report.ok, !report.problems.iter().any(|p| p.severity == Severity::Error));
    for (i, m) in report.macros.iter().enumerate() {
        assert!(POSTBACK_MACROS.contains(&m.as_str()) && !report.macros[..i].contains(m));
        assert!(template.contains(&format!("{{{m}}}")));
    }
    for p in &report.problems {
        assert!(!p.message.is_empty());
    }
    let values: Vec<(&str, &str)> = POSTBACK_MACROS.iter().map(|m| (*m, value)).collect();
    match expand_postback_url(template, &values) {
        Ok(url) => {
            assert!(report.ok, "expanded a template with errors: {template:?} -> {url}");
            assert!(url.len() <= MAX_URL_LEN && !url.contains(['{', '}']), "{url}");
            // A macro in the host (warned about as macro_outside_value) may make any URL, even
            // one whose host trips the URL parser's IDNA debug assertion: only the others are
            // parsed.
            if !report.problems.iter().any(|p| p.code.as_str() == "macro_outside_value") {
                let parsed = url::Url::parse(&url).unwrap_or_else(|e| panic!("{template:?} -> {url}: {e}"));
                assert!(matches!(parsed.scheme(), "http" | "https"));
            }
            // Each `name={macro}` segment of the query reads back the value exactly.
            let query_of = |u: &str| u.split('#').next().unwrap_or("").split_once('?').map_or(String::new(), |(_, q)| q.to_owned());
            let query = query_of(template.trim());
            let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query_of(&url).as_bytes()).map(|(n, v)| (n.into_owned(), v.into_owned())).collect();
            for segment in query.split('&') {
                let Some((name, m)) = segment.split_once('=') else { continue };
                let simple = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                if simple && m.strip_prefix('{').and_then(|m| m.strip_suffix('}')).is_some_and(|m| POSTBACK_MACROS.contains(&m)) {
                    assert!(pairs.iter().any(|(n, v)| n == name && v == value), "{name} in {url}");
                }
            }
        }
        Err(e) => {
            let code = e.code().as_str();
            assert!(!report.ok || code == "invalid_value" || code == "too_long", "{e}");
            if !report.ok {
                // The first error problem is the refusal.
                let first = report.problems.iter().find(|p| p.severity == Severity::Error).unwrap();
                assert_eq!(e.code(), first.code);
            }
        }
    }
    // A clean template with one macro per value reads every value back.
    let clean = format!("https://example.com/pb?{}", POSTBACK_MACROS.iter().map(|m| format!("{m}={{{m}}}")).collect::<Vec<_>>().join("&"));
    if let Ok(url) = expand_postback_url(&clean, &values) {
        let url = url::Url::parse(&url).unwrap();
        assert_eq!(url.query_pairs().count(), POSTBACK_MACROS.len());
        for (_, v) in url.query_pairs() {
            assert_eq!(v, value);
        }
    }
});
