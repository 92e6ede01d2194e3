//! `afflink rewrite` on arbitrary documents (a format digit, then the document's bytes):
//! never panics; a document in which nothing is converted comes back byte for byte; the
//! links seen add up (converted, left, kept, other sites); a second run on the output
//! changes nothing (converted links are tracking links, and marked).
#![no_main]

use afflink::rewrite::{rewrite, Format, Summary};
use afflink::LinkConverter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&digit, doc)) = data.split_first() else { return };
    let format = [Format::Html, Format::Markdown, Format::Text][usize::from(digit % 3)];
    let converter = LinkConverter::new(&[
        ("aff-short-key", "_dT5B1bR"),
        ("af", "fuzz"),
        ("alibaba-template", "https://click.alibaba.com/rd/x7k2pq?url={product_url}"),
        ("pid", "p"),
        ("disclosure", "(ad & co)"),
    ])
    .expect("valid settings");
    let mut out = Vec::new();
    let mut summary = Summary::default();
    rewrite(&converter, format, doc, &mut out, &mut summary).expect("in memory");
    if summary.converted == 0 {
        assert_eq!(out, doc);
    }
    assert_eq!(
        summary.links,
        summary.converted + summary.left_total() + summary.opted_out + summary.already_converted + summary.other_sites
    );
    let mut again = Vec::new();
    let mut second = Summary::default();
    rewrite(&converter, format, &out[..], &mut again, &mut second).expect("in memory");
    assert_eq!(again, out, "a second run changes nothing");
    assert_eq!(second.converted, 0);
});
