//! The line format: the tables the records are read with, and the link batches
//! (`buildAliExpressDeepLinks`, `buildAlibabaProductLinks`). One string crosses each way;
//! `docs/BOUNDARY.md` has the format, `js/api.js` reads it (`readTables`, `readLinkLines`).

use wasm_bindgen::prelude::*;

use super::errors::{invalid_argument, thrown};
use super::records::split_joined;
use crate::classify::hosts::Site;
use crate::classify::paths::canonical_prefix;

/// Appends one field of the line format: `\` as `\\`, a tab as `\t`, a line feed as `\n`,
/// a carriage return as `\r`, so that no field holds a tab or a line break (today no message
/// or link holds one; the format holds whatever a message may quote one day).
pub fn push_field(out: &mut String, field: &str) {
    if !field
        .bytes()
        .any(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r'))
    {
        out.push_str(field);
        return;
    }
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// The tables to read records with.
// Lines of tab-separated fields (escaped as `push_field` does): the canonical URL prefixes
// (the text before the id, or before the slug of form 5), the AliExpress then the
// Alibaba.com affiliate parameter names, then one line per code number: the code and its
// message; then `lookalike_host` with its message naming AliExpress, then Alibaba.com.
#[wasm_bindgen(js_name = classifyTables)]
pub fn classify_tables() -> String {
    let mut out = String::with_capacity(8192);
    for (i, prefix) in [
        canonical_prefix(Site::AliExpressGlobal, false),
        canonical_prefix(Site::AliExpressUs, false),
        canonical_prefix(Site::AliExpressRu, false),
        canonical_prefix(Site::Alibaba, false),
        canonical_prefix(Site::Alibaba, true),
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            out.push('\t');
        }
        push_field(&mut out, prefix);
    }
    for program in [crate::Program::AliExpress, crate::Program::Alibaba] {
        out.push('\n');
        for (i, name) in crate::affiliate_param_names(program).iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            push_field(&mut out, name);
        }
    }
    let mut codes = vec![["", ""]; crate::Code::ALL.len()];
    for &code in crate::Code::ALL {
        if let Some(slot) = codes.get_mut(code as usize) {
            *slot = [code.as_str(), code.message()];
        }
    }
    // `lookalike_host` naming the program it imitates (the record's reasons after the codes).
    for program in [crate::Program::AliExpress, crate::Program::Alibaba] {
        let reason = crate::Reason {
            code: crate::Code::LookalikeHost,
            imitates: Some(program),
        };
        codes.push([reason.code.as_str(), reason.message()]);
    }
    for [code, message] in codes {
        out.push('\n');
        push_field(&mut out, code);
        out.push('\t');
        push_field(&mut out, message);
    }
    out
}

pub(super) fn pairs<'a>(names: &'a [String], values: &'a [String]) -> Vec<(&'a str, &'a str)> {
    names
        .iter()
        .map(String::as_str)
        .zip(values.iter().map(String::as_str))
        .collect()
}

/// One line per result, each after a line feed: `L<TAB>link` or `E<TAB>code<TAB>message`.
/// A refusal every link shares (the key, the template, the parameters) is thrown.
fn link_lines(
    results: Result<Vec<Result<String, crate::Error>>, crate::Error>,
) -> Result<String, JsValue> {
    let results = results.map_err(|e| thrown(&e))?;
    let mut out = String::with_capacity(results.len() * 200);
    for result in &results {
        match result {
            Ok(link) => {
                out.push_str("\nL\t");
                push_field(&mut out, link);
            }
            Err(e) => {
                out.push_str("\nE\t");
                out.push_str(e.code().as_str());
                out.push('\t');
                push_field(&mut out, e.message());
            }
        }
    }
    Ok(out)
}

/// The inputs of a batch, or `invalid_argument` when the lengths do not add up.
fn inputs<'a>(joined: &'a str, lens: &[u32]) -> Result<Vec<&'a str>, JsValue> {
    split_joined(joined, lens)
        .ok_or_else(|| invalid_argument("The lengths do not add up to the joined inputs."))
}

/// AliExpress deep links for many product URLs, in the line format.
// `joined` and `lens` as for `classifyManyRecords`; `names[i]` pairs with `values[i]`.
#[wasm_bindgen(js_name = buildAliExpressDeepLinksLines)]
pub fn build_aliexpress_deep_links_lines(
    joined: &str,
    lens: &[u32],
    key: &str,
    names: Vec<String>,
    values: Vec<String>,
) -> Result<String, JsValue> {
    let inputs = inputs(joined, lens)?;
    link_lines(crate::links::build_aliexpress_deep_links(
        &inputs,
        key,
        &pairs(&names, &values),
    ))
}

/// Alibaba.com product links for many product URLs, in the line format.
// As `buildAliExpressDeepLinksLines`, with a template instead of a key.
#[wasm_bindgen(js_name = buildAlibabaProductLinksLines)]
pub fn build_alibaba_product_links_lines(
    joined: &str,
    lens: &[u32],
    template: &str,
    names: Vec<String>,
    values: Vec<String>,
) -> Result<String, JsValue> {
    let inputs = inputs(joined, lens)?;
    link_lines(crate::links::build_alibaba_product_links(
        &inputs,
        template,
        &pairs(&names, &values),
    ))
}
