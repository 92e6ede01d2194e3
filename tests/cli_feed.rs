//! `--csv --column NAME` on product feeds as spreadsheets export them: `;` or tab as the
//! separator (Excel in a locale with a decimal comma), a header in another case, a name
//! given to two columns, and options that a feed run cannot honour; URLs pasted from text.

#[path = "common/cli.rs"]
mod cli;

use cli::afflink;

const PRODUCT: &str = "https://fr.aliexpress.com/item/1005006123456789.html?spm=x";
const LINK: &str = "https://s.click.aliexpress.com/deep_link.htm?aff_short_key=K1&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html";

fn deeplink_csv(column: &str, input: &str) -> (Option<i32>, String, String) {
    let out = afflink(
        &[
            "deeplink",
            "--aff-short-key",
            "K1",
            "--csv",
            "--column",
            column,
        ],
        input.as_bytes(),
    );
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_semicolon_or_tab_separated_feed_is_read_and_written_with_its_separator() {
    // As Excel writes "CSV (semicolon)" in France or Germany: BOM, CRLF, `;`, a decimal
    // comma, a quoted cell holding a `;`.
    let feed = format!(
        "\u{feff}id;url;price;title\r\n1;{PRODUCT};12,50;\"Câble; USB-C\"\r\n2;https://www.aliexpress.com/w/wholesale-cable.html;3,00;x\r\n"
    );
    let (code, out, err) = deeplink_csv("url", &feed);
    assert_eq!(code, Some(0), "{err}");
    // The byte order mark comes back: without it Excel reads UTF-8 as its local code page.
    let out = out
        .strip_prefix('\u{feff}')
        .expect("the output starts with the input's BOM");
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), 3, "{out}");
    assert_eq!(rows[0], "id;url;price;title;link;error");
    assert_eq!(
        rows[1],
        format!("1;{PRODUCT};12,50;\"Câble; USB-C\";{LINK};")
    );
    assert!(
        rows[2].starts_with("2;https://www.aliexpress.com/w/wholesale-cable.html;3,00;x;;")
            && rows[2].ends_with("[not_a_product_page]\""),
        "{}",
        rows[2]
    );

    let feed = format!("id\turl\ttitle\n1\t{PRODUCT}\tCable, USB-C\n");
    let (code, out, err) = deeplink_csv("url", &feed);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        format!("id\turl\ttitle\tlink\terror\n1\t{PRODUCT}\tCable, USB-C\t{LINK}\t\n")
    );

    // Excel's separator line (`sep=;`) before the header is honoured and written back.
    for sep in [";", ","] {
        let feed = format!("\u{feff}sep={sep}\r\nid{sep}url\r\n1{sep}{PRODUCT}\r\n2{sep}\"x\r\n");
        let (code, out, err) = deeplink_csv("url", &feed);
        assert_eq!(code, Some(1), "{sep}: {out}");
        assert_eq!(
            err,
            "afflink: The CSV cannot be read: the quoted field that starts on line 4 is never closed. [invalid_csv]\n"
        );
        let feed = format!("sep={sep}\nid{sep}url\n1{sep}{PRODUCT}\n");
        let (code, out, err) = deeplink_csv("url", &feed);
        assert_eq!(code, Some(0), "{sep}: {err}");
        assert_eq!(
            out,
            format!("sep={sep}\nid{sep}url{sep}link{sep}error\n1{sep}{PRODUCT}{sep}{LINK}{sep}\n")
        );
    }

    // A comma-separated feed stays comma-separated, even with `;` in its cells.
    let feed = format!("title;note,url\nA;B,{PRODUCT}\n");
    let (code, out, _) = deeplink_csv("url", &feed);
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        format!("title;note,url,link,error\nA;B,{PRODUCT},{LINK},\n")
    );

    // An unclosed quote in a `;` feed is still found, on its line.
    let feed = format!("id;url\n1;{PRODUCT}\n2;\"oops;{PRODUCT}\n3;{PRODUCT}\n");
    let (code, out, err) = deeplink_csv("url", &feed);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert_eq!(
        err,
        "afflink: The CSV cannot be read: the quoted field that starts on line 3 is never closed. [invalid_csv]\n"
    );
}

#[test]
fn the_column_is_found_whatever_its_case_and_surrounding_spaces() {
    let feed = format!("ID, Product URL ,Name\n1,{PRODUCT},x\n");
    for column in ["Product URL", "product url", "PRODUCT URL", " product url "] {
        let (code, out, err) = deeplink_csv(column, &feed);
        assert_eq!(code, Some(0), "{column:?}: {err}");
        assert_eq!(
            out,
            format!("ID, Product URL ,Name,link,error\n1,{PRODUCT},x,{LINK},\n"),
            "{column:?}"
        );
    }
    // An exact name wins over one that differs only in case.
    let feed = format!("URL,url\nhttps://example.com/,{PRODUCT}\n");
    let (code, out, _) = deeplink_csv("url", &feed);
    assert_eq!(code, Some(0));
    assert!(out.ends_with(&format!(",{LINK},\n")), "{out}");
    // A name no column has is still refused, listing the columns.
    let (code, _, err) = deeplink_csv("link", &feed);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "afflink: The CSV has no column \"link\"; its columns are URL, url. [missing_column]\n"
    );
    // An empty feed says so, rather than "its columns are .".
    for empty in ["", "\u{feff}", "\r\n\n"] {
        let (code, out, err) = deeplink_csv("url", empty);
        assert_eq!((code, out.as_str()), (Some(1), ""), "{empty:?}");
        assert_eq!(
            err,
            "afflink: The CSV is empty: it has no header row, so no column \"url\". [missing_column]\n",
            "{empty:?}"
        );
    }
}

#[test]
fn a_name_shared_by_two_columns_is_refused_not_guessed() {
    let feed = format!("url,name,url\nhttps://example.com/,x,{PRODUCT}\n");
    let (code, out, err) = deeplink_csv("url", &feed);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert_eq!(
        err,
        "afflink: The CSV has 2 columns named \"url\" (columns 1 and 3), so --column url does not say which one holds the product URL: rename one of them. [invalid_csv]\n"
    );
    let feed = format!("Url,name,URL\nhttps://example.com/,x,{PRODUCT}\n");
    let (code, _, err) = deeplink_csv("url", &feed);
    assert_eq!(code, Some(1));
    assert!(err.contains("(columns 1 and 3)"), "{err}");
}

#[test]
fn options_a_feed_run_cannot_honour_are_usage_errors() {
    let feed = format!("url\n{PRODUCT}\n");
    for args in [
        &[
            "deeplink",
            "--aff-short-key",
            "K1",
            "--url",
            PRODUCT,
            "--csv",
            "--column",
            "url",
        ][..],
        &[
            "deeplink",
            "--aff-short-key",
            "K1",
            "--csv",
            "--column",
            "url",
            "--json",
        ],
        &[
            "alibaba-link",
            "--template",
            "https://click.alibaba.com/rd/x?u={product_url}",
            "--product-id",
            "1600123456789",
            "--csv",
            "--column",
            "url",
        ],
        // A blank title would pick an untitled column (the header's trailing comma).
        &[
            "deeplink",
            "--aff-short-key",
            "K1",
            "--csv",
            "--column",
            " ",
        ],
    ] {
        let out = afflink(args, feed.as_bytes());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// A URL copied from a sentence, with its closing punctuation, is no product page as
/// written (the classifier is strict), but the refusal says what to remove.
#[test]
fn a_url_copied_with_its_sentence_punctuation_is_refused_with_what_to_remove() {
    let lines = "https://fr.aliexpress.com/item/1005006123456789.html).\nhttps://www.aliexpress.com/item/1005006123456789.html,\nhttps://www.aliexpress.com/p/calp-plus/index.html.\n";
    let out = afflink(&["deeplink", "--aff-short-key", "K1"], lines.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "\n\n\n");
    let err = String::from_utf8(out.stderr).unwrap();
    let err: Vec<&str> = err.lines().collect();
    assert_eq!(
        err[0],
        "afflink: line 1: This address ends with \").\", which is not part of a product page's address (it was copied with the text around it?): use https://fr.aliexpress.com/item/1005006123456789.html [not_a_product_page]"
    );
    assert!(err[1].contains(" ends with \",\", "), "{}", err[1]);
    // A page that is no product without the punctuation either keeps the plain reason.
    assert_eq!(
        err[2],
        "afflink: line 3: This is a page on the program's site, but not a product page; only product pages can be deep-linked. [not_a_product_page]"
    );
    let out = afflink(
        &[
            "alibaba-link",
            "--template",
            "https://click.alibaba.com/rd/x?p={product_id}",
            "--url",
            "https://www.alibaba.com/product-detail/X_1600123456789.html.",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ends with \".\", "),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = afflink(
        &[
            "link",
            "--link",
            "https://s.click.aliexpress.com/e/_DlRvuuN).",
            "--param",
            "af=me",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "afflink: This address ends with \").\", which is not part of a tracking link's address (it was copied with the text around it?): use https://s.click.aliexpress.com/e/_DlRvuuN [not_a_tracking_link]\n"
    );
}

/// A row longer than the header (a cell typed beyond the last titled column) keeps its
/// cells, and the link and error columns still line up under their titles.
#[test]
fn link_and_error_stay_under_their_titles_when_a_row_is_longer_than_the_header() {
    let feed = format!(
        "url,name\n{PRODUCT},\"Cable, USB\",extra,more\n{PRODUCT},x\nhttps://example.com/\n"
    );
    let (code, out, err) = deeplink_csv("url", &feed);
    assert_eq!(code, Some(0), "{err}");
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows[0], "url,name,,,link,error");
    assert_eq!(
        rows[1],
        format!("{PRODUCT},\"Cable, USB\",extra,more,{LINK},")
    );
    assert_eq!(rows[2], format!("{PRODUCT},x,,,{LINK},"));
    assert!(
        rows[3].starts_with("https://example.com/,,,,,"),
        "{}",
        rows[3]
    );
    assert_eq!(rows.len(), 4);
}

/// An id pasted from a spreadsheet cell, spaces around it, as `alibaba-template
/// --product-id` already took it.
#[test]
fn alibaba_link_trims_the_product_id() {
    let out = afflink(
        &[
            "alibaba-link",
            "--template",
            "https://click.alibaba.com/rd/pcKey123?product_id={product_id}&src=aff",
            "--product-id",
            " 62050354078\t",
        ],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "https://click.alibaba.com/rd/pcKey123?product_id=62050354078&src=aff\n"
    );
}

/// Lines that end with a lone carriage return (a classic Mac text, some apps' clipboards)
/// are lines: one result each, in list mode and for `classify`.
#[test]
fn lines_ended_by_a_carriage_return_are_lines() {
    let other = "https://www.aliexpress.com/item/1005006123456780.html";
    let lines = format!("{PRODUCT}\r{other}\r\rx\r\n{PRODUCT}");
    let out = afflink(&["deeplink", "--aff-short-key", "K1"], lines.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.split('\n').collect();
    assert_eq!(rows.len(), 6, "{text:?}");
    assert_eq!(rows[0], LINK);
    assert!(rows[1].ends_with("1005006123456780.html"), "{}", rows[1]);
    assert_eq!((rows[2], rows[3], rows[4], rows[5]), ("", "", LINK, ""));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("afflink: line 3: ") && err.contains("\nafflink: line 4: "),
        "{err}"
    );

    let out = afflink(&["classify"], lines.as_bytes());
    let inputs: Vec<String> = cli::lines(&out)
        .iter()
        .map(|l| l["input"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(inputs, [PRODUCT, other, "", "x", PRODUCT]);
}
