//! Character references in attribute values (`&amp;`, `&#95;`, `&#x5F;`), decoded as a
//! browser decodes them, so that `aff&#95;fcid` is still someone's tracking.
//!
//! Every reference that yields ASCII is known by name (those are the ones that can change
//! how a URL is read); a named reference that is not among them yields U+FFFD, which no
//! product URL contains, so such a link is left as it is rather than guessed.

/// Named references whose text is ASCII (HTML's table, with the trailing `;`).
const ASCII_NAMED: &[(&str, &str)] = &[
    ("Tab;", "\t"),
    ("NewLine;", "\n"),
    ("excl;", "!"),
    ("quot;", "\""),
    ("QUOT;", "\""),
    ("num;", "#"),
    ("dollar;", "$"),
    ("percnt;", "%"),
    ("amp;", "&"),
    ("AMP;", "&"),
    ("apos;", "'"),
    ("lpar;", "("),
    ("rpar;", ")"),
    ("ast;", "*"),
    ("midast;", "*"),
    ("plus;", "+"),
    ("comma;", ","),
    ("period;", "."),
    ("sol;", "/"),
    ("colon;", ":"),
    ("semi;", ";"),
    ("lt;", "<"),
    ("LT;", "<"),
    ("equals;", "="),
    ("gt;", ">"),
    ("GT;", ">"),
    ("quest;", "?"),
    ("commat;", "@"),
    ("lsqb;", "["),
    ("lbrack;", "["),
    ("bsol;", "\\"),
    ("rsqb;", "]"),
    ("rbrack;", "]"),
    ("Hat;", "^"),
    ("lowbar;", "_"),
    ("UnderBar;", "_"),
    ("grave;", "`"),
    ("DiacriticalGrave;", "`"),
    ("lcub;", "{"),
    ("lbrace;", "{"),
    ("verbar;", "|"),
    ("vert;", "|"),
    ("VerticalLine;", "|"),
    ("rcub;", "}"),
    ("rbrace;", "}"),
    ("fjlig;", "fj"),
    ("nbsp;", "\u{a0}"),
];

/// The legacy names a browser also reads without `;` that yield ASCII.
const ASCII_LEGACY: &[(&str, &str)] = &[
    ("amp", "&"),
    ("AMP", "&"),
    ("lt", "<"),
    ("LT", "<"),
    ("gt", ">"),
    ("GT", ">"),
    ("quot", "\""),
    ("QUOT", "\""),
];

/// What numeric references 0x80..0x9F mean (windows-1252), as in browsers.
const C1: [u32; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

fn numeric(value: u32) -> char {
    match value {
        0x80..=0x9F => char::from_u32(C1[(value - 0x80) as usize]).unwrap_or('\u{fffd}'),
        0 => '\u{fffd}',
        v => char::from_u32(v).unwrap_or('\u{fffd}'),
    }
}

/// An attribute value as the DOM holds it: character references decoded (numeric ones
/// with or without `;`; named ones as the browser reads them inside an attribute, where a
/// name without `;` followed by `=` or a letter or digit stays as written).
///
/// ```
/// use afflink::rewrite::decode_attribute;
/// assert_eq!(decode_attribute("a?x=1&amp;aff&#95;fcid=2&#x26;b"), "a?x=1&aff_fcid=2&b");
/// assert_eq!(decode_attribute("?a=1&ampb=2&amp=3"), "?a=1&ampb=2&amp=3");
/// ```
pub fn decode_attribute(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (text, used) = reference(after);
        match text {
            Some(text) => {
                out.push_str(&text);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The reference at the start of `s` (just after `&`): its text and the bytes it used.
fn reference(s: &str) -> (Option<String>, usize) {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b'#') {
        let (hex, start) = match bytes.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let digits = bytes[start..]
            .iter()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return (None, 0);
        }
        let text = &s[start..start + digits];
        let value = u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let mut used = start + digits;
        if bytes.get(used) == Some(&b';') {
            used += 1;
        }
        return (Some(numeric(value).to_string()), used);
    }
    let name_len = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return (None, 0);
    }
    if bytes.get(name_len) == Some(&b';') {
        let name = &s[..=name_len];
        let text = ASCII_NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("\u{fffd}", |(_, t)| t);
        return (Some(text.to_owned()), name_len + 1);
    }
    // Without `;`: the longest legacy name that starts the text, unless a letter, digit or
    // `=` follows it (then the browser keeps the text as written).
    for (name, text) in ASCII_LEGACY {
        if s.starts_with(name) {
            let next = bytes.get(name.len());
            if matches!(next, Some(b) if b.is_ascii_alphanumeric() || *b == b'=') {
                return (None, 0);
            }
            return (Some((*text).to_owned()), name.len());
        }
    }
    (None, 0)
}

#[cfg(test)]
mod tests {
    use super::decode_attribute;

    #[test]
    fn references_decode_as_in_a_browser() {
        for (raw, want) in [
            ("&#95;", "_"),
            ("&#x5f;&#X5F;", "__"),
            ("&#95", "_"),
            ("&amp;&AMP;", "&&"),
            ("&amp", "&"),
            ("&amp/", "&/"),
            ("&ampx", "&ampx"),
            ("&lowbar;", "_"),
            ("&nosuch;", "\u{fffd}"),
            ("&#0;", "\u{fffd}"),
            ("&#x110000;", "\u{fffd}"),
            ("&#128;", "\u{20ac}"),
            ("&#;&#x;", "&#;&#x;"),
            ("a & b", "a & b"),
            ("&copy=1", "&copy=1"),
        ] {
            assert_eq!(decode_attribute(raw), want, "{raw}");
        }
    }
}
