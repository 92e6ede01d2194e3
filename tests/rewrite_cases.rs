//! `afflink::rewrite`: the shared conversion cases (`tests/cases/convert.json`) inside HTML,
//! Markdown and text documents, and the documents of `tests/cases/rewrite/` against their
//! expected outputs, byte for byte.

mod common;

use std::io::Read;
use std::path::Path;

use afflink::rewrite::{rewrite, settings_from_json, Format, Summary};
use afflink::LinkConverter;
use serde_json::Value;

fn converter(settings: &[(String, String)]) -> LinkConverter {
    let pairs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    LinkConverter::new(&pairs).expect("scenario settings are valid")
}

fn run(c: &LinkConverter, format: Format, input: &[u8]) -> (Vec<u8>, Summary) {
    let mut out = Vec::new();
    let mut summary = Summary::default();
    rewrite(c, format, input, &mut out, &mut summary).expect("in memory");
    (out, summary)
}

/// An attribute value as a page would write it.
fn attr(text: &str, quote: char) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' if quote == '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown destination in `<…>`.
fn md_dest(text: &str) -> String {
    let mut out = String::new();
    for (i, ch) in text.char_indices() {
        let entity_like = ch == '&' && {
            let rest = &text[i + 1..];
            let n = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
                .count();
            n > 0 && rest.as_bytes().get(n) == Some(&b';')
        };
        if matches!(ch, '\\' | '<' | '>') || entity_like {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// A scenario's settings, and its hrefs with the link each becomes (`None`: left as is).
type Scenario = (Vec<(String, String)>, Vec<(String, Option<String>)>);

/// The cases of every scenario that a page can hold as they are: no line breaks, no
/// ASCII whitespace at either end (the widget trims it: the CLI tests cover that).
fn scenarios() -> Vec<Scenario> {
    let file = common::convert::file();
    let mut out = Vec::new();
    for scenario in file["scenarios"].as_array().expect("scenarios") {
        let settings = common::convert::settings_of(&scenario["settings"]);
        let links = scenario["links"]
            .as_array()
            .expect("links")
            .iter()
            .map(|l| {
                let href = l["href"].as_str().expect("href").to_owned();
                (href, l["link"].as_str().map(str::to_owned))
            })
            .filter(|(href, _)| {
                !href.is_empty()
                    && !href.chars().any(char::is_control)
                    && href.trim_matches([' ', '\t', '\u{c}']) == href
            })
            .collect();
        out.push((settings, links));
    }
    out
}

#[test]
fn shared_cases_inside_html_change_only_the_converted_tags() {
    let mut n = 0;
    for (settings, links) in scenarios() {
        let c = converter(&settings);
        let disclosure = c.disclosure().map_or(String::new(), |d| {
            format!("<small class=\"afflink-disclosure\" data-afflink-disclosure=\"\"> {d}</small>")
        });
        let (mut input, mut want) = (String::from("<!doctype html>\n<ul>\n"), String::new());
        want.push_str(&input);
        for (i, (href, link)) in links.iter().enumerate() {
            let (a, b) = (attr(href, '"'), attr(href, '\''));
            input.push_str(&format!("<li>{i} <a class=\"c\" href=\"{a}\">t</a> <A title=x HREF='{b}' rel=nofollow>u</A>\n"));
            want.push_str(&match link {
                Some(link) => format!(
                    "<li>{i} <a class=\"c\" href=\"{}\" data-afflink-original=\"{a}\" rel=\"sponsored noopener\">t</a>{disclosure} \
                     <A title=x HREF='{}' rel=\"nofollow sponsored noopener\" data-afflink-original=\"{b}\">u</A>{disclosure}\n",
                    attr(link, '"'),
                    attr(link, '\'')
                ),
                None => format!("<li>{i} <a class=\"c\" href=\"{a}\">t</a> <A title=x HREF='{b}' rel=nofollow>u</A>\n"),
            });
            n += 1;
        }
        input.push_str("</ul>\n");
        want.push_str("</ul>\n");
        let (got, summary) = run(&c, Format::Html, input.as_bytes());
        assert_eq!(String::from_utf8_lossy(&got), want);
        let converted = links.iter().filter(|(_, l)| l.is_some()).count();
        assert_eq!(summary.converted, 2 * converted);
        assert_eq!(summary.links, 2 * links.len());
    }
    assert!(n >= 50, "{n}");
}

#[test]
fn shared_cases_inside_markdown_change_only_the_destinations() {
    for (settings, links) in scenarios() {
        let c = converter(&settings);
        let (mut input, mut want, mut defs, mut want_defs) = (
            String::from("# Links\n\n"),
            String::new(),
            String::new(),
            String::new(),
        );
        want.push_str(&input);
        for (i, (href, link)) in links.iter().enumerate() {
            let d = md_dest(href);
            input.push_str(&format!(
                "- [t *{i}*](<{d}> \"title\") and [r{i}] and `[c](<{d}>)`\n"
            ));
            defs.push_str(&format!("[r{i}]: <{d}>\n"));
            let new = link.as_deref().map_or(d.clone(), md_dest);
            want.push_str(&format!(
                "- [t *{i}*](<{new}> \"title\") and [r{i}] and `[c](<{d}>)`\n"
            ));
            want_defs.push_str(&format!("[r{i}]: <{new}>\n"));
        }
        input.push_str(&format!(
            "\n```\n[f](<{}>)\n```\n\n{defs}",
            md_dest(&links[0].0)
        ));
        want.push_str(&format!(
            "\n```\n[f](<{}>)\n```\n\n{want_defs}",
            md_dest(&links[0].0)
        ));
        let (got, summary) = run(&c, Format::Markdown, input.as_bytes());
        assert_eq!(String::from_utf8_lossy(&got), want);
        let converted = links.iter().filter(|(_, l)| l.is_some()).count();
        assert_eq!(summary.converted_without_marks, 2 * converted);
    }
}

#[test]
fn shared_cases_as_autolinks_and_bare_urls_in_text() {
    for (settings, links) in scenarios() {
        let c = converter(&settings);
        // Only addresses a text can hold whole: a URL ends at a space, a quote or `<`, and
        // sentence punctuation after it is not part of it.
        let whole: Vec<&(String, Option<String>)> = links
            .iter()
            .filter(|(href, _)| {
                href.to_ascii_lowercase().starts_with("http")
                    && href
                        .bytes()
                        .all(|b| b.is_ascii_graphic() && !b"<>\"'`".contains(&b))
                    && href.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '/')
            })
            .collect();
        let (mut text, mut want_text, mut md, mut want_md) =
            (String::new(), String::new(), String::new(), String::new());
        for (href, link) in &whole {
            let new = link.as_deref().unwrap_or(href);
            text.push_str(&format!("Buy it at {href}. Or ({href}), now\r\n"));
            want_text.push_str(&format!("Buy it at {new}. Or ({new}), now\r\n"));
            md.push_str(&format!("See <{href}>.\n\n"));
            want_md.push_str(&format!("See <{new}>.\n\n"));
        }
        let (got, _) = run(&c, Format::Text, text.as_bytes());
        assert_eq!(String::from_utf8_lossy(&got), want_text);
        let (got, _) = run(&c, Format::Markdown, md.as_bytes());
        assert_eq!(String::from_utf8_lossy(&got), want_md);
    }
}

/// A reader that hands over one byte at a time: every tag is split across chunks.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match (self.0.split_first(), buf.is_empty()) {
            (Some((&b, rest)), false) => {
                buf[0] = b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

/// Each document of `tests/cases/rewrite/` (`NAME.EXT`) with the settings of
/// `afflink.json` there gives `NAME.expected.EXT`, byte for byte, whether read whole or one
/// byte at a time. `AFFLINK_BLESS=1` writes the expected files (to review, then commit).
#[test]
fn documents_give_their_expected_outputs_byte_for_byte() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/rewrite");
    let config = std::fs::read_to_string(dir.join("afflink.json")).expect("afflink.json");
    let c = converter(&settings_from_json(&config).expect("settings"));
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).expect("cases.json"))
            .expect("JSON");
    let bless = std::env::var_os("AFFLINK_BLESS").is_some();
    let mut failures = Vec::new();
    for case in index["documents"].as_array().expect("documents") {
        let name = case["file"].as_str().expect("file");
        let format = Format::parse(case["format"].as_str().expect("format")).expect("a format");
        let input = std::fs::read(dir.join(name)).expect("input");
        let (stem, ext) = name.rsplit_once('.').expect("an extension");
        let expected_path = dir.join(format!("{stem}.expected.{ext}"));
        let (got, summary) = run(&c, format, &input);
        if format != Format::Markdown {
            let mut trickled = Vec::new();
            let mut s = Summary::default();
            rewrite(&c, format, Trickle(&input), &mut trickled, &mut s).expect("in memory");
            assert_eq!(trickled, got, "{name}: one byte at a time");
            assert_eq!(s, summary, "{name}: one byte at a time");
        }
        if bless {
            std::fs::write(&expected_path, &got).expect("write");
        }
        let want = std::fs::read(&expected_path).expect("expected output");
        if got != want {
            failures.push(format!(
                "{name}: output differs from {}",
                expected_path.display()
            ));
        }
        let counts = &case["summary"];
        for (field, value) in [
            ("links", summary.links),
            ("converted", summary.converted),
            ("optedOut", summary.opted_out),
            ("alreadyConverted", summary.already_converted),
            ("otherSites", summary.other_sites),
        ] {
            if counts[field].as_u64() != Some(value as u64) {
                failures.push(format!(
                    "{name}: {field} expected {} got {value}",
                    counts[field]
                ));
            }
        }
        let left: serde_json::Map<String, Value> = summary
            .left
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
            .collect();
        if counts["left"] != Value::Object(left.clone()) {
            failures.push(format!(
                "{name}: left expected {} got {left:?}",
                counts["left"]
            ));
        }
        // Run again on its own output: nothing changes (converted links are marked).
        let (again, _) = run(&c, format, &got);
        if again != got {
            failures.push(format!("{name}: a second run changes the output"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Pieces that make documents full of near-links: tags, quotes, brackets, references,
/// code fences, opt-outs, line endings, bytes that are not UTF-8.
const PIECES: &[&[u8]] = &[
    b"<a href=",
    b"<a href=\"",
    b"<A HREF='",
    b"\"",
    b"'",
    b">",
    b"</a>",
    b"<a data-afflink=\"off\" href=",
    b"<div data-afflink=\"off\">",
    b"</div>",
    b"https://www.aliexpress.com/item/1005006123456789.html",
    b"https://www.alibaba.com/product-detail/X_1600123456789.html",
    b"?aff&#95;fcid=1",
    b"&amp;",
    b"&#",
    b"[",
    b"](",
    b")",
    b"]: ",
    b"<",
    b"\\",
    b"`",
    b"```\n",
    b"<!--",
    b"-->",
    b"<script>",
    b"</script>",
    b"<template>",
    b" rel=nofollow",
    b" rel",
    b"/>",
    b" ",
    b"\n",
    b"\r\n",
    b"\xe9\xff",
    b"x",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    /// Never a panic; a document where nothing converts comes back byte for byte; a
    /// second run changes nothing.
    #[test]
    fn any_document_keeps_its_bytes_and_a_second_run_changes_nothing(
        picks in proptest::collection::vec(0..PIECES.len(), 0..60),
        format in 0..3usize,
    ) {
        let input: Vec<u8> = picks.iter().flat_map(|&i| PIECES[i].iter().copied()).collect();
        let format = [Format::Html, Format::Markdown, Format::Text][format];
        let c = converter(&[
            ("aff-short-key".into(), "_dT5B1bR".into()),
            ("alibaba-template".into(), "https://click.alibaba.com/rd/x?url={product_url}".into()),
            ("disclosure".into(), "ad & co".into()),
        ]);
        let (out, summary) = run(&c, format, &input);
        if summary.converted == 0 {
            proptest::prop_assert_eq!(&out, &input);
        }
        let (again, _) = run(&c, format, &out);
        proptest::prop_assert_eq!(again, out);
    }
}
