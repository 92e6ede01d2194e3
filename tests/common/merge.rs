//! The shared merge cases (`tests/cases/merge.json`): RFC 7396 merge patch, run natively
//! and through the binding.
#![allow(dead_code)]

use serde_json::Value;

/// Compiled in so the wasm tests need no file system.
pub const MERGE_CASES: &str = include_str!("../cases/merge.json");

pub fn cases() -> Vec<Value> {
    let file: Value = serde_json::from_str(MERGE_CASES).expect("merge.json is JSON");
    file["cases"].as_array().expect("cases").clone()
}

/// Runs every case through `merge(base, patch)` and panics with every difference; returns
/// the number of cases.
pub fn run_all(mut merge: impl FnMut(&Value, &Value) -> Value) -> usize {
    let cases = cases();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let got = merge(&case["base"], &case["patch"]);
            (got != case["result"])
                .then(|| format!("{}: got {got}, want {}", case["id"], case["result"]))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    cases.len()
}
