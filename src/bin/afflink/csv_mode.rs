//! `--csv --column NAME`: a product feed in, the same feed out with a link column and an
//! error column. Every row comes back, in order; cells a spreadsheet would run as a
//! formula are neutralised with a leading `'` (see `afflink::spreadsheet::spreadsheet_safe`).
//! The feed is read whole first: input that is not UTF-8 (`unreadable_input`) or has a
//! quoted field that is never closed (`invalid_csv`) is refused before a row is written.
//! The separator (`,`, `;`, a tab, or Excel's `sep=` line) and a byte order mark are kept.

use std::io::{self, Write};

use afflink::spreadsheet::is_formula_like;
use afflink::{Code, Error};

use crate::Outcome;

fn safe(cell: &[u8]) -> Vec<u8> {
    if is_formula_like(cell) {
        let mut v = Vec::with_capacity(cell.len() + 1);
        v.push(b'\'');
        v.extend_from_slice(cell);
        v
    } else {
        cell.to_vec()
    }
}

fn column_name(header: &csv::ByteRecord, wanted: &str) -> String {
    if header.iter().any(|h| h == wanted.as_bytes()) {
        format!("afflink_{wanted}")
    } else {
        wanted.to_owned()
    }
}

/// The separators a feed may use, in the order they are tried: a comma, a semicolon (what
/// Excel writes as "CSV" where the decimal separator is a comma) and a tab.
pub const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// A CSV reader of `text` whose rows may be longer or shorter than the header (`deeplink
/// --csv`, `estimate`).
pub fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// The positions of the columns named `wanted`: the names equal to it once surrounding
/// spaces are trimmed, or, when none is, the names equal to it without regard to case.
fn columns_named(header: &csv::ByteRecord, wanted: &str) -> Vec<usize> {
    let wanted = wanted.trim();
    let names: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_owned())
        .collect();
    let exact: Vec<usize> = (0..names.len()).filter(|&i| names[i] == wanted).collect();
    if !exact.is_empty() {
        return exact;
    }
    let wanted = wanted.to_lowercase();
    (0..names.len())
        .filter(|&i| names[i].to_lowercase() == wanted)
        .collect()
}

/// Excel's separator line before the header (`sep=;`, `sep=,`, `sep=|`, `sep=` and a tab): the
/// separator, and the text with that line left blank (so that lines keep their numbers and
/// the header is the next line).
pub fn sep_line(text: &str) -> Option<(u8, String)> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = text[bom..].get(..4)?;
    if !rest.eq_ignore_ascii_case("sep=") {
        return None;
    }
    let delimiter = *text.as_bytes().get(bom + 4)?;
    let end = bom + 5;
    let ends_line = matches!(text.as_bytes().get(end), None | Some(b'\r' | b'\n'));
    let separator = delimiter == b'\t' || (delimiter.is_ascii_punctuation() && delimiter != b'"');
    if !separator || !ends_line {
        return None;
    }
    Some((delimiter, format!("{}{}", &text[..bom], &text[end..])))
}

/// The feed's separator and its header: the first of `delimiters` under which a column is
/// named `column`, else the one that splits the header into the most columns (for the
/// message).
fn header(
    text: &str,
    delimiters: &[u8],
    column: &str,
) -> (u8, Result<csv::ByteRecord, csv::Error>) {
    let mut best: Option<(u8, Result<csv::ByteRecord, csv::Error>)> = None;
    for &delimiter in delimiters {
        let header = reader(text, delimiter).byte_headers().cloned();
        if let Ok(h) = &header {
            if !columns_named(h, column).is_empty() {
                return (delimiter, header);
            }
        }
        let width = |h: &Result<csv::ByteRecord, csv::Error>| h.as_ref().map_or(0, |h| h.len());
        if best.as_ref().is_none_or(|(_, b)| width(&header) > width(b)) {
            best = Some((delimiter, header));
        }
    }
    best.expect("at least one delimiter")
}

pub fn run(
    out: &mut impl Write,
    column: &str,
    build: impl Fn(&str) -> Result<String, Error>,
) -> io::Result<Outcome> {
    let text = match crate::input::stdin_text()? {
        Ok(text) => text,
        Err(e) => return refuse(e),
    };
    let (sep_line, delimiters, text) = match sep_line(&text) {
        Some((d, rest)) => (true, vec![d], rest),
        None => (false, DELIMITERS.to_vec(), text),
    };
    let (delimiter, header) = header(&text, &delimiters, column);
    if let Err(e) = crate::input::check_quotes_with(&text, delimiter, "") {
        return refuse(e);
    }
    let header = match header {
        Ok(h) => h,
        Err(e) => {
            return refuse(Error::new(
                Code::InvalidCsv,
                format!("The CSV header cannot be read: {e}."),
            ))
        }
    };
    let index = match columns_named(&header, column)[..] {
        [index] => index,
        [] if header.is_empty() => {
            return refuse(Error::new(
                Code::MissingColumn,
                format!("The CSV is empty: it has no header row, so no column {column:?}."),
            ));
        }
        [] => {
            let names: Vec<String> = header
                .iter()
                .map(|h| String::from_utf8_lossy(h).into_owned())
                .collect();
            return refuse(Error::new(
                Code::MissingColumn,
                format!(
                    "The CSV has no column {column:?}; its columns are {}.",
                    names.join(", ")
                ),
            ));
        }
        ref several => {
            let numbers: Vec<String> = several.iter().map(|i| (i + 1).to_string()).collect();
            let (last, first) = numbers.split_last().expect("several columns");
            return refuse(Error::new(
                Code::InvalidCsv,
                format!(
                    "The CSV has {} columns named {:?} (columns {} and {last}), so --column {column} does not say which one holds the product URL: rename one of them.",
                    several.len(),
                    column.trim(),
                    first.join(", "),
                ),
            ));
        }
    };
    // The widest row, read before anything is written: the link and error columns go after
    // it, so that they stay under their titles when a row is longer than the header.
    let mut width = header.len();
    let mut record = csv::ByteRecord::new();
    let mut rows = reader(&text, delimiter);
    loop {
        match rows.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => width = width.max(record.len()),
            Err(e) => {
                return refuse(Error::new(
                    Code::InvalidCsv,
                    format!("The CSV cannot be read: {e}."),
                ))
            }
        }
    }
    let mut reader = reader(&text, delimiter);
    if let Err(e) = reader.byte_headers() {
        return refuse(Error::new(
            Code::InvalidCsv,
            format!("The CSV header cannot be read: {e}."),
        ));
    }
    // A feed that starts with a byte order mark (Excel's "CSV UTF-8") gets it back: without
    // it, Excel reads the output's UTF-8 in its local code page (`Câble` as `CÃ¢ble`).
    if text.starts_with('\u{feff}') {
        out.write_all("\u{feff}".as_bytes())?;
    }
    // Excel's separator line goes back too, so that Excel splits the output the same way.
    if sep_line {
        out.write_all(b"sep=")?;
        out.write_all(&[delimiter, b'\n'])?;
    }
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_writer(out);
    let mut head: Vec<Vec<u8>> = header.iter().map(safe).collect();
    head.resize(width, Vec::new());
    head.push(column_name(&header, "link").into_bytes());
    head.push(column_name(&header, "error").into_bytes());
    writer.write_record(&head)?;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let url = String::from_utf8_lossy(record.get(index).unwrap_or(b""));
                let (link, error) = match build(&url) {
                    Ok(link) => (link, String::new()),
                    Err(e) => (String::new(), e.to_string()),
                };
                // Rows are padded to the widest so the link and error columns line up.
                let mut row: Vec<Vec<u8>> = record.iter().map(safe).collect();
                row.resize(width, Vec::new());
                row.push(safe(link.as_bytes()));
                row.push(safe(error.as_bytes()));
                writer.write_record(&row)?;
            }
            Err(e) => {
                writer.flush()?;
                return refuse(Error::new(
                    Code::InvalidCsv,
                    format!("The CSV cannot be read: {e}."),
                ));
            }
        }
    }
    writer.flush()?;
    Ok(Outcome::Ran)
}

fn refuse(e: Error) -> io::Result<Outcome> {
    eprintln!("afflink: {e}");
    Ok(Outcome::Refused)
}
