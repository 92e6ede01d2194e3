//! `afflink rewrite`: stdin and files, --in-place, --check, --dry-run, --format, the
//! settings file and its errors, the summary.

#[path = "common/cli.rs"]
mod cli;
#[path = "common/scratch.rs"]
mod scratch;

use std::fs;
use std::path::Path;

use cli::afflink;
use scratch::Scratch;

const PRODUCT: &str = "https://www.aliexpress.com/item/1005006123456789.html";
const LINK: &str = "https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dT5B1bR&dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html&af=myblog";

/// A fresh folder with `afflink.json` holding `settings`.
fn folder(name: &str, settings: &str) -> Scratch {
    let dir = Scratch::new("rewrite", name);
    fs::write(dir.join("afflink.json"), settings).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const SETTINGS: &str = r#"{"affShortKey": "_dT5B1bR", "af": "myblog"}"#;

#[test]
fn stdin_is_rewritten_to_stdout_as_html_with_a_summary() {
    let dir = folder("stdin", SETTINGS);
    let config = dir.join("afflink.json");
    let page = format!(
        "<p><a href=\"\t{PRODUCT}\n\">x</a> <a href=\"https://www.aliexpress.com/wholesale?x=1\">s</a> <a href=\"/a\">l</a></p>\r\n"
    );
    let out = afflink(&["rewrite", "--config", s(&config)], page.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let want = format!(
        "<p><a href=\"{}\" data-afflink-original=\"\t{PRODUCT}\n\" rel=\"sponsored noopener\">x</a> <a href=\"https://www.aliexpress.com/wholesale?x=1\">s</a> <a href=\"/a\">l</a></p>\r\n",
        LINK.replace('&', "&amp;")
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), want);
    assert!(
        stderr(&out).contains("1 file (1 changed), 3 links: 1 converted, 1 left as they are (1 not_a_product_page), 0 kept by data-afflink=\"off\", 0 already converted, 1 to other sites."),
        "{}",
        stderr(&out)
    );
    let md = format!("[a]({PRODUCT})\n");
    let out = afflink(
        &["rewrite", "--config", s(&config), "--format", "markdown"],
        md.as_bytes(),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("[a]({LINK})\n")
    );
    assert!(
        stderr(&out).contains("Markdown links, which have no attributes"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn in_place_writes_only_the_files_that_change_and_check_then_passes() {
    let dir = folder("in-place", SETTINGS);
    let config = dir.join("afflink.json");
    let (html, md, txt, same) = (
        dir.join("a.html"),
        dir.join("b.md"),
        dir.join("c.txt"),
        dir.join("d.html"),
    );
    fs::write(&html, format!("<a href='{PRODUCT}'>x</a>")).unwrap();
    fs::write(&md, format!("* [x]({PRODUCT})\n* `{PRODUCT}`\n")).unwrap();
    fs::write(&txt, format!("Buy: {PRODUCT}.\n")).unwrap();
    fs::write(&same, "<a href=\"https://example.com/\">x</a>").unwrap();
    let files = [s(&html), s(&md), s(&txt), s(&same)];
    let mut args = vec!["rewrite", "--config", s(&config), "--in-place"];
    args.extend(files);
    let out = afflink(&args, b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("4 files (3 changed)"),
        "{}",
        stderr(&out)
    );
    let amp = LINK.replace('&', "&amp;");
    assert_eq!(
        fs::read_to_string(&html).unwrap(),
        format!(
            "<a href='{amp}' data-afflink-original=\"{PRODUCT}\" rel=\"sponsored noopener\">x</a>"
        )
    );
    assert_eq!(
        fs::read_to_string(&md).unwrap(),
        format!("* [x]({LINK})\n* `{PRODUCT}`\n")
    );
    assert_eq!(fs::read_to_string(&txt).unwrap(), format!("Buy: {LINK}.\n"));
    assert_eq!(
        fs::read_to_string(&same).unwrap(),
        "<a href=\"https://example.com/\">x</a>"
    );
    // No temporary file is left behind.
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 5);
    let mut check = vec!["rewrite", "--config", s(&config), "--check"];
    check.extend(files);
    let out = afflink(&check, b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn check_exits_1_when_a_file_would_change_and_writes_nothing() {
    let dir = folder("check", SETTINGS);
    let config = dir.join("afflink.json");
    let page = dir.join("index.html");
    let text = format!("<a href=\"{PRODUCT}\">x</a>\n");
    fs::write(&page, &text).unwrap();
    let out = afflink(
        &["rewrite", "--config", s(&config), "--check", s(&page)],
        b"",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("index.html would change"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&page).unwrap(), text);
}

#[test]
fn dry_run_prints_a_unified_diff() {
    let dir = folder("dry-run", SETTINGS);
    let config = dir.join("afflink.json");
    let post = dir.join("post.md");
    let text = format!("# Title\n\nA [cable]({PRODUCT}).\n\nThe end.\n");
    fs::write(&post, &text).unwrap();
    let out = afflink(
        &["rewrite", "--config", s(&config), "--dry-run", s(&post)],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff = String::from_utf8_lossy(&out.stdout);
    let name = s(&post);
    assert!(
        diff.starts_with(&format!("--- a/{name}\n+++ b/{name}\n@@ ")),
        "{diff}"
    );
    assert!(
        diff.contains(&format!("\n-A [cable]({PRODUCT}).\n+A [cable]({LINK}).\n")),
        "{diff}"
    );
    assert!(!diff.contains("-# Title"), "{diff}");
    assert_eq!(fs::read_to_string(&post).unwrap(), text);
    let out = afflink(
        &[
            "rewrite",
            "--config",
            s(&config),
            "--dry-run",
            "--check",
            s(&post),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn settings_errors_have_the_script_tags_codes_and_change_nothing() {
    for (name, settings, code, exit) in [
        ("not-json", "{affShortKey: x}", "invalid_setting", 2),
        ("array", "[\"x\"]", "invalid_setting", 2),
        (
            "object-value",
            r#"{"affShortKey": {"x": 1}}"#,
            "invalid_setting",
            2,
        ),
        ("bad-key", r#"{"affShortKey": "a b"}"#, "invalid_setting", 2),
        (
            "long-value",
            &format!(r#"{{"affShortKey": "k", "cn": "{}"}}"#, "x".repeat(300)),
            "invalid_setting",
            2,
        ),
        (
            "no-program",
            r#"{"af": "myblog"}"#,
            "no_program_settings",
            2,
        ),
        (
            "unknown",
            r#"{"affShortKey": "k", "affShortkey": "k"}"#,
            "unknown_setting",
            0,
        ),
    ] {
        let dir = folder(name, settings);
        let page = dir.join("index.html");
        let text = format!("<a href=\"{PRODUCT}\">x</a>\n");
        fs::write(&page, &text).unwrap();
        let out = afflink(
            &[
                "rewrite",
                "--config",
                s(&dir.join("afflink.json")),
                "--in-place",
                s(&page),
            ],
            b"",
        );
        assert_eq!(out.status.code(), Some(exit), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(code), "{name}: {}", stderr(&out));
        if exit == 2 {
            assert_eq!(fs::read_to_string(&page).unwrap(), text, "{name}");
        } else {
            assert!(
                stderr(&out).contains("Did you mean data-aff-short-key?"),
                "{}",
                stderr(&out)
            );
            assert_ne!(
                fs::read_to_string(&page).unwrap(),
                text,
                "{name}: a warning does not stop conversion"
            );
        }
    }
    let dir = folder("missing", SETTINGS);
    let out = afflink(
        &["rewrite", "--config", s(&dir.join("nope.json"))],
        b"<p></p>",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unreadable_input"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn format_overrides_the_extension_and_unknown_extensions_are_refused() {
    let dir = folder("format", SETTINGS);
    let config = dir.join("afflink.json");
    let feed = dir.join("feed.xml");
    fs::write(&feed, format!("<item>{PRODUCT}</item>\n")).unwrap();
    let out = afflink(&["rewrite", "--config", s(&config), s(&feed)], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("pass --format"), "{}", stderr(&out));
    let out = afflink(
        &[
            "rewrite",
            "--config",
            s(&config),
            "--format",
            "text",
            s(&feed),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("<item>{LINK}</item>\n")
    );
    let out = afflink(&["rewrite", "--config", s(&config), "--format", "pdf"], b"");
    assert_eq!(out.status.code(), Some(2));
    let out = afflink(&["rewrite", "--config", s(&config), "--in-place"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn convert_off_copies_the_input_unchanged() {
    let dir = folder("off", r#"{"convert": "off"}"#);
    let mut page = format!("<a href=\"{PRODUCT}\">x</a>").into_bytes();
    page.extend_from_slice(b"\xff\n");
    let out = afflink(
        &["rewrite", "--config", s(&dir.join("afflink.json"))],
        &page,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(out.stdout, page);
    assert!(
        stderr(&out).contains("conversion is off"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn platform_picks_the_alibaba_template_of_the_shared_platform_scenarios() {
    let file: serde_json::Value =
        serde_json::from_str(&fs::read_to_string("tests/cases/convert.json").unwrap()).unwrap();
    let mut checked = 0;
    for (i, scenario) in file["platformScenarios"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let dir = folder(&format!("platform-{i}"), &scenario["settings"].to_string());
        let config = dir.join("afflink.json");
        let links = scenario["links"].as_array().unwrap();
        let input: String = links
            .iter()
            .map(|l| format!("{}\n", l["href"].as_str().unwrap()))
            .collect();
        let platform = scenario["platform"].as_str().unwrap();
        let out = afflink(
            &[
                "rewrite",
                "--config",
                s(&config),
                "--format",
                "text",
                "--platform",
                platform,
            ],
            input.as_bytes(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let got = String::from_utf8_lossy(&out.stdout).into_owned();
        let want: Vec<&str> = links.iter().map(|l| l["link"].as_str().unwrap()).collect();
        assert_eq!(
            got.lines().collect::<Vec<_>>(),
            want,
            "{}",
            scenario["name"]
        );
        checked += want.len();
    }
    assert_eq!(checked, 12);
    let dir = folder("platform-bad", SETTINGS);
    let out = afflink(
        &[
            "rewrite",
            "--config",
            s(&dir.join("afflink.json")),
            "--platform",
            "tablet",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn byte_order_marks_directories_symlinks_and_opted_out_reference_links() {
    // A settings file with a byte order mark is read.
    let dir = folder("bom-and-files", &format!("\u{feff}{SETTINGS}"));
    let config = dir.join("afflink.json");
    let page = format!("<a href=\"{PRODUCT}\">x</a>\n");
    for name in ["a.html", "c.html"] {
        fs::write(dir.join(name), &page).unwrap();
    }
    fs::create_dir_all(dir.join("d.html")).unwrap();
    // A directory in the list is refused with its code; the files around it still count.
    let files = [dir.join("a.html"), dir.join("d.html"), dir.join("c.html")];
    let mut args = vec!["rewrite", "--check", "--config", s(&config)];
    args.extend(files.iter().map(|p| s(p)));
    let out = afflink(&args, &b""[..]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("d.html cannot be read: it is a directory. [unreadable_input]"),
        "{err}"
    );
    assert!(
        err.contains("afflink: 2 files (2 changed), 2 links: 2 converted"),
        "{err}"
    );
    // --dry-run with --check prints the diff and names the file, as --check does.
    let a = dir.join("a.html");
    let out = afflink(
        &[
            "rewrite",
            "--dry-run",
            "--check",
            "--config",
            s(&config),
            s(&a),
        ],
        &b""[..],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("--- a/"));
    assert!(
        stderr(&out).contains("a.html would change."),
        "{}",
        stderr(&out)
    );
    // --in-place follows a symbolic link: the file it points to changes, the link stays.
    #[cfg(unix)]
    {
        fs::create_dir_all(dir.join("real")).unwrap();
        fs::write(dir.join("real/t.html"), &page).unwrap();
        std::os::unix::fs::symlink("real/t.html", dir.join("link.html")).unwrap();
        let link = dir.join("link.html");
        let out = afflink(
            &["rewrite", "--in-place", "--config", s(&config), s(&link)],
            &b""[..],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        let written = fs::read_to_string(dir.join("real/t.html")).unwrap();
        assert!(written.contains(&LINK.replace('&', "&amp;")), "{written}");
    }
    // Markdown after a byte order mark: the front matter is still front matter.
    let md = format!("\u{feff}---\ntitle: \"[x]({PRODUCT})\"\n---\n\nBody [a]({PRODUCT})\n");
    let out = afflink(
        &["rewrite", "--config", s(&config), "--format", "markdown"],
        md.as_bytes(),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        md.replacen(&format!("[a]({PRODUCT})"), &format!("[a]({LINK})"), 1)
    );
    // A reference definition whose use is opted out stays, as the use would.
    let md =
        format!("<div data-afflink=\"off\">\n\nSee [there][ali].\n\n</div>\n\n[ali]: {PRODUCT}\n");
    let out = afflink(
        &["rewrite", "--config", s(&config), "--format", "markdown"],
        md.as_bytes(),
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), md);
    assert!(
        stderr(&out).contains("1 kept by data-afflink=\"off\""),
        "{}",
        stderr(&out)
    );
}
