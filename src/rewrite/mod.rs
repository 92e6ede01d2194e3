//! The script tag's work done on files (`afflink rewrite`, feature `rewrite`): the product
//! links of HTML, Markdown and plain-text files become the publisher's tracked links, decided
//! by the same [`LinkConverter`] and marked as the widget marks them; every other byte of the
//! file is kept. The rules are in `docs/REWRITE.md`.
//!
//! ```
//! use afflink::rewrite::{rewrite, Format, Summary};
//! use afflink::LinkConverter;
//!
//! let converter = LinkConverter::new(&[("aff-short-key", "_dT5B1bR")]).unwrap();
//! let page = br#"<p><a href="https://www.aliexpress.com/item/1005006123456789.html" rel=nofollow>Cable</a></p>"#;
//! let mut out = Vec::new();
//! let mut summary = Summary::default();
//! rewrite(&converter, Format::Html, &page[..], &mut out, &mut summary).unwrap();
//! assert_eq!(
//!     String::from_utf8(out).unwrap(),
//!     "<p><a href=\"https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dT5B1bR&amp;dl_target_url=\
//!      https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html\" rel=\"nofollow sponsored noopener\" \
//!      data-afflink-original=\"https://www.aliexpress.com/item/1005006123456789.html\">Cable</a></p>"
//! );
//! assert_eq!((summary.links, summary.converted), (1, 1));
//! ```

mod entities;
mod html;
mod markdown;
mod text;

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::path::Path;

use crate::{Code, Error, LinkConverter};

pub use entities::decode_attribute;

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.html`, `.htm`: `<a href>` elements, streamed through `lol_html`.
    Html,
    /// `.md`, `.markdown`: inline links, reference definitions, autolinks, raw HTML.
    Markdown,
    /// Anything else: bare `http(s)://` product URLs.
    Text,
}

impl Format {
    /// The format a file's extension says (`html`, `htm`, `md`, `markdown`, any case);
    /// `None` for other extensions.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            _ => None,
        }
    }

    /// `html`, `markdown` or `text`.
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "html" => Some(Format::Html),
            "markdown" => Some(Format::Markdown),
            "text" => Some(Format::Text),
            _ => None,
        }
    }
}

/// What a run looked at and did, added up over files.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Files (or stdin) rewritten.
    pub files: usize,
    /// Files whose bytes changed.
    pub changed_files: usize,
    /// Every link looked at: `<a href>` elements, Markdown links, definitions and
    /// autolinks, URLs in text.
    pub links: usize,
    /// Links converted.
    pub converted: usize,
    /// Of those, links written in Markdown syntax: they get no `rel` and no
    /// `data-afflink-original` (Markdown has no attributes).
    pub converted_without_marks: usize,
    /// Links to a program site left as they are, by the converter's code.
    pub left: BTreeMap<&'static str, usize>,
    /// Links whose address does not mention a program site (never sent to the converter).
    pub other_sites: usize,
    /// Program links inside (or on) a `data-afflink="off"` element.
    pub opted_out: usize,
    /// Links already marked `data-afflink-original` (converted before).
    pub already_converted: usize,
    /// When `Some`, every address that mentions a program site, in document order (opted
    /// out and converted ones too): what `afflink check --file` checks. `None` (the default)
    /// keeps nothing, so large files stream in constant memory.
    pub program_links: Option<Vec<String>>,
}

impl Summary {
    /// Program links left as they are, over every code.
    pub fn left_total(&self) -> usize {
        self.left.values().sum()
    }
}

/// Where a link's address goes: the widget's decision, made by the same rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    /// The tracked link.
    Convert(String),
    /// A program link left as it is, with the converter's code.
    Left(Code),
    /// Not a link to a program site (or an address with a line break): not looked at.
    OtherSite,
    /// A program link the page asked to keep (`data-afflink="off"`), or one converted
    /// before (`data-afflink-original`).
    Kept,
}

/// Why the widget would not look at a program link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Inside or on a `data-afflink="off"` element.
    OptedOut,
    /// Marked `data-afflink-original`.
    AlreadyConverted,
}

/// The widget's cheap first look (`/aliexpress\.|alibaba\./i`).
fn mentions_program(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    lower.contains("aliexpress.") || lower.contains("alibaba.")
}

/// What the widget does with an `href` value (already decoded): ASCII whitespace at either
/// end is dropped, an address with a line break inside stays as it is, an address that does
/// not mention a program site is not looked at, and the converter decides the rest.
/// `keep`: why the widget would skip this link once it knows it is a program link.
pub(crate) fn decide(
    converter: &LinkConverter,
    href: &str,
    keep: Option<Keep>,
    summary: &mut Summary,
) -> Decision {
    summary.links += 1;
    let address = href.trim_matches(['\t', '\n', '\u{c}', '\r', ' ']);
    let program_link =
        !address.is_empty() && !address.contains(['\n', '\r']) && mentions_program(address);
    if let (true, Some(links)) = (program_link, summary.program_links.as_mut()) {
        links.push(address.to_owned());
    }
    let decision = if !program_link {
        Decision::OtherSite
    } else if let Some(keep) = keep {
        match keep {
            Keep::OptedOut => summary.opted_out += 1,
            Keep::AlreadyConverted => summary.already_converted += 1,
        }
        return Decision::Kept;
    } else {
        match converter.convert(address) {
            Ok(link) => Decision::Convert(link),
            Err(e) => Decision::Left(e.code()),
        }
    };
    match &decision {
        Decision::Convert(_) => summary.converted += 1,
        Decision::Left(code) => *summary.left.entry(code.as_str()).or_default() += 1,
        Decision::OtherSite => summary.other_sites += 1,
        Decision::Kept => {}
    }
    decision
}

/// One replacement in a text: bytes `start..end` become `text` (an insertion when equal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: Vec<u8>,
}

/// `input` with `edits` (sorted, not overlapping) applied.
pub(crate) fn apply_edits(input: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() + edits.len() * 64);
    let mut at = 0;
    for e in edits {
        if e.start < at || e.end > input.len() {
            continue;
        }
        out.extend_from_slice(&input[at..e.start]);
        out.extend_from_slice(&e.text);
        at = e.end;
    }
    out.extend_from_slice(&input[at..]);
    out
}

/// Rewrites `input` in `format` to `output`, adding what it saw to `summary` (counting one
/// file). HTML and text are streamed (HTML in 64 KiB chunks, text line by line); Markdown
/// is read whole (a CommonMark document is parsed as one).
///
/// When the converter's `convert` setting is `off`, the input is copied unchanged.
///
/// # Errors
///
/// Reading or writing; the input itself is never refused (bytes that are not UTF-8 are
/// kept as they are, and no link containing them is converted).
pub fn rewrite(
    converter: &LinkConverter,
    format: Format,
    mut input: impl Read,
    mut output: impl Write,
    summary: &mut Summary,
) -> io::Result<bool> {
    summary.files += 1;
    if !converter.enabled() {
        io::copy(&mut input, &mut output)?;
        return Ok(false);
    }
    let changed = match format {
        Format::Html => html::rewrite(converter, converter.disclosure(), input, output, summary)?,
        Format::Text => text::rewrite(converter, input, output, summary)?,
        Format::Markdown => {
            let mut bytes = Vec::new();
            input.read_to_end(&mut bytes)?;
            let out = markdown::rewrite(converter, &bytes, summary);
            output.write_all(&out)?;
            out != bytes
        }
    };
    if changed {
        summary.changed_files += 1;
    }
    Ok(changed)
}

/// The settings of a JSON file, as the script tag reads its `afflink-config` block: an
/// object whose values are text (numbers and booleans are taken as their text); camelCase
/// keys (`affShortKey`) are the settings' names (`aff-short-key`). A key given twice
/// (`affShortKey` and `aff-short-key`) keeps the later value, as in the browser.
///
/// # Errors
///
/// `invalid_setting` when the text is not a JSON object of texts.
pub fn settings_from_json(text: &str) -> Result<Vec<(String, String)>, Error> {
    let unusable = |why: String| {
        Error::new(
            Code::InvalidSetting,
            format!("the settings are not usable ({why}); no link was changed."),
        )
    };
    // A byte order mark (some editors write one) is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| unusable(format!("it is not JSON: {e}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err(unusable("it is not a JSON object".into()));
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for (key, value) in map {
        let text = match value {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => return Err(unusable(format!("the value of \"{key}\" is not text"))),
        };
        let mut name = String::with_capacity(key.len() + 4);
        for c in key.chars() {
            if c.is_ascii_uppercase() {
                name.push('-');
                name.push(c.to_ascii_lowercase());
            } else {
                name.push(c);
            }
        }
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = text,
            None => out.push((name, text)),
        }
    }
    Ok(out)
}

/// Escapes text for a double-quoted HTML attribute value (`&`, `"`, and `<`, `>` for
/// readers that look for tags).
pub(crate) fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 16);
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}
