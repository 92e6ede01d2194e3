//! The WebAssembly binding, run by wasm-bindgen-test in Node and in headless Chromium
//! (`scripts/test.sh` runs this file twice, the second time with WASM_BINDGEN_USE_BROWSER).
#![cfg(target_arch = "wasm32")]

mod common;

use afflink::wasm::{classify_json, classify_many_json, codes_json};
use serde_json::Value;
use wasm_bindgen_test::wasm_bindgen_test;

fn parse(json: &str) -> Value {
    serde_json::from_str(json).expect("the binding returns JSON")
}

#[wasm_bindgen_test]
fn shared_cases_through_the_binding() {
    let n = common::run_all(|input| parse(&classify_json(input)));
    assert!(n >= 150);
}

#[wasm_bindgen_test]
fn batch_gives_the_same_results_in_order() {
    let cases = common::cases();
    let inputs: Vec<String> = cases
        .iter()
        .map(|c| common::input_of(c).to_owned())
        .collect();
    let many = parse(&classify_many_json(inputs.clone()));
    let many = many.as_array().expect("an array");
    assert_eq!(many.len(), inputs.len());
    for (input, got) in inputs.iter().zip(many) {
        assert_eq!(got, &parse(&classify_json(input)), "{input:?}");
    }
    assert_eq!(
        parse(&classify_many_json(Vec::new())),
        Value::Array(Vec::new())
    );
}

#[wasm_bindgen_test]
fn codes_are_exported_with_messages() {
    let codes = parse(&codes_json());
    for code in afflink::Code::ALL {
        assert_eq!(codes[code.as_str()], code.message());
    }
}
