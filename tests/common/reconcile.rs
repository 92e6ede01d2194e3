//! The shared reconciliation case runner: native, wasm and CLI tests run
//! `tests/cases/reconcile.json` through it, each with its own way of getting the result.
#![allow(dead_code)]

use serde_json::{json, Map, Value};

/// The case file and the sample files it names, compiled in so the wasm tests need no file
/// system.
pub const RECONCILE_CASES: &str = include_str!("../cases/reconcile.json");
pub const POSTBACK_LOG: &str = include_str!("../cases/reconcile-postback.log");
pub const REPORT_CSV: &str = include_str!("../cases/reconcile-report.csv");

pub fn file() -> Value {
    serde_json::from_str(RECONCILE_CASES).expect("reconcile.json is JSON")
}

pub fn cases() -> Vec<Value> {
    file()["cases"].as_array().expect("cases").clone()
}

fn sample(name: &str) -> &'static str {
    match name {
        "reconcile-postback.log" => POSTBACK_LOG,
        "reconcile-report.csv" => REPORT_CSV,
        other => panic!("unknown sample file {other}"),
    }
}

/// The input object of `reconcileCommissions` for a case: sample files read, the template
/// filled in.
pub fn input_of(case: &Value) -> Value {
    let file = file();
    let given = case["input"].as_object().expect("input object");
    let mut input = Map::new();
    for (k, v) in given {
        match k.as_str() {
            "postbackLog" => {
                input.insert(k.clone(), sample(v.as_str().unwrap()).into());
                if !given.contains_key("postbackTemplate") {
                    input.insert("postbackTemplate".into(), file["postbackTemplate"].clone());
                }
            }
            "report" => {
                input.insert(k.clone(), sample(v.as_str().unwrap()).into());
            }
            "reportText" => {
                input.insert("report".into(), v.clone());
            }
            _ => {
                input.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(input)
}

/// The estimate context of a case: its rate card and any other context fields.
pub fn context_of(case: &Value) -> Value {
    let mut ctx = case["context"].as_object().cloned().unwrap_or_default();
    if let Some(name) = case["rates"].as_str() {
        let card = file()["cards"][name].clone();
        assert!(card.is_object(), "{}: unknown card {name}", case["id"]);
        ctx.insert("rateCards".into(), json!([card]));
    }
    Value::Object(ctx)
}

fn codes(list: &Value) -> Value {
    Value::Array(
        list.as_array()
            .map(|a| a.iter().map(|x| x["code"].clone()).collect())
            .unwrap_or_default(),
    )
}

fn subset(path: &str, want: &Value, got: &Value, problems: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) if !w.is_empty() => {
            for (k, wv) in w {
                let gv = g.get(k).unwrap_or(&Value::Null);
                if k == "assumptions" {
                    if codes(gv) != *wv {
                        problems.push(format!("{path}.{k}: expected {wv} got {}", codes(gv)));
                    }
                } else if k == "columns" || k == "subIds" && gv.is_object() {
                    if wv != gv {
                        problems.push(format!("{path}.{k}: expected {wv} got {gv}"));
                    }
                } else {
                    subset(&format!("{path}.{k}"), wv, gv, problems);
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                problems.push(format!(
                    "{path}: expected {} entries got {}: {got}",
                    w.len(),
                    g.len()
                ));
                return;
            }
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                subset(&format!("{path}[{i}]"), wv, gv, problems);
            }
        }
        _ => {
            if want != got {
                problems.push(format!("{path}: expected {want} got {got}"));
            }
        }
    }
}

/// Compares `{"reconciliation": {lines, summary, suggestedCard}}` or `{"error": {code,
/// message}}` with a case; returns the differences.
pub fn check(case: &Value, result: &Value) -> Vec<String> {
    let id = case["id"].as_str().unwrap_or("?");
    let mut problems = Vec::new();
    if let Some(code) = case["expectError"].as_str() {
        if result["error"]["code"] != code {
            problems.push(format!("{id}: expected error {code} got {result}"));
        }
        return problems;
    }
    let r = &result["reconciliation"];
    if r.is_null() {
        return vec![format!("{id}: expected a reconciliation, got {result}")];
    }
    let expect = &case["expect"];
    subset(
        &format!("{id}.lines"),
        &expect["lines"],
        &r["lines"],
        &mut problems,
    );
    subset(
        &format!("{id}.summary"),
        &expect["summary"],
        &r["summary"],
        &mut problems,
    );
    if let Some(rules) = expect["suggestedCard"]["rules"].as_array() {
        let got: Vec<Value> = r["suggestedCard"]["rules"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|rule| json!([rule["when"], rule["percent"]]))
                    .collect()
            })
            .unwrap_or_default();
        if got != *rules {
            problems.push(format!(
                "{id}.suggestedCard.rules: expected {rules:?} got {got:?}"
            ));
        }
    }
    problems
}

/// Runs every case through `f` (input, context → result JSON); panics listing every failure.
pub fn run_all(f: impl Fn(&Value, &Value) -> Value) -> usize {
    let cases = cases();
    let failures: Vec<String> = cases
        .iter()
        .flat_map(|c| check(c, &f(&input_of(c), &context_of(c))))
        .collect();
    assert!(
        failures.is_empty(),
        "{} reconciliation problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    cases.len()
}
