//! Alibaba.com server-to-server postback URLs: checking a publisher's template and
//! previewing the URL the program would call.

use percent_encoding::percent_decode_str;
use serde::Serialize;

use crate::links::encode_component;
use crate::links::tracking::finish;
use crate::{Code, Error, MAX_URL_LEN};

/// The macros the Alibaba.com postback fills in (seed 000).
pub const POSTBACK_MACROS: &[&str] = &[
    "pid",
    "tp1",
    "tp2",
    "tp3",
    "tp4",
    "tp5",
    "ord_id",
    "ord_platform",
    "ord_geo",
    "ord_amount",
    "p_sku",
    "p_name",
    "com_rate",
    "est_com",
];

/// How serious a postback problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The URL cannot work as it is.
    Error,
    /// The URL works but is probably not what was meant.
    Warning,
}

/// One problem found in a postback URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The stable code.
    pub code: Code,
    /// `error` or `warning`.
    pub severity: Severity,
    /// A plain sentence naming the macro or parameter.
    pub message: String,
}

/// The result of [`check_postback_url`]: `{ok, macros, problems}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostbackReport {
    /// True when there is no problem of severity `error`.
    pub ok: bool,
    /// The known macros used, in order of first appearance, without braces.
    pub macros: Vec<String>,
    /// Every problem found, errors and warnings.
    pub problems: Vec<Problem>,
}

/// A macro occurrence: byte range of `{name}` in the template.
struct Occurrence<'a> {
    start: usize,
    end: usize,
    name: &'a str,
}

/// Levenshtein distance in characters (also used for the context's keys).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Names publishers give the data that a macro carries (the seed's own example writes
/// `clickid={tp1}` and `commission={est_com}`), compared without `_` and case.
const SYNONYMS: &[(&str, &str)] = &[
    ("clickid", "tp1"),
    ("click", "tp1"),
    ("subid", "tp1"),
    ("transactionid", "tp1"),
    ("pubid", "pid"),
    ("publisherid", "pid"),
    ("orderid", "ord_id"),
    ("commission", "est_com"),
    ("payout", "est_com"),
    ("commissionrate", "com_rate"),
    ("rate", "com_rate"),
    ("amount", "ord_amount"),
    ("orderamount", "ord_amount"),
    ("geo", "ord_geo"),
    ("country", "ord_geo"),
    ("platform", "ord_platform"),
    ("sku", "p_sku"),
    ("skuid", "p_sku"),
    ("productname", "p_name"),
    ("name", "p_name"),
];

fn suggestion(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    // `_` is ignored (`{tp_1}`, `{ordid}`), then the names publishers use for the data.
    let squashed: String = lower.chars().filter(|&c| c != '_').collect();
    let same = POSTBACK_MACROS
        .iter()
        .find(|m| m.chars().filter(|&c| c != '_').eq(squashed.chars()));
    if let Some(known) = same {
        return Some(known);
    }
    if let Some((_, known)) = SYNONYMS.iter().find(|(s, _)| *s == squashed) {
        return Some(known);
    }
    // The edit distance is at least the difference in length, so a name more than two
    // characters longer than every macro has no suggestion (and is not a macro).
    let longest = POSTBACK_MACROS.iter().map(|m| m.len()).max().unwrap_or(0);
    if name.chars().count() > longest + 2 {
        return None;
    }
    let (best, distance) = POSTBACK_MACROS
        .iter()
        .map(|m| (*m, edit_distance(&lower, m)))
        .min_by_key(|&(_, d)| d)?;
    (distance <= 2 && !lower.starts_with("tp")).then_some(best)
}

fn unknown_macro(name: &str) -> Problem {
    let hint = match suggestion(name) {
        Some(known) => format!(" Did you mean {{{known}}}?"),
        None if name.to_ascii_lowercase().starts_with("tp") => {
            " Only {tp1} to {tp5} exist.".to_owned()
        }
        None => String::new(),
    };
    Problem {
        code: Code::UnknownMacro,
        severity: Severity::Error,
        message: format!(
            "{{{name}}} is not a postback macro.{hint} The macros are {}.",
            macro_list()
        ),
    }
}

/// `{pid} {tp1} … {est_com}`, built once.
fn macro_list() -> &'static str {
    static LIST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        POSTBACK_MACROS
            .iter()
            .map(|m| format!("{{{m}}}"))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn problem(code: Code, severity: Severity, message: impl Into<String>) -> Problem {
    Problem {
        code,
        severity,
        message: message.into(),
    }
}

/// Finds every `{…}`; malformed braces become problems.
fn scan_macros<'a>(template: &'a str, problems: &mut Vec<Problem>) -> Vec<Occurrence<'a>> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = template[at..].find(['{', '}']) {
        let start = at + i;
        if template.as_bytes()[start] == b'}' {
            problems.push(problem(
                Code::MalformedMacro,
                Severity::Error,
                format!("A '}}' at byte {start} has no matching '{{'."),
            ));
            at = start + 1;
            continue;
        }
        let after = &template[start + 1..];
        match after.find(['{', '}']) {
            Some(j) if after.as_bytes()[j] == b'}' => {
                let name = &after[..j];
                if name.is_empty() {
                    problems.push(problem(
                        Code::MalformedMacro,
                        Severity::Error,
                        "The URL has empty braces {}.",
                    ));
                } else {
                    found.push(Occurrence {
                        start,
                        end: start + j + 2,
                        name,
                    });
                }
                at = start + j + 2;
            }
            _ => {
                problems.push(problem(
                    Code::MalformedMacro,
                    Severity::Error,
                    format!("A '{{' at byte {start} is never closed."),
                ));
                at = start + 1;
            }
        }
    }
    found
}

/// Checks a postback URL template: an absolute http(s) URL whose macros
/// (`{pid}`, `{tp1}`..`{tp5}`, `{ord_id}`, `{ord_platform}`, `{ord_geo}`, `{ord_amount}`,
/// `{p_sku}`, `{p_name}`, `{com_rate}`, `{est_com}`) are known and stand in query values
/// or path segments.
///
/// ```
/// let r = afflink::check_postback_url("https://example.com/pb?pubid={pid}&clickid={tp1}&commission={est_comm}");
/// assert!(!r.ok);
/// assert_eq!(r.macros, ["pid", "tp1"]);
/// assert_eq!(r.problems[0].code.as_str(), "unknown_macro");
/// assert!(r.problems[0].message.contains("Did you mean {est_com}?"));
/// ```
///
/// Errors (`ok` is false): `invalid_postback_url`, `unknown_macro` (with a "did you mean"),
/// `malformed_macro`. Warnings: `insecure_http`, `duplicate_parameter`,
/// `macro_outside_value` (in the host, a parameter name or the fragment, which is never
/// sent to a server), `no_macros`.
pub fn check_postback_url(template: &str) -> PostbackReport {
    let t = template.trim();
    let mut problems = Vec::new();
    let occurrences = scan_macros(t, &mut problems);
    let mut macros: Vec<String> = Vec::new();
    for o in &occurrences {
        if POSTBACK_MACROS.contains(&o.name) {
            if !macros.iter().any(|m| m == o.name) {
                macros.push(o.name.to_owned());
            }
        } else {
            problems.push(unknown_macro(o.name));
        }
    }
    check_shape(t, &occurrences, &mut problems);
    if occurrences.is_empty() && !problems.iter().any(|p| p.code == Code::MalformedMacro) {
        let mut message = Code::NoMacros.message().to_owned();
        if t.to_ascii_lowercase().contains("%7b") {
            message.push_str(" Its braces are percent-encoded (%7B…%7D): write the macros with plain braces, such as {pid}.");
        }
        problems.push(problem(Code::NoMacros, Severity::Warning, message));
    }
    let ok = !problems.iter().any(|p| p.severity == Severity::Error);
    PostbackReport {
        ok,
        macros,
        problems,
    }
}

/// The template with each macro replaced by as many `x` (same byte offsets).
fn neutral(t: &str, occurrences: &[Occurrence<'_>]) -> String {
    let mut neutral = String::with_capacity(t.len());
    let mut last = 0;
    for o in occurrences {
        neutral.push_str(&t[last..o.start]);
        neutral.push_str(&"x".repeat(o.end - o.start));
        last = o.end;
    }
    neutral.push_str(&t[last..]);
    neutral
}

/// Where the scheme ends (after its ':') and where the authority starts and ends, as the
/// URL parser reads http(s) URLs: after the scheme's ':' and any run of '/' or '\\', up to
/// the next '/', '\\', '?' or '#'.
fn authority(neutral: &str) -> (usize, usize, usize) {
    let after_scheme = neutral.find(':').map_or(0, |i| i + 1);
    let authority_start = neutral.len()
        - neutral[after_scheme..]
            .trim_start_matches(['/', '\\'])
            .len();
    let authority_end = neutral[authority_start..]
        .find(['/', '\\', '?', '#'])
        .map_or(neutral.len(), |i| authority_start + i);
    (after_scheme, authority_start, authority_end)
}

/// The URL-level checks, on the template with each macro replaced by a neutral token.
fn check_shape(t: &str, occurrences: &[Occurrence<'_>], problems: &mut Vec<Problem>) {
    let invalid = |why: &str| {
        problem(
            Code::InvalidPostbackUrl,
            Severity::Error,
            format!("{} {why}", Code::InvalidPostbackUrl.message()),
        )
    };
    if t.len() > MAX_URL_LEN {
        problems.push(invalid("It is longer than 4096 bytes."));
        return;
    }
    if t.chars().any(|c| c.is_control() || c.is_whitespace()) {
        problems.push(invalid("It contains spaces or control characters."));
        return;
    }
    let neutral = neutral(t, occurrences);
    let (after_scheme, authority_start, authority_end) = authority(&neutral);
    let authority = &neutral[authority_start..authority_end];
    // A file: URL has no user name, so all of its authority is the host.
    let file = neutral[..after_scheme.saturating_sub(1)].eq_ignore_ascii_case("file");
    let host = match authority.rsplit_once('@') {
        Some((_, host)) if !file => host,
        _ => authority,
    };
    // The URL parser hands a server name that is not ASCII (also once percent-decoded) to
    // IDNA, built here without Unicode tables (see Cargo.toml): such a name is refused
    // either way, so refuse it before parsing, as `classify` does.
    if !percent_decode_str(host).all(|b| b.is_ascii()) {
        return problems.push(invalid(
            "Its server name is not plain ASCII; write an international name in its xn-- form.",
        ));
    }
    let url = match url::Url::parse(&neutral) {
        Ok(url)
            if matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            url
        }
        Ok(_) => return problems.push(invalid("It must start with https:// and name a server.")),
        Err(e) => return problems.push(invalid(&format!("It cannot be read as a URL ({e})."))),
    };
    if url.scheme() == "http" {
        problems.push(problem(
            Code::InsecureHttp,
            Severity::Warning,
            Code::InsecureHttp.message(),
        ));
    }
    // Where each part of the raw template starts (the neutral copy has the same offsets).
    let fragment_start = neutral.find('#').unwrap_or(neutral.len());
    let query_start = neutral[..fragment_start]
        .find('?')
        .unwrap_or(fragment_start);
    let mut names: Vec<String> = Vec::new();
    let mut segment_start = query_start + 1;
    if query_start < fragment_start {
        for segment in t[query_start + 1..fragment_start].split('&') {
            let name_end = segment_start + segment.find('=').unwrap_or(segment.len());
            let name = &t[segment_start..name_end];
            if !name.is_empty() {
                if names.iter().any(|n| n == name) {
                    problems.push(problem(
                        Code::DuplicateParameter,
                        Severity::Warning,
                        format!("The query parameter {name} appears more than once; servers may read only one of them."),
                    ));
                }
                names.push(name.to_owned());
            }
            for o in occurrences
                .iter()
                .filter(|o| o.start >= segment_start && o.start < name_end)
            {
                problems.push(problem(
                    Code::MacroOutsideValue,
                    Severity::Warning,
                    format!(
                        "{{{}}} stands in a parameter name ({name}), not in its value.",
                        o.name
                    ),
                ));
            }
            segment_start += segment.len() + 1;
        }
    }
    for o in occurrences {
        let place = if o.start < authority_end {
            Some("the scheme or host")
        } else if o.start >= fragment_start {
            Some("the fragment (after #), which is never sent to the server")
        } else {
            None
        };
        if let Some(place) = place {
            problems.push(problem(
                Code::MacroOutsideValue,
                Severity::Warning,
                format!("{{{}}} stands in {place}.", o.name),
            ));
        }
    }
}

/// Expands a postback template with sample or real values: the URL the program would call.
/// Each value is percent-encoded like a tracking value; a macro without a value becomes
/// empty. `values` names are macro names, with or without braces.
///
/// ```
/// let url = afflink::postback::expand_postback_url(
///     "https://example.com/pb?pubid={pid}&commission={est_com}&name={p_name}",
///     &[("pid", "blog"), ("est_com", "1.25"), ("{p_name}", "USB cable & hub")],
/// ).unwrap();
/// assert_eq!(url, "https://example.com/pb?pubid=blog&commission=1.25&name=USB%20cable%20%26%20hub");
/// ```
///
/// # Errors
///
/// The first error of [`check_postback_url`] when the template has one; `unknown_macro`
/// for a value name that is not a macro; `duplicate_parameter` for a name given twice;
/// `invalid_value` for control characters; `too_long` when the URL would exceed
/// [`MAX_URL_LEN`].
pub fn expand_postback_url(template: &str, values: &[(&str, &str)]) -> Result<String, Error> {
    let report = check_postback_url(template);
    if let Some(p) = report
        .problems
        .iter()
        .find(|p| p.severity == Severity::Error)
    {
        return Err(Error::new(p.code, p.message.clone()));
    }
    let mut named: Vec<(&str, &str)> = Vec::new();
    for &(name, value) in values {
        let bare = name
            .strip_prefix('{')
            .and_then(|n| n.strip_suffix('}'))
            .unwrap_or(name);
        if !POSTBACK_MACROS.contains(&bare) {
            let p = unknown_macro(bare);
            return Err(Error::new(p.code, p.message));
        }
        if named.iter().any(|(n, _)| *n == bare) {
            return Err(Error::new(
                Code::DuplicateParameter,
                format!("A value for {{{bare}}} was given more than once."),
            ));
        }
        if value.chars().any(char::is_control) {
            return Err(Error::new(
                Code::InvalidValue,
                format!("The value of {{{bare}}} contains control characters."),
            ));
        }
        named.push((bare, value));
    }
    let t = template.trim();
    let mut problems = Vec::new();
    let occurrences = scan_macros(t, &mut problems);
    let mut out = String::with_capacity(t.len() + 64);
    let mut last = 0;
    for o in &occurrences {
        out.push_str(&t[last..o.start]);
        if let Some((_, value)) = named.iter().find(|(n, _)| *n == o.name) {
            out.push_str(&encode_component(value));
        }
        last = o.end;
    }
    out.push_str(&t[last..]);
    let url = finish(out)?;
    if let Err(e) = url::Url::parse(&url) {
        return Err(unusable_expansion(t, &occurrences, &named, &e.to_string()));
    }
    Ok(url)
}

/// `invalid_value` for an expanded URL that is no URL, naming the macros whose values
/// stand in the scheme or host (or every filled macro when none does).
fn unusable_expansion(
    t: &str,
    occurrences: &[Occurrence<'_>],
    named: &[(&str, &str)],
    why: &str,
) -> Error {
    let filled = |o: &&Occurrence<'_>| named.iter().any(|(n, v)| *n == o.name && !v.is_empty());
    let (_, _, authority_end) = authority(&neutral(t, occurrences));
    let mut culprits: Vec<String> = Vec::new();
    for o in occurrences.iter().filter(filled) {
        let name = format!("{{{}}}", o.name);
        if o.start < authority_end && !culprits.contains(&name) {
            culprits.push(name);
        }
    }
    let place = if culprits.is_empty() {
        for o in occurrences.iter().filter(filled) {
            let name = format!("{{{}}}", o.name);
            if !culprits.contains(&name) {
                culprits.push(name);
            }
        }
        "the value of"
    } else {
        "the server name made by the value of"
    };
    Error::new(
        Code::InvalidValue,
        format!(
            "The expanded postback URL is not a valid URL ({why}): check {place} {}.",
            culprits.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_message(template: &str) -> String {
        check_postback_url(template).problems[0].message.clone()
    }

    #[test]
    fn did_you_mean_knows_the_names_publishers_use() {
        for (written, meant) in [
            ("clickid", "tp1"),
            ("click_id", "tp1"),
            ("commission", "est_com"),
            ("Amount", "ord_amount"),
            ("geo", "ord_geo"),
            ("platform", "ord_platform"),
            ("tp_1", "tp1"),
            ("TP_5", "tp5"),
            ("ordid", "ord_id"),
            ("est_comm", "est_com"),
        ] {
            let m = first_message(&format!("https://x.example/pb?a={{{written}}}"));
            assert!(
                m.contains(&format!("Did you mean {{{meant}}}?")),
                "{written}: {m}"
            );
        }
        let m = first_message("https://x.example/pb?a={tp_6}");
        assert!(m.contains("Only {tp1} to {tp5} exist."), "{m}");
    }

    #[test]
    fn percent_encoded_braces_get_a_hint() {
        let r = check_postback_url("https://x.example/pb?a=%7Bpid%7D&b=%7btp1%7d");
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].code, Code::NoMacros);
        assert!(r.problems[0].message.contains("percent-encoded"));
        let plain = first_message("https://x.example/pb?a=1");
        assert!(!plain.contains("percent-encoded"), "{plain}");
    }

    #[test]
    fn an_expansion_that_is_no_url_is_refused() {
        let t = "https://{pid}.example.com/pb?a={tp1}";
        let e = expand_postback_url(t, &[("pid", "my blog"), ("tp1", "1")]).unwrap_err();
        assert_eq!(e.code(), Code::InvalidValue);
        assert!(e.message().contains("{pid}"), "{}", e.message());
        assert!(!e.message().contains("{tp1}"), "{}", e.message());
        // Values in the query are encoded, so any text makes a URL.
        let url = expand_postback_url(t, &[("pid", "blog"), ("tp1", "a b/c?")]).unwrap();
        assert_eq!(url, "https://blog.example.com/pb?a=a%20b%2Fc%3F");
    }
}
