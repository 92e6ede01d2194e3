//! Every file or folder of this repository that the docs name exists: the README, `docs/`,
//! the package README and the crate docs (`//!` and `///` comments under `src/`) name paths
//! in backticks (`src/links/params.rs`) and in Markdown links (`[x](docs/WIDGET.md)`); a
//! path that moved or was never there fails here.

use std::fs;
use std::path::{Path, PathBuf};

const ROOTS: &[&str] = &[
    "src/",
    "www/",
    "js/",
    "tests/",
    "scripts/",
    "benches/",
    "docs/",
    "fuzz/",
    "rates/",
    "examples/",
    ".ci/",
];

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The repository paths a text names: backticked spans and Markdown link targets that
/// start with a top-level folder of the repository.
fn named_paths(text: &str, base: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut candidates: Vec<(String, bool)> = Vec::new();
    for (i, span) in text.split('`').enumerate() {
        if i % 2 == 1 {
            candidates.push((span.to_owned(), false));
        }
    }
    for piece in text.split("](").skip(1) {
        if let Some(end) = piece.find(')') {
            candidates.push((piece[..end].to_owned(), true));
        }
    }
    for (raw, is_link) in candidates {
        let path = raw.split(['#', ' ']).next().unwrap_or("");
        let path = path.trim_end_matches([',', '.', ':']);
        if path.is_empty() || path.contains(['*', '<', '>', '{', '}', '…', '$', '|']) {
            continue;
        }
        if path.starts_with("http") || path.contains("://") {
            continue;
        }
        if ROOTS.iter().any(|r| path.starts_with(r)) {
            out.push(PathBuf::from(path));
        } else if is_link && path.ends_with(".md") {
            // A relative Markdown link (`WIDGET.md` from docs/, `../README.md`).
            out.push(base.join(path));
        }
    }
    out
}

#[test]
fn every_path_the_docs_name_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = vec![root.join("README.md"), root.join("js/README.md")];
    files_under(&root.join("docs"), "md", &mut docs);
    let mut sources = Vec::new();
    files_under(&root.join("src"), "rs", &mut sources);
    let mut checked = 0;
    let mut missing = Vec::new();
    for file in docs.iter().chain(&sources) {
        let text = fs::read_to_string(file).unwrap();
        let text = if file.extension().is_some_and(|e| e == "rs") {
            // Only the documentation comments of a source file.
            text.lines()
                .filter_map(|l| {
                    let l = l.trim_start();
                    l.strip_prefix("//!").or_else(|| l.strip_prefix("///"))
                })
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            text
        };
        let base = file
            .parent()
            .unwrap()
            .strip_prefix(root)
            .unwrap()
            .to_owned();
        for path in named_paths(&text, &base) {
            checked += 1;
            if !root.join(&path).exists() {
                missing.push(format!(
                    "{} names {}",
                    file.strip_prefix(root).unwrap().display(),
                    path.display()
                ));
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} paths found: the scan is broken"
    );
    assert!(
        missing.is_empty(),
        "paths named but missing:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_scan_finds_paths_and_skips_patterns() {
    let found = named_paths(
        "see `src/lib.rs`, `www/elements/<name>/`, [w](WIDGET.md) and `dist/x.js`",
        Path::new("docs"),
    );
    assert_eq!(
        found,
        [PathBuf::from("src/lib.rs"), PathBuf::from("docs/WIDGET.md")]
    );
}
