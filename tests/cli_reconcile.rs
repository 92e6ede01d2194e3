//! `afflink reconcile`: the shared reconciliation cases through the binary (files in, JSON
//! lines out, the suggested card written to a file), exit codes and coded errors.

mod common;
#[path = "common/scratch.rs"]
mod scratch;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

fn afflink(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_afflink"))
        .args(args)
        .output()
        .expect("afflink runs")
}

fn scratch(name: &str) -> scratch::Scratch {
    scratch::Scratch::new("reconcile", name)
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// The command line for a case, with its files written to `dir`.
fn args_of(case: &Value, dir: &Path) -> Vec<String> {
    let file = common::reconcile::file();
    let input = &case["input"];
    let mut args = vec!["reconcile".to_owned()];
    let mut push = |a: &str, b: String| {
        args.push(a.to_owned());
        args.push(b);
    };
    if let Some(log) = input["postbackLog"].as_str() {
        let template = input["postbackTemplate"]
            .as_str()
            .or(file["postbackTemplate"].as_str())
            .unwrap();
        push("--postback-template", template.to_owned());
        push(
            "--postback-log",
            cases_dir().join(log).to_string_lossy().into_owned(),
        );
    }
    if let Some(report) = input["report"].as_str() {
        push(
            "--report",
            cases_dir().join(report).to_string_lossy().into_owned(),
        );
    }
    if let Some(text) = input["reportText"].as_str() {
        let path = dir.join("report.csv");
        std::fs::write(&path, text).unwrap();
        push("--report", path.to_string_lossy().into_owned());
    }
    if let Some(columns) = input["columns"].as_object() {
        for (field, header) in columns {
            push("--column", format!("{field}={}", header.as_str().unwrap()));
        }
    }
    if let Some(orders) = input["orders"].as_array() {
        let path = dir.join("orders.jsonl");
        let text: String = orders.iter().map(|o| format!("{o}\n")).collect();
        std::fs::write(&path, text).unwrap();
        push("--orders", path.to_string_lossy().into_owned());
    }
    let context = common::reconcile::context_of(case);
    if let Some(card) = context["rateCards"][0].as_object() {
        let path = dir.join("card.json");
        std::fs::write(&path, Value::Object(card.clone()).to_string()).unwrap();
        push("--rates", path.to_string_lossy().into_owned());
    }
    if let Some(sales) = context["previousPeriodSales"].as_str() {
        push("--previous-period-sales", sales.to_owned());
    }
    if let Some(rates) = context["exchangeRates"].as_object() {
        for (currency, rate) in rates {
            push(
                "--exchange-rate",
                format!("{currency}={}", rate.as_str().unwrap()),
            );
        }
    }
    push(
        "--suggest-card",
        dir.join("suggested.json").to_string_lossy().into_owned(),
    );
    args
}

#[test]
fn shared_cases_through_the_binary() {
    let mut failures = Vec::new();
    let cases = common::reconcile::cases();
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let dir = scratch(id);
        let args = args_of(case, &dir);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = afflink(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if case["cli"].as_str().is_some_and(|c| c.starts_with("usage")) {
            assert_eq!(out.status.code(), Some(2), "{id}: {stderr}");
            continue;
        }
        let result = if let Some(code) = case["expectError"].as_str() {
            assert_eq!(out.status.code(), Some(1), "{id}: {stderr}");
            // A sentence for a person first, then the code in brackets.
            assert!(
                stderr.starts_with("afflink: ")
                    && stderr.trim_end().ends_with(&format!("[{code}]")),
                "{id}: {stderr}"
            );
            assert!(out.stdout.is_empty(), "{id}");
            json!({ "error": { "code": code } })
        } else {
            assert_eq!(out.status.code(), Some(0), "{id}: {stderr}");
            let mut lines: Vec<Value> = String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).expect("each line is JSON"))
                .collect();
            let summary = lines.pop().expect("a summary line");
            assert!(
                summary.get("summary").is_some(),
                "{id}: the last line is the summary"
            );
            assert!(lines.iter().all(|l| l.get("summary").is_none()));
            let card: Value = std::fs::read_to_string(dir.join("suggested.json"))
                .map(|t| serde_json::from_str(&t).expect("the card is JSON"))
                .unwrap_or(Value::Null);
            json!({ "reconciliation": {
                "lines": lines, "summary": summary["summary"], "suggestedCard": card } })
        };
        failures.extend(common::reconcile::check(case, &result));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn line_keys_are_in_the_documented_order() {
    let dir = scratch("order");
    let case = common::reconcile::cases().remove(0);
    let args = args_of(&case, &dir);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = afflink(&args);
    let first = String::from_utf8(out.stdout).unwrap();
    let first = first.lines().next().unwrap();
    let keys = [
        "orderId",
        "program",
        "status",
        "estimated",
        "reported",
        "difference",
        "explanation",
    ];
    let mut at = 0;
    for k in keys {
        let i = first[at..]
            .find(&format!("\"{k}\":"))
            .unwrap_or_else(|| panic!("{k} in {first}"));
        at += i;
    }
}

#[test]
fn unreadable_inputs_exit_1_with_a_code_and_usage_errors_exit_2() {
    let missing = "/nonexistent/afflink-reconcile.csv";
    let template = "https://pb.example.com/pb?o={ord_id}&c={est_com}";
    let log = cases_dir().join("reconcile-postback.log");
    let log = log.to_str().unwrap();
    for args in [
        vec!["reconcile", "--report", missing],
        vec![
            "reconcile",
            "--postback-template",
            template,
            "--postback-log",
            missing,
        ],
        vec![
            "reconcile",
            "--postback-template",
            template,
            "--postback-log",
            log,
            "--orders",
            missing,
        ],
        vec![
            "reconcile",
            "--postback-template",
            template,
            "--postback-log",
            log,
            "--rates",
            missing,
        ],
    ] {
        let out = afflink(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("afflink: The ")
                && (stderr.trim_end().ends_with("[unreadable_input]")
                    || stderr.trim_end().ends_with("[invalid_rate_card]")),
            "{args:?}: {stderr}"
        );
    }
    // Not UTF-8.
    let dir = scratch("bytes");
    let bad = dir.join("report.csv");
    std::fs::write(&bad, b"Order Number,Estimated Commission\n\xff,1\n").unwrap();
    let out = afflink(&["reconcile", "--report", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unreadable_input"));
    for args in [
        vec!["reconcile"],
        vec!["reconcile", "--postback-log", log],
        vec!["reconcile", "--postback-template", template],
        vec![
            "reconcile",
            "--report",
            log,
            "--postback-template",
            template,
            "--postback-log",
            log,
        ],
        vec![
            "reconcile",
            "--postback-template",
            template,
            "--postback-log",
            log,
            "--column",
            "amount=X",
        ],
        vec![
            "reconcile",
            "--report",
            log,
            "--previous-period-sales",
            "1",
            "--history",
        ],
    ] {
        assert_eq!(afflink(&args).status.code(), Some(2), "{args:?}");
    }
    // A named shipped card is accepted as --rates NAME.
    let out = afflink(&[
        "reconcile",
        "--postback-template",
        template,
        "--postback-log",
        log,
        "--rates",
        "alibaba",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn no_rate_to_suggest_is_said_and_the_results_still_come() {
    let dir = scratch("nocard");
    let report = dir.join("report.csv");
    std::fs::write(
        &report,
        "Order Number,Paid Amount,Estimated Commission\n1,10.00,0.00\n",
    )
    .unwrap();
    let card = dir.join("card.json");
    let out = afflink(&[
        "reconcile",
        "--report",
        report.to_str().unwrap(),
        "--suggest-card",
        card.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no card written"));
    assert!(!card.exists());
}

/// `--orders` takes CSV with a header and a JSON array as well as JSON lines, as `estimate`
/// does.
#[test]
fn orders_as_csv_give_the_same_lines_as_json_lines() {
    let case = common::reconcile::cases()
        .into_iter()
        .find(|c| c["id"] == "order-report-with-orders")
        .unwrap();
    let dir = scratch("csvorders");
    let args = args_of(&case, &dir);
    let jsonl = afflink(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let fields = [
        "program",
        "orderId",
        "amount",
        "category",
        "buyer",
        "country",
        "status",
        "paidDate",
        "completedDate",
    ];
    let mut csv = fields.join(",");
    csv.push('\n');
    for o in case["input"]["orders"].as_array().unwrap() {
        let row: Vec<&str> = fields
            .iter()
            .map(|f| o[*f].as_str().unwrap_or(""))
            .collect();
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    std::fs::write(dir.join("orders.jsonl"), csv).unwrap();
    let from_csv = afflink(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(from_csv.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&from_csv.stdout),
        String::from_utf8_lossy(&jsonl.stdout)
    );
    assert!(String::from_utf8_lossy(&from_csv.stdout).contains("\"ordersOnly\":1"));
    // And as one pretty-printed JSON array.
    let array = serde_json::to_string_pretty(&case["input"]["orders"]).unwrap();
    std::fs::write(dir.join("orders.jsonl"), array).unwrap();
    let from_array = afflink(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(from_array.status.code(), Some(0));
    assert_eq!(from_array.stdout, jsonl.stdout);
}

/// An unclosed quote in the report or in `--orders` is refused with the line it starts on,
/// never read to the end of the file.
#[test]
fn an_unclosed_quote_is_refused_with_its_line() {
    let dir = scratch("quote");
    let report = dir.join("report.csv");
    std::fs::write(
        &report,
        "Order Number,Estimated Commission\r\n8001,1.00\r\n8002,\"2.00\r\n8003,3.00\r\n",
    )
    .unwrap();
    let out = afflink(&["reconcile", "--report", report.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the quoted field that starts on line 3 is never closed")
            && stderr.trim_end().ends_with("[invalid_csv]"),
        "{stderr}"
    );
    let orders = dir.join("orders.csv");
    std::fs::write(
        &orders,
        "program,orderId,amount\nalibaba,\"B1,10.00\nalibaba,B2,20.00\n",
    )
    .unwrap();
    let log = cases_dir().join("reconcile-postback.log");
    let out = afflink(&[
        "reconcile",
        "--postback-template",
        "https://pb.example.com/pb?o={ord_id}&c={est_com}",
        "--postback-log",
        log.to_str().unwrap(),
        "--orders",
        orders.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "afflink: The CSV cannot be read: the quoted field that starts on line 2 is never closed (--orders). [invalid_csv]\n"
    );
}

/// `--exchange-rate` as `estimate` has it: the shape is a usage error (exit 2), an
/// unreadable rate a coded error (exit 1).
#[test]
fn a_bad_exchange_rate_is_refused() {
    let dir = scratch("exchange");
    let report = dir.join("report.csv");
    std::fs::write(
        &report,
        "Order Number,Paid Amount,Estimated Commission\n1,10.00,0.80\n",
    )
    .unwrap();
    let run = |rate: &str| {
        afflink(&[
            "reconcile",
            "--report",
            report.to_str().unwrap(),
            "--exchange-rate",
            rate,
        ])
    };
    assert_eq!(run("EUR").status.code(), Some(2));
    let out = run("EUR=abc");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--exchange-rate") && stderr.trim_end().ends_with("[invalid_amount]"),
        "{stderr}"
    );
    assert_eq!(run("EUR=1.08").status.code(), Some(0));
}
