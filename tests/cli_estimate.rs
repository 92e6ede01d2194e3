//! `afflink estimate` and `afflink rates`: JSON lines and CSV in, estimates and summaries
//! out, the shipped rate cards listed and shown.

#[path = "common/cli.rs"]
mod cli;
#[path = "common/scratch.rs"]
mod scratch;

use cli::{afflink, lines};
use serde_json::Value;

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

    let dir = scratch::Scratch::new("estimate", "card");
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
        &["estimate", "--exchange-rate", "XY=1.08"][..],
    ] {
        let out = afflink(bad, b"");
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
    }
    assert_eq!(
        afflink(&["estimate", "--exchange-rate", "EUR"], b"")
            .status
            .code(),
        Some(2),
        "a rate not written CURRENCY=RATE is a usage error, as --param af is"
    );
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

/// Issue 17: amounts and countries as people write them, in CSV and on the command line; a
/// refusal reads as a sentence, then the code.
#[test]
fn estimate_reads_amounts_and_countries_as_people_write_them() {
    let csv = concat!(
        "program,orderId,amount,buyer,country,status,paidDate,completedDate\n",
        "aliexpress,A1,\"1,299.00\",returning,,completed,2025-01-10,2025-01-20\n",
        "aliexpress,A2,\"1,5\",returning,,completed,2025-01-10,2025-01-20\n",
        "alibaba,B1,US$ 200.00,new,UK,Trade Completed,2025-01-10,2025-01-20\n",
        "alibaba,B2,100.00,new,ZZ,Trade Completed,2025-01-10,2025-01-20\n",
    );
    let out = afflink(&["estimate", "--rates", "alibaba-listing"], csv.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][col("commission")], "103.92", "1,299.00 at 8%");
    let error = &rows[1][col("error")];
    assert!(
        error.starts_with("The amount \"1,5\" has a comma that reads as a decimal comma")
            && error.ends_with("(field \"amount\"). [invalid_amount]"),
        "{error}"
    );
    assert_eq!(
        &rows[2][col("ratePercent")],
        "7",
        "UK is GB: 7%, not the other countries' rate"
    );
    assert!(
        rows[2][col("warnings")].ends_with("[country_alias]"),
        "{}",
        &rows[2][col("warnings")]
    );
    assert!(rows[3][col("error")].ends_with("[invalid_country]"));

    // The previous period's sales as people write them.
    let order = r#"{"program":"aliexpress","orderId":"A1","amount":"60.00","buyer":"new","status":"completed","paidDate":"2016-10-10","completedDate":"2016-10-20"}"#;
    let args = [
        "estimate",
        "--rates",
        "aliexpress-example-2016",
        "--previous-period-sales",
    ];
    let out = afflink(&[&args[..], &["$400,000"]].concat(), order.as_bytes());
    assert_eq!(lines(&out)[0]["ratePercent"], "16");
    let out = afflink(&[&args[..], &["400,00"]].concat(), order.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("afflink: The previous period's sales \"400,00\" has a comma")
            && stderr
                .trim_end()
                .ends_with("(--previous-period-sales). [invalid_amount]"),
        "{stderr}"
    );
}

/// An unclosed quote is refused with the line it starts on (the `csv` crate would read it to
/// the end of the input, and two of these three orders would vanish); input that is not
/// UTF-8 is refused as `reconcile` refuses it.
#[test]
fn estimate_refuses_an_unclosed_quote_and_input_that_is_not_utf8() {
    let row = "aliexpress,10.00,returning,completed,2025-01-01,2025-01-05";
    let orders = format!(
        "orderId,program,amount,buyer,status,paidDate,completedDate\r\nA1,{row},\"oops\r\nA2,{row}\r\nA3,{row}\r\n"
    );
    let out = afflink(&["estimate"], orders.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no row, no summary");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "afflink: The CSV cannot be read: the quoted field that starts on line 2 is never closed. [invalid_csv]\n"
    );
    let closed = orders.replace("\"oops", "\"fine\"");
    let out = afflink(&["estimate"], closed.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"orders\":3"));
    for bytes in [
        &b"orderId,program\nA1,ali\xffexpress\n"[..],
        &b"{\"orderId\": \"A\xe9\"}\n"[..],
        &b"\xff\xfe\x00o\x00r\x00d\x00e\x00r\x00"[..],
    ] {
        let out = afflink(&["estimate"], bytes);
        assert_eq!(out.status.code(), Some(1), "{bytes:?}");
        assert!(out.stdout.is_empty(), "{bytes:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        // UTF-16 (a byte order mark FF FE) is named as such, not as a line of bad bytes.
        let start = if bytes.starts_with(b"\xff\xfe") {
            "afflink: The input on stdin is UTF-16 text (as Excel saves \"Unicode Text\"), not UTF-8: "
        } else {
            "afflink: The input on stdin is not UTF-8 text: line "
        };
        assert!(
            stderr.starts_with(start) && stderr.ends_with(" [unreadable_input]\n"),
            "{stderr}"
        );
    }
}

#[test]
fn estimate_reads_a_json_array_and_pretty_printed_orders() {
    let order = |id: &str| {
        format!(
            r#"{{"program": "aliexpress", "orderId": "{id}", "amount": "100.00", "buyer": "returning",
  "status": "completed", "paidDate": "2025-01-01", "completedDate": "2025-01-05"}}"#
        )
    };
    let ids = |out: &std::process::Output| -> Vec<Value> {
        lines(out)
            .iter()
            .map(|l| l.get("orderId").cloned().unwrap_or(Value::Null))
            .collect()
    };
    // An array over several lines, after a byte order mark; a pretty-printed object per
    // order; and an array on one line (which used to be read as a CSV header: no order).
    for input in [
        format!("\u{feff}[\n{},\n{}\n]\n", order("A1"), order("A2")),
        format!("{}\n{}\n", order("A1"), order("A2")),
        format!("[{}, {}]", order("A1"), order("A2")).replace('\n', ""),
    ] {
        let out = afflink(&["estimate"], input.as_bytes());
        assert_eq!(out.status.code(), Some(0), "{input}");
        assert_eq!(
            ids(&out),
            [Value::from("A1"), "A2".into(), Value::Null],
            "{input}"
        );
        let summary = &lines(&out)[2]["summary"];
        assert_eq!(summary["estimated"], "16.00", "{input}");
    }
    // An element that is not an object keeps its place, refused.
    let out = afflink(&["estimate"], format!("[{}, 5]", order("A1")).as_bytes());
    assert_eq!(
        lines(&out)[1]["error"]["message"],
        "An order must be a JSON object."
    );
    // An array that cannot be read is refused as a whole: no row, no summary.
    let out = afflink(&["estimate"], format!("[{},", order("A1")).as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(
            "afflink: The input starts as a JSON array of orders but cannot be read as one: "
        ) && stderr.ends_with(" [invalid_field]\n"),
        "{stderr}"
    );
    // JSON lines with one bad line keep their line numbers (not read as one stream).
    let out = afflink(
        &["estimate"],
        format!("{}\n{{oops\n", order("A1").replace('\n', "")).as_bytes(),
    );
    assert_eq!(ids(&out), [Value::from("A1"), Value::Null, Value::Null]);
    assert!(lines(&out)[1]["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Line 2 is not a JSON object"));
}

/// Orders as spreadsheets save them, read as the tools' calculator reads them: `;` (Excel
/// where the decimal separator is a comma) and Excel's `sep=` line, tabs, a quote inside a
/// cell, rows of empty cells below the data, a row longer than the header, a title two
/// columns share, a workbook.
#[test]
fn estimate_reads_csv_as_spreadsheets_save_it() {
    let head = "program;orderId;amount;category;buyer;status;paidDate;completedDate;note";
    let rows = "aliexpress;AE-1;60.00;Tablet 10.1\" screen;new;completed;2025-01-12;2025-01-20;a;b\r\n\
                aliexpress;AE-2;\"1,299.00\";;new;completed;2025-01-18;2025-01-30;x\r\n;;;;;;;;\r\n";
    for input in [
        format!("{head}\r\n{rows}"),
        format!("\u{feff}sep=;\r\n{head}\r\n{rows}"),
    ] {
        let out = afflink(&["estimate"], input.as_bytes());
        assert_eq!(out.status.code(), Some(0), "{input:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("\"orders\":2"),
            "the empty row is no order: {stderr}"
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            text.starts_with('\u{feff}'),
            input.starts_with('\u{feff}'),
            "a byte order mark is written back"
        );
        let text = text.trim_start_matches('\u{feff}');
        let table: Vec<Vec<&str>> = text.lines().map(|l| l.split(';').collect()).collect();
        assert_eq!(
            table[0],
            [
                "program",
                "orderId",
                "amount",
                "category",
                "buyer",
                "status",
                "paidDate",
                "completedDate",
                "note",
                "",
                "qualifies",
                "ratePercent",
                "commission",
                "period",
                "reasons",
                "warnings",
                "assumptions",
                "error"
            ],
            "written back with `;`, the results after the widest row"
        );
        assert_eq!(table.len(), 3, "{text}");
        assert_eq!(table[1][3], "\"Tablet 10.1\"\" screen\"");
        assert_eq!(&table[1][8..13], ["a", "b", "true", "8", "4.80"]);
        assert_eq!(&table[2][8..13], ["x", "", "true", "8", "103.92"]);
    }
    let tabs = "program\torderId\tamount\tbuyer\tstatus\tpaidDate\tcompletedDate\naliexpress\tT-1\t10.00\tnew\tcompleted\t2025-01-10\t2025-01-20\n";
    let out = afflink(&["estimate"], tabs.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("aliexpress\tT-1\t10.00\t"),
        "{text}"
    );
    assert!(text.contains("\ttrue\t8\t0.80\t"), "{text}");
    // A name two columns share: refused, as the calculator refuses it (the later was used).
    let twice = "program,orderId,amount,amount,buyer,status,paidDate,completedDate\naliexpress,D-1,10.00,1000.00,new,completed,2025-01-10,2025-01-20\n";
    let out = afflink(&["estimate"], twice.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "afflink: The header names the column \"amount\" twice. [invalid_csv]\n"
    );
    for workbook in [
        &b"PK\x03\x04\x14\x00\x06\x00"[..],
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    ] {
        let out = afflink(&["estimate"], workbook);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "afflink: The input on stdin is a spreadsheet workbook (.xlsx, .ods, .numbers or .xls), not CSV: save it as \"CSV UTF-8\". [unreadable_input]\n"
        );
    }
}
