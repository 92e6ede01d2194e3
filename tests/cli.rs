//! The `afflink` binary: arguments, stdin, output shape and exit codes.

mod common;

#[path = "common/cli.rs"]
mod cli;

use cli::{afflink, lines};

use serde_json::Value;

/// `afflink deeplink --aff-short-key K1 --csv --column COLUMN` on `input`.
fn deeplink_csv(column: &str, input: &[u8]) -> std::process::Output {
    afflink(
        &[
            "deeplink",
            "--aff-short-key",
            "K1",
            "--csv",
            "--column",
            column,
        ],
        input,
    )
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

/// Usage errors exit 2. A NAME=VALUE argument without `=` or without a name is one, on
/// every command; a well-formed one with a bad value is a refusal with a code (exit 1).
#[test]
fn usage_errors_exit_2() {
    assert_eq!(afflink(&["frobnicate"], b"").status.code(), Some(2));
    assert_eq!(afflink(&[], b"").status.code(), Some(2));
    assert_eq!(
        afflink(&["classify", "--bogus"], b"").status.code(),
        Some(2)
    );
    let link = "https://s.click.aliexpress.com/e/_DlRvuuN";
    let pb = "https://example.com/pb?c={est_com}";
    for args in [
        &["link", "--link", link, "--param", "af"][..],
        &["link", "--link", link, "--param", "=x"],
        &["deeplink", "--aff-short-key", "K1", "--param", "af"],
        &["postback", "expand", pb, "--value", "est_com"],
        &["estimate", "--exchange-rate", "EUR"],
        &["estimate", "--exchange-rate", "=1.08"],
        &["reconcile", "--report", "r.csv", "--column", "amount"],
    ] {
        let out = afflink(args, b"");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("expected "), "{args:?}: {stderr}");
    }
    let out = afflink(&["estimate", "--exchange-rate", "EUR=abc"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).ends_with(" [invalid_amount]\n"));
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
    let out = deeplink_csv("url", feed.as_bytes());
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
        rows[2].starts_with("\"Cable, USB\",https://www.alibaba.com/x/abc,3,,This is a short link")
            && rows[2].ends_with(" [needs_resolving]"),
        "{}",
        rows[2]
    );
    assert!(
        rows[3].starts_with("short-row,,,,This is not a complete web address")
            && rows[3].ends_with(" [not_a_url]"),
        "{}",
        rows[3]
    );
    assert!(
        rows[4].starts_with("'@cmd,")
            && rows[4].contains(",'+1,,This product address already carries")
            && rows[4].ends_with(" [already_tracked]"),
        "{}",
        rows[4]
    );

    let out = deeplink_csv("link", feed.as_bytes());
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
    // The template's warnings go to stderr, as `postback check` words them.
    let out = afflink(
        &[
            "postback",
            "expand",
            "http://x.example/pb?{pid}=1",
            "--value",
            "pid=a",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, b"http://x.example/pb?a=1\n");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("afflink: The postback URL uses plain http"));
    assert!(
        stderr.contains("value. [macro_outside_value]\n"),
        "{stderr}"
    );
}

/// Issue 17: a lookalike is named, a refusal reads as a sentence then the code, and the
/// template helper reads the product from the sample link when it carries it.
#[test]
fn refusals_read_as_a_sentence_then_the_code() {
    let out = afflink(
        &[
            "deeplink",
            "--aff-short-key",
            "_dT5B1bR",
            "--url",
            "https://s-aliexpres.com/item/1005006123456789.html",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "afflink: This site looks like AliExpress but is not: its name imitates aliexpress.com, so its links are refused. [lookalike_host]\n"
    );
    expect_stdout(
        &[
            "alibaba-template",
            "--link",
            "https://click.alibaba.com/rd/pcKey123?pid=old&id=62050354078",
        ],
        "https://click.alibaba.com/rd/pcKey123?pid=old&id={product_id}\n",
    );
    let out = afflink(
        &[
            "alibaba-template",
            "--link",
            "https://click.alibaba.com/rd/pcKey123",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("afflink: The sample link does not say which product it points to")
            && stderr.contains("--product-id")
            && stderr.ends_with(" [missing_product_id]\n"),
        "{stderr}"
    );
    // Given, the id must be in the link.
    expect_refused(
        &[
            "alibaba-template",
            "--link",
            "https://click.alibaba.com/rd/pcKey123",
            "--product-id",
            "62050354078",
        ],
        " [invalid_template]\n",
    );
}

/// What every link of a bulk run shares (the key, the template, the parameters) is checked
/// once, before a row is read: one refusal with its code, exit status 1, no output rows.
#[test]
fn bulk_modes_refuse_a_bad_shared_setting_once() {
    let url = "https://www.aliexpress.com/item/1005001234567890.html";
    let lines_in = format!("{url}\n{url}\n");
    let feed = format!("url\n{url}\n{url}\n");
    let long = format!("deeplink|--aff-short-key|K1|--param|af={}", "x".repeat(300));
    let template = "alibaba-link|--template|https://click.alibaba.com/rd/x7k2pq?id={product_id}";
    for (args, code) in [
        ("deeplink|--aff-short-key|a b", "invalid_key"),
        (
            "deeplink|--aff-short-key|K1|--param|pid=x",
            "unknown_parameter",
        ),
        (&long, "value_too_long"),
        (
            "alibaba-link|--template|https://evil.com/{product_id}",
            "invalid_template",
        ),
        (&format!("{template}|--param|af=x"), "unknown_parameter"),
    ] {
        // Each case's arguments, separated by `|`.
        let args: Vec<&str> = args.split('|').collect();
        let csv = [&args[..], &["--csv", "--column", "url"]].concat();
        let json = [&args[..], &["--json"]].concat();
        for (args, stdin) in [(args.clone(), &lines_in), (json, &lines_in), (csv, &feed)] {
            let out = afflink(&args, stdin.as_bytes());
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(out.stdout.is_empty(), "{args:?}: no output rows");
            assert_eq!(stderr.lines().count(), 1, "refused once: {stderr}");
            assert!(
                stderr.starts_with("afflink: ") && stderr.ends_with(&format!(" [{code}]\n")),
                "{args:?}: {stderr}"
            );
        }
    }
}

/// The `csv` crate reads an unclosed quote to the end of the input; afflink refuses it,
/// naming the line, in the words of the tools' reader (`tests/cases/spreadsheet.json`).
#[test]
fn csv_mode_refuses_an_unclosed_quote_and_input_that_is_not_utf8() {
    let url = "https://www.aliexpress.com/item/1005006123456789.html";
    let feed = format!("name,url\nx,\"oops\ny,{url}\nz,{url}\n");
    let template = "https://click.alibaba.com/rd/x7k2pq?id={product_id}";
    let deeplink = ["deeplink", "--aff-short-key", "K1", "--csv", "--column"];
    let alibaba = ["alibaba-link", "--template", template, "--csv", "--column"];
    for command in [&deeplink[..], &alibaba[..]] {
        let args: Vec<&str> = command.iter().copied().chain(["url"]).collect();
        let out = afflink(&args, feed.as_bytes());
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: no row is written");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "afflink: The CSV cannot be read: the quoted field that starts on line 2 is never closed. [invalid_csv]\n"
        );
        let out = afflink(&args, format!("na\u{e9}me,url\nx,{url}\n").as_bytes());
        assert_eq!(out.status.code(), Some(0), "UTF-8 is read");
        let mut latin1 = b"na\xe9me,url\nx,".to_vec();
        latin1.extend_from_slice(url.as_bytes());
        let out = afflink(&args, &latin1);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "afflink: The input on stdin is not UTF-8 text: line 1 holds bytes that are not. [unreadable_input]\n"
        );
    }
    // Quotes that open a field and close, quotes inside a cell: read as before.
    let fine = format!("name,url\n\"a \"\"b\"\"\nc\",{url}\nd\"e,{url}\n");
    let out = deeplink_csv("url", fine.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout)
            .unwrap()
            .matches("deep_link.htm")
            .count(),
        2
    );
    // The error cases the tools' reader shares, first column as the URL column.
    let cases: Value =
        serde_json::from_str(include_str!("cases/spreadsheet.json")).expect("spreadsheet cases");
    for case in cases["csv"].as_array().unwrap() {
        let Some(code) = case["error"].as_str() else {
            continue;
        };
        let text = case["text"].as_str().unwrap();
        let column = text.split([',', '\n']).next().unwrap();
        let out = deeplink_csv(column, text.as_bytes());
        assert_eq!(out.status.code(), Some(1), "{}", case["name"]);
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "afflink: {} [{code}]\n",
                case["errorMessage"].as_str().unwrap()
            )
        );
    }
}
