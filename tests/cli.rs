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
    // Written from a thread so that a large output cannot fill the pipe while we still
    // write. With URL arguments the tool never reads stdin and may exit first: a broken
    // pipe is expected, so the write result is deliberately ignored.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
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
        .chain(common::hostile_cases())
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

/// Runs `afflink ARGS` and checks that it prints exactly `want` and exits 0.
fn expect_stdout(args: &[&str], want: &str) {
    let out = afflink(args, b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), want, "{args:?}");
}

/// Runs `afflink ARGS` and checks that it refuses with `code` on stderr and exit status 1.
fn expect_refused(args: &[&str], code: &str) {
    let out = afflink(args, b"");
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn link_prints_the_link_and_refusals_exit_1() {
    let link = "https://s.click.aliexpress.com/e/_DlRvuuN";
    expect_stdout(
        &[
            "link",
            "--link",
            &format!("{link}#x"),
            "--param",
            "af=my blog",
            "--param",
            "cn=",
        ],
        &format!("{link}?af=my%20blog#x\n"),
    );
    expect_refused(
        &[
            "link",
            "--link",
            "https://www.aliexpress.com/item/1005006123456789.html",
            "--param",
            "af=x",
        ],
        "not_a_tracking_link",
    );
    let out = afflink(&["link", "--link", link, "--param", "noequals"], b"");
    assert_eq!(
        out.status.code(),
        Some(2),
        "a malformed --param is a usage error"
    );
}

#[test]
fn deeplink_json_single_and_list_modes() {
    let out = afflink(
        &[
            "deeplink",
            "--aff-short-key",
            "K1",
            "--url",
            "https://www.aliexpress.com/wholesale?SearchText=x",
            "--json",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let v = &lines(&out)[0];
    assert_eq!(v["error"]["code"], "not_a_product_page");
    assert!(
        String::from_utf8(out.stdout.clone())
            .unwrap()
            .starts_with("{\"input\":"),
        "input comes first"
    );

    let stdin = b"https://fr.aliexpress.com/item/1005006123456789.html\nhttps://a.aliexpress.com/_mK2xYz1\n\nhttps://www.alibaba.com/product-detail/X_1600123456789.html\n";
    let out = afflink(
        &[
            "deeplink",
            "--aff-short-key",
            "K1",
            "--param",
            "af=a",
            "--json",
        ],
        stdin,
    );
    assert_eq!(out.status.code(), Some(0), "list mode exits 0 once it ran");
    let results = lines(&out);
    assert_eq!(results.len(), 4, "nothing is dropped");
    assert!(results[0]["link"].as_str().unwrap().ends_with("&af=a"));
    assert_eq!(results[1]["error"]["code"], "needs_resolving");
    assert_eq!(results[2]["error"]["code"], "not_a_url");
    assert_eq!(results[3]["error"]["code"], "wrong_program");

    let out = afflink(&["deeplink", "--aff-short-key", "K1"], stdin);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().count(),
        4,
        "plain list mode keeps one line per input: {text}"
    );
    assert!(text
        .lines()
        .next()
        .unwrap()
        .starts_with("https://s.click.aliexpress.com/deep_link.htm?aff_short_key=K1&"));
    assert_eq!(text.lines().nth(1), Some(""));
    let out = afflink(
        &[
            "deeplink",
            "--aff-short-key",
            "bad key",
            "--url",
            "https://www.aliexpress.com/item/1.html",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid_key"));
}

#[test]
fn csv_mode_keeps_every_row_and_neutralises_formulas() {
    let feed = "name,url,price\n=HYPERLINK(\"http://evil\"),https://www.aliexpress.com/item/1005006123456789.html,-5\n\"Cable, USB\",https://www.alibaba.com/x/abc,3\nshort-row\n@cmd,https://www.aliexpress.com/item/1005006123456789.html?aff_fcid=x,+1\n";
    let out = afflink(
        &[
            "deeplink",
            "--aff-short-key",
            "K1",
            "--csv",
            "--column",
            "url",
        ],
        feed.as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 5, "{text}");
    assert_eq!(rows[0], "name,url,price,link,error");
    assert!(rows[1].starts_with("\"'=HYPERLINK(\"\"http://evil\"\")\",https://www.aliexpress.com/item/1005006123456789.html,'-5,https://s.click.aliexpress.com/deep_link.htm?"), "{}", rows[1]);
    assert!(
        rows[2].starts_with("\"Cable, USB\",https://www.alibaba.com/x/abc,3,,needs_resolving: "),
        "{}",
        rows[2]
    );
    assert!(
        rows[3].starts_with("short-row,,,,not_a_url: "),
        "{}",
        rows[3]
    );
    assert!(
        rows[4].starts_with("'@cmd,") && rows[4].contains(",'+1,,already_tracked: "),
        "{}",
        rows[4]
    );

    let out = afflink(
        &[
            "deeplink",
            "--aff-short-key",
            "K1",
            "--csv",
            "--column",
            "link",
        ],
        feed.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing_column"));
    assert_eq!(
        afflink(&["deeplink", "--aff-short-key", "K1", "--csv"], b"")
            .status
            .code(),
        Some(2),
        "--csv needs --column"
    );
}

#[test]
fn alibaba_commands() {
    let sample = "https://click.alibaba.com/rd/x7k2pq?id=62050354078";
    expect_stdout(
        &[
            "alibaba-template",
            "--link",
            sample,
            "--product-id",
            "62050354078",
        ],
        "https://click.alibaba.com/rd/x7k2pq?id={product_id}\n",
    );
    let template = "https://click.alibaba.com/rd/x7k2pq?id={product_id}";
    expect_stdout(
        &[
            "alibaba-link",
            "--template",
            template,
            "--product-id",
            "62050354078",
            "--param",
            "pid=me",
        ],
        &format!("{sample}&pid=me\n"),
    );
    expect_refused(
        &[
            "alibaba-link",
            "--template",
            "https://click.alibaba.com/rd/x7k2pq",
            "--product-id",
            "62050354078",
        ],
        "invalid_template",
    );
}

#[test]
fn postback_check_and_expand() {
    let out = afflink(
        &[
            "postback",
            "check",
            "https://example.com/pb?pubid={pid}&commission={est_com}",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "ok\nmacros: pid est_com\n"
    );
    let out = afflink(
        &[
            "postback",
            "check",
            "--json",
            "http://example.com/pb?c={est_comm}",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1), "errors exit 1");
    let report = &lines(&out)[0];
    assert_eq!(report["ok"], false);
    assert_eq!(report["problems"][0]["code"], "unknown_macro");
    assert_eq!(report["problems"][1]["code"], "insecure_http");
    let out = afflink(
        &[
            "postback",
            "expand",
            "https://example.com/pb?n={p_name}&c={est_com}",
            "--value",
            "p_name=A & B",
            "--value",
            "est_com=1.5",
        ],
        b"",
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "https://example.com/pb?n=A%20%26%20B&c=1.5\n"
    );
}

#[test]
fn estimate_json_lines_then_summary() {
    let orders = concat!(
        r#"{"program":"aliexpress","orderId":"A1","amount":"59.99","buyer":"new","status":"completed","paidDate":"2016-10-12","completedDate":"2016-10-30"}"#,
        "\n\n",
        r#"{"program":"alibaba","orderId":"B1","amount":"-1","buyer":"new","country":"US","status":"completed","paidDate":"2025-01-01","completedDate":"2025-01-02"}"#,
        "\nnot json\n",
    );
    let out = afflink(
        &[
            "estimate",
            "--previous-period-sales",
            "400000",
            "--rates",
            "aliexpress-example-2016",
        ],
        orders.as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results = lines(&out);
    assert_eq!(
        results.len(),
        4,
        "three orders (the blank line is not one) and the summary"
    );
    assert_eq!(
        (
            results[0]["ratePercent"].as_str(),
            results[0]["commission"].as_str()
        ),
        (Some("16"), Some("9.60"))
    );
    assert_eq!(results[1]["orderId"], "B1");
    assert_eq!(results[1]["error"]["code"], "invalid_amount");
    assert_eq!(results[2]["error"]["code"], "invalid_field");
    assert!(results[2]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Line 4"));
    let summary = &results[3]["summary"];
    assert_eq!(
        (summary["orders"].as_u64(), summary["errors"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(summary["estimated"], "9.60");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("{\"summary\":{\"orders\":"),
        "the summary keeps its field order"
    );
}

#[test]
fn estimate_history_csv_and_rate_cards() {
    let csv = "program,orderId,amount,buyer,country,status,paidDate,completedDate,note\n\
               aliexpress,a,400000,returning,,completed,2016-09-15,2016-09-20,big\n\
               aliexpress,=b,100,returning,,completed,2016-10-15,2016-10-20,@next\n";
    let out = afflink(&["estimate", "--history"], csv.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], "program,orderId,amount,buyer,country,status,paidDate,completedDate,note,qualifies,ratePercent,commission,period,reasons,warnings,assumptions,error");
    assert!(
        rows[1].ends_with(",true,8,32000.00,2016-09-10..2016-10-09,,,,"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].starts_with("aliexpress,'=b,100,") && rows[2].contains(",'@next,true,10,10.00,"),
        "{}",
        rows[2]
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"estimated\":\"32010.00\""));

    let dir = std::env::temp_dir().join(format!("afflink-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let card = dir.join("card.json");
    std::fs::write(&card, r#"{"program": "alibaba", "cap": {"maxCommission": "5", "source": "my dashboard", "asOf": "2026-11"}}"#).unwrap();
    let order = r#"{"program":"alibaba","orderId":"c","amount":"1000","buyer":"new","country":"US","status":"completed","paidDate":"2025-01-01","completedDate":"2025-01-02"}"#;
    let out = afflink(
        &["estimate", "--rates", card.to_str().unwrap()],
        order.as_bytes(),
    );
    assert_eq!(lines(&out)[0]["commission"], "5.00");
    std::fs::write(&card, r#"{"program": "alibaba", "rules": "nope"}"#).unwrap();
    let out = afflink(
        &["estimate", "--rates", card.to_str().unwrap()],
        order.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid_rate_card"));
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        afflink(
            &["estimate", "--history", "--previous-period-sales", "1"],
            b""
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn estimate_defaults_named_cards_currencies_adjustments_and_months() {
    let rows = concat!(
        r#"{"program":"aliexpress","orderId":"A1","amount":"60.00","buyer":"new","status":"completed","paidDate":"2016-10-12","completedDate":"2016-10-30","clickDate":"2016-10-11"}"#,
        "\n",
        r#"{"program":"aliexpress","orderId":"A2","amount":"100.00","currency":"EUR","buyer":"returning","status":"completed","paidDate":"2016-11-12","completedDate":"2016-11-30"}"#,
        "\n",
        r#"{"program":"aliexpress","orderId":"A1","amount":"60.00","buyer":"new","status":"completed","paidDate":"2016-10-12","completedDate":"2016-10-30"}"#,
        "\n",
        r#"{"type":"adjustment","program":"aliexpress","orderId":"A1","amount":"-1.00","date":"2016-11-01"}"#,
        "\n",
    );
    // The default card: the documented 8% + 2%, with no assumption.
    let out = afflink(
        &[
            "estimate",
            "--previous-period-sales",
            "400000",
            "--exchange-rate",
            "EUR=1.0800",
            "--group-by",
            "month",
        ],
        rows.as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let l = lines(&out);
    assert_eq!(l.len(), 5, "one line per input row, then the summary");
    assert_eq!(
        (l[0]["ratePercent"].as_str(), l[0]["commission"].as_str()),
        (Some("10"), Some("6.00"))
    );
    assert_eq!(l[0]["assumptions"], serde_json::json!([]));
    assert_eq!(l[0]["warnings"][0]["code"], "session_tracking");
    assert_eq!(
        (
            l[1]["amount"].as_str(),
            l[1]["amountUsd"].as_str(),
            l[1]["commission"].as_str()
        ),
        (Some("100.00"), Some("108.00"), Some("10.80"))
    );
    assert_eq!(l[2]["reasons"][0]["code"], "duplicate_order");
    assert_eq!(l[3]["type"], "adjustment");
    let summary = &l[4]["summary"];
    assert_eq!(summary["groupBy"], "month");
    assert_eq!(summary["periods"][1]["start"], "2016-11-01");
    assert_eq!(summary["periods"][1]["net"], "9.80");
    assert_eq!(summary["net"], "15.80");
    // The example card by name: 16%, labelled.
    let out = afflink(
        &[
            "estimate",
            "--previous-period-sales",
            "400000",
            "--rates",
            "aliexpress-example-2016",
        ],
        rows.lines().next().unwrap().as_bytes(),
    );
    let l = lines(&out);
    assert_eq!(l[0]["commission"], "9.60");
    assert_eq!(l[0]["assumptions"][0]["code"], "example_figure");
    // Without a rate, the EUR order is refused by name and the others keep their lines.
    let out = afflink(&["estimate"], rows.as_bytes());
    assert_eq!(lines(&out)[1]["error"]["code"], "missing_exchange_rate");
    for bad in [
        &["estimate", "--rates", "no-such-card"][..],
        &["estimate", "--exchange-rate", "EUR"][..],
    ] {
        let out = afflink(bad, b"");
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
    }
    assert_eq!(
        afflink(&["estimate", "--group-by", "week"], b"")
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn rates_list_names_the_shipped_cards() {
    let out = afflink(&["rates", "list"], b"");
    assert_eq!(out.status.code(), Some(0));
    let cards = lines(&out);
    let names: Vec<&str> = cards.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "aliexpress-documented",
            "alibaba-documented",
            "aliexpress-example-2016",
            "alibaba-listing"
        ]
    );
    assert_eq!(cards[0]["default"], true);
    assert_eq!(cards[3]["default"], false);
    for name in names {
        let out = afflink(&["rates", "show", name], b"");
        let card: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(card["id"], name);
    }
}

#[test]
fn rates_show_prints_the_shipped_card() {
    for program in ["aliexpress", "alibaba"] {
        let out = afflink(&["rates", "show", program], b"");
        assert_eq!(out.status.code(), Some(0));
        let card: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(card["program"], program);
        assert_eq!(card["schema"], "afflink/rate-card/1");
    }
    assert_eq!(
        afflink(&["rates", "show", "ebay"], b"").status.code(),
        Some(2)
    );
}
