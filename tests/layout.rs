//! The layout rules a maintainer relies on: no hand-written source file over 600 lines (lines
//! in generated blocks do not count), and
//! no folder of web sources with more than 10 scripts side by side (generated glue lives in
//! `pkg/` and `dist/`, outside the source folders).

use std::fs;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;
const MAX_SCRIPTS_PER_FOLDER: usize = 10;
const SOURCE_FOLDERS: &[&str] = &[
    "src",
    "www",
    "js",
    "tests",
    "benches",
    "scripts",
    "fuzz/fuzz_targets",
];
const SOURCE_EXTENSIONS: &[&str] = &["rs", "js", "mjs", "ts", "sh", "css", "html"];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        // Data and installed packages are not hand-written sources.
        if name == "cases" || name == "node_modules" || name == "corpus" {
            continue;
        }
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in SOURCE_FOLDERS {
        walk(&root.join(folder), &mut files);
    }
    files.retain(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| SOURCE_EXTENSIONS.contains(&e))
    });
    files
}

/// The lines of a source outside its generated blocks (`BEGIN GENERATED` … `END GENERATED`,
/// such as the code unions `tests/codes_registry.rs` writes into `js/afflink.d.ts`).
fn hand_written_lines(text: &str) -> usize {
    let mut generated = false;
    let mut n = 0;
    for line in text.lines() {
        if line.contains("BEGIN GENERATED") {
            generated = true;
        } else if line.contains("END GENERATED") {
            generated = false;
        } else if !generated {
            n += 1;
        }
    }
    n
}

#[test]
fn generated_blocks_do_not_count() {
    assert_eq!(
        hand_written_lines("a\n// BEGIN GENERATED X\nb\nc\n// END GENERATED X\nd\n"),
        2
    );
}

#[test]
fn no_source_file_is_over_600_lines() {
    let files = sources();
    assert!(files.len() > 100, "only {} sources found", files.len());
    let long: Vec<String> = files
        .iter()
        .filter_map(|p| {
            let n = hand_written_lines(&fs::read_to_string(p).ok()?);
            (n > MAX_LINES).then(|| format!("{} has {n} lines", p.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn no_web_folder_holds_more_than_10_scripts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("www");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut per_folder = std::collections::BTreeMap::<PathBuf, usize>::new();
    for f in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
    {
        *per_folder
            .entry(f.parent().unwrap().to_owned())
            .or_default() += 1;
    }
    assert!(per_folder.len() >= 5, "www/ is organised in folders");
    for (folder, n) in per_folder {
        assert!(
            n <= MAX_SCRIPTS_PER_FOLDER,
            "{} holds {n} scripts",
            folder.display()
        );
    }
}
