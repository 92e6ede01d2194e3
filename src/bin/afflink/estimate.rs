//! `afflink estimate`: orders in (JSON lines, a JSON array, or CSV with a header), one
//! result out per order, then the summary. The input format is detected from the first
//! character: `{` or `[` means JSON (see `input::json_orders`), anything else CSV, separated
//! by commas, `;` or tabs (the first under which the header names an order field) or as
//! Excel's `sep=` line says; rows of empty cells are skipped. CSV comes back as CSV with the
//! same separator (every input column, then `qualifies`, `ratePercent`, `commission`,
//! `period`, `reasons`, `warnings`, `assumptions`, `error` after the widest row;
//! formula-like cells neutralised) with the `{"summary": …}` JSON on stderr. An adjustment row
//! (`type` = `adjustment`) comes back with its period in `period` and nothing else filled.

use std::io::{self, Write};

use afflink::commission::{estimate_commissions, ReportLine};
use afflink::spreadsheet::spreadsheet_safe;
use afflink::{Code, Error, EstimateContext};
use serde_json::{Map, Value};

use crate::Outcome;

pub fn run(out: &mut impl Write, ctx: &EstimateContext) -> io::Result<Outcome> {
    let text = match crate::input::stdin_text()? {
        Ok(text) => text,
        Err(e) => return refuse(e),
    };
    match crate::input::json_orders(&text, "") {
        Some(Ok(orders)) => json_lines(out, orders, ctx),
        Some(Err(e)) => refuse(e),
        None => csv_rows(out, &text, ctx),
    }
}

fn json_lines(
    out: &mut impl Write,
    read: Vec<crate::input::JsonOrder>,
    ctx: &EstimateContext,
) -> io::Result<Outcome> {
    let mut not_json = Vec::new();
    let orders: Vec<Value> = read
        .into_iter()
        .map(|order| {
            order.unwrap_or_else(|line| {
                not_json.push(line);
                Value::Null
            })
        })
        .collect();
    let mut report = estimate_commissions(&orders, ctx);
    // A line that is not JSON keeps its place, with the parser's reason.
    let mut bad = not_json.into_iter();
    for (line, order) in report.lines.iter_mut().zip(&orders) {
        if order.is_null() {
            if let Some((n, why)) = bad.next() {
                let error = Error::new(
                    Code::InvalidField,
                    format!("Line {n} is not a JSON object: {why}."),
                );
                *line = ReportLine::Refused {
                    order_id: None,
                    error,
                };
            }
        }
    }
    for line in &report.lines {
        serde_json::to_writer(&mut *out, line)?;
        writeln!(out)?;
    }
    serde_json::to_writer(&mut *out, &SummaryLine(&report.summary))?;
    writeln!(out)?;
    Ok(Outcome::Ran)
}

/// The order fields (docs/COMMISSION.md): a header that names one of them under a separator
/// tells the separator, as the tools' calculator finds it.
const ORDER_FIELDS: [&str; 13] = [
    "program",
    "orderId",
    "amount",
    "currency",
    "category",
    "buyer",
    "country",
    "status",
    "refundedAmount",
    "paidDate",
    "completedDate",
    "clickDate",
    "spam",
];

fn csv_rows(out: &mut impl Write, text: &str, ctx: &EstimateContext) -> io::Result<Outcome> {
    // Separated by commas, or by what the header shows: `;` (Excel where the decimal
    // separator is a comma), tabs, or Excel's `sep=` line.
    let (delimiters, text) = match crate::csv_mode::sep_line(text) {
        Some((d, rest)) => (vec![d], rest),
        None => (crate::csv_mode::DELIMITERS.to_vec(), text.to_owned()),
    };
    let delimiter = delimiters
        .iter()
        .copied()
        .find(|&d| {
            crate::csv_mode::reader(&text, d)
                .headers()
                .is_ok_and(|h| h.iter().any(|name| ORDER_FIELDS.contains(&name.trim())))
        })
        .unwrap_or(delimiters[0]);
    if let Err(e) = crate::input::check_quotes_with(&text, delimiter, "") {
        return refuse(e);
    }
    let mut reader = crate::csv_mode::reader(&text, delimiter);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_owned()).collect(),
        Err(e) => {
            return refuse(Error::new(
                Code::InvalidCsv,
                format!("The CSV header cannot be read: {e}."),
            ))
        }
    };
    // A name two columns share is refused, as the calculator does: the later one was used.
    for (i, name) in header.iter().enumerate() {
        if !name.is_empty() && header[..i].contains(name) {
            return refuse(Error::new(
                Code::InvalidCsv,
                format!("The header names the column \"{name}\" twice."),
            ));
        }
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for record in reader.records() {
        match record {
            // A row of empty cells (what spreadsheets export below the data) is no order.
            Ok(r) if r.iter().all(|c| c.trim().is_empty()) => {}
            Ok(r) => rows.push(r.iter().map(str::to_owned).collect()),
            Err(e) => {
                return refuse(Error::new(
                    Code::InvalidCsv,
                    format!("The CSV cannot be read: {e}."),
                ))
            }
        }
    }
    let orders: Vec<Value> = rows
        .iter()
        .map(|row| {
            let object: Map<String, Value> = header
                .iter()
                .zip(row)
                .filter(|(_, cell)| !cell.trim().is_empty())
                .map(|(name, cell)| (name.clone(), Value::String(cell.clone())))
                .collect();
            Value::Object(object)
        })
        .collect();
    let report = estimate_commissions(&orders, ctx);
    // Excel's "CSV UTF-8" (a byte order mark) gets the mark back, as in `--csv` mode: without
    // it, Excel reads the output in its local code page (`Câble` as `CÃ¢ble`).
    if text.starts_with('\u{feff}') {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_writer(&mut *out);
    let extra = [
        "qualifies",
        "ratePercent",
        "commission",
        "period",
        "reasons",
        "warnings",
        "assumptions",
        "error",
    ];
    // The result columns come after the widest row, so that they stay under their titles
    // when a row is longer than the header.
    let width = rows.iter().map(Vec::len).fold(header.len(), usize::max);
    let mut head: Vec<String> = header
        .iter()
        .map(|h| spreadsheet_safe(h).into_owned())
        .collect();
    head.resize(width, String::new());
    head.extend(extra.iter().map(|s| (*s).to_owned()));
    writer.write_record(&head)?;
    for (row, line) in rows.iter().zip(&report.lines) {
        let mut cells: Vec<String> = row
            .iter()
            .map(|c| spreadsheet_safe(c).into_owned())
            .collect();
        cells.resize(width, String::new());
        let listed = |list: &[afflink::commission::Failed]| {
            list.iter()
                .map(|r| format!("{} [{}]", r.message, r.code))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let added: [String; 8] = match line {
            ReportLine::Estimated(e) => {
                let v = serde_json::to_value(e).unwrap_or_default();
                let period = e.period.map(|_| {
                    format!(
                        "{}..{}",
                        v["period"]["start"].as_str().unwrap_or(""),
                        v["period"]["end"].as_str().unwrap_or("")
                    )
                });
                [
                    e.qualifies.to_string(),
                    v["ratePercent"].as_str().unwrap_or("").to_owned(),
                    v["commission"].as_str().unwrap_or("").to_owned(),
                    period.unwrap_or_default(),
                    listed(&e.reasons),
                    listed(&e.warnings),
                    listed(&e.assumptions),
                    String::new(),
                ]
            }
            ReportLine::Adjustment(_) => {
                let v = serde_json::to_value(line).unwrap_or_default();
                [
                    String::new(),
                    String::new(),
                    v["amount"].as_str().unwrap_or("").to_owned(),
                    format!(
                        "{}..{}",
                        v["period"]["start"].as_str().unwrap_or(""),
                        v["period"]["end"].as_str().unwrap_or("")
                    ),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]
            }
            ReportLine::Refused { error, .. } => [
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                error.to_string(),
            ],
        };
        cells.extend(added.iter().map(|c| spreadsheet_safe(c).into_owned()));
        writer.write_record(&cells)?;
    }
    writer.flush()?;
    eprintln!(
        "{}",
        serde_json::to_string(&SummaryLine(&report.summary)).unwrap_or_default()
    );
    Ok(Outcome::Ran)
}

/// `{"summary": …}` with the summary's own field order.
struct SummaryLine<'a>(&'a afflink::commission::Summary);

impl serde::Serialize for SummaryLine<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("SummaryLine", 1)?;
        st.serialize_field("summary", self.0)?;
        st.end()
    }
}

fn refuse(e: Error) -> io::Result<Outcome> {
    eprintln!("afflink: {e}");
    Ok(Outcome::Refused)
}
