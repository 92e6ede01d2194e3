//! The shared spreadsheet cases (`tests/cases/spreadsheet.json`): every cell and its
//! spreadsheet-safe form. The JS tools' copy of the rule (`spreadsheetSafe` in
//! `www/elements/shared/afflink-csv.js`) is checked against the same file by
//! `tests/e2e/csv.test.mjs`, so the two rules are the same.

use afflink::spreadsheet::{is_formula_like, spreadsheet_safe};
use serde_json::Value;

fn cases() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/cases/spreadsheet.json"
    ))
    .expect("tests/cases/spreadsheet.json");
    let doc: Value = serde_json::from_str(&text).expect("spreadsheet.json is JSON");
    doc["cells"]
        .as_array()
        .expect("a `cells` list")
        .iter()
        .map(|c| {
            let field = |name: &str| {
                c[name]
                    .as_str()
                    .unwrap_or_else(|| panic!("a case without `{name}`: {c}"))
                    .to_owned()
            };
            (field("cell"), field("safe"))
        })
        .collect()
}

#[test]
fn every_shared_cell_gets_its_safe_form() {
    let cases = cases();
    assert!(
        cases.len() >= 20,
        "the case file must hold at least 20 cells, it has {}",
        cases.len()
    );
    for (cell, safe) in &cases {
        assert_eq!(spreadsheet_safe(cell), safe.as_str(), "cell {cell:?}");
    }
}

#[test]
fn a_cell_is_formula_like_exactly_when_its_safe_form_differs() {
    for (cell, safe) in cases() {
        assert_eq!(
            is_formula_like(cell.as_bytes()),
            cell != safe,
            "cell {cell:?}"
        );
        if cell != safe {
            assert_eq!(
                safe,
                format!("'{cell}"),
                "a formula-like cell gets one leading quote: {cell:?}"
            );
        }
    }
}

#[test]
fn the_cases_cover_every_formula_start_and_the_near_misses() {
    let cells: Vec<String> = cases().into_iter().map(|(cell, _)| cell).collect();
    for start in ["=", "+", "-", "@", "\t", "\r"] {
        assert!(
            cells.iter().any(|c| c.starts_with(start)),
            "no case starts with {start:?}"
        );
    }
    assert!(cells.iter().any(String::is_empty), "no empty cell");
    assert!(
        cells.iter().any(|c| c.starts_with(' ')),
        "no cell with a leading space"
    );
    assert!(cells.iter().any(|c| !c.is_ascii()), "no non-ASCII cell");
}
