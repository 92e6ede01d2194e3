//! Spreadsheet safety for CSV output.

use std::borrow::Cow;

/// Whether a spreadsheet would run this cell as a formula: it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return.
pub fn is_formula_like(cell: &[u8]) -> bool {
    matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Neutralises a CSV cell a spreadsheet would run as a formula by prefixing a single quote
/// (`'`), which spreadsheets show as text; every other cell is returned unchanged.
///
/// ```
/// assert_eq!(afflink::spreadsheet::spreadsheet_safe("=HYPERLINK(\"http://evil\")"), "'=HYPERLINK(\"http://evil\")");
/// assert_eq!(afflink::spreadsheet::spreadsheet_safe("-5"), "'-5");
/// assert_eq!(afflink::spreadsheet::spreadsheet_safe("https://www.aliexpress.com/item/1.html"), "https://www.aliexpress.com/item/1.html");
/// ```
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    if is_formula_like(cell.as_bytes()) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}
