//! Link conversion (`LinkConverter`): the shared cases of `tests/cases/convert.json`, and
//! the properties the widget relies on.

mod common;

use afflink::links::Platform;
use afflink::{Code, LinkConverter};
use common::convert::{run_all, run_platforms, Checked};

fn pairs(settings: &[(String, String)]) -> Vec<(&str, &str)> {
    settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[test]
fn shared_conversion_cases() {
    let n = run_all(
        |settings| match LinkConverter::new(&pairs(settings)) {
            Ok(c) => Checked {
                error: None,
                warnings: c
                    .warnings()
                    .iter()
                    .map(|w| w.code().as_str().to_owned())
                    .collect(),
                enabled: c.enabled(),
                disclosure: c.disclosure().unwrap_or("").to_owned(),
            },
            Err(e) => Checked {
                error: Some(e.code().as_str().to_owned()),
                warnings: Vec::new(),
                enabled: false,
                disclosure: String::new(),
            },
        },
        |settings, hrefs| {
            let c = LinkConverter::new(&pairs(settings)).expect("scenario settings are valid");
            hrefs
                .iter()
                .map(|h| c.convert(h).map_err(|e| e.code().as_str().to_owned()))
                .collect()
        },
    );
    assert!(n >= 60, "{n}");
}

#[test]
fn each_platform_gets_its_alibaba_template() {
    let n = run_platforms(|settings, platform, hrefs| {
        let c = LinkConverter::new(&pairs(settings)).expect("scenario settings are valid");
        let platform = Platform::parse(platform).expect("a platform name");
        hrefs
            .iter()
            .map(|h| {
                c.convert_for(h, platform)
                    .map_err(|e| e.code().as_str().to_owned())
            })
            .collect()
    });
    assert!(n >= 12, "{n}");
    assert_eq!(Platform::parse(" WAP ").unwrap(), Platform::Wap);
    assert_eq!(
        Platform::parse("tablet").unwrap_err().code(),
        Code::InvalidArgument
    );
}

#[test]
fn setting_errors_name_the_attribute() {
    let e = LinkConverter::new(&[("aff-short-key", "k"), ("cv", "x\u{7}")]).unwrap_err();
    assert_eq!(e.code(), Code::InvalidSetting);
    assert!(e.message().ends_with(" (setting data-cv)."), "{e}");
    assert!(e.message().starts_with(char::is_uppercase), "{e}");
    let e = LinkConverter::new(&[("aff-short-key", "k"), ("aff-short-key", "j")]).unwrap_err();
    assert!(e.message().contains("more than once"), "{e}");
    let e = LinkConverter::new(&[(
        "alibaba-template",
        "https://click.alibaba.com/rd/x?id={productid}",
    )])
    .unwrap_err();
    assert!(
        e.message().ends_with(" (setting data-alibaba-template)."),
        "{e}"
    );
}

#[test]
fn unknown_settings_suggest_the_known_name() {
    let c = LinkConverter::new(&[
        ("aff-short-key", "k"),
        ("aff_short_key", "k"),
        ("tp-1", "x"),
    ])
    .unwrap();
    let messages: Vec<&str> = c.warnings().iter().map(|w| w.message()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("Did you mean data-aff-short-key?"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("Did you mean data-tp1?"),
        "{messages:?}"
    );
}

#[test]
fn converted_links_are_not_converted_again() {
    let c = LinkConverter::new(&[
        ("aff-short-key", "_dT5B1bR"),
        ("af", "blog"),
        (
            "alibaba-template",
            "https://click.alibaba.com/rd/x7k2pq?url={product_url}",
        ),
        ("pid", "p"),
    ])
    .unwrap();
    for href in [
        "https://www.aliexpress.com/item/1005006123456789.html",
        "https://www.alibaba.com/product-detail/X_1600123456789.html",
    ] {
        let link = c.convert(href).unwrap();
        assert_eq!(
            c.convert(&link).unwrap_err().code(),
            Code::AlreadyAffiliateLink,
            "{link}"
        );
    }
}

#[test]
fn case_file_covers_every_conversion_code() {
    let text = common::convert::CONVERT_CASES;
    for code in afflink::Code::ALL
        .iter()
        .filter(|c| c.area().starts_with("link conversion"))
    {
        assert!(
            text.contains(&format!("\"{}\"", code.as_str())),
            "no conversion case uses {code}"
        );
    }
}
