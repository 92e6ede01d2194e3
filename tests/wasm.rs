//! The WebAssembly binding, run by wasm-bindgen-test in Node and in headless Chromium
//! (`scripts/test.sh` runs this file twice, the second time with WASM_BINDGEN_USE_BROWSER).
#![cfg(target_arch = "wasm32")]

mod common;

use afflink::wasm::{
    classify_input_buffer, classify_many, classify_many_records, classify_record, classify_value,
    codes,
};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// A plain JS value the binding returned, as JSON.
fn plain(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).expect("the binding returns plain values")
}

/// A thrown refusal as `{code, message}`.
fn refusal(error: &JsValue) -> Value {
    let get = |name: &str| {
        js_sys::Reflect::get(error, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
    };
    assert!(error.is_instance_of::<js_sys::Error>(), "not an Error");
    json!({ "code": get("code").expect("a code"), "message": get("message").expect("a message") })
}

/// `{field: value}` or `{error: {code, message}}`: the shape the shared case runners compare.
fn outcome<T: Into<JsValue>>(field: &str, result: Result<T, JsValue>) -> Value {
    match result {
        Ok(v) => json!({ field: plain(v.into()) }),
        Err(e) => json!({ "error": refusal(&e) }),
    }
}

fn classify_plain(input: &str) -> Value {
    plain(classify_value(input).expect("classifies"))
}

#[wasm_bindgen_test]
fn shared_cases_through_the_binding() {
    let n = common::run_all(classify_plain);
    assert!(n >= 150);
}

#[wasm_bindgen_test]
fn hostile_inputs_through_the_binding() {
    let n = common::run_cases(&common::hostile_cases(), classify_plain);
    assert!(n >= 150);
}

#[wasm_bindgen_test]
fn batch_records_agree_with_one_call_each() {
    let mut inputs: Vec<String> = common::cases()
        .iter()
        .chain(common::hostile_cases().iter())
        .map(|c| common::input_of(c).to_owned())
        .collect();
    inputs.push("https://www.aliexpress.com/item/1005006123456789.html?af=1&aff_fcid=2".into());
    // Ids that are not a slice of an ASCII input.
    inputs.push(" https://www.aliexpress.com/item/./1005006123456789.html\u{a0}".into());
    inputs.push("\u{a0}https://www.alibaba.com/product-detail/%41b_1600123456789.html".into());
    let joined = inputs.concat();
    let lens: Vec<u32> = inputs
        .iter()
        .map(|s| s.encode_utf16().count() as u32)
        .collect();
    let (many, text) = classify_many(joined.as_bytes(), &lens).expect("records");
    assert_eq!(many.len(), 2 + inputs.len() * 4);
    let word = |i: usize| many[i + 1];
    let mut pos = 0;
    let mut products = 0;
    for (i, input) in inputs.iter().enumerate() {
        let header = word(1 + 4 * i);
        let len = word(2 + 4 * i) as usize;
        // The header of one call: kind, program, reason, canonical form, parameter count
        // (bits 0–19, without `IN_TEXT`, bit 15).
        let in_text = 1 << 15;
        assert_eq!(
            header & 0xf_ffff,
            classify_record(input) & !in_text,
            "{input:?}"
        );
        let json = classify_plain(input);
        let kinds = ["product", "page", "affiliateLink", "shortLink", "rejected"];
        assert_eq!(json["kind"], kinds[(header & 7) as usize], "{input:?}");
        if json["kind"] == "product" {
            let canonical = &text[pos..pos + len];
            let id_end = len - ".html".len();
            let id = &canonical[id_end - (header >> 20) as usize..id_end];
            assert_eq!(json["canonicalUrl"], canonical, "{input:?}");
            assert_eq!(json["productId"], id, "{input:?}");
            pos += len;
            products += 1;
        } else {
            assert_eq!(len, 0, "{input:?}");
        }
    }
    assert_eq!(pos, text.len());
    assert!(products >= 50);
    // Lengths that do not add up: none; through the export, a thrown invalid_argument.
    assert!(classify_many(joined.as_bytes(), &lens[1..]).is_none());
    classify_input_buffer(3);
    let refused = classify_many_records(3, &[1]).unwrap_err();
    assert_eq!(refusal(&refused)["code"], "invalid_argument");
    assert_eq!(
        classify_many(b"", &[]).unwrap(),
        (vec![0, 0], String::new())
    );
}

#[wasm_bindgen_test]
fn codes_are_exported_with_messages() {
    let codes = plain(codes().unwrap());
    for code in afflink::Code::ALL {
        assert_eq!(codes[code.as_str()], code.message());
    }
}

/// The link-building case file through the binding's single-link functions.
#[wasm_bindgen_test]
fn shared_link_cases_through_the_binding() {
    use afflink::wasm as w;
    use common::links::{normalise, normalise_report, pairs_of, str_of};
    let n = common::links::run_all(|case| {
        let field = if case["op"] == "postbackExpand" {
            "values"
        } else {
            "params"
        };
        let (names, values): (Vec<String>, Vec<String>) = pairs_of(case, field).into_iter().unzip();
        match str_of(case, "op") {
            "append" => normalise(
                &outcome(
                    "link",
                    w::append_tracking_params(str_of(case, "link"), names, values),
                ),
                "link",
            ),
            "deeplink" => normalise(
                &outcome(
                    "link",
                    w::build_aliexpress_deep_link(
                        str_of(case, "affShortKey"),
                        str_of(case, "productUrl"),
                        names,
                        values,
                    ),
                ),
                "link",
            ),
            "alibabaLink" => {
                let (product, is_id) = match case.get("productId") {
                    Some(id) => (id.as_str().unwrap(), true),
                    None => (str_of(case, "productUrl"), false),
                };
                normalise(
                    &outcome(
                        "link",
                        w::build_alibaba_product_link(
                            str_of(case, "template"),
                            product,
                            is_id,
                            names,
                            values,
                        ),
                    ),
                    "link",
                )
            }
            "alibabaTemplate" => normalise(
                &outcome(
                    "template",
                    w::alibaba_template_from_sample(
                        str_of(case, "link"),
                        case.get("productId")
                            .and_then(|v| v.as_str())
                            .map(str::to_owned),
                    ),
                ),
                "template",
            ),
            "postbackCheck" => normalise_report(&plain(
                w::check_postback_url(str_of(case, "url")).expect("a report"),
            )),
            "postbackExpand" => normalise(
                &outcome(
                    "url",
                    w::expand_postback_url(str_of(case, "url"), names, values),
                ),
                "url",
            ),
            op => panic!("unknown op {op}"),
        }
    });
    assert!(n >= 80);
}

/// A field of the line format, unescaped as `field` in `js/api.js` does.
fn field(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(match chars.next() {
                Some('t') => '\t',
                Some('n') => '\n',
                Some('r') => '\r',
                Some(c) => c,
                None => panic!("a lone backslash in {s:?}"),
            });
        } else {
            out.push(c);
        }
    }
    out
}

#[wasm_bindgen_test]
fn line_fields_escape_separators_and_read_back() {
    for text in [
        "",
        "plain",
        "a\tb",
        "a\nb\r\n",
        "back\\slash\\t",
        "\\",
        "é\t\u{1F600}",
    ] {
        let mut out = String::new();
        afflink::wasm::push_field(&mut out, text);
        assert!(!out.contains(['\t', '\n', '\r']), "{out:?}");
        assert_eq!(field(&out), text);
    }
}

/// The line format of the link batches, read as `readLinkLines` in `js/api.js` does.
fn link_lines(text: &str, inputs: &[String]) -> Vec<Value> {
    let lines: Vec<&str> = text.split('\n').collect();
    assert_eq!(lines[0], "", "the answer starts with a line feed");
    assert_eq!(lines.len(), inputs.len() + 1, "one line per input");
    inputs
        .iter()
        .zip(&lines[1..])
        .map(|(input, line)| match line.split_once('\t') {
            Some(("L", link)) => json!({ "input": input, "link": field(link) }),
            Some(("E", rest)) => {
                let (code, message) = rest.split_once('\t').expect("code and message");
                json!({ "input": input, "error": { "code": code, "message": field(message) } })
            }
            _ => panic!("not a result line: {line:?}"),
        })
        .collect()
}

fn joined(inputs: &[String]) -> (String, Vec<u32>) {
    let lens = inputs
        .iter()
        .map(|s| s.encode_utf16().count() as u32)
        .collect();
    (inputs.concat(), lens)
}

#[wasm_bindgen_test]
fn bulk_links_match_single_links() {
    use afflink::wasm as w;
    let mut urls: Vec<String> = common::cases()
        .iter()
        .chain(common::hostile_cases().iter())
        .map(|c| common::input_of(c).to_owned())
        .collect();
    // Messages that quote a tab, a line break or a backslash cross escaped.
    urls.push("https://www.aliexpress.com/item/1\t2\\3\r\n.html".into());
    let (text, lens) = joined(&urls);
    let bulk = w::build_aliexpress_deep_links_lines(
        &text,
        &lens,
        "K1",
        vec!["af".into()],
        vec!["x y".into()],
    )
    .expect("lines");
    let results = link_lines(&bulk, &urls);
    for (url, got) in urls.iter().zip(&results) {
        let single = outcome(
            "link",
            w::build_aliexpress_deep_link("K1", url, vec!["af".into()], vec!["x y".into()]),
        );
        assert_eq!(got.get("link"), single.get("link"), "{url}");
        assert_eq!(got.get("error"), single.get("error"), "{url}");
    }
    // What every link shares is thrown.
    let refused = w::build_aliexpress_deep_links_lines(&text, &lens, "bad key", vec![], vec![]);
    assert_eq!(refusal(&refused.unwrap_err())["code"], "invalid_key");
    let misaligned = w::build_aliexpress_deep_links_lines(&text, &lens[1..], "K1", vec![], vec![]);
    assert_eq!(
        refusal(&misaligned.unwrap_err())["code"],
        "invalid_argument"
    );
    let template = "https://click.alibaba.com/rd/x7k2pq?url={product_url}";
    let alibaba_urls = vec![
        "https://www.alibaba.com/product-detail/X_1600123456789.html".to_owned(),
        "https://www.alibaba.com/wholesale?x=1".to_owned(),
    ];
    let (text, lens) = joined(&alibaba_urls);
    let lines = w::build_alibaba_product_links_lines(
        &text,
        &lens,
        template,
        vec!["pid".into()],
        vec!["me".into()],
    )
    .expect("lines");
    let results = link_lines(&lines, &alibaba_urls);
    assert!(results[0]["link"].as_str().unwrap().ends_with("&pid=me"));
    assert_eq!(results[1]["error"]["code"], "not_a_product_page");
    let bad_template =
        w::build_alibaba_product_links_lines(&text, &lens, "https://x.com/", vec![], vec![]);
    assert_eq!(
        refusal(&bad_template.unwrap_err())["code"],
        "invalid_template"
    );
}

/// The commission case file through the binding.
#[wasm_bindgen_test]
fn shared_commission_cases_through_the_binding() {
    let n = common::commission::run_all(|case| {
        outcome(
            "estimate",
            afflink::wasm::estimate_commission(&case.order.to_string(), &case.context.to_string()),
        )
    });
    assert!(n >= 60);
}

/// Every money figure of a result crosses as a decimal string, never a JS number: the only
/// numbers in an estimate or a report are counts.
fn assert_money_is_text(value: &Value, path: &str) {
    const COUNTS: [&str; 16] = [
        "orders",
        "errors",
        "qualifyingOrders",
        "line",
        "lines",
        "agrees",
        "differs",
        "reportOnly",
        "ordersOnly",
        "matched",
        "unmatched",
        "withoutOrderId",
        "duplicateCalls",
        "otherProgramOrders",
        "refusedOrders",
        "totalsRows",
    ];
    match value {
        Value::Number(n) => {
            let key = path.rsplit('.').next().unwrap_or("");
            assert!(
                COUNTS.contains(&key) && n.is_u64(),
                "a number at {path}: {value}"
            );
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| assert_money_is_text(v, &format!("{path}[{i}]"))),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, v)| assert_money_is_text(v, &format!("{path}.{k}"))),
        _ => {}
    }
}

#[wasm_bindgen_test]
fn money_crosses_as_strings() {
    let mut seen = 0;
    for case in common::commission::cases() {
        let Ok(estimate) =
            afflink::wasm::estimate_commission(&case.order.to_string(), &case.context.to_string())
        else {
            continue;
        };
        let commission = js_sys::Reflect::get(&estimate, &JsValue::from_str("commission")).unwrap();
        assert!(commission.is_string(), "{}", case.order);
        assert_money_is_text(&plain(estimate), "estimate");
        seen += 1;
    }
    assert!(seen >= 40);
    let orders: Vec<Value> = common::commission::cases()
        .into_iter()
        .map(|c| c.order)
        .collect();
    let report =
        afflink::wasm::estimate_commissions(&Value::Array(orders).to_string(), "null").unwrap();
    assert_money_is_text(&plain(report), "report");
    for case in common::commission::report_cases() {
        let report = afflink::wasm::estimate_commissions(
            &Value::Array(case.rows).to_string(),
            &case.context.to_string(),
        );
        if let Ok(report) = report {
            assert_money_is_text(&plain(report), "report");
        }
    }
    let mut reconciled = 0;
    for case in common::reconcile::cases() {
        let input = common::reconcile::input_of(&case).to_string();
        let context = common::reconcile::context_of(&case).to_string();
        if let Ok(r) = afflink::wasm::reconcile_commissions(&input, &context) {
            assert_money_is_text(&plain(r), "reconciliation");
            reconciled += 1;
        }
    }
    assert!(reconciled >= 5, "{reconciled} reconciliations");
}

#[wasm_bindgen_test]
fn commission_report_through_the_binding() {
    use afflink::wasm as w;
    let orders: Vec<Value> = common::commission::cases()
        .into_iter()
        .map(|c| c.order)
        .collect();
    let report =
        plain(w::estimate_commissions(&Value::Array(orders.clone()).to_string(), "null").unwrap());
    assert_eq!(report["lines"].as_array().map(Vec::len), Some(orders.len()));
    let bad = w::estimate_commissions("[]", r#"{"history": true, "previousPeriodSales": "1"}"#);
    assert_eq!(refusal(&bad.unwrap_err())["code"], "invalid_field");
    let card = plain(w::default_rate_card("aliexpress").unwrap());
    assert_eq!(card["schema"], "afflink/rate-card/1");
    let example = plain(w::rate_card("aliexpress-example-2016").unwrap());
    assert_eq!(example["id"], "aliexpress-example-2016");
    assert_eq!(
        refusal(&w::rate_card("ebay").unwrap_err())["code"],
        "invalid_rate_card"
    );
    assert_eq!(
        refusal(&w::default_rate_card("ebay").unwrap_err())["code"],
        "invalid_rate_card"
    );
    let list = plain(w::rate_cards().unwrap());
    assert_eq!(list[0]["name"], "aliexpress-documented");
    assert_eq!(list[0]["default"], true);
    assert_eq!(list.as_array().map(Vec::len), Some(4));
}

/// The report case file (items, refunds, adjustments, duplicates, currencies) through the
/// binding.
#[wasm_bindgen_test]
fn shared_report_cases_through_the_binding() {
    let n = common::commission::run_report_cases(|context, rows| {
        match afflink::wasm::estimate_commissions(
            &Value::Array(rows.to_vec()).to_string(),
            &context.to_string(),
        ) {
            Ok(report) => plain(report),
            Err(e) => json!({ "error": refusal(&e) }),
        }
    });
    assert!(n >= 12);
}

/// The merge case file (RFC 7396's examples and rate-card patches) through the binding.
#[wasm_bindgen_test]
fn shared_merge_cases_through_the_binding() {
    let n = common::merge::run_all(|base, patch| {
        plain(afflink::wasm::merge_rate_card(&base.to_string(), &patch.to_string()).unwrap())
    });
    assert!(n >= 15);
    let bad = afflink::wasm::merge_rate_card("{", "{}").unwrap_err();
    assert_eq!(refusal(&bad)["code"], "invalid_field");
}

/// With the package's class registered, a refusal thrown from Rust is an instance of it,
/// with the core's code and message.
#[wasm_bindgen_test]
fn refusals_are_thrown_as_the_registered_class() {
    let class: js_sys::Function = js_sys::Function::new_no_args(
        "return class AfflinkError extends Error { constructor(code, message) { super(message); this.name = 'AfflinkError'; this.code = code; } }",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .unchecked_into();
    afflink::wasm::set_error_class(class.clone());
    let error = afflink::wasm::build_aliexpress_deep_link(
        "K1",
        "https://www.aliexpress.com/wholesale?SearchText=usb",
        vec![],
        vec![],
    )
    .unwrap_err();
    let prototype = js_sys::Reflect::get(&class, &JsValue::from_str("prototype")).unwrap();
    let object: &js_sys::Object = error.unchecked_ref();
    assert_eq!(
        JsValue::from(js_sys::Object::get_prototype_of(object)),
        prototype
    );
    assert!(error.is_instance_of::<js_sys::Error>());
    let expected = afflink::build_aliexpress_deep_link(
        "K1",
        "https://www.aliexpress.com/wholesale?SearchText=usb",
        &[],
    )
    .unwrap_err();
    assert_eq!(
        refusal(&error),
        json!({ "code": "not_a_product_page", "message": expected.message() })
    );
    let name = js_sys::Reflect::get(&error, &JsValue::from_str("name")).unwrap();
    assert_eq!(name.as_string().as_deref(), Some("AfflinkError"));
}

#[wasm_bindgen_test]
fn shared_conversion_cases_through_the_binding() {
    use afflink::wasm::WasmLinkConverter;
    fn make(settings: &[(String, String)]) -> WasmLinkConverter {
        WasmLinkConverter::new(
            settings.iter().map(|(k, _)| k.clone()).collect(),
            settings.iter().map(|(_, v)| v.clone()).collect(),
        )
    }
    let n = common::convert::run_all(
        |settings| {
            let c = make(settings);
            let code = c.error_code();
            common::convert::Checked {
                error: (!code.is_empty()).then_some(code),
                warnings: c
                    .warnings()
                    .iter()
                    .map(|w| w.split('\t').next().unwrap_or("").to_owned())
                    .collect(),
                enabled: c.enabled(),
                disclosure: c.disclosure(),
            }
        },
        |settings, hrefs| {
            let c = make(settings);
            assert_eq!(c.error_code(), "");
            let joined = hrefs.join("\n");
            let links = c.convert(&joined);
            // The same answer from the UTF-8 bytes the script tag's worker sends.
            assert_eq!(c.convert_utf8(joined.as_bytes()), links);
            let reasons = c.reasons(&joined);
            links
                .split('\n')
                .zip(reasons.split('\n'))
                .map(|(link, code)| {
                    if link.is_empty() {
                        Err(code.to_owned())
                    } else {
                        assert_eq!(code, "", "a converted link has no reason");
                        Ok(link.to_owned())
                    }
                })
                .collect()
        },
    );
    assert!(n >= 60);
    // Alibaba.com's template per platform, as the script tag sets it (`setPlatform`).
    let n = common::convert::run_platforms(|settings, platform, hrefs| {
        let mut c = make(settings);
        assert!(c.set_platform(platform), "{platform}");
        c.convert(&hrefs.join("\n"))
            .split('\n')
            .map(|link| Ok(link.to_owned()))
            .collect()
    });
    assert!(n >= 12);
    assert!(!make(&[]).set_platform("tablet"));
    // A line that is not UTF-8 stays as it is; the others are converted.
    let c = make(&[("aff-short-key".to_owned(), "_dT5B1bR".to_owned())]);
    let product = "https://www.aliexpress.com/item/1005006123456789.html".as_bytes();
    let link = c.convert_utf8(product);
    assert!(link.starts_with("https://s.click.aliexpress.com/"));
    let bad = [product, b"\n", product, b"?x=\xff\n", product].concat();
    assert_eq!(c.convert_utf8(&bad), format!("{link}\n\n{link}"));
    assert_eq!(c.convert_utf8(b""), "");
}

/// The reconciliation case file through the binding.
#[wasm_bindgen_test]
fn shared_reconciliation_cases_through_the_binding() {
    let n = common::reconcile::run_all(|input, context| {
        outcome(
            "reconciliation",
            afflink::wasm::reconcile_commissions(&input.to_string(), &context.to_string()),
        )
    });
    assert!(n >= 12);
    let bad = afflink::wasm::reconcile_commissions("[", "null").unwrap_err();
    assert_eq!(refusal(&bad)["code"], "invalid_field");
}
