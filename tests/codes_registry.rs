//! The code registry is the single source: the TypeScript unions in `js/afflink.d.ts` and
//! the table in `docs/CODES.md` are generated from `Code::ALL`. This test fails when they
//! drift; `AFFLINK_BLESS=1 cargo test --test codes_registry` rewrites them.

use std::fs;
use std::path::Path;

use afflink::{Code, Kind};

const BEGIN: &str = "// BEGIN GENERATED CODES";
const END: &str = "// END GENERATED CODES";

fn union(codes: impl Iterator<Item = Code>) -> String {
    let parts: Vec<String> = codes.map(|c| format!("\n  | \"{}\"", c.as_str())).collect();
    if parts.is_empty() {
        " never".to_owned()
    } else {
        parts.concat()
    }
}

fn typescript_block() -> String {
    let mut out = format!("{BEGIN} (from src/codes/ by tests/codes_registry.rs; do not edit)\n");
    let kinds = [
        ("PageReasonCode", Kind::Page),
        ("AffiliateLinkReasonCode", Kind::AffiliateLink),
        ("ShortLinkReasonCode", Kind::ShortLink),
        ("RejectedReasonCode", Kind::Rejected),
    ];
    for (name, kind) in kinds {
        let codes = Code::ALL
            .iter()
            .copied()
            .filter(|c| c.classification_kind() == Some(kind));
        out += &format!(
            "/** Reason codes of kind `{}`. */\nexport type {name} ={};\n",
            kind.as_str(),
            union(codes)
        );
    }
    out += "/** Every classification reason code. */\nexport type ReasonCode = PageReasonCode | AffiliateLinkReasonCode | ShortLinkReasonCode | RejectedReasonCode;\n";
    let others = Code::ALL
        .iter()
        .copied()
        .filter(|c| c.classification_kind().is_none());
    out += &format!("/** Every code afflink uses: reasons, and `Error.code` of thrown errors. */\nexport type AfflinkCode = ReasonCode{};\n", union(others));
    out += END;
    out
}

fn markdown() -> String {
    let mut out = String::from(
        "# Codes\n\nGenerated from `src/codes/` by `tests/codes_registry.rs` (do not edit by hand;\n\
         `AFFLINK_BLESS=1 cargo test --test codes_registry` rewrites it). The codes are stable: a\n\
         released code never changes meaning. In JavaScript, thrown errors are `Error` objects\n\
         whose `code` property is one of these.\n\n| code | where | message |\n|---|---|---|\n",
    );
    for c in Code::ALL {
        out += &format!("| `{}` | {} | {} |\n", c.as_str(), c.area(), c.message());
    }
    out
}

fn check_or_bless(path: &Path, want: &str, current: &str) {
    if want == current {
        return;
    }
    if std::env::var_os("AFFLINK_BLESS").is_some() {
        fs::write(path, want).unwrap();
    } else {
        panic!("{} is out of date with src/codes/; run AFFLINK_BLESS=1 cargo test --test codes_registry", path.display());
    }
}

#[test]
fn typescript_unions_match_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/afflink.d.ts");
    let current = fs::read_to_string(&path).unwrap();
    let start = current
        .find(BEGIN)
        .expect("js/afflink.d.ts has a generated block");
    let end = current.find(END).expect("generated block ends") + END.len();
    let want = format!(
        "{}{}{}",
        &current[..start],
        typescript_block(),
        &current[end..]
    );
    check_or_bless(&path, &want, &current);
}

#[test]
fn docs_table_matches_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/CODES.md");
    let current = fs::read_to_string(&path).unwrap_or_default();
    check_or_bless(&path, &markdown(), &current);
}

#[test]
fn codes_are_unique_snake_case_and_round_trip() {
    let mut seen = std::collections::HashSet::new();
    for &c in Code::ALL {
        let s = c.as_str();
        assert!(seen.insert(s), "duplicate code {s}");
        assert!(
            s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{s}"
        );
        assert_eq!(Code::from_code(s), Some(c));
        assert!(
            c.message().ends_with('.'),
            "{s}: message must be a sentence"
        );
    }
}
