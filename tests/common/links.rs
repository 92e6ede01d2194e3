//! The shared link-building case runner: native and wasm tests run
//! `tests/cases/links.json` through it, each with its own implementation of the ops.
#![allow(dead_code)]

use serde_json::{json, Value};

/// The shared case file, compiled in so the wasm tests need no file system.
pub const LINK_CASES: &str = include_str!("../cases/links.json");

pub fn cases() -> Vec<Value> {
    match serde_json::from_str::<Value>(LINK_CASES) {
        Ok(Value::Array(cases)) => cases,
        other => panic!("tests/cases/links.json must be a JSON array, got {other:?}"),
    }
}

pub fn str_of<'a>(case: &'a Value, field: &str) -> &'a str {
    case[field]
        .as_str()
        .unwrap_or_else(|| panic!("case field {field} must be a string: {case}"))
}

/// `[[name, value], …]` → owned pairs.
pub fn pairs_of(case: &Value, field: &str) -> Vec<(String, String)> {
    case[field]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap_or_default().to_owned(),
                        p[1].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `{field: value}` or `{error: code}` from a result whose error is `{code, message}`.
pub fn normalise(result: &Value, field: &str) -> Value {
    match result.get("error") {
        Some(e) => {
            assert!(
                e["message"].as_str().is_some_and(|m| m.len() >= 10),
                "error without a message: {result}"
            );
            json!({ "error": e["code"] })
        }
        None => json!({ field: result[field] }),
    }
}

/// A postback report with problem codes only.
pub fn normalise_report(report: &Value) -> Value {
    let problems: Vec<Value> = report["problems"].as_array().cloned().unwrap_or_default();
    for p in &problems {
        assert!(
            p["severity"] == "error" || p["severity"] == "warning",
            "{report}"
        );
        assert!(
            p["message"].as_str().is_some_and(|m| m.len() >= 10),
            "{report}"
        );
    }
    json!({
        "ok": report["ok"],
        "macros": report["macros"],
        "problems": problems.iter().map(|p| p["code"].clone()).collect::<Vec<_>>(),
    })
}

/// Runs every case through `run` (which returns the normalised result) and panics with
/// every difference.
pub fn run_all(mut run: impl FnMut(&Value) -> Value) -> usize {
    let cases = cases();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let got = run(case);
            (got != case["expect"])
                .then(|| format!("{}\n  expected {}\n  got      {got}", case, case["expect"]))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} link cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    cases.len()
}
