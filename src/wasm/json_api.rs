//! The JSON API of the full build (feature `tools`): what the npm package and the demo
//! tools call. Results cross the boundary as one JSON string (one string in, one string out is the
//! cheapest crossing); the package's JavaScript front (`js/api.js`) parses it, checks its
//! arguments and throws `Error`s that carry a `code`.

use wasm_bindgen::prelude::*;

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

/// Classifies many URLs in one crossing; returns a JSON array, one object per input, in
/// order.
#[wasm_bindgen(js_name = classifyManyJson)]
pub fn classify_many_json(inputs: Vec<String>) -> String {
    let mut out = Vec::with_capacity(64 + inputs.len() * 256);
    out.push(b'[');
    for (i, input) in inputs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_classified(&mut out, input);
    }
    out.push(b']');
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

/// The one-letter kinds and programs of the line format.
fn kind_letter(kind: crate::Kind) -> char {
    match kind {
        crate::Kind::Product => 'p',
        crate::Kind::Page => 'g',
        crate::Kind::AffiliateLink => 'a',
        crate::Kind::ShortLink => 's',
        crate::Kind::Rejected => 'r',
    }
}

/// Classifies many URLs; the compact answer the package's `classifyUrls` reads: one line
/// per input, in order, of tab-separated fields: kind letter (`p g a s r`), program (`x`
/// AliExpress, `b` Alibaba.com, empty), product id, canonical URL, affiliate parameter
/// names joined by `,`, reason code. None of them can hold a tab or a line break. The
/// inputs cross as one string and their lengths (see [`split_joined`]); the answer is `""`
/// (and the package throws) when the lengths do not add up.
#[wasm_bindgen(js_name = classifyManyLines)]
pub fn classify_many_lines(joined: &str, lens: &[u32]) -> String {
    let Some(inputs) = split_joined(joined, lens) else {
        return String::new();
    };
    let mut out = String::with_capacity(inputs.len() * 80);
    for (i, input) in inputs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        push_line(&mut out, input);
    }
    out
}

/// One URL in the line format of [`classify_many_lines`].
#[wasm_bindgen(js_name = classifyLine)]
pub fn classify_line(input: &str) -> String {
    let mut out = String::with_capacity(96);
    push_line(&mut out, input);
    out
}

fn push_line(out: &mut String, input: &str) {
    let c = classify(input);
    out.push(kind_letter(c.kind));
    out.push('\t');
    match c.program {
        Some(crate::Program::AliExpress) => out.push('x'),
        Some(crate::Program::Alibaba) => out.push('b'),
        None => {}
    }
    out.push('\t');
    if let Some(product) = &c.product {
        out.push_str(&product.id);
        out.push('\t');
        out.push_str(&product.canonical_url);
        out.push('\t');
        for (i, name) in product.affiliate_params.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(name);
        }
        out.push('\t');
    } else {
        out.push_str("\t\t\t");
    }
    if let Some(reason) = c.reason {
        out.push_str(reason.code.as_str());
    }
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
    let results = match crate::build_aliexpress_deep_links(&inputs, key, &pairs(&names, &values)) {
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
/// (see `crate::reconcile_input`); `context_json` as for the estimates.
#[wasm_bindgen(js_name = reconcileCommissionsJson)]
pub fn reconcile_commissions_json(input_json: &str, context_json: &str) -> String {
    let result = context_of(context_json).and_then(|ctx| {
        let input: serde_json::Value = serde_json::from_str(input_json).map_err(|e| {
            crate::Error::new(
                crate::Code::InvalidField,
                format!("The input is not JSON: {e}."),
            )
        })?;
        crate::reconcile_input(&input, &ctx)
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
                if serde_json::to_writer(&mut out, &crate::LinkOutcome { input, result }).is_err() {
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
    let results = crate::build_aliexpress_deep_links(&urls, key, &pairs(&names, &values));
    bulk_json(&urls, results)
}

/// An Alibaba.com link template from a sample link.
#[wasm_bindgen(js_name = alibabaTemplateFromSampleJson)]
pub fn alibaba_template_from_sample_json(link: &str, product_id: &str) -> String {
    outcome_json(
        "template",
        crate::alibaba_template_from_sample(link, product_id),
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
        crate::AlibabaProduct::Id(product)
    } else {
        crate::AlibabaProduct::Url(product)
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
    let results = crate::build_alibaba_product_links(&urls, template, &pairs(&names, &values));
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
        crate::expand_postback_url(url, &pairs(&names, &values)),
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
        Ok(crate::estimate_commissions(&orders, &ctx))
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
