//! `afflink rewrite` for Node build pipelines (feature `rewrite`): the package's
//! `afflink/rewrite` entry (`js/rewrite.js`). It is a WebAssembly module of its own, built
//! apart from the two a page loads, so `lol_html` and `pulldown-cmark` never reach a blog.
//!
//! Each call takes the document as a string, the settings as the JSON text of the script
//! tag's `afflink-config` block and a platform name, and returns the rewritten document;
//! refusals are thrown as `AfflinkError`s (`errors.rs`).

use wasm_bindgen::prelude::*;

use super::errors::{invalid_argument, thrown};
use crate::links::Platform;
use crate::rewrite::{rewrite, settings_from_json, Format, Summary};
use crate::LinkConverter;

fn run(text: &str, settings_json: &str, platform: &str, format: Format) -> Result<String, JsValue> {
    let pairs = settings_from_json(settings_json).map_err(|e| thrown(&e))?;
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let platform = Platform::parse(platform).map_err(|e| thrown(&e))?;
    let converter = LinkConverter::new(&pairs)
        .map_err(|e| thrown(&e))?
        .with_platform(platform);
    let mut out = Vec::with_capacity(text.len() + text.len() / 4);
    let mut summary = Summary::default();
    rewrite(&converter, format, text.as_bytes(), &mut out, &mut summary)
        .map_err(|e| invalid_argument(&format!("the document could not be rewritten: {e}.")))?;
    // UTF-8 in, and every byte written is either the input's or ASCII: UTF-8 out.
    String::from_utf8(out).map_err(|_| invalid_argument("the rewritten document is not UTF-8."))
}

/// The settings' warnings (`unknown_setting`, a tracking string without its program), one
/// `code<TAB>message` string each, as `afflink rewrite` prints them on stderr; a refusal is
/// thrown as the rewrite itself would throw it.
#[wasm_bindgen(js_name = rewriteWarnings)]
pub fn rewrite_warnings(settings_json: &str) -> Result<Vec<String>, JsValue> {
    let pairs = settings_from_json(settings_json).map_err(|e| thrown(&e))?;
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let converter = LinkConverter::new(&pairs).map_err(|e| thrown(&e))?;
    Ok(converter
        .warnings()
        .iter()
        .map(|w| format!("{}\t{}", w.code().as_str(), w.message()))
        .collect())
}

/// The product links of an HTML document converted, as `afflink rewrite` does.
#[wasm_bindgen(js_name = rewriteHtml)]
pub fn rewrite_html(html: &str, settings_json: &str, platform: &str) -> Result<String, JsValue> {
    run(html, settings_json, platform, Format::Html)
}

/// The product links of a Markdown document converted, as `afflink rewrite` does.
#[wasm_bindgen(js_name = rewriteMarkdown)]
pub fn rewrite_markdown(
    markdown: &str,
    settings_json: &str,
    platform: &str,
) -> Result<String, JsValue> {
    run(markdown, settings_json, platform, Format::Markdown)
}

/// The bare product URLs of a text converted, as `afflink rewrite --format text` does.
#[wasm_bindgen(js_name = rewriteText)]
pub fn rewrite_text(text: &str, settings_json: &str, platform: &str) -> Result<String, JsValue> {
    run(text, settings_json, platform, Format::Text)
}
