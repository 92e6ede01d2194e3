//! Plain text: bare `http://` and `https://` URLs, read line by line.

use std::io::{self, BufRead, BufReader, Read, Write};

use super::{decide, Decision, Edit, Summary};
use crate::LinkConverter;

/// Rewrites a text stream, one line at a time (a URL never spans lines).
pub(super) fn rewrite(
    converter: &LinkConverter,
    input: impl Read,
    mut output: impl Write,
    summary: &mut Summary,
) -> io::Result<bool> {
    let mut reader = BufReader::with_capacity(64 * 1024, input);
    let mut line = Vec::new();
    let mut changed = false;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(changed);
        }
        let edits = url_edits(converter, &line, 0, summary);
        if edits.is_empty() {
            output.write_all(&line)?;
        } else {
            changed = true;
            output.write_all(&super::apply_edits(&line, &edits))?;
        }
    }
}

/// The bytes a URL may hold: printable ASCII but for the delimiters text puts around URLs.
fn url_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'"' | b'`' | b'\'')
}

/// The URLs of `text` (`offset`: where `text` starts in the document), and the edits that
/// convert them.
pub(super) fn url_edits(
    converter: &LinkConverter,
    text: &[u8],
    offset: usize,
    summary: &mut Summary,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut at = 0;
    while let Some(start) = find_scheme(text, at) {
        let mut end = start;
        while end < text.len() && url_byte(text[end]) {
            end += 1;
        }
        end = trim_trailing(&text[start..end]) + start;
        at = end.max(start + 1);
        let Ok(url) = std::str::from_utf8(&text[start..end]) else {
            continue;
        };
        if let Decision::Convert(link) = decide(converter, url, None, summary) {
            edits.push(Edit {
                start: offset + start,
                end: offset + end,
                text: link.into_bytes(),
            });
        }
    }
    edits
}

/// Where the next `http://` or `https://` (any case) starts, not inside a word.
fn find_scheme(text: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + 7 <= text.len() {
        let rest = &text[i..];
        let is_scheme = rest.len() >= 7
            && (rest[..7].eq_ignore_ascii_case(b"http://")
                || (rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"https://")));
        if is_scheme && (i == 0 || !text[i - 1].is_ascii_alphanumeric()) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The length of `url` without the punctuation that ends a sentence around it (`.`, `,`,
/// `:`, `;`, `!`, `?`, `*`, `_`, `~`) and without closing brackets it does not open.
fn trim_trailing(url: &[u8]) -> usize {
    let mut len = url.len();
    loop {
        let Some(&last) = url[..len].last() else {
            return len;
        };
        let unbalanced = |open: u8, close: u8| {
            let body = &url[..len];
            body.iter().filter(|&&b| b == close).count()
                > body.iter().filter(|&&b| b == open).count()
        };
        let trim = match last {
            b'.' | b',' | b':' | b';' | b'!' | b'?' | b'*' | b'_' | b'~' => true,
            b')' => unbalanced(b'(', b')'),
            b']' => unbalanced(b'[', b']'),
            b'}' => unbalanced(b'{', b'}'),
            _ => false,
        };
        if !trim {
            return len;
        }
        len -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::trim_trailing;

    #[test]
    fn sentence_punctuation_is_not_part_of_a_url() {
        for (url, want) in [
            ("https://x.test/a.html.", "https://x.test/a.html"),
            ("https://x.test/a_(b)", "https://x.test/a_(b)"),
            ("https://x.test/a)", "https://x.test/a"),
            ("https://x.test/a?b=1;", "https://x.test/a?b=1"),
        ] {
            assert_eq!(&url[..trim_trailing(url.as_bytes())], want);
        }
    }
}
