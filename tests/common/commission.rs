//! The shared commission case runner: native and wasm tests run
//! `tests/cases/commission.csv` through it.
#![allow(dead_code)]

use serde_json::{Map, Value};

/// The shared case file, compiled in so the wasm tests need no file system.
pub const COMMISSION_CASES: &str = include_str!("../cases/commission.csv");

const ORDER_FIELDS: &[&str] = &[
    "program",
    "orderId",
    "amount",
    "currency",
    "category",
    "buyer",
    "country",
    "status",
    "paidDate",
    "completedDate",
    "clickDate",
    "spam",
    "refundedAmount",
];

/// One case: the order object, the context object and the expectations.
pub struct Case {
    pub id: String,
    pub order: Value,
    pub context: Value,
    pub expect: Map<String, Value>,
}

pub fn cases() -> Vec<Case> {
    let mut reader = csv::Reader::from_reader(COMMISSION_CASES.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.expect("a CSV row");
            let cell = |name: &str| {
                header
                    .iter()
                    .position(|h| h == name)
                    .and_then(|i| r.get(i))
                    .unwrap_or("")
                    .to_owned()
            };
            let mut order = Map::new();
            for &f in ORDER_FIELDS {
                let v = cell(f);
                if !v.is_empty() {
                    let value = if f == "spam" && (v == "true" || v == "false") {
                        Value::Bool(v == "true")
                    } else {
                        Value::String(v)
                    };
                    order.insert(f.to_owned(), value);
                }
            }
            let mut context = Map::new();
            let sales = cell("previousPeriodSales");
            if !sales.is_empty() {
                context.insert("previousPeriodSales".into(), Value::String(sales));
            }
            let rates = cell("rates");
            if !rates.is_empty() {
                context.insert("rateCards".into(), serde_json::json!([rates]));
            }
            let exchange = cell("exchangeRates");
            if !exchange.is_empty() {
                let pairs: Map<String, Value> = exchange
                    .split_whitespace()
                    .filter_map(|p| p.split_once('='))
                    .map(|(c, r)| (c.to_owned(), Value::String(r.to_owned())))
                    .collect();
                context.insert("exchangeRates".into(), Value::Object(pairs));
            }
            let context = if context.is_empty() {
                Value::Null
            } else {
                Value::Object(context)
            };
            let mut expect = Map::new();
            for (key, col) in [
                ("qualifies", "expectQualifies"),
                ("ratePercent", "expectRatePercent"),
                ("commission", "expectCommission"),
                ("reasons", "expectReasons"),
                ("error", "expectError"),
                ("warnings", "expectWarnings"),
                ("assumptions", "expectAssumptions"),
            ] {
                expect.insert(key.to_owned(), Value::String(cell(col)));
            }
            Case {
                id: cell("case"),
                order: Value::Object(order),
                context,
                expect,
            }
        })
        .collect()
}

/// Compares `{"estimate": …}` or `{"error": {code, message}}` with a case; returns the
/// differences.
pub fn check(case: &Case, result: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let e = &case.expect;
    let want = |k: &str| e[k].as_str().unwrap_or("").to_owned();
    if !want("error").is_empty() {
        if result["error"]["code"] != want("error") {
            problems.push(format!(
                "{}: expected error {} got {result}",
                case.id,
                want("error")
            ));
        }
        return problems;
    }
    let est = &result["estimate"];
    if est.is_null() {
        return vec![format!("{}: expected an estimate, got {result}", case.id)];
    }
    let reasons: Vec<&str> = est["reasons"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["code"].as_str()).collect())
        .unwrap_or_default();
    let got = [
        (
            "qualifies",
            est["qualifies"]
                .as_bool()
                .map(|b| b.to_string())
                .unwrap_or_default(),
        ),
        (
            "ratePercent",
            est["ratePercent"].as_str().unwrap_or("").to_owned(),
        ),
        (
            "commission",
            est["commission"].as_str().unwrap_or("").to_owned(),
        ),
        ("reasons", reasons.join("|")),
        ("warnings", codes(&est["warnings"])),
        ("assumptions", codes(&est["assumptions"])),
    ];
    for (k, v) in got {
        if v != want(k) {
            problems.push(format!(
                "{}: {k} expected {:?} got {v:?} (order {})",
                case.id,
                want(k),
                case.order
            ));
        }
    }
    // The breakdown adds up to the commission, to the cent.
    let sum: f64 = est["breakdown"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|l| l["amount"].as_str()?.parse::<f64>().ok())
                .sum()
        })
        .unwrap_or(0.0);
    let commission: f64 = est["commission"]
        .as_str()
        .and_then(|c| c.parse().ok())
        .unwrap_or(-1.0);
    if (sum - commission).abs() > 1e-9
        && !(est["breakdown"].as_array().is_some_and(Vec::is_empty) && commission == 0.0)
    {
        problems.push(format!(
            "{}: breakdown sums to {sum}, commission is {commission}",
            case.id
        ));
    }
    problems
}

fn codes(list: &Value) -> String {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["code"].as_str())
                .collect::<Vec<_>>()
                .join("|")
        })
        .unwrap_or_default()
}

/// Runs every case; panics with every difference.
pub fn run_all(mut run: impl FnMut(&Case) -> Value) -> usize {
    let cases = cases();
    let failures: Vec<String> = cases.iter().flat_map(|c| check(c, &run(c))).collect();
    assert!(
        failures.is_empty(),
        "{} commission problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    cases.len()
}

/// The report-level case file, compiled in for the same reason.
pub const REPORT_CASES: &str = include_str!("../cases/commission_report.json");

/// One report case: a context, rows, and the expected subset of `{lines, summary}`.
pub struct ReportCase {
    pub id: String,
    pub context: Value,
    pub rows: Vec<Value>,
    pub expect: Value,
}

pub fn report_cases() -> Vec<ReportCase> {
    let file: Value = serde_json::from_str(REPORT_CASES).expect("commission_report.json");
    file["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| ReportCase {
            id: c["id"].as_str().expect("id").to_owned(),
            context: c["context"].clone(),
            rows: c["rows"].as_array().expect("rows").clone(),
            expect: c["expect"].clone(),
        })
        .collect()
}

/// Where `actual` differs from the expected subset (see the file's `about`).
pub fn subset_problems(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                match a.get(k) {
                    Some(av) => subset_problems(&format!("{path}.{k}"), v, av, out),
                    None => out.push(format!("{path}.{k}: missing (expected {v})")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!(
                    "{path}: expected {} elements, got {}: {actual}",
                    e.len(),
                    a.len()
                ));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                subset_problems(&format!("{path}[{i}]"), ev, av, out);
            }
        }
        (Value::String(e), Value::String(a)) if e.starts_with('~') => {
            if !a.contains(&e[1..]) {
                out.push(format!("{path}: {a:?} does not contain {:?}", &e[1..]));
            }
        }
        (e, a) if e == a => {}
        (e, a) => out.push(format!("{path}: expected {e}, got {a}")),
    }
}

/// Runs every report case through `run(context, rows)`, which returns `{lines, summary}`
/// or `{"error": …}`; panics with every difference.
pub fn run_report_cases(mut run: impl FnMut(&Value, &[Value]) -> Value) -> usize {
    let cases = report_cases();
    let mut problems = Vec::new();
    for case in &cases {
        let got = run(&case.context, &case.rows);
        subset_problems(&case.id, &case.expect, &got, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "{} report problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    cases.len()
}
