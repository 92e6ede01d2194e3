//! `--csv --column NAME`: a product feed in, the same feed out with a link column and an
//! error column. Every row comes back, in order; cells a spreadsheet would run as a
//! formula are neutralised with a leading `'` (see `afflink::spreadsheet::spreadsheet_safe`).
//! The feed is read whole first: input that is not UTF-8 (`unreadable_input`) or has a
//! quoted field that is never closed (`invalid_csv`) is refused before a row is written.

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

pub fn run(
    out: &mut impl Write,
    column: &str,
    build: impl Fn(&str) -> Result<String, Error>,
) -> io::Result<Outcome> {
    let text = match crate::input::stdin_text()? {
        Ok(text) => text,
        Err(e) => return refuse(e),
    };
    if let Err(e) = crate::input::check_quotes(&text, "") {
        return refuse(e);
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return refuse(Error::new(
                Code::InvalidCsv,
                format!("The CSV header cannot be read: {e}."),
            ))
        }
    };
    let Some(index) = header
        .iter()
        .position(|h| String::from_utf8_lossy(h).trim() == column)
    else {
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
    };
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(out);
    let mut head: Vec<Vec<u8>> = header.iter().map(safe).collect();
    head.push(column_name(&header, "link").into_bytes());
    head.push(column_name(&header, "error").into_bytes());
    writer.write_record(&head)?;
    let width = header.len();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let url = String::from_utf8_lossy(record.get(index).unwrap_or(b""));
                let (link, error) = match build(&url) {
                    Ok(link) => (link, String::new()),
                    Err(e) => (String::new(), e.to_string()),
                };
                // Short rows are padded so the link and error columns line up.
                let mut row: Vec<Vec<u8>> = record.iter().map(safe).collect();
                row.resize(row.len().max(width), Vec::new());
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
