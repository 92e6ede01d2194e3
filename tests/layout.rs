//! The layout rules a maintainer relies on: no hand-written source file over 600 lines, and
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

#[test]
fn no_source_file_is_over_600_lines() {
    let files = sources();
    assert!(files.len() > 100, "only {} sources found", files.len());
    let long: Vec<String> = files
        .iter()
        .filter_map(|p| {
            let n = fs::read_to_string(p).ok()?.lines().count();
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
