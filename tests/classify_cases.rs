//! The shared case file, run natively.

mod common;

use afflink::{classify, ClassifiedUrl, Code};
use serde_json::Value;

fn classify_value(input: &str) -> Value {
    let classification = classify(input);
    serde_json::to_value(ClassifiedUrl {
        input,
        classification: &classification,
    })
    .expect("serialises")
}

#[test]
fn every_shared_case_passes() {
    let n = common::run_all(classify_value);
    assert!(
        n >= 150,
        "the shared case file must hold at least 150 cases, it has {n}"
    );
}

#[test]
fn every_hostile_input_is_refused_or_classified_safely() {
    let n = common::run_cases(&common::hostile_cases(), classify_value);
    assert!(
        n >= 150,
        "the hostile corpus must hold at least 150 inputs, it has {n}"
    );
}

#[test]
fn case_file_covers_every_kind_and_classification_code() {
    let cases = common::cases();
    for kind in ["product", "page", "affiliateLink", "shortLink", "rejected"] {
        assert!(
            cases.iter().any(|c| c["kind"] == kind),
            "no case of kind {kind}"
        );
    }
    for code in Code::ALL
        .iter()
        .filter(|c| c.area().starts_with("classification"))
    {
        assert!(
            cases.iter().any(|c| c["reason"] == code.as_str()),
            "no case for reason code {code}"
        );
    }
    for program in ["aliexpress", "alibaba"] {
        for kind in ["product", "page", "affiliateLink", "shortLink"] {
            assert!(
                cases
                    .iter()
                    .any(|c| c["kind"] == kind && c["program"] == program),
                "no {kind} case for {program}"
            );
        }
    }
}

#[test]
fn case_inputs_are_unique() {
    let mut cases = common::cases();
    cases.extend(common::hostile_cases());
    let mut inputs: Vec<&str> = cases.iter().map(common::input_of).collect();
    inputs.sort_unstable();
    let before = inputs.len();
    inputs.dedup();
    assert_eq!(
        before,
        inputs.len(),
        "duplicate inputs in tests/cases/classify.json"
    );
}

#[test]
fn canonical_urls_of_cases_reclassify_to_the_same_product() {
    for case in common::cases().iter().filter(|c| c["kind"] == "product") {
        let canonical = case["canonicalUrl"].as_str().unwrap();
        let again = classify(canonical);
        assert_eq!(
            again.product_id(),
            case["productId"].as_str(),
            "{canonical}"
        );
        assert_eq!(again.canonical_url(), Some(canonical));
    }
}

/// 265 real URLs found in public pages and code, labelled by hand before afflink saw them
/// (kind and product id only).
#[test]
fn real_world_urls_classify_as_labelled() {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("cases/realworld.json")).unwrap();
    assert!(cases.len() >= 250);
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let input = case["input"].as_str().unwrap();
            let c = classify(input);
            let got = (
                Value::from(c.kind.as_str()),
                c.product_id().map_or(Value::Null, Value::from),
            );
            (got != (case["kind"].clone(), case["productId"].clone())).then(|| {
                format!(
                    "{input}: expected {} {} got {got:?}",
                    case["kind"], case["productId"]
                )
            })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The fast path for simple URLs (path and query read from the text) gives exactly what the
/// URL parser gives, on every input of every shared case file.
#[test]
fn the_fast_path_agrees_with_the_url_parser_on_every_case() {
    let realworld: Value =
        serde_json::from_str(include_str!("cases/realworld.json")).expect("realworld.json");
    let mut inputs: Vec<String> = common::cases()
        .iter()
        .chain(common::hostile_cases().iter())
        .map(|c| common::input_of(c).to_owned())
        .collect();
    collect_strings(&realworld, &mut inputs);
    collect_strings(
        &serde_json::from_str::<Value>(include_str!("cases/links.json")).expect("links.json"),
        &mut inputs,
    );
    collect_strings(
        &serde_json::from_str::<Value>(include_str!("cases/convert.json")).expect("convert.json"),
        &mut inputs,
    );
    let mut simple = 0;
    for input in &inputs {
        for variant in [
            input.clone(),
            format!("{input}?spm=a2g0o.1&aff_fcid=x"),
            format!("{input}#frag"),
            format!("{input}?%61f=1&c%6E=2&&+sk=3&tt&pid%3D=4&tp1+=5&aff_fcid"),
        ] {
            let fast = afflink::classify(&variant);
            let reference = afflink::classify_with_url_parser(&variant);
            assert_eq!(fast, reference, "{variant:?}");
            simple += usize::from(fast.kind != afflink::Kind::Rejected);
        }
    }
    assert!(
        simple > 1000,
        "only {simple} program URLs among the variants"
    );
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}
