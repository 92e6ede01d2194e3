//! What the commands read as a whole: text that must be UTF-8 (else `unreadable_input`,
//! naming the line), and CSV whose quoted fields must all be closed (else `invalid_csv`,
//! naming the line where the field starts). The `csv` crate reads a quoted field that is
//! never closed to the end of the input, so the rows after it would vanish without a word.
//! Orders (`estimate`, `reconcile --orders`) come as JSON or as CSV: see [`json_orders`].

use std::io::{self, Read};

use afflink::{Code, Error};
use serde_json::Value;

/// All of stdin as text, or `unreadable_input` when it is not UTF-8.
pub fn stdin_text() -> io::Result<Result<String, Error>> {
    let mut bytes = Vec::new();
    io::stdin().lock().read_to_end(&mut bytes)?;
    Ok(utf8(bytes, "The input on stdin"))
}

/// `bytes` as text, or `unreadable_input`: "`what` is not UTF-8 text: line N holds bytes
/// that are not."
///
/// Text that starts with a UTF-16 byte order mark (what Excel saves as "Unicode Text") says
/// so, rather than naming line 1, and so does a workbook (a zip file such as .xlsx, or an
/// old .xls), as the tools do.
pub fn utf8(bytes: Vec<u8>, what: &str) -> Result<String, Error> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xd0\xcf\x11\xe0") {
        return Err(Error::new(
            Code::UnreadableInput,
            format!("{what} is a spreadsheet workbook (.xlsx, .ods, .numbers or .xls), not CSV: save it as \"CSV UTF-8\"."),
        ));
    }
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return Err(Error::new(
            Code::UnreadableInput,
            format!("{what} is UTF-16 text (as Excel saves \"Unicode Text\"), not UTF-8: save it as \"CSV UTF-8\" or convert it (iconv -f UTF-16 -t UTF-8)."),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let line = line_at(e.as_bytes(), e.utf8_error().valid_up_to());
        Error::new(
            Code::UnreadableInput,
            format!("{what} is not UTF-8 text: line {line} holds bytes that are not."),
        )
    })
}

/// An order read from JSON, or the line (from 1) that is not JSON and the parser's reason.
pub type JsonOrder = Result<Value, (usize, String)>;

/// Orders given as JSON, or `None` when the input is CSV (its first character, after
/// whitespace and a byte order mark, is neither `[` nor `{`). Three layouts:
/// - a JSON array of orders, the whole input, laid out in any way: one value per element;
///   an array that cannot be read is refused (`invalid_field`, with the parser's line);
/// - JSON lines, one order per line: a line that is not JSON stays in its place as an
///   `Err` with its line number and the parser's reason;
/// - objects written over several lines (pretty-printed, such as `jq` writes them), when
///   the lines are not JSON one by one but the whole input is a sequence of JSON values.
///
/// Before, a JSON array was read as CSV: one header, no rows, no order and no error.
pub fn json_orders(text: &str, place: &str) -> Option<Result<Vec<JsonOrder>, Error>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start();
    if start.starts_with('[') {
        return Some(match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(orders)) => Ok(orders.into_iter().map(Ok).collect()),
            Ok(_) => Err(Error::new(
                Code::InvalidField,
                format!("The input is not a JSON array of orders{place}."),
            )),
            Err(e) => Err(Error::new(
                Code::InvalidField,
                format!("The input starts as a JSON array of orders but cannot be read as one: {e}{place}."),
            )),
        });
    }
    if !start.starts_with('{') && !start.is_empty() {
        return None;
    }
    let lines: Vec<JsonOrder> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| (n + 1, e.to_string())))
        .collect();
    if lines.iter().any(Result::is_err) {
        let whole: Result<Vec<Value>, _> = serde_json::Deserializer::from_str(text)
            .into_iter::<Value>()
            .collect();
        if let Ok(values) = whole {
            return Some(Ok(values.into_iter().map(Ok).collect()));
        }
    }
    Some(Ok(lines))
}

/// Whether the byte at `i` ends a line: a line feed, or a carriage return not followed by
/// one (CRLF counts once, at its LF).
fn breaks_line(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// The line (from 1) that byte `at` stands on.
fn line_at(bytes: &[u8], at: usize) -> usize {
    1 + (0..at).filter(|&i| breaks_line(bytes, i)).count()
}

/// `invalid_csv` when a quoted field is never closed. Read as RFC 4180 and as the `csv`
/// crate reads it: a quote opens a quoted field only at the start of a field (elsewhere it
/// is a character of the cell), `""` inside one is a quote, and a leading byte order mark
/// is not part of the text. `place` (such as ` (--orders)`) follows the sentence.
pub fn check_quotes(text: &str, place: &str) -> Result<(), Error> {
    check_quotes_with(text, b',', place)
}

/// [`check_quotes`] for CSV whose fields are separated by `delimiter` (`;`, a tab).
pub fn check_quotes_with(text: &str, delimiter: u8, place: &str) -> Result<(), Error> {
    let bytes = text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes();
    let mut line = 1;
    let mut field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' && field_start {
            let opened = line;
            i += 1;
            loop {
                match bytes.get(i) {
                    None => {
                        return Err(Error::new(
                            Code::InvalidCsv,
                            format!("The CSV cannot be read: the quoted field that starts on line {opened} is never closed{place}."),
                        ))
                    }
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => {
                        if breaks_line(bytes, i) {
                            line += 1;
                        }
                        i += 1;
                    }
                }
            }
            field_start = false;
            continue;
        }
        field_start = bytes[i] == delimiter || matches!(bytes[i], b'\n' | b'\r');
        if breaks_line(bytes, i) {
            line += 1;
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unclosed_line(text: &str) -> Option<String> {
        check_quotes(text, "").err().map(|e| e.message().to_owned())
    }

    #[test]
    fn quotes_open_only_at_the_start_of_a_field() {
        for ok in [
            "",
            "a,b\n1,2\n",
            "a,\"b\nc\",d\n",
            "a,\"say \"\"hi\"\"\"\n",
            "a,b\"c\n",
            "\"ab\"c\"d,e\n",
            " \"a,b\n",
            "\u{feff}\"a\",b\n",
            "\"\"\n",
        ] {
            assert_eq!(unclosed_line(ok), None, "{ok:?}");
        }
        for (bad, line) in [
            ("a\n\"b,c\n", 2),
            ("h\r\nx,\"oops\r\ny\r\n", 2),
            ("h\rx\r\"y", 3),
            ("a,\"b\nc\",\"d\n\n", 2),
            ("\u{feff}\"a", 1),
            ("\"\"\"", 1),
        ] {
            let message = unclosed_line(bad).unwrap_or_else(|| panic!("{bad:?}"));
            assert!(
                message.contains(&format!("starts on line {line} ")),
                "{bad:?}: {message}"
            );
        }
    }

    #[test]
    fn not_utf8_names_the_line() {
        let e = utf8(b"a\r\nb\n\xffc".to_vec(), "The input").unwrap_err();
        assert_eq!(e.code(), Code::UnreadableInput);
        assert_eq!(
            e.message(),
            "The input is not UTF-8 text: line 3 holds bytes that are not."
        );
        assert_eq!(utf8(b"\xc3\xa9".to_vec(), "x").unwrap(), "é");
        for utf16 in [&b"\xff\xfeu\0r\0l\0"[..], b"\xfe\xff\0u\0r\0l"] {
            let e = utf8(utf16.to_vec(), "The input").unwrap_err();
            assert_eq!(e.code(), Code::UnreadableInput);
            assert!(
                e.message().starts_with(
                    "The input is UTF-16 text (as Excel saves \"Unicode Text\"), not UTF-8: "
                ),
                "{e}"
            );
        }
    }
}
