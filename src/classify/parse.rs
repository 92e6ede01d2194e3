//! Reading a URL: the raw checks every input passes, and the fast path that reads the path
//! and query of a plain URL straight from the text (with the URL parser as the reference).

use std::borrow::Cow;

use url::Url;

use super::hosts::{self, Site};
use super::paths::Segments;
use crate::{Code, Program, MAX_URL_LEN};

/// Why an input is refused: the code, and for `lookalike_host` the program it imitates.
pub(super) type Refusal = (Code, Option<Program>);

/// The path and query of a URL that passed the raw checks.
pub(super) enum Parsed<'a> {
    /// Read straight from the text: what the URL parser would give, without running it.
    Simple {
        /// The path's segments, as [`segments`](super::paths::segments) cuts them.
        segments: Segments<'a>,
        query: Option<&'a str>,
    },
    /// From the URL parser.
    Url(Url),
}

/// A table of the ASCII bytes in `set`: one lookup per byte on the hot path.
const fn byte_table(alphanumeric: bool, set: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = alphanumeric && (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let mut i = 0;
    while i < set.len() {
        table[set[i] as usize] = true;
        i += 1;
    }
    table
}

/// Bytes that the URL parser keeps as they are in the path of an http(s) URL (no `%`, so no
/// percent-decoded dot segments; no `\\`, which the parser reads as `/`).
static PLAIN_PATH: [bool; 256] = byte_table(true, b"-._~!$&'()*+,;=:@/");

/// Bytes that the URL parser keeps as they are in the query of an http(s) URL (not `'`,
/// which it encodes for special schemes).
static PLAIN_QUERY: [bool; 256] = byte_table(true, b"-._~!$&()*+,;=:@/?%");

/// The ASCII bytes that are never allowed (controls, space), for a fast first look.
static FORBIDDEN_ASCII: [bool; 256] = byte_table(
    false,
    b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f \x7f",
);

/// Whether `s` holds a forbidden character (see [`is_forbidden_char`]); ASCII bytes are
/// looked up, and only non-ASCII text goes through the Unicode checks.
fn has_forbidden_char(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes().any(|b| FORBIDDEN_ASCII[usize::from(b)])
    } else {
        s.chars().any(is_forbidden_char)
    }
}

/// A simple URL, read in one pass over its bytes: `http://` or `https://`, a lowercase
/// program host (letters, digits, `-`, non-empty labels, no `xn--` label), then a path and
/// query that the URL parser would return unchanged, then any fragment of printable ASCII.
/// Returns what [`check_raw`] returns for it through the URL parser (the tests hold the two
/// equal); `None` when the URL is anything else, and the full checks decide.
#[cfg_attr(feature = "speed", optimize(speed))]
pub(super) fn simple_url(s: &str) -> Option<(Site, &str, Parsed<'_>)> {
    let b = s.as_bytes();
    let start = if b.starts_with(b"https://") {
        8
    } else if b.starts_with(b"http://") {
        7
    } else {
        return None;
    };
    let mut i = start;
    let mut label = start;
    while let Some(&c) = b.get(i) {
        match c {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => {
                if c == b'x' && i == label && b[i..].starts_with(b"xn--") {
                    return None;
                }
            }
            b'.' if i > label => label = i + 1,
            b'/' | b'?' | b'#' => break,
            _ => return None,
        }
        i += 1;
    }
    // An empty host, an empty last label or a trailing dot.
    if i == label {
        return None;
    }
    let (site, sub) = hosts::site_of(&s[start..i])?;
    let path_start = i;
    // The path's segments are cut as it is read (see `paths::segments`).
    let mut segments = Segments::default();
    let mut segment_start = i + 1;
    while let Some(&c) = b.get(i) {
        if !PLAIN_PATH[usize::from(c)] {
            break;
        }
        if c == b'/' && i > path_start {
            segments.push(s.get(segment_start..i).unwrap_or(""));
            segment_start = i + 1;
        }
        // A dot segment (`.` or `..` after a `/`): the parser removes it.
        if c == b'/' && b.get(i + 1) == Some(&b'.') {
            let next = if b.get(i + 2) == Some(&b'.') {
                i + 3
            } else {
                i + 2
            };
            if matches!(b.get(next), None | Some(b'/' | b'?' | b'#')) {
                return None;
            }
        }
        i += 1;
    }
    segments.push(s.get(segment_start.min(i)..i).unwrap_or(""));
    let mut query = None;
    if b.get(i) == Some(&b'?') {
        i += 1;
        let query_start = i;
        while b.get(i).is_some_and(|&c| PLAIN_QUERY[usize::from(c)]) {
            i += 1;
        }
        query = Some(&s[query_start..i]);
    }
    match b.get(i) {
        None => {}
        // The fragment is not read, only checked for forbidden characters.
        Some(b'#')
            if b[i + 1..]
                .iter()
                .all(|&c| c < 0x80 && !FORBIDDEN_ASCII[usize::from(c)]) => {}
        Some(_) => return None,
    }
    Some((site, sub, Parsed::Simple { segments, query }))
}

/// Characters never allowed anywhere in a URL: controls, whitespace, invisible formatting
/// characters that can disguise what a URL says, and U+FFFD (the mark of text that was
/// not valid UTF-8 or UTF-16 before it reached us).
fn is_forbidden_char(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{FFFD}'
        )
}

fn is_valid_scheme(scheme: &str) -> bool {
    let mut bytes = scheme.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// The checks that run on the raw text before the URL parser (which would silently strip
/// tabs, drop default ports and decode `%2e` in hosts). Returns the program site, the
/// subdomain part of the host and the path and query: read straight from the text when
/// `fast` and the URL is simple (see [`simple_url`]), else from the URL parser.
#[cfg_attr(feature = "speed", optimize(speed))]
pub(super) fn check_raw(
    input: &str,
    fast: bool,
) -> Result<(Site, Cow<'_, str>, Parsed<'_>), Refusal> {
    // Nothing to trim when the text starts and ends with a visible ASCII character (most do).
    let s = match input.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => input,
        _ => input.trim(),
    };
    if s.is_empty() {
        return Err((Code::NotAUrl, None));
    }
    if s.len() > MAX_URL_LEN {
        return Err((Code::TooLong, None));
    }
    // Most real links are simple: the parser would return their path and query unchanged.
    if fast {
        if let Some((site, sub, parsed)) = simple_url(s) {
            return Ok((site, Cow::Borrowed(sub), parsed));
        }
    }
    if has_forbidden_char(s) {
        return Err((Code::NotAUrl, None));
    }
    let (scheme, rest) = s.split_once(':').ok_or((Code::NotAUrl, None))?;
    if !is_valid_scheme(scheme) {
        return Err((Code::NotAUrl, None));
    }
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err((Code::UnsupportedScheme, None));
    }
    let after = match rest.strip_prefix("//") {
        Some(after) => after,
        // Browsers read `\` as `/` in http(s) URLs: `https:\\evil.com` is a host trick.
        None if rest.starts_with('\\') || rest.starts_with("/\\") => {
            return Err((Code::UnknownHost, None))
        }
        None => return Err((Code::NotAUrl, None)),
    };
    let authority_len = after
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(after.len());
    let authority = &after[..authority_len];
    if authority.contains('@') {
        return Err((Code::CredentialsInUrl, None));
    }
    if !authority
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':'))
    {
        // Backslashes, percent-encoding, non-ASCII, IP literals, underscores …
        return Err((Code::UnknownHost, None));
    }
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if host.is_empty() {
        return Err((Code::NotAUrl, None));
    }
    if host.ends_with('.') {
        return Err((Code::UnknownHost, None));
    }
    if host.split('.').any(str::is_empty) {
        return Err((Code::NotAUrl, None));
    }
    if host
        .split('.')
        .any(|label| label.len() >= 4 && label[..4].eq_ignore_ascii_case("xn--"))
    {
        return Err((Code::UnknownHost, None));
    }
    if port.is_some() {
        return Err((Code::PortNotAllowed, None));
    }
    let lower_host = host.to_ascii_lowercase();
    let Some((site, sub)) = hosts::site_of(&lower_host) else {
        return Err(match hosts::imitated(&lower_host) {
            Some(program) => (Code::LookalikeHost, Some(program)),
            None => (Code::UnknownHost, None),
        });
    };
    let sub = Cow::Owned(sub.to_owned());
    let url = Url::parse(s).map_err(|_| (Code::NotAUrl, None))?;
    // Belt and braces: the parser must agree with the host checked above.
    if url.host_str() != Some(lower_host.as_str())
        || url.port().is_some()
        || !url.username().is_empty()
    {
        return Err((Code::UnknownHost, None));
    }
    Ok((site, sub, Parsed::Url(url)))
}
