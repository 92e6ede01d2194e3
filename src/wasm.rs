//! The WebAssembly binding: converts types and nothing else.
//!
//! Results cross the boundary as one JSON string (one string in, one string out is the
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

/// Every registered code with its message, as a JSON object `{code: message}`.
#[wasm_bindgen(js_name = codesJson)]
pub fn codes_json() -> String {
    let map: serde_json::Map<String, serde_json::Value> = crate::Code::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.message().into()))
        .collect();
    serde_json::Value::Object(map).to_string()
}
