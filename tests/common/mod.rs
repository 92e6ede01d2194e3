//! The shared case runner: native, CLI and wasm tests all run `tests/cases/classify.json`
//! through it, each with its own way of getting the JSON result for an input.
#![allow(dead_code)]

use serde_json::Value;

pub mod commission;
pub mod convert;
pub mod links;
pub mod merge;
pub mod reconcile;

/// The shared case file, compiled in so the wasm tests need no file system.
pub const CLASSIFY_CASES: &str = include_str!("../cases/classify.json");

/// The hostile-input corpus, in the same format.
pub const HOSTILE_CASES: &str = include_str!("../cases/hostile.json");

pub fn cases() -> Vec<Value> {
    cases_from(CLASSIFY_CASES)
}

pub fn hostile_cases() -> Vec<Value> {
    cases_from(HOSTILE_CASES)
}

fn cases_from(text: &str) -> Vec<Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(cases)) => cases,
        other => panic!("a case file must be a JSON array, got {other:?}"),
    }
}

pub fn input_of(case: &Value) -> &str {
    case["input"]
        .as_str()
        .expect("every case has a string input")
}

/// Compares one result object (`{input, kind, program, productId, canonicalUrl,
/// affiliateParams, reason}`) with its case; returns a description of every difference.
pub fn check_case(case: &Value, got: &Value) -> Vec<String> {
    let input = input_of(case);
    let mut problems = Vec::new();
    let mut expect = |field: &str, want: &Value, have: &Value| {
        if want != have {
            problems.push(format!("{input:?}: {field} expected {want} got {have}"));
        }
    };
    expect("input", &Value::from(input), &got["input"]);
    for field in [
        "kind",
        "program",
        "productId",
        "canonicalUrl",
        "affiliateParams",
    ] {
        expect(field, &case[field], &got[field]);
    }
    let want_reason = &case["reason"];
    let have_code = &got["reason"]["code"];
    if want_reason.is_null() {
        expect("reason", &Value::Null, &got["reason"]);
    } else {
        expect("reason.code", want_reason, have_code);
        let message = got["reason"]["message"].as_str().unwrap_or("");
        if message.len() < 20 || !message.ends_with('.') {
            problems.push(format!(
                "{input:?}: reason.message is not a plain sentence: {message:?}"
            ));
        }
        // A case may say how the message begins (`lookalike_host` names the program).
        if let Some(start) = case["messageStartsWith"].as_str() {
            if !message.starts_with(start) {
                problems.push(format!(
                    "{input:?}: reason.message does not start with {start:?}: {message:?}"
                ));
            }
        }
    }
    let keys: Vec<&str> = got
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut sorted_want = [
        "input",
        "kind",
        "program",
        "productId",
        "canonicalUrl",
        "affiliateParams",
        "reason",
    ];
    sorted_want.sort_unstable();
    let mut sorted_keys = keys.clone();
    sorted_keys.sort_unstable();
    if sorted_keys != sorted_want {
        problems.push(format!("{input:?}: result keys {keys:?}"));
    }
    problems
}

/// Runs every case through `run`, panicking with the full list of failures.
pub fn run_all(run: impl FnMut(&str) -> Value) -> usize {
    run_cases(&cases(), run)
}

/// Runs the given cases through `run`, panicking with the full list of failures.
pub fn run_cases(cases: &[Value], mut run: impl FnMut(&str) -> Value) -> usize {
    let mut failures = Vec::new();
    for case in cases {
        failures.extend(check_case(case, &run(input_of(case))));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    cases.len()
}
