//! The shared link-building case file, run natively against the core functions.

mod common;

use afflink::links::{alibaba_template_from_sample, AlibabaProduct};
use afflink::postback::expand_postback_url;
use afflink::{
    append_tracking_params, build_alibaba_product_link, build_aliexpress_deep_link,
    check_postback_url, Error,
};
use common::links::{normalise, normalise_report, pairs_of, str_of};
use serde_json::{json, Value};

fn as_value(result: Result<String, Error>, field: &str) -> Value {
    let v = match result {
        Ok(s) => json!({ field: s }),
        Err(e) => json!({ "error": e }),
    };
    normalise(&v, field)
}

fn run(case: &Value) -> Value {
    let owned = pairs_of(
        case,
        if case["op"] == "postbackExpand" {
            "values"
        } else {
            "params"
        },
    );
    let pairs: Vec<(&str, &str)> = owned
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    match str_of(case, "op") {
        "append" => as_value(append_tracking_params(str_of(case, "link"), &pairs), "link"),
        "deeplink" => as_value(
            build_aliexpress_deep_link(
                str_of(case, "affShortKey"),
                str_of(case, "productUrl"),
                &pairs,
            ),
            "link",
        ),
        "alibabaLink" => {
            let product = match case.get("productId") {
                Some(id) => AlibabaProduct::Id(id.as_str().unwrap()),
                None => AlibabaProduct::Url(str_of(case, "productUrl")),
            };
            as_value(
                build_alibaba_product_link(str_of(case, "template"), product, &pairs),
                "link",
            )
        }
        "alibabaTemplate" => as_value(
            alibaba_template_from_sample(
                str_of(case, "link"),
                case.get("productId").and_then(|v| v.as_str()),
            ),
            "template",
        ),
        "postbackCheck" => normalise_report(
            &serde_json::to_value(check_postback_url(str_of(case, "url"))).unwrap(),
        ),
        "postbackExpand" => as_value(expand_postback_url(str_of(case, "url"), &pairs), "url"),
        op => panic!("unknown op {op}"),
    }
}

#[test]
fn every_shared_link_case_passes() {
    let n = common::links::run_all(run);
    assert!(
        n >= 80,
        "the link case file must hold at least 80 cases, it has {n}"
    );
}

#[test]
fn link_case_file_covers_every_op_and_link_code() {
    let cases = common::links::cases();
    for op in [
        "append",
        "deeplink",
        "alibabaLink",
        "alibabaTemplate",
        "postbackCheck",
        "postbackExpand",
    ] {
        assert!(
            cases.iter().filter(|c| c["op"] == op).count() >= 5,
            "fewer than 5 cases for {op}"
        );
    }
    let text = common::links::LINK_CASES;
    for code in afflink::Code::ALL
        .iter()
        .filter(|c| c.area() == "link building" || c.area().starts_with("postback"))
    {
        assert!(
            text.contains(&format!("\"{}\"", code.as_str())),
            "no link case uses {code}"
        );
    }
}
