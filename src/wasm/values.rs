//! The structured, low-volume calls of the full build, as plain JavaScript values
//! (serde-wasm-bindgen with `Serializer::json_compatible()`: plain objects, `null` for
//! what does not apply, money as the decimal strings the core writes). A refusal is thrown
//! as an `AfflinkError` (see [`errors`](super::errors)).
//!
//! Orders, contexts, reconciliation input and rate cards come in as JSON text: the package
//! writes it with `JSON.stringify` (so `toJSON`, dropped `undefined` and refused `NaN` behave
//! as for any JSON a user pastes) and the core reads JSON values anyway; `docs/BOUNDARY.md`
//! gives the measurement behind that choice.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::errors::{error_value, thrown};
use super::lines::pairs;
use crate::{classify, ClassifiedUrl, Code};

/// A Rust value as a plain JavaScript value.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        // Our own types always serialise; kept as a thrown error rather than a panic.
        .map_err(|e| error_value(Code::InvalidArgument.as_str(), &e.to_string()))
}

fn outcome<T: Serialize>(result: Result<T, crate::Error>) -> Result<JsValue, JsValue> {
    to_js(&result.map_err(|e| thrown(&e))?)
}

/// JSON text the package wrote, read as a JSON value; `what` names it in the refusal.
fn json(text: &str, what: &str) -> Result<serde_json::Value, crate::Error> {
    serde_json::from_str(text)
        .map_err(|e| crate::Error::new(Code::InvalidField, format!("{what} is not JSON: {e}.")))
}

fn context_of(context_json: &str) -> Result<crate::EstimateContext, crate::Error> {
    crate::EstimateContext::from_json(&json(context_json, "The context")?)
}

/// Classifies one URL: `{input, kind, program, productId, canonicalUrl, affiliateParams,
/// reason}`.
// The object form; the package's `classifyUrl` and `classifyUrls` read records instead.
#[wasm_bindgen(js_name = classifyValue)]
pub fn classify_value(input: &str) -> Result<JsValue, JsValue> {
    let classification = classify(input);
    to_js(&ClassifiedUrl {
        input,
        classification: &classification,
    })
}

/// The registry as a map `{code: message}`, in the registry's order.
struct Codes;

impl Serialize for Codes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Not a sorted map: sorting pulled in 4 KB of sort code for no reader's benefit.
        s.collect_map(Code::ALL.iter().map(|c| (c.as_str(), c.message())))
    }
}

/// Every registered code with its message, as an object `{code: message}`.
#[wasm_bindgen]
pub fn codes() -> Result<JsValue, JsValue> {
    to_js(&Codes)
}

/// Custom tracking strings on a tracking link; `names[i]` pairs with `values[i]`.
#[wasm_bindgen(js_name = appendTrackingParams)]
pub fn append_tracking_params(
    link: &str,
    names: Vec<String>,
    values: Vec<String>,
) -> Result<String, JsValue> {
    crate::append_tracking_params(link, &pairs(&names, &values)).map_err(|e| thrown(&e))
}

/// An AliExpress deep link.
#[wasm_bindgen(js_name = buildAliExpressDeepLink)]
pub fn build_aliexpress_deep_link(
    key: &str,
    product_url: &str,
    names: Vec<String>,
    values: Vec<String>,
) -> Result<String, JsValue> {
    crate::build_aliexpress_deep_link(key, product_url, &pairs(&names, &values))
        .map_err(|e| thrown(&e))
}

/// An Alibaba.com link template from a sample link; without `product_id` (or with a blank
/// one) the product is read from the link.
#[wasm_bindgen(js_name = alibabaTemplateFromSample)]
pub fn alibaba_template_from_sample(
    link: &str,
    product_id: Option<String>,
) -> Result<String, JsValue> {
    crate::links::alibaba_template_from_sample(link, product_id.as_deref()).map_err(|e| thrown(&e))
}

/// An Alibaba.com product link; `product` is a URL, or an id when `is_id`.
#[wasm_bindgen(js_name = buildAlibabaProductLink)]
pub fn build_alibaba_product_link(
    template: &str,
    product: &str,
    is_id: bool,
    names: Vec<String>,
    values: Vec<String>,
) -> Result<String, JsValue> {
    let product = if is_id {
        crate::links::AlibabaProduct::Id(product)
    } else {
        crate::links::AlibabaProduct::Url(product)
    };
    crate::build_alibaba_product_link(template, product, &pairs(&names, &values))
        .map_err(|e| thrown(&e))
}

/// The postback report `{ok, macros, problems}`.
#[wasm_bindgen(js_name = checkPostbackUrl)]
pub fn check_postback_url(url: &str) -> Result<JsValue, JsValue> {
    to_js(&crate::check_postback_url(url))
}

/// The URL the program would call.
#[wasm_bindgen(js_name = expandPostbackUrl)]
pub fn expand_postback_url(
    url: &str,
    names: Vec<String>,
    values: Vec<String>,
) -> Result<String, JsValue> {
    crate::postback::expand_postback_url(url, &pairs(&names, &values)).map_err(|e| thrown(&e))
}

/// One order's estimate; `order_json` and `context_json` are JSON text.
#[wasm_bindgen(js_name = estimateCommission)]
pub fn estimate_commission(order_json: &str, context_json: &str) -> Result<JsValue, JsValue> {
    outcome(
        context_of(context_json)
            .and_then(|ctx| crate::estimate_commission(&json(order_json, "The order")?, &ctx)),
    )
}

/// Many orders: `{lines, summary}`; a bad order is a line with an error, a bad context is
/// thrown.
#[wasm_bindgen(js_name = estimateCommissions)]
pub fn estimate_commissions(orders_json: &str, context_json: &str) -> Result<JsValue, JsValue> {
    outcome(context_of(context_json).and_then(|ctx| {
        let orders: Vec<serde_json::Value> = serde_json::from_str(orders_json).map_err(|e| {
            crate::Error::new(
                Code::InvalidField,
                format!("The orders are not a JSON array: {e}."),
            )
        })?;
        Ok(crate::commission::estimate_commissions(&orders, &ctx))
    }))
}

/// Reconciliation: `{lines, summary, suggestedCard}`. `input_json` is `{report, columns?,
/// orders?}` or `{postbackTemplate, postbackLog, orders?}` (see `crate::commission::reconcile_input`);
/// `context_json` as for the estimates.
#[wasm_bindgen(js_name = reconcileCommissions)]
pub fn reconcile_commissions(input_json: &str, context_json: &str) -> Result<JsValue, JsValue> {
    outcome(
        context_of(context_json).and_then(|ctx| {
            crate::commission::reconcile_input(&json(input_json, "The input")?, &ctx)
        }),
    )
}

/// JSON text as a plain value, by the engine's `JSON.parse` (js-sys): the shipped cards are
/// JSON text already, and a parse is faster and smaller than a serde-wasm-bindgen pass over
/// a `serde_json::Value` (see `docs/BOUNDARY.md`).
fn parsed(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| error_value(Code::InvalidField.as_str(), "Not JSON."))
}

/// A shipped card's JSON text as a value; `invalid_rate_card` for an unknown name.
fn card_value(text: Option<&str>, name: &str) -> Result<JsValue, JsValue> {
    let Some(text) = text else {
        return Err(error_value(
            Code::InvalidRateCard.as_str(),
            &format!("{name:?} is not a shipped rate card; see rateCards()."),
        ));
    };
    parsed(text)
}

/// The shipped default rate card of `"aliexpress"` or `"alibaba"`.
#[wasm_bindgen(js_name = defaultRateCard)]
pub fn default_rate_card(program: &str) -> Result<JsValue, JsValue> {
    let text = match program {
        "aliexpress" => Some(crate::RateCard::default_json(crate::Program::AliExpress)),
        "alibaba" => Some(crate::RateCard::default_json(crate::Program::Alibaba)),
        _ => None,
    };
    card_value(text, program)
}

/// A shipped rate card by name (`aliexpress-example-2016`, …; also `aliexpress` and
/// `alibaba` for the defaults); `invalid_rate_card` for an unknown name.
#[wasm_bindgen(js_name = rateCard)]
pub fn rate_card(name: &str) -> Result<JsValue, JsValue> {
    card_value(crate::RateCard::named_json(name), name)
}

/// The shipped rate cards: `[{name, program, default, title, note}]`, the defaults first.
#[wasm_bindgen(js_name = rateCards)]
pub fn rate_cards() -> Result<JsValue, JsValue> {
    to_js(&crate::RateCard::shipped())
}

/// `patch` merged over `base` (RFC 7396, the core's `RateCard::merge_patch`); both are JSON
/// text, and so is the result, before `JSON.parse`.
#[wasm_bindgen(js_name = mergeRateCard)]
pub fn merge_rate_card(base_json: &str, patch_json: &str) -> Result<JsValue, JsValue> {
    let base = json(base_json, "The base card").map_err(|e| thrown(&e))?;
    let patch = json(patch_json, "The patch").map_err(|e| thrown(&e))?;
    parsed(&crate::RateCard::merge_patch(&base, &patch).to_string())
}
