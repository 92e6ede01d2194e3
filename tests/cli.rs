//! The `afflink` binary: arguments, stdin, output shape and exit codes.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn afflink(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_afflink"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("afflink runs");
    // With URL arguments the tool never reads stdin and may exit first: a broken pipe here
    // is expected, so the write result is deliberately ignored.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn shared_cases_through_stdin_one_line_each() {
    // Inputs with line breaks cannot travel as lines; they are covered by the argument test.
    let cases: Vec<Value> = common::cases()
        .into_iter()
        .filter(|c| !common::input_of(c).contains(['\n', '\r']))
        .collect();
    let stdin: String = cases
        .iter()
        .map(|c| format!("{}\n", common::input_of(c)))
        .collect();
    let out = afflink(&["classify"], stdin.as_bytes());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results = lines(&out);
    assert_eq!(results.len(), cases.len(), "one output line per input line");
    let failures: Vec<String> = cases
        .iter()
        .zip(&results)
        .flat_map(|(c, r)| common::check_case(c, r))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn arguments_are_classified_in_order() {
    let inputs = [
        "https://www.aliexpress.com/item/1005006123456789.html",
        "javascript:alert(1)",
        "https://x.test/\tx",
    ];
    let out = afflink(
        &["classify", inputs[0], inputs[1], inputs[2]],
        b"ignored when urls are given\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let results = lines(&out);
    let kinds: Vec<&str> = results
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["product", "rejected", "rejected"]);
    for (r, input) in results.iter().zip(inputs) {
        assert_eq!(r["input"], input);
    }
    assert_eq!(results[2]["reason"]["code"], "not_a_url");
}

#[test]
fn blank_crlf_and_invalid_utf8_lines_each_get_a_result() {
    let out = afflink(&["classify"], b"https://m.alibaba.com/product/62050354078.html\r\n\nhttps://www.aliexpress.com/item/1\xff.html\n");
    assert_eq!(out.status.code(), Some(0));
    let results = lines(&out);
    assert_eq!(results.len(), 3);
    assert_eq!(
        results[0]["input"],
        "https://m.alibaba.com/product/62050354078.html"
    );
    assert_eq!(results[0]["productId"], "62050354078");
    assert_eq!(results[1]["reason"]["code"], "not_a_url");
    assert_eq!(
        results[2]["kind"], "rejected",
        "invalid UTF-8 is never a product"
    );
}

#[test]
fn output_keys_are_camel_case_in_the_documented_order() {
    let out = afflink(&["classify", "https://www.alibaba.com/x/AbC123"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    let order = [
        "\"input\"",
        "\"kind\"",
        "\"program\"",
        "\"productId\"",
        "\"canonicalUrl\"",
        "\"affiliateParams\"",
        "\"reason\"",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|k| {
            text.find(k)
                .unwrap_or_else(|| panic!("{k} missing: {text}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(afflink(&["frobnicate"], b"").status.code(), Some(2));
    assert_eq!(afflink(&[], b"").status.code(), Some(2));
    assert_eq!(
        afflink(&["classify", "--bogus"], b"").status.code(),
        Some(2)
    );
}

#[test]
fn codes_lists_the_registry() {
    let out = afflink(&["codes"], b"");
    assert_eq!(out.status.code(), Some(0));
    let codes: Vec<String> = lines(&out)
        .iter()
        .map(|v| v["code"].as_str().unwrap().to_owned())
        .collect();
    let registry: Vec<&str> = afflink::Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, registry);
}
