//! HTML: `<a href>` elements, found by `lol_html`'s streaming tokenizer.
//!
//! `lol_html` is used to find elements, never to write them: its output (the input, byte
//! for byte, as no element is changed through it) goes through a sink that replaces the
//! start tags of converted links with tags rebuilt from their original bytes, so that
//! everything else in those tags (spacing, quotes, other attributes, bytes in any
//! encoding) stays as it was. The input bytes not yet written out are kept, so a start tag
//! is always at hand when its handler runs; memory stays bounded by the longest token.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::ops::Range;
use std::rc::Rc;

use lol_html::html_content::Element;
use lol_html::{element, end_tag, HtmlRewriter, Settings};

use super::{decide, decode_attribute, escape_attribute, Decision, Edit, Keep, Summary};
use crate::LinkConverter;

/// Bytes read per step.
const CHUNK: usize = 64 * 1024;

/// What the handlers and the output sink share.
#[derive(Default)]
struct Shared {
    /// The input from `base` (an absolute offset) onwards: everything not yet written out.
    base: usize,
    buf: Vec<u8>,
    /// Replacements waiting for their bytes to come out, in document order.
    edits: VecDeque<Edit>,
    /// How many bytes `lol_html` has handed to the sink.
    emitted: usize,
    /// Input bytes up to here are replaced by an edit already written.
    skip_until: usize,
    changed: bool,
}

impl Shared {
    fn slice(&self, range: Range<usize>) -> Option<&[u8]> {
        let start = range.start.checked_sub(self.base)?;
        let end = range.end.checked_sub(self.base)?;
        self.buf.get(start..end)
    }

    /// Writes the chunk `bytes` (input bytes from `self.emitted`) with the edits applied.
    fn emit(&mut self, bytes: &[u8], out: &mut dyn Write) -> io::Result<()> {
        let start = self.emitted;
        let end = start + bytes.len();
        let mut at = start;
        while at < end {
            if at < self.skip_until {
                at = self.skip_until.min(end);
                continue;
            }
            match self.edits.front() {
                Some(e) if e.start < end => {
                    let e = self.edits.pop_front().unwrap_or_else(|| unreachable!());
                    if e.start < at {
                        // Cannot happen (edits come in document order); never write twice.
                        continue;
                    }
                    out.write_all(&bytes[at - start..e.start - start])?;
                    out.write_all(&e.text)?;
                    self.changed = true;
                    at = e.start;
                    self.skip_until = e.end;
                }
                _ => {
                    out.write_all(&bytes[at - start..])?;
                    at = end;
                }
            }
        }
        self.emitted = end;
        Ok(())
    }
}

/// Rewrites a whole HTML stream. `disclosure`: the text to add after each converted link.
pub(super) fn rewrite(
    converter: &LinkConverter,
    disclosure: Option<&str>,
    input: impl Read,
    output: impl Write,
    summary: &mut Summary,
) -> io::Result<bool> {
    run(converter, disclosure, false, input, output, summary)
}

/// Rewrites an HTML fragment of a Markdown document (no disclosure); `opted_out`: the
/// fragment is inside a `data-afflink="off"` element opened before it.
pub(super) fn rewrite_fragment(
    converter: &LinkConverter,
    fragment: &[u8],
    opted_out: bool,
    summary: &mut Summary,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(fragment.len() + 256);
    match run(converter, None, opted_out, fragment, &mut out, summary) {
        Ok(_) => out,
        Err(_) => fragment.to_vec(),
    }
}

fn run(
    converter: &LinkConverter,
    disclosure: Option<&str>,
    all_opted_out: bool,
    mut input: impl Read,
    mut output: impl Write,
    summary: &mut Summary,
) -> io::Result<bool> {
    let shared = Rc::new(RefCell::new(Shared::default()));
    let counts = RefCell::new(std::mem::take(summary));
    let in_opt_out = Cell::new(false);
    let failed: RefCell<Option<io::Error>> = RefCell::new(None);
    let disclosure_html: Option<Rc<[u8]>> = disclosure.map(|text| {
        format!(
            "<small class=\"afflink-disclosure\" data-afflink-disclosure=\"\"> {}</small>",
            escape_text(text)
        )
        .into_bytes()
        .into()
    });
    let settings = Settings::new()
        .with_strict(false)
        // Runs first for a link inside an opt-out region, just before the handler below.
        .append_element_content_handler(element!("[data-afflink=\"off\"] a[href]", |_el| {
            in_opt_out.set(true);
            Ok(())
        }))
        .append_element_content_handler(element!("a[href]", |el| {
            let region = in_opt_out.replace(false) || all_opted_out;
            let own = el
                .get_attribute("data-afflink")
                .is_some_and(|v| decode_attribute(&v) == "off");
            let keep = if region || own {
                Some(Keep::OptedOut)
            } else if el.has_attribute("data-afflink-original") {
                Some(Keep::AlreadyConverted)
            } else {
                None
            };
            let mut sh = shared.borrow_mut();
            let Some(tag) = converted_tag(&sh, el, converter, keep, &mut counts.borrow_mut())
            else {
                return Ok(());
            };
            let range = el.source_location().bytes();
            sh.edits.push_back(Edit {
                start: range.start,
                end: range.end,
                text: tag,
            });
            drop(sh);
            if let Some(html) = &disclosure_html {
                let (shared, html) = (Rc::clone(&shared), Rc::clone(html));
                // An element without an end tag (or content) gets no disclosure.
                // Only after its own `</a>`: an end tag that closes it implicitly (`</p>`)
                // is another element's.
                let _ = el.on_end_tag(end_tag!(move |end| {
                    if !end.name().eq_ignore_ascii_case("a") {
                        return Ok(());
                    }
                    let at = end.source_location().bytes().end;
                    shared.borrow_mut().edits.push_back(Edit {
                        start: at,
                        end: at,
                        text: html.to_vec(),
                    });
                    Ok(())
                }));
            }
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |bytes: &[u8]| {
        if failed.borrow().is_some() {
            return;
        }
        if let Err(e) = shared.borrow_mut().emit(bytes, &mut output) {
            *failed.borrow_mut() = Some(e);
        }
    });
    let mut chunk = vec![0u8; CHUNK];
    let mut total = 0usize;
    loop {
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        total += n;
        shared.borrow_mut().buf.extend_from_slice(&chunk[..n]);
        rewriter.write(&chunk[..n]).map_err(io::Error::other)?;
        if let Some(e) = failed.borrow_mut().take() {
            return Err(e);
        }
        let mut sh = shared.borrow_mut();
        let done = sh.emitted - sh.base;
        sh.buf.drain(..done);
        sh.base = sh.emitted;
    }
    rewriter.end().map_err(io::Error::other)?;
    if let Some(e) = failed.borrow_mut().take() {
        return Err(e);
    }
    let mut sh = shared.borrow_mut();
    // A disclosure after an end tag that closes the input.
    while let Some(e) = sh.edits.pop_front() {
        if e.start == total && e.end == total {
            output.write_all(&e.text)?;
            sh.changed = true;
        }
    }
    if sh.emitted != total {
        return Err(io::Error::other(
            "the HTML rewriter did not hand every byte back",
        ));
    }
    *summary = counts.into_inner();
    Ok(sh.changed)
}

/// The rebuilt start tag of a link that is converted, or `None` when it stays as it is.
fn converted_tag(
    sh: &Shared,
    el: &Element<'_, '_>,
    converter: &LinkConverter,
    keep: Option<Keep>,
    summary: &mut Summary,
) -> Option<Vec<u8>> {
    let tag_range = el.source_location().bytes();
    let tag = sh.slice(tag_range.clone())?;
    let attrs = el.attributes();
    let href = attrs.iter().find(|a| a.name() == "href")?;
    let href_range = href.value_source_location().map(|l| l.bytes());
    let raw_href: &[u8] = match &href_range {
        Some(r) => sh.slice(r.clone())?,
        None => b"",
    };
    let value = decode_attribute(&String::from_utf8_lossy(raw_href));
    let Decision::Convert(link) = decide(converter, &value, keep, summary) else {
        return None;
    };
    let local = |r: Range<usize>| (r.start - tag_range.start)..(r.end - tag_range.start);
    let mut edits: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
    let href_local = local(href_range?);
    edits.push((href_local.clone(), quoted_value(tag, href_local, &link)));
    let mut appended = Vec::new();
    appended.extend_from_slice(b" data-afflink-original=\"");
    for &b in raw_href {
        if b == b'"' {
            appended.extend_from_slice(b"&quot;");
        } else {
            appended.push(b);
        }
    }
    appended.push(b'"');
    match attrs.iter().find(|a| a.name() == "rel") {
        Some(rel) => match rel.value_source_location() {
            Some(loc) => {
                let r = local(loc.bytes());
                let raw = String::from_utf8_lossy(tag.get(r.clone())?).into_owned();
                edits.push((r.clone(), quoted_value(tag, r, &merge_rel(&raw))));
            }
            None => {
                let name_end = local(rel.name_source_location()?.bytes()).end;
                edits.push((name_end..name_end, b"=\"sponsored noopener\"".to_vec()));
            }
        },
        None => appended.extend_from_slice(b" rel=\"sponsored noopener\""),
    }
    let close = if el.is_self_closing() && tag.ends_with(b"/>") {
        tag.len() - 2
    } else {
        tag.len().checked_sub(1)?
    };
    edits.push((close..close, appended));
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = Vec::with_capacity(tag.len() + 512);
    let mut at = 0;
    for (r, text) in edits {
        out.extend_from_slice(tag.get(at..r.start)?);
        out.extend_from_slice(&text);
        at = r.end;
    }
    out.extend_from_slice(tag.get(at..)?);
    Some(out)
}

/// `value` written in place of the attribute value at `r` of `tag`: in the same quotes, or
/// in double quotes when it was unquoted.
fn quoted_value(tag: &[u8], r: Range<usize>, value: &str) -> Vec<u8> {
    let before = r.start.checked_sub(1).and_then(|i| tag.get(i)).copied();
    let after = tag.get(r.end).copied();
    match before {
        Some(q @ (b'"' | b'\'')) if after == Some(q) => {
            let escaped = escape_attribute(value);
            if q == b'\'' {
                escaped.replace('\'', "&#39;").into_bytes()
            } else {
                escaped.into_bytes()
            }
        }
        _ => format!("\"{}\"", escape_attribute(value).replace('\'', "&#39;")).into_bytes(),
    }
}

/// `rel` after `relList.add('sponsored', 'noopener')`: its tokens once each, in order,
/// then the missing ones, separated by single spaces (how the DOM writes a token list).
fn merge_rel(raw: &str) -> String {
    let value = decode_attribute(raw);
    let mut tokens: Vec<&str> = Vec::new();
    for t in value
        .split(['\t', '\n', '\u{c}', '\r', ' '])
        .filter(|t| !t.is_empty())
    {
        if !tokens.contains(&t) {
            tokens.push(t);
        }
    }
    for t in ["sponsored", "noopener"] {
        if !tokens.contains(&t) {
            tokens.push(t);
        }
    }
    tokens.join(" ")
}

/// Text as the DOM writes a text node (`&`, `<`, `>`, no-break spaces escaped).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
    out
}
