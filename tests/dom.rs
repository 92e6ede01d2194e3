//! `afflink::dom::convert_links` in headless Chromium (feature `dom`): the shared conversion
//! cases (`tests/cases/convert.json`) through the DOM, and the marks and skips of the script
//! tag (`www/widget/afflink-links.js`, `docs/WIDGET.md`). Run by `scripts/test.sh`:
//! `CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 cargo test --target
//! wasm32-unknown-unknown --no-default-features --features dom --test dom`.
#![cfg(all(target_arch = "wasm32", feature = "dom"))]

mod common;

use afflink::dom::{convert_links, Report, SkipReason, Skipped};
use afflink::{Code, LinkConverter};
use common::convert::{file, settings_of};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Document, DomParser, Element, SupportedType};

wasm_bindgen_test_configure!(run_in_browser);

const PRODUCT: &str = "https://www.aliexpress.com/item/1005006123456789.html";
const KEY: &str = "_dT5B1bR";

fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// A `<div>` in the page's body holding `html`.
fn container(html: &str) -> Element {
    let doc = document();
    let div = doc.create_element("div").unwrap();
    div.set_inner_html(html);
    doc.query_selector("body")
        .unwrap()
        .expect("a body")
        .append_child(&div)
        .unwrap();
    div
}

fn by_id(root: &Element, id: &str) -> Element {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no #{id}"))
}

fn attr(e: &Element, name: &str) -> Option<String> {
    e.get_attribute(name)
}

fn converter(settings: &[(&str, &str)]) -> LinkConverter {
    LinkConverter::new(settings).expect("valid settings")
}

/// The script tag's first look at an address (`/aliexpress\.|alibaba\./i`).
fn mentions_program(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    lower.contains("aliexpress.") || lower.contains("alibaba.")
}

#[wasm_bindgen_test]
fn shared_conversion_cases_through_the_dom() {
    let file = file();
    let mut n = 0;
    let mut failures = Vec::new();
    for scenario in file["scenarios"].as_array().unwrap() {
        let settings = settings_of(&scenario["settings"]);
        let pairs: Vec<(&str, &str)> = settings
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let links = scenario["links"].as_array().unwrap();
        let root = container("");
        let doc = document();
        for case in links {
            let a = doc.create_element("a").unwrap();
            a.set_attribute("href", case["href"].as_str().unwrap())
                .unwrap();
            root.append_child(&a).unwrap();
        }
        let report = convert_links(&root, &converter(&pairs)).expect("converts");

        let anchors = root.query_selector_all("a").unwrap();
        assert_eq!(anchors.length() as usize, links.len());
        let mut want_converted = 0;
        let mut want_skipped = Vec::new();
        let mut want_other = 0;
        for (i, case) in links.iter().enumerate() {
            n += 1;
            let a: Element = wasm_bindgen::JsCast::unchecked_into(anchors.item(i as u32).unwrap());
            let href = case["href"].as_str().unwrap();
            let got = (
                attr(&a, "href"),
                attr(&a, "data-afflink-original"),
                attr(&a, "rel"),
            );
            let want = match case["link"].as_str() {
                Some(link) => {
                    want_converted += 1;
                    (
                        Some(link.to_owned()),
                        Some(href.to_owned()),
                        Some("sponsored noopener".to_owned()),
                    )
                }
                None => {
                    let code = case["code"].as_str().unwrap();
                    if mentions_program(href) {
                        want_skipped.push((href.to_owned(), code.to_owned()));
                    } else {
                        want_other += 1;
                    }
                    (Some(href.to_owned()), None, None)
                }
            };
            if got != want {
                failures.push(format!(
                    "{}: {href}: expected {want:?}, got {got:?}",
                    scenario["name"]
                ));
            }
        }
        let got_skipped: Vec<(String, String)> = report
            .skipped
            .iter()
            .map(|s| {
                let code = s.reason.code().map_or("-", Code::as_str);
                (s.href.clone(), code.to_owned())
            })
            .collect();
        assert_eq!(got_skipped, want_skipped, "{}", scenario["name"]);
        assert_eq!(
            (report.converted, report.other),
            (want_converted, want_other),
            "{}",
            scenario["name"]
        );
        root.remove();
    }
    assert!(
        failures.is_empty(),
        "{} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(n >= 50, "{n}");
}

#[wasm_bindgen_test]
fn marks_and_skips_like_the_script_tag() {
    let root = container(&format!(
        r#"<p>
          <a id="rel" href="{PRODUCT}?spm=x" rel="nofollow  nofollow">rel kept</a> text
          <a id="edge" href=" {PRODUCT}&#10;">spaces around</a>
          <a id="noted" href="{PRODUCT}">has a note</a><small data-afflink-disclosure=""> mine</small>
          <a id="marked" href="{PRODUCT}" data-afflink-original="https://example.com/">marked</a>
          <section data-afflink="off"><span><a id="region" href="{PRODUCT}">in region</a></span></section>
          <a id="off" data-afflink="off" href="{PRODUCT}">opted out</a>
          <a id="page" href="https://www.aliexpress.com/wholesale?SearchText=x">search</a>
          <a id="tracked" href="{PRODUCT}?aff_fcid=abc">someone's</a>
          <a id="relative" href="/item/1005006123456789.html">relative</a>
          <a id="foreign" href="https://example.com/">foreign</a>
          <a id="nohref">no href</a>
        </p>"#
    ));
    let settings = converter(&[
        ("aff-short-key", KEY),
        ("af", "myblog"),
        ("disclosure", "(affiliate link) <b>not html</b>"),
    ]);
    let tracked = settings.convert(PRODUCT).unwrap();
    let report = convert_links(&root, &settings).unwrap();

    for id in ["rel", "edge", "noted"] {
        let a = by_id(&root, id);
        assert_eq!(attr(&a, "href").as_deref(), Some(tracked.as_str()), "{id}");
    }
    let rel = by_id(&root, "rel");
    assert_eq!(
        attr(&rel, "data-afflink-original").as_deref(),
        Some(&*format!("{PRODUCT}?spm=x"))
    );
    assert_eq!(
        attr(&rel, "rel").as_deref(),
        Some("nofollow sponsored noopener")
    );
    // The original is the attribute as written, whitespace and all.
    assert_eq!(
        attr(&by_id(&root, "edge"), "data-afflink-original").as_deref(),
        Some(&*format!(" {PRODUCT}\n"))
    );
    // One disclosure after each converted link, as text; none added where one is.
    let notes = root
        .query_selector_all("[data-afflink-disclosure]")
        .unwrap();
    assert_eq!(notes.length(), 3);
    let note = rel.next_element_sibling().unwrap();
    assert_eq!(note.tag_name(), "SMALL");
    assert_eq!(note.class_name(), "afflink-disclosure");
    assert_eq!(
        note.text_content().as_deref(),
        Some(" (affiliate link) <b>not html</b>")
    );
    assert_eq!(note.child_element_count(), 0);
    let mine = by_id(&root, "noted").next_element_sibling().unwrap();
    assert_eq!(mine.text_content().as_deref(), Some(" mine"));

    for id in [
        "marked", "region", "off", "page", "tracked", "relative", "foreign",
    ] {
        let a = by_id(&root, id);
        assert_ne!(attr(&a, "href").as_deref(), Some(tracked.as_str()), "{id}");
        assert_eq!(attr(&a, "rel"), None, "{id}");
    }
    assert_eq!(
        attr(&by_id(&root, "marked"), "data-afflink-original").as_deref(),
        Some("https://example.com/")
    );

    // The refusals are the converter's own errors, code and message.
    let skipped = |href: &str, reason: SkipReason| Skipped {
        href: href.to_owned(),
        reason,
    };
    let refused = |href: &str| {
        skipped(
            href,
            SkipReason::Refused(settings.convert(href).unwrap_err()),
        )
    };
    let search = "https://www.aliexpress.com/wholesale?SearchText=x";
    let someones = format!("{PRODUCT}?aff_fcid=abc");
    assert_eq!(
        report,
        Report {
            converted: 3,
            skipped: vec![
                skipped(PRODUCT, SkipReason::AlreadyConverted),
                skipped(PRODUCT, SkipReason::OptedOut),
                skipped(PRODUCT, SkipReason::OptedOut),
                refused(search),
                refused(&someones),
            ],
            other: 2,
        }
    );
    let codes: Vec<Option<Code>> = report.skipped.iter().map(|s| s.reason.code()).collect();
    assert_eq!(
        codes,
        [
            None,
            None,
            None,
            Some(Code::NotAProductPage),
            Some(Code::AlreadyTracked)
        ]
    );

    // Again: nothing changes, the converted links are skipped as converted.
    let before = root.inner_html();
    let again = convert_links(&root, &settings).unwrap();
    assert_eq!(root.inner_html(), before);
    assert_eq!(again.converted, 0);
    assert_eq!(
        again
            .skipped
            .iter()
            .filter(|s| s.reason == SkipReason::AlreadyConverted)
            .count(),
        4
    );
    root.remove();
}

#[wasm_bindgen_test]
fn the_root_itself_and_detached_subtrees() {
    let doc = document();
    let a = doc.create_element("a").unwrap();
    a.set_attribute("href", PRODUCT).unwrap();
    // Detached, no parent: converted, and no disclosure (nowhere to put it).
    let settings = converter(&[("aff-short-key", KEY), ("disclosure", "ad")]);
    let report = convert_links(&a, &settings).unwrap();
    assert_eq!(report.converted, 1);
    assert_eq!(attr(&a, "href"), Some(settings.convert(PRODUCT).unwrap()));
    assert_eq!(attr(&a, "data-afflink-original").as_deref(), Some(PRODUCT));

    let div = doc.create_element("div").unwrap();
    div.set_inner_html(&format!(r#"<ul><li><a href="{PRODUCT}">x</a></li></ul>"#));
    let report = convert_links(&div, &settings).unwrap();
    assert_eq!(report.converted, 1);
    assert_eq!(
        div.query_selector("small.afflink-disclosure")
            .unwrap()
            .and_then(|s| s.text_content())
            .as_deref(),
        Some(" ad")
    );
}

#[wasm_bindgen_test]
fn conversion_off_leaves_every_link() {
    let root = container(&format!(
        r#"<a href="{PRODUCT}">x</a><a href="https://example.com/">y</a>"#
    ));
    let before = root.inner_html();
    let settings = converter(&[("aff-short-key", KEY), ("convert", "off")]);
    let report = convert_links(&root, &settings).unwrap();
    assert_eq!(root.inner_html(), before);
    assert_eq!(
        report,
        Report {
            converted: 0,
            skipped: vec![Skipped {
                href: PRODUCT.to_owned(),
                reason: SkipReason::ConversionOff
            }],
            other: 1,
        }
    );
    root.remove();
}

#[wasm_bindgen_test]
fn a_change_the_dom_refuses_leaves_the_link_as_it_was() {
    // The root element of an XML document: a disclosure after it would be a second root,
    // which the DOM refuses (HierarchyRequestError).
    let xml = DomParser::new()
        .unwrap()
        .parse_from_string(
            &format!(r#"<a xmlns="http://www.w3.org/1999/xhtml" href="{PRODUCT}">x</a>"#),
            SupportedType::ApplicationXml,
        )
        .unwrap();
    let a = xml.document_element().unwrap();
    let settings = converter(&[("aff-short-key", KEY), ("disclosure", "ad")]);
    let report = convert_links(&a, &settings).unwrap();
    assert_eq!(report.converted, 0);
    assert_eq!(report.skipped.len(), 1);
    let SkipReason::Refused(e) = &report.skipped[0].reason else {
        panic!("{report:?}");
    };
    assert_eq!(e.code(), Code::DomError);
    assert!(e.message().contains("HierarchyRequestError"), "{e}");
    assert_eq!(attr(&a, "href").as_deref(), Some(PRODUCT));
    assert_eq!(attr(&a, "data-afflink-original"), None);
    assert_eq!(attr(&a, "rel"), None);

    // Without a disclosure nothing is inserted, and the link is converted.
    let report = convert_links(&a, &converter(&[("aff-short-key", KEY)])).unwrap();
    assert_eq!(report.converted, 1);
}
