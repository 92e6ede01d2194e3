//! Custom tracking strings: appending `af`/`cn`/`cv`/`dp` (AliExpress) or `pid`/`tp1`..`tp5`
//! (Alibaba.com) to a tracking link, correctly encoded, never duplicated, never dropped.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::params::tracking_param_names;
use crate::{classify, Code, Error, Kind, Program, MAX_URL_LEN};

/// Tracking values longer than this many bytes (UTF-8, before encoding) are refused with
/// [`Code::ValueTooLong`].
pub const MAX_PARAM_VALUE_LEN: usize = 256;

/// Everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded;
/// a space becomes `%20`, never `+`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a query value or URL component: RFC 3986 unreserved characters stay,
/// everything else (UTF-8 bytes) is `%XX`.
///
/// ```
/// assert_eq!(afflink::links::encode_component("a b&c=d#e+f%/é"), "a%20b%26c%3Dd%23e%2Bf%25%2F%C3%A9");
/// ```
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Checks names and values against the program's rules; returns the non-empty pairs in the
/// program's fixed order.
pub(crate) fn validate_params<'a>(
    program: Program,
    params: &[(&'a str, &'a str)],
) -> Result<Vec<(&'static str, &'a str)>, Error> {
    let allowed = tracking_param_names(program);
    let mut seen: Vec<&str> = Vec::new();
    for &(name, _) in params {
        if !allowed.contains(&name) {
            return Err(Error::new(
                Code::UnknownParameter,
                format!("{name:?} is not a tracking parameter of this program; the allowed names are {}.", allowed.join(", ")),
            ));
        }
        if seen.contains(&name) {
            return Err(Error::new(
                Code::DuplicateParameter,
                format!("The parameter {name} was given more than once."),
            ));
        }
        seen.push(name);
    }
    // Names first, then values: a bad name is the more useful thing to report.
    for &(name, value) in params {
        if value.len() > MAX_PARAM_VALUE_LEN {
            return Err(Error::new(
                Code::ValueTooLong,
                format!(
                    "The value of {name} is {} bytes long; the maximum is {MAX_PARAM_VALUE_LEN}.",
                    value.len()
                ),
            ));
        }
        if value.chars().any(char::is_control) {
            return Err(Error::new(
                Code::InvalidValue,
                format!("The value of {name} contains control characters."),
            ));
        }
    }
    let mut ordered = Vec::new();
    for &name in allowed {
        if let Some(&(_, value)) = params.iter().find(|(n, _)| *n == name) {
            // An empty value means "not set": nothing is added and nothing removed.
            if !value.is_empty() {
                ordered.push((name, value));
            }
        }
    }
    Ok(ordered)
}

/// Sets `params` on `link` (already validated) without touching anything else: a name that
/// is present is replaced in place (its later repeats removed), new names are appended in
/// order before the fragment, every other byte of the link stays as it was.
pub(crate) fn set_params(link: &str, params: &[(&str, &str)]) -> String {
    if params.is_empty() {
        return link.to_owned();
    }
    let (before_fragment, fragment) = match link.find('#') {
        Some(i) => link.split_at(i),
        None => (link, ""),
    };
    let (base, query) = match before_fragment.find('?') {
        Some(i) => (&before_fragment[..i], Some(&before_fragment[i + 1..])),
        None => (before_fragment, None),
    };
    let mut written = vec![false; params.len()];
    let mut segments: Vec<String> = Vec::new();
    for segment in query.into_iter().flat_map(|q| q.split('&')) {
        let raw_name = segment.split('=').next().unwrap_or("");
        let name = percent_decode_str(raw_name).decode_utf8_lossy();
        match params.iter().position(|(n, _)| *n == name) {
            Some(i) if written[i] => {} // a repeat of a replaced name: dropped, never duplicated
            Some(i) => {
                written[i] = true;
                segments.push(format!("{}={}", params[i].0, encode_component(params[i].1)));
            }
            None => segments.push(segment.to_owned()),
        }
    }
    // `?` alone or a trailing `&` leaves an empty last segment: new parameters replace it.
    if segments.last().is_some_and(String::is_empty) && written.iter().any(|w| !w) {
        segments.pop();
    }
    for (i, (name, value)) in params.iter().enumerate() {
        if !written[i] {
            segments.push(format!("{name}={}", encode_component(value)));
        }
    }
    format!("{base}?{}{fragment}", segments.join("&"))
}

/// Adds custom tracking strings to a program tracking link.
///
/// For an AliExpress affiliate link (`s.click.aliexpress.com/e/…` or
/// `…/deep_link.htm?…`) the names are `af`, `cn`, `cv`, `dp`; for an Alibaba.com
/// `click.alibaba.com/rd/…` link, `pid` and `tp1`..`tp5`. Empty values are ignored; a name
/// already on the link is replaced, never duplicated; other parameters stay byte for byte
/// and in order; new ones follow in the fixed order, before any fragment. Values are
/// percent-encoded with [`encode_component`], so any value reads back exactly.
///
/// ```
/// let link = afflink::append_tracking_params(
///     "https://s.click.aliexpress.com/e/_DlRvuuN?cn=old#top",
///     &[("dp", "spring sale & more"), ("af", "blog-1"), ("cn", "2024")],
/// ).unwrap();
/// assert_eq!(link, "https://s.click.aliexpress.com/e/_DlRvuuN?cn=2024&af=blog-1&dp=spring%20sale%20%26%20more#top");
/// ```
///
/// # Errors
///
/// `unknown_parameter` (a name the program does not allow; the message lists the allowed
/// ones), `duplicate_parameter`, `value_too_long` (over [`MAX_PARAM_VALUE_LEN`] bytes),
/// `invalid_value` (control characters), `not_a_tracking_link` (a program URL that is not a
/// tracking link), the classifier's reason for a URL it rejects (`unknown_host`, …), and
/// `too_long` when the result would exceed [`MAX_URL_LEN`].
pub fn append_tracking_params(link: &str, params: &[(&str, &str)]) -> Result<String, Error> {
    let c = classify(link);
    let program = match (c.kind, c.program) {
        (Kind::AffiliateLink, Some(program)) => program,
        (Kind::Rejected, _) => {
            return Err(c.reason.map_or_else(|| Code::NotAUrl.into(), Error::from))
        }
        _ => return Err(Code::NotATrackingLink.into()),
    };
    let params = validate_params(program, params)?;
    finish(set_params(link.trim(), &params))
}

/// Refuses a built link that would be too long to classify again.
pub(crate) fn finish(link: String) -> Result<String, Error> {
    if link.len() > MAX_URL_LEN {
        return Err(Error::new(
            Code::TooLong,
            format!(
                "The link would be {} bytes long; the maximum is {MAX_URL_LEN}.",
                link.len()
            ),
        ));
    }
    Ok(link)
}
