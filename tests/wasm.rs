//! The WebAssembly binding, run by wasm-bindgen-test in Node and in headless Chromium
//! (`scripts/test.sh` runs this file twice, the second time with WASM_BINDGEN_USE_BROWSER).
#![cfg(target_arch = "wasm32")]

mod common;

use afflink::wasm::{classify_json, classify_many_records, classify_record, codes_json};
use serde_json::Value;
use wasm_bindgen_test::wasm_bindgen_test;

fn parse(json: &str) -> Value {
    serde_json::from_str(json).expect("the binding returns JSON")
}

#[wasm_bindgen_test]
fn shared_cases_through_the_binding() {
    let n = common::run_all(|input| parse(&classify_json(input)));
    assert!(n >= 150);
}

#[wasm_bindgen_test]
fn hostile_inputs_through_the_binding() {
    let n = common::run_cases(&common::hostile_cases(), |input| {
        parse(&classify_json(input))
    });
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
    let joined = inputs.concat();
    let lens: Vec<u32> = inputs
        .iter()
        .map(|s| s.encode_utf16().count() as u32)
        .collect();
    let many = classify_many_records(joined.as_bytes(), &lens);
    assert_eq!(many.len(), inputs.len() * 7);
    for (input, record) in inputs.iter().zip(many.chunks(7)) {
        // The header: kind, program, reason, canonical form, parameter count.
        assert_eq!(record[0], classify_record(input), "{input:?}");
        let json = parse(&classify_json(input));
        let kinds = ["product", "page", "affiliateLink", "shortLink", "rejected"];
        assert_eq!(json["kind"], kinds[(record[0] & 7) as usize], "{input:?}");
    }
    // Lengths that do not add up: no records (the package then asks for JSON).
    assert!(classify_many_records(joined.as_bytes(), &lens[1..]).is_empty());
    assert!(classify_many_records(b"", &[]).is_empty());
}

#[wasm_bindgen_test]
fn codes_are_exported_with_messages() {
    let codes = parse(&codes_json());
    for code in afflink::Code::ALL {
        assert_eq!(codes[code.as_str()], code.message());
    }
}

/// The link-building case file through the binding's JSON functions.
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
                &parse(&w::append_tracking_params_json(
                    str_of(case, "link"),
                    names,
                    values,
                )),
                "link",
            ),
            "deeplink" => normalise(
                &parse(&w::build_aliexpress_deep_link_json(
                    str_of(case, "affShortKey"),
                    str_of(case, "productUrl"),
                    names,
                    values,
                )),
                "link",
            ),
            "alibabaLink" => {
                let (product, is_id) = match case.get("productId") {
                    Some(id) => (id.as_str().unwrap(), true),
                    None => (str_of(case, "productUrl"), false),
                };
                normalise(
                    &parse(&w::build_alibaba_product_link_json(
                        str_of(case, "template"),
                        product,
                        is_id,
                        names,
                        values,
                    )),
                    "link",
                )
            }
            "alibabaTemplate" => normalise(
                &parse(&w::alibaba_template_from_sample_json(
                    str_of(case, "link"),
                    str_of(case, "productId"),
                )),
                "template",
            ),
            "postbackCheck" => {
                normalise_report(&parse(&w::check_postback_url_json(str_of(case, "url"))))
            }
            "postbackExpand" => normalise(
                &parse(&w::expand_postback_url_json(
                    str_of(case, "url"),
                    names,
                    values,
                )),
                "url",
            ),
            op => panic!("unknown op {op}"),
        }
    });
    assert!(n >= 80);
}

#[wasm_bindgen_test]
fn bulk_links_match_single_links() {
    use afflink::wasm as w;
    let urls: Vec<String> = common::cases()
        .iter()
        .map(|c| common::input_of(c).to_owned())
        .collect();
    let bulk = parse(&w::build_aliexpress_deep_links_json(
        urls.clone(),
        "K1",
        vec!["af".into()],
        vec!["x y".into()],
    ));
    let results = bulk["results"].as_array().expect("results");
    assert_eq!(results.len(), urls.len());
    for (url, got) in urls.iter().zip(results) {
        assert_eq!(got["input"], url.as_str());
        let single = parse(&w::build_aliexpress_deep_link_json(
            "K1",
            url,
            vec!["af".into()],
            vec!["x y".into()],
        ));
        assert_eq!(got.get("link"), single.get("link"), "{url}");
        assert_eq!(got.get("error"), single.get("error"), "{url}");
    }
    let refused = parse(&w::build_aliexpress_deep_links_json(
        urls,
        "bad key",
        vec![],
        vec![],
    ));
    assert_eq!(refused["error"]["code"], "invalid_key");
    let alibaba = parse(&w::build_alibaba_product_links_json(
        vec!["https://www.alibaba.com/product-detail/X_1600123456789.html".into()],
        "https://click.alibaba.com/rd/x7k2pq?url={product_url}",
        vec!["pid".into()],
        vec!["me".into()],
    ));
    assert!(alibaba["results"][0]["link"]
        .as_str()
        .unwrap()
        .ends_with("&pid=me"));
}

/// The commission case file through the binding's JSON functions.
#[wasm_bindgen_test]
fn shared_commission_cases_through_the_binding() {
    let n = common::commission::run_all(|case| {
        parse(&afflink::wasm::estimate_commission_json(
            &case.order.to_string(),
            &case.context.to_string(),
        ))
    });
    assert!(n >= 60);
}

#[wasm_bindgen_test]
fn commission_report_through_the_binding() {
    let orders: Vec<Value> = common::commission::cases()
        .into_iter()
        .map(|c| c.order)
        .collect();
    let report = parse(&afflink::wasm::estimate_commissions_json(
        &Value::Array(orders.clone()).to_string(),
        "null",
    ));
    assert_eq!(
        report["report"]["lines"].as_array().map(Vec::len),
        Some(orders.len())
    );
    let bad = parse(&afflink::wasm::estimate_commissions_json(
        "[]",
        r#"{"history": true, "previousPeriodSales": "1"}"#,
    ));
    assert_eq!(bad["error"]["code"], "invalid_field");
    let card = parse(&afflink::wasm::default_rate_card_json("aliexpress"));
    assert_eq!(card["schema"], "afflink/rate-card/1");
    let example = parse(&afflink::wasm::rate_card_json("aliexpress-example-2016"));
    assert_eq!(example["id"], "aliexpress-example-2016");
    assert_eq!(afflink::wasm::rate_card_json("ebay"), "");
    let list = parse(&afflink::wasm::rate_cards_json());
    assert_eq!(list[0]["name"], "aliexpress-documented");
    assert_eq!(list[0]["default"], true);
    assert_eq!(list.as_array().map(Vec::len), Some(4));
}

/// The report case file (items, refunds, adjustments, duplicates, currencies) through the
/// binding.
#[wasm_bindgen_test]
fn shared_report_cases_through_the_binding() {
    let n = common::commission::run_report_cases(|context, rows| {
        let v = parse(&afflink::wasm::estimate_commissions_json(
            &Value::Array(rows.to_vec()).to_string(),
            &context.to_string(),
        ));
        if v["error"].is_null() {
            v["report"].clone()
        } else {
            v
        }
    });
    assert!(n >= 12);
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
}

/// The reconciliation case file through the binding.
#[wasm_bindgen_test]
fn shared_reconciliation_cases_through_the_binding() {
    let n = common::reconcile::run_all(|input, context| {
        parse(&afflink::wasm::reconcile_commissions_json(
            &input.to_string(),
            &context.to_string(),
        ))
    });
    assert!(n >= 12);
    let bad = parse(&afflink::wasm::reconcile_commissions_json("[", "null"));
    assert_eq!(bad["error"]["code"], "invalid_field");
}
