//! Markdown: inline links, reference definitions and autolinks, found by `pulldown-cmark`
//! with their byte offsets and rewritten in place; raw HTML goes through the HTML rewriter.
//! Code spans, code blocks and front matter are never touched.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{decide, decode_attribute, html, Decision, Edit, Keep, Summary};
use crate::LinkConverter;

/// Rewrites a Markdown document. A byte order mark is kept and read past, so that front
/// matter after it is still front matter (editors on Windows write one).
pub(super) fn rewrite(converter: &LinkConverter, bytes: &[u8], summary: &mut Summary) -> Vec<u8> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    match bytes.strip_prefix(BOM) {
        Some(rest) => [BOM, &rewrite_text(converter, rest, summary)].concat(),
        None => rewrite_text(converter, bytes, summary),
    }
}

fn rewrite_text(converter: &LinkConverter, bytes: &[u8], summary: &mut Summary) -> Vec<u8> {
    let src = as_text(bytes);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut parser = Parser::new_ext(&src, options).into_offset_iter();
    let mut edits = Vec::new();
    // Raw HTML elements open at this point, and whether each is `data-afflink="off"`.
    let mut open: Vec<(String, bool)> = Vec::new();
    // Where the opt-out state changes: (offset, opted out from there on).
    let mut regions: Vec<(usize, bool)> = Vec::new();
    // The inline link being read: its range and destination, and where its text ends.
    let mut link: Option<(Range<usize>, String, usize)> = None;
    let mut block: Option<Range<usize>> = None;
    // The labels of reference links used inside an opt-out region: their definitions stay.
    let mut opted_out_labels: Vec<String> = Vec::new();
    let markdown_convert = |range: Range<usize>,
                            raw: &str,
                            dest: &str,
                            pointy: bool,
                            keep: Option<Keep>,
                            summary: &mut Summary,
                            edits: &mut Vec<Edit>| {
        if unescape(raw) != dest {
            // Not where we think it is: leave it rather than guess.
            return;
        }
        if let Decision::Convert(new) = decide(converter, dest, keep, summary) {
            summary.converted_without_marks += 1;
            edits.push(Edit {
                start: range.start,
                end: range.end,
                text: escape_destination(&new, pointy).into_bytes(),
            });
        }
    };
    for (event, range) in &mut parser {
        if let Some((_, _, text_end)) = &mut link {
            if !matches!(event, Event::End(TagEnd::Link)) {
                *text_end = (*text_end).max(range.end);
            }
        }
        let keep = opted_out(&open).then_some(Keep::OptedOut);
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            }) => match link_type {
                LinkType::Inline => {
                    link = Some((range.clone(), dest_url.to_string(), range.start + 1))
                }
                LinkType::Autolink if range.len() >= 2 => {
                    let inner = range.start + 1..range.end - 1;
                    let raw = &src[inner.clone()];
                    if raw == &*dest_url {
                        markdown_convert(inner, raw, raw, true, keep, summary, &mut edits);
                    }
                }
                // Reference links: their definitions are rewritten, unless one use of it is
                // opted out (the definition is every use's). E-mail: not a product.
                LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
                    if keep.is_some() =>
                {
                    opted_out_labels.push(id.to_string());
                }
                _ => {}
            },
            Event::End(TagEnd::Link) => {
                if let Some((whole, dest, text_end)) = link.take() {
                    if let Some((r, pointy)) = inline_destination(&src, text_end, whole.end) {
                        let raw = src[r.clone()].to_owned();
                        markdown_convert(r, &raw, &dest, pointy, keep, summary, &mut edits);
                    }
                }
            }
            Event::Start(Tag::HtmlBlock) => block = Some(range.start..range.start),
            Event::Html(_) => {
                if let Some(b) = &mut block {
                    if b.start == b.end {
                        b.start = range.start;
                    }
                    b.end = range.end;
                }
            }
            Event::End(TagEnd::HtmlBlock) | Event::InlineHtml(_) => {
                let r = match event {
                    Event::InlineHtml(_) => range,
                    _ => match block.take() {
                        Some(b) => b,
                        None => continue,
                    },
                };
                let fragment = &bytes[r.clone()];
                let new = html::rewrite_fragment(converter, fragment, keep.is_some(), summary);
                if new != fragment {
                    edits.push(Edit {
                        start: r.start,
                        end: r.end,
                        text: new,
                    });
                }
                let before = opted_out(&open);
                track_tags(&src[r.clone()], &mut open);
                if opted_out(&open) != before {
                    regions.push((r.end, !before));
                }
            }
            _ => {}
        }
    }
    let definitions = parser.reference_definitions();
    let mut used_opted_out: Vec<usize> = opted_out_labels
        .iter()
        .filter_map(|label| definitions.get(label).map(|d| d.span.start))
        .collect();
    used_opted_out.sort_unstable();
    for (_, def) in definitions.iter() {
        let Some((r, pointy)) = definition_destination(&src, def.span.clone()) else {
            continue;
        };
        let keep = (used_opted_out.binary_search(&def.span.start).is_ok()
            || regions
                .iter()
                .rev()
                .find(|(at, _)| *at <= def.span.start)
                .is_some_and(|(_, off)| *off))
        .then_some(Keep::OptedOut);
        let raw = src[r.clone()].to_owned();
        markdown_convert(r, &raw, &def.dest, pointy, keep, summary, &mut edits);
    }
    edits.sort_by_key(|e| e.start);
    super::apply_edits(bytes, &edits)
}

/// The document as text of the same length: bytes that are not UTF-8 become U+001A each,
/// so that offsets are the file's (no link holding one is ever converted).
fn as_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                let n = e.error_len().unwrap_or(bad.len());
                out.extend(std::iter::repeat_n('\u{1a}', n));
                rest = &bad[n..];
            }
        }
    }
}

fn opted_out(open: &[(String, bool)]) -> bool {
    open.iter().any(|(_, off)| *off)
}

/// A destination's text as CommonMark reads it: backslash escapes and character
/// references decoded.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&(_, next))) if next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    if out.contains('&') {
        decode_attribute(&out)
    } else {
        out
    }
}

/// A link written back as a destination: `(`, `)`, `\`, `<`, `>` and an `&` that would
/// start a character reference are backslash-escaped.
fn escape_destination(link: &str, pointy: bool) -> String {
    let mut out = String::with_capacity(link.len() + 4);
    for (i, c) in link.char_indices() {
        let escape = match c {
            '\\' | '<' | '>' => true,
            '(' | ')' => !pointy,
            '&' => {
                let rest = &link[i + 1..];
                let name = rest
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
                    .count();
                name > 0 && rest.as_bytes().get(name) == Some(&b';')
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// After the `](` that follows a link's text: the destination's range and whether it is
/// written `<…>`.
fn inline_destination(src: &str, text_end: usize, end: usize) -> Option<(Range<usize>, bool)> {
    let open = text_end + src.get(text_end..end)?.find("](")? + 2;
    destination_at(src, open, end)
}

/// The destination of a reference definition (`[label]: destination "title"`).
fn definition_destination(src: &str, span: Range<usize>) -> Option<(Range<usize>, bool)> {
    let text = src.get(span.clone())?;
    let bytes = text.as_bytes();
    let mut i = text.find('[')? + 1;
    while i < bytes.len() && bytes[i] != b']' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    if bytes.get(i + 1) != Some(&b':') {
        return None;
    }
    destination_at(src, span.start + i + 2, span.end)
}

/// The destination starting at `at` (after blanks and at most one line break).
fn destination_at(src: &str, mut at: usize, end: usize) -> Option<(Range<usize>, bool)> {
    let bytes = src.as_bytes();
    let mut line_breaks = 0;
    while at < end && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
        if bytes[at] == b'\n' {
            line_breaks += 1;
        }
        at += 1;
    }
    if line_breaks > 1 || at >= end {
        return None;
    }
    if bytes[at] == b'<' {
        let mut i = at + 1;
        while i < end && bytes[i] != b'>' {
            if matches!(bytes[i], b'\n' | b'<') {
                return None;
            }
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        return (i < end).then_some((at + 1..i, true));
    }
    let (mut i, mut depth) = (at, 0usize);
    while i < end {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b if b.is_ascii_whitespace() || b.is_ascii_control() => break,
            _ => {}
        }
        i += 1;
    }
    (i > at && i <= end).then_some((at..i.min(end), false))
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Follows the elements raw HTML opens and closes, to know which Markdown links are inside
/// a `data-afflink="off"` element.
fn track_tags(html: &str, open: &mut Vec<(String, bool)>) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        i = lt + 1;
        if html[lt..].starts_with("<!--") {
            i = html[lt..].find("-->").map_or(bytes.len(), |p| lt + p + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = i + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let (attrs, self_closing, next) = read_attributes(html, name_start + name_len);
        i = next.min(bytes.len());
        if closing {
            if let Some(p) = open.iter().rposition(|(n, _)| *n == name) {
                open.truncate(p);
            }
        } else if !self_closing && !VOID.contains(&name.as_str()) {
            let off = attrs
                .iter()
                .any(|(n, v)| n == "data-afflink" && decode_attribute(v) == "off");
            open.push((name, off));
        }
    }
}

/// A tag's attributes from `at` (after its name): (name, raw value) pairs, whether it ends
/// with `/>`, and the offset after it.
fn read_attributes(html: &str, mut at: usize) -> (Vec<(String, String)>, bool, usize) {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while at < b.len() && (b[at].is_ascii_whitespace() || b[at] == b'/') {
            if b[at] == b'/' && b.get(at + 1) == Some(&b'>') {
                return (attrs, true, at + 2);
            }
            at += 1;
        }
        if at >= b.len() || b[at] == b'>' {
            return (attrs, false, at + 1);
        }
        let start = at;
        while at < b.len() && !b[at].is_ascii_whitespace() && !matches!(b[at], b'/' | b'>' | b'=') {
            at += 1;
        }
        let name = html[start..at].to_ascii_lowercase();
        let mut value = String::new();
        if b.get(at) == Some(&b'=') {
            at += 1;
            match b.get(at) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[at + 1..]
                        .find(q as char)
                        .map_or(b.len(), |p| at + 1 + p);
                    value = html[at + 1..end].to_owned();
                    at = end + 1;
                }
                _ => {
                    let start = at;
                    while at < b.len() && !b[at].is_ascii_whitespace() && b[at] != b'>' {
                        at += 1;
                    }
                    value = html[start..at].to_owned();
                }
            }
        }
        attrs.push((name, value));
    }
}
