//! The JSON API of the full build (feature `tools`): what the npm package and the demo
//! tools call. Results cross the boundary as one JSON string (one string in, one string out is the
//! cheapest crossing); the package's JavaScript front (`js/api.js`) parses it, checks its
//! arguments and throws `Error`s that carry a `code`.

use std::sync::atomic::{AtomicU32, Ordering};

use wasm_bindgen::prelude::*;

use crate::classify::hosts::Site;
use crate::classify::paths::canonical_prefix;
use crate::classify::{classify_then, Outcome};
use crate::{classify, ClassifiedUrl};

fn push_classified(out: &mut Vec<u8>, input: &str) {
    let classification = classify(input);
    // Serialising our own types into a Vec cannot fail; an error would leave `null`.
    if serde_json::to_writer(
        &mut *out,
        &ClassifiedUrl {
            input,
            classification: &classification,
        },
    )
    .is_err()
    {
        out.extend_from_slice(b"null");
    }
}

fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Classifies one URL; returns the JSON of `{input, kind, program, productId,
/// canonicalUrl, affiliateParams, reason}`.
#[wasm_bindgen(js_name = classifyJson)]
pub fn classify_json(input: &str) -> String {
    let mut out = Vec::with_capacity(256);
    push_classified(&mut out, input);
    into_string(out)
}

/// Splits the inputs of a batch: `joined` is the inputs concatenated, `lens` their lengths
/// in UTF-16 code units (JavaScript's `length`). `None` when they do not add up.
fn split_joined<'a>(joined: &'a str, lens: &[u32]) -> Option<Vec<&'a str>> {
    let mut out = Vec::with_capacity(lens.len());
    let mut start: usize = 0;
    if joined.is_ascii() {
        // One byte per code unit.
        for &len in lens {
            let end = start.checked_add(usize::try_from(len).ok()?)?;
            out.push(joined.get(start..end)?);
            start = end;
        }
    } else {
        let mut chars = joined.char_indices();
        for &len in lens {
            let mut units = 0;
            let mut end = start;
            while units < len {
                let (i, c) = chars.next()?;
                units += c.len_utf16() as u32;
                end = i + c.len_utf8();
            }
            if units != len {
                return None;
            }
            out.push(&joined[start..end]);
            start = end;
        }
    }
    (start == joined.len()).then_some(out)
}

/// Words per classification in the record form (see [`classify_record`]).
const RECORD_WORDS: usize = 7;

/// The record of the last [`classify_record`] call; JavaScript reads it in the module's
/// memory at [`classify_record_address`].
static RECORD: [AtomicU32; RECORD_WORDS] = [const { AtomicU32::new(0) }; RECORD_WORDS];

/// Where `part` lies in `input`, as offsets in UTF-16 code units: `input` is ASCII (one unit
/// per byte); `None` unless `part` is a slice of it.
fn offsets(input: &str, part: &str) -> Option<[u32; 2]> {
    let start = (part.as_ptr() as usize).checked_sub(input.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= input.len()).then_some([start as u32, end as u32])
}

/// The bit of the header that asks JavaScript for the JSON form: a product whose id or slug
/// is not an ASCII slice of the input.
const ASK_JSON: u32 = 1 << 15;

/// One classification as numbers: the header, then the product's id and slug as offsets
/// into the input, then the affiliate parameters.
///
/// - header: kind (bits 0–2: product, page, affiliateLink, shortLink, rejected), program
///   (bits 3–4: none, aliexpress, alibaba), reason (bits 5–11: 1 + the code's number, its
///   index in `classifyTables`, 0 for none), canonical URL form (bits 12–14: 1 + the index of
///   its prefix in `classifyTables`), [`ASK_JSON`] (bit 15), number of affiliate
///   parameters (bits 16–19);
/// - the id's start and end, the slug's start and end (0 and 0 for none);
/// - the affiliate parameters, 4 bits each (indices into the program's names), 8 per word.
fn record(input: &str, ascii: bool, o: &Outcome<'_>) -> [u32; RECORD_WORDS] {
    let mut r = [0; RECORD_WORDS];
    let kind = match o.kind {
        crate::Kind::Product => 0,
        crate::Kind::Page => 1,
        crate::Kind::AffiliateLink => 2,
        crate::Kind::ShortLink => 3,
        crate::Kind::Rejected => 4,
    };
    let program = match o.site.map(Site::program) {
        None => 0,
        Some(crate::Program::AliExpress) => 1,
        Some(crate::Program::Alibaba) => 2,
    };
    let reason = o.reason.map_or(0, |code| 1 + code as u32);
    r[0] = kind | program << 3 | reason << 5;
    if let (crate::Kind::Product, Some(site)) = (o.kind, o.site) {
        let form = match site {
            Site::AliExpressGlobal => 1,
            Site::AliExpressUs => 2,
            Site::AliExpressRu => 3,
            Site::Alibaba if o.slug.is_empty() => 4,
            Site::Alibaba => 5,
        };
        let params = o.params.as_slice();
        r[0] |= form << 12 | (params.len() as u32) << 16;
        let slug = if o.slug.is_empty() {
            Some([0, 0])
        } else {
            offsets(input, o.slug)
        };
        match (offsets(input, o.id), slug) {
            (Some([a, b]), Some([c, d])) if ascii => r[1..5].copy_from_slice(&[a, b, c, d]),
            _ => r[0] |= ASK_JSON,
        }
        for (k, &i) in params.iter().enumerate() {
            r[5 + k / 8] |= u32::from(i) << (4 * (k % 8));
        }
    }
    r
}

/// One URL's record: returns the header.
// What the package's `classifyUrl` reads; the other words are left at
// `classify_record_address` (see `record`).
#[wasm_bindgen(js_name = classifyRecord)]
pub fn classify_record(input: &str) -> u32 {
    let r = classify_then(input, true, |o| record(input, input.is_ascii(), o));
    for (word, value) in RECORD.iter().zip(r) {
        word.store(value, Ordering::Relaxed);
    }
    r[0]
}

/// Where the record of `classifyRecord` is.
// Its byte address in the module's memory.
#[wasm_bindgen(js_name = classifyRecordAddress)]
pub fn classify_record_address() -> u32 {
    RECORD.as_ptr() as usize as u32
}

/// The records of many URLs, 7 words each.
// What the package's `classifyUrls` reads, in order (see `record`). The inputs cross as the
// UTF-8 bytes of one string and their lengths (see `split_joined`); the answer is empty (and
// the package asks for JSON) when they do not add up. (Details in `//` comments: `///` text
// of an export is copied into the glue.)
#[wasm_bindgen(js_name = classifyManyRecords)]
pub fn classify_many_records(joined: &[u8], lens: &[u32]) -> Vec<u32> {
    let Ok(joined) = std::str::from_utf8(joined) else {
        return Vec::new();
    };
    let all_ascii = joined.is_ascii();
    let Some(inputs) = split_joined(joined, lens) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(inputs.len() * RECORD_WORDS);
    for input in inputs {
        let ascii = all_ascii || input.is_ascii();
        out.extend_from_slice(&classify_then(input, true, |o| record(input, ascii, o)));
    }
    out
}

/// The tables to read records with.
// Lines of tab-separated fields (none holds a tab or a line break): the canonical URL
// prefixes (the text before the id, or before the slug of form 5), the AliExpress then the
// Alibaba.com affiliate parameter names, then one line per code number: the code and its
// message.
#[wasm_bindgen(js_name = classifyTables)]
pub fn classify_tables() -> String {
    let mut out = [
        canonical_prefix(Site::AliExpressGlobal, false),
        canonical_prefix(Site::AliExpressUs, false),
        canonical_prefix(Site::AliExpressRu, false),
        canonical_prefix(Site::Alibaba, false),
        canonical_prefix(Site::Alibaba, true),
    ]
    .join("\t");
    for program in [crate::Program::AliExpress, crate::Program::Alibaba] {
        out.push('\n');
        out.push_str(&crate::affiliate_param_names(program).join("\t"));
    }
    let mut codes = vec![["", ""]; crate::Code::ALL.len()];
    for &code in crate::Code::ALL {
        if let Some(slot) = codes.get_mut(code as usize) {
            *slot = [code.as_str(), code.message()];
        }
    }
    for [code, message] in codes {
        out.push('\n');
        out.push_str(code);
        out.push('\t');
        out.push_str(message);
    }
    out
}

/// AliExpress deep links for many product URLs, in the compact form the package's
/// `buildAliExpressDeepLinks` reads: a first line that is empty, or the JSON
/// `{"error": {code, message}}` of what every link shares (the key, the parameters); then
/// one line per input: `L<TAB>link` or `E<TAB>code<TAB>message`. The answer is `""` when
/// the lengths do not add up, or when a message would hold a tab or a line break (the
/// package then asks for JSON).
#[wasm_bindgen(js_name = buildAliExpressDeepLinksLines)]
pub fn build_aliexpress_deep_links_lines(
    joined: &str,
    lens: &[u32],
    key: &str,
    names: Vec<String>,
    values: Vec<String>,
) -> String {
    let Some(inputs) = split_joined(joined, lens) else {
        return String::new();
    };
    let results =
        match crate::links::build_aliexpress_deep_links(&inputs, key, &pairs(&names, &values)) {
            Ok(results) => results,
            Err(e) => return outcome_json("results", Err(e)),
        };
    let mut out = String::with_capacity(inputs.len() * 200);
    for result in &results {
        out.push('\n');
        match result {
            Ok(link) => {
                out.push_str("L\t");
                out.push_str(link);
            }
            Err(e) => {
                if e.message().contains(['\t', '\n', '\r']) {
                    return String::new();
                }
                out.push_str("E\t");
                out.push_str(e.code().as_str());
                out.push('\t');
                out.push_str(e.message());
            }
        }
    }
    out
}

/// Every registered code with its message, as a JSON object `{code: message}`.
#[wasm_bindgen(js_name = codesJson)]
pub fn codes_json() -> String {
    let map: serde_json::Map<String, serde_json::Value> = crate::Code::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.message().into()))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// Reconciliation: `{"reconciliation": {lines, summary, suggestedCard}}` or `{"error": …}`.
/// `input_json` is `{report, columns?, orders?}` or `{postbackTemplate, postbackLog, orders?}`
/// (see `crate::commission::reconcile_input`); `context_json` as for the estimates.
#[wasm_bindgen(js_name = reconcileCommissionsJson)]
pub fn reconcile_commissions_json(input_json: &str, context_json: &str) -> String {
    let result = context_of(context_json).and_then(|ctx| {
        let input: serde_json::Value = serde_json::from_str(input_json).map_err(|e| {
            crate::Error::new(
                crate::Code::InvalidField,
                format!("The input is not JSON: {e}."),
            )
        })?;
        crate::commission::reconcile_input(&input, &ctx)
    });
    wrap("reconciliation", result)
}

fn pairs<'a>(names: &'a [String], values: &'a [String]) -> Vec<(&'a str, &'a str)> {
    names
        .iter()
        .map(String::as_str)
        .zip(values.iter().map(String::as_str))
        .collect()
}

/// `{"<field>": value}` or `{"error": {code, message}}`.
fn outcome_json(field: &str, result: Result<String, crate::Error>) -> String {
    let value = match result {
        Ok(v) => serde_json::json!({ field: v }),
        Err(e) => serde_json::json!({ "error": e }),
    };
    value.to_string()
}

/// `{"results": [{input, link} | {input, error}]}` or `{"error": {code, message}}`.
fn bulk_json(
    inputs: &[String],
    results: Result<Vec<Result<String, crate::Error>>, crate::Error>,
) -> String {
    match results {
        Ok(results) => {
            let mut out = Vec::with_capacity(16 + inputs.len() * 200);
            out.extend_from_slice(b"{\"results\":[");
            for (i, (input, result)) in inputs.iter().zip(&results).enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                if serde_json::to_writer(&mut out, &crate::links::LinkOutcome { input, result })
                    .is_err()
                {
                    out.extend_from_slice(b"null");
                }
            }
            out.extend_from_slice(b"]}");
            into_string(out)
        }
        Err(e) => outcome_json("results", Err(e)),
    }
}

/// Custom tracking strings on a tracking link; `names[i]` pairs with `values[i]`.
#[wasm_bindgen(js_name = appendTrackingParamsJson)]
pub fn append_tracking_params_json(link: &str, names: Vec<String>, values: Vec<String>) -> String {
    outcome_json(
        "link",
        crate::append_tracking_params(link, &pairs(&names, &values)),
    )
}

/// An AliExpress deep link.
#[wasm_bindgen(js_name = buildAliExpressDeepLinkJson)]
pub fn build_aliexpress_deep_link_json(
    key: &str,
    product_url: &str,
    names: Vec<String>,
    values: Vec<String>,
) -> String {
    outcome_json(
        "link",
        crate::build_aliexpress_deep_link(key, product_url, &pairs(&names, &values)),
    )
}

/// AliExpress deep links for many product URLs, in one crossing.
#[wasm_bindgen(js_name = buildAliExpressDeepLinksJson)]
pub fn build_aliexpress_deep_links_json(
    urls: Vec<String>,
    key: &str,
    names: Vec<String>,
    values: Vec<String>,
) -> String {
    let results = crate::links::build_aliexpress_deep_links(&urls, key, &pairs(&names, &values));
    bulk_json(&urls, results)
}

/// An Alibaba.com link template from a sample link.
#[wasm_bindgen(js_name = alibabaTemplateFromSampleJson)]
pub fn alibaba_template_from_sample_json(link: &str, product_id: &str) -> String {
    outcome_json(
        "template",
        crate::links::alibaba_template_from_sample(link, product_id),
    )
}

/// An Alibaba.com product link; `product` is a URL, or an id when `is_id`.
#[wasm_bindgen(js_name = buildAlibabaProductLinkJson)]
pub fn build_alibaba_product_link_json(
    template: &str,
    product: &str,
    is_id: bool,
    names: Vec<String>,
    values: Vec<String>,
) -> String {
    let product = if is_id {
        crate::links::AlibabaProduct::Id(product)
    } else {
        crate::links::AlibabaProduct::Url(product)
    };
    outcome_json(
        "link",
        crate::build_alibaba_product_link(template, product, &pairs(&names, &values)),
    )
}

/// Alibaba.com product links for many product URLs, in one crossing.
#[wasm_bindgen(js_name = buildAlibabaProductLinksJson)]
pub fn build_alibaba_product_links_json(
    urls: Vec<String>,
    template: &str,
    names: Vec<String>,
    values: Vec<String>,
) -> String {
    let results =
        crate::links::build_alibaba_product_links(&urls, template, &pairs(&names, &values));
    bulk_json(&urls, results)
}

/// The postback report `{ok, macros, problems}`.
#[wasm_bindgen(js_name = checkPostbackUrlJson)]
pub fn check_postback_url_json(url: &str) -> String {
    serde_json::to_string(&crate::check_postback_url(url)).unwrap_or_else(|_| String::from("null"))
}

/// The URL the program would call.
#[wasm_bindgen(js_name = expandPostbackUrlJson)]
pub fn expand_postback_url_json(url: &str, names: Vec<String>, values: Vec<String>) -> String {
    outcome_json(
        "url",
        crate::postback::expand_postback_url(url, &pairs(&names, &values)),
    )
}

fn context_of(context_json: &str) -> Result<crate::EstimateContext, crate::Error> {
    let value: serde_json::Value = serde_json::from_str(context_json).map_err(|e| {
        crate::Error::new(
            crate::Code::InvalidField,
            format!("The context is not JSON: {e}."),
        )
    })?;
    crate::EstimateContext::from_json(&value)
}

/// `{"<field>": value}` or `{"error": …}`, keeping the value's own field order.
fn wrap<T: serde::Serialize>(field: &str, result: Result<T, crate::Error>) -> String {
    let (name, body) = match &result {
        Ok(v) => (field, serde_json::to_string(v)),
        Err(e) => ("error", serde_json::to_string(e)),
    };
    format!(
        "{{\"{name}\":{}}}",
        body.unwrap_or_else(|_| String::from("null"))
    )
}

/// One order's estimate: `{"estimate": …}` or `{"error": …}`.
#[wasm_bindgen(js_name = estimateCommissionJson)]
pub fn estimate_commission_json(order_json: &str, context_json: &str) -> String {
    let result = context_of(context_json).and_then(|ctx| {
        let order: serde_json::Value = serde_json::from_str(order_json).map_err(|e| {
            crate::Error::new(
                crate::Code::InvalidField,
                format!("The order is not JSON: {e}."),
            )
        })?;
        crate::estimate_commission(&order, &ctx)
    });
    wrap("estimate", result)
}

/// Many orders: `{"report": {lines, summary}}` or `{"error": …}` for a bad context.
#[wasm_bindgen(js_name = estimateCommissionsJson)]
pub fn estimate_commissions_json(orders_json: &str, context_json: &str) -> String {
    let result = context_of(context_json).and_then(|ctx| {
        let orders: Vec<serde_json::Value> = serde_json::from_str(orders_json).map_err(|e| {
            crate::Error::new(
                crate::Code::InvalidField,
                format!("The orders are not a JSON array: {e}."),
            )
        })?;
        Ok(crate::commission::estimate_commissions(&orders, &ctx))
    });
    wrap("report", result)
}

/// The shipped rate card of a program, as JSON text (empty for an unknown program).
#[wasm_bindgen(js_name = defaultRateCardJson)]
pub fn default_rate_card_json(program: &str) -> String {
    match program {
        "aliexpress" => crate::RateCard::default_json(crate::Program::AliExpress).to_owned(),
        "alibaba" => crate::RateCard::default_json(crate::Program::Alibaba).to_owned(),
        _ => String::new(),
    }
}

/// A shipped rate card by name (`aliexpress-example-2016`, …; also `aliexpress` and
/// `alibaba` for the defaults), as JSON text (empty for an unknown name).
#[wasm_bindgen(js_name = rateCardJson)]
pub fn rate_card_json(name: &str) -> String {
    crate::RateCard::named_json(name)
        .unwrap_or_default()
        .to_owned()
}

/// The shipped rate cards: `[{name, program, default, title, note}]`, the defaults first.
#[wasm_bindgen(js_name = rateCardsJson)]
pub fn rate_cards_json() -> String {
    serde_json::to_string(&crate::RateCard::shipped()).unwrap_or_else(|_| String::from("[]"))
}
