//! The AliExpress order report: CSV text read by header name into reported orders.

use rust_decimal::Decimal;

use super::*;

/// Reads CSV text (RFC 4180: quoted cells, `""` escapes, CRLF or LF; a leading BOM is
/// dropped). The delimiter is `,`, or `;` or a tab when the header holds no comma.
///
/// # Errors
///
/// `invalid_csv` for an unclosed quote.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(',') {
        ','
    } else if first.contains(';') {
        ';'
    } else if first.contains('\t') {
        '\t'
    } else {
        ','
    };
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    // The line the current character stands on, and the one the open quote stood on.
    let (mut line, mut opened) = (1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            line += 1;
        }
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                _ => cell.push(c),
            }
        } else if c == '"' && cell.is_empty() {
            quoted = true;
            opened = line;
        } else if c == delimiter {
            row.push(std::mem::take(&mut cell));
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
                line += 1;
            }
            row.push(std::mem::take(&mut cell));
            rows.push(std::mem::take(&mut row));
        } else {
            cell.push(c);
        }
    }
    if quoted {
        return Err(Error::new(
            Code::InvalidCsv,
            format!("The CSV cannot be read: the quoted field that starts on line {opened} is never closed."),
        ));
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    Ok(rows)
}

/// A header as compared with the aliases: without case, spaces and punctuation, and without
/// a trailing US-dollar unit ("Order Amount (USD)", "(US$)", "($)"). Any other trailing unit
/// in parentheses stays in the key, parentheses included, so that "Commission (%)" or
/// "Paid Amount (EUR)" matches no alias (money is read as US dollars).
fn header_key(name: &str) -> String {
    let name = name.trim();
    let (name, unit) = match name.rfind('(') {
        Some(i) if name.ends_with(')') && i > 0 => (&name[..i], name[i + 1..name.len() - 1].trim()),
        _ => (name, ""),
    };
    let usd = ["USD", "US$", "$"]
        .iter()
        .any(|u| u.eq_ignore_ascii_case(unit));
    let mut key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if !unit.is_empty() && !usd {
        key.push('(');
        key.push_str(&unit.to_ascii_lowercase());
        key.push(')');
    }
    key
}

/// Reads the AliExpress Portals order report (CSV text). Columns are found by header name
/// ([`report_aliases`]); `columns` maps a field to any other header (`("amount", "Paid
/// (USD)")`). Rows with the same order id are items of one order: their amounts and
/// commissions are summed. A row that cannot be read is kept with its error. A totals row
/// (order id `Total`, `Totals`, `Grand Total` or `Sum`, any ASCII case, and no date) is
/// skipped and counted (`totals_rows`).
///
/// ```
/// let csv = "Order Number,Paid Time,Paid Amount,Estimated Commission,Order Status\n\
///            8001,2016-10-12 13:01:02,100.00,8.00,Completed Settlement\n";
/// let report = afflink::commission::read_order_report(csv, &[]).unwrap();
/// assert_eq!(report.orders[0].order_id, "8001");
/// assert_eq!(report.orders[0].commission.unwrap().to_string(), "8.00");
/// ```
///
/// # Errors
///
/// `invalid_csv`; `missing_column` when no header gives the order id or the commission (or
/// a mapped header is absent); `invalid_field` for a mapping of an unknown field.
pub fn read_order_report(csv: &str, columns: &[(&str, &str)]) -> Result<ReportedOrders, Error> {
    let rows = parse_csv(csv)?;
    let Some((header, body)) = rows.split_first() else {
        return Err(Error::new(
            Code::MissingColumn,
            "The report is empty: it needs a header row naming its columns.",
        ));
    };
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    // Field → column; a handful of entries.
    let mut index: Vec<(&str, usize)> = Vec::new();
    for &(field, name) in columns {
        let Some(field) = REPORT_FIELDS.iter().find(|f| f.eq_ignore_ascii_case(field)) else {
            return Err(Error::new(
                Code::InvalidField,
                format!(
                    "The column mapping {field}={name} (--column in the CLI, columns in JavaScript): {field:?} is not a report field; the fields are {}.",
                    REPORT_FIELDS.join(", ")
                ),
            ));
        };
        let Some(i) = header.iter().position(|h| h.trim() == name.trim()) else {
            return Err(Error::new(
                Code::MissingColumn,
                format!(
                    "The report has no column {name:?} (mapped to {field}); its columns are {}.",
                    header.join(", ")
                ),
            ));
        };
        index.retain(|(f, _)| f != field);
        index.push((field, i));
    }
    for &field in REPORT_FIELDS {
        if index.iter().any(|(f, _)| *f == field) {
            continue;
        }
        let found = report_aliases(field)
            .iter()
            .find_map(|a| keys.iter().position(|k| *k == header_key(a)));
        if let Some(i) = found {
            index.push((field, i));
        }
    }
    for required in ["orderId", "commission"] {
        if !index.iter().any(|(f, _)| *f == required) {
            return Err(Error::new(
                Code::MissingColumn,
                format!(
                    "The report has no {required} column: none of {} is in its header ({}); map one to a header (--column {required}=HEADER in the CLI, columns: {{{required}: HEADER}} in JavaScript).",
                    report_aliases(required).join(", "),
                    header.join(", ")
                ),
            ));
        }
    }
    // An actual commission beside the estimated one (the column found first): the actual
    // figure is what will be paid, so it wins on every row that gives one (a refunded
    // order's 0.00 included); a row without one keeps the estimate. Not when mapped.
    let estimated = column_of(&index, "commission");
    let actual = if columns
        .iter()
        .any(|(f, _)| f.eq_ignore_ascii_case("commission"))
    {
        None
    } else {
        [
            "Actual Commission",
            "actual_commission",
            "Actual Paid Commission",
        ]
        .iter()
        .find_map(|a| keys.iter().position(|k| *k == header_key(a)))
        .filter(|i| Some(*i) != estimated)
    };
    let mut stats = ReadStats {
        lines: body.len(),
        matched: body.len(),
        columns: REPORT_FIELDS
            .iter()
            .filter_map(|f| {
                column_of(&index, f).map(|i| ((*f).to_owned(), header[i].trim().to_owned()))
            })
            .collect(),
        ..ReadStats::default()
    };
    if let (Some(a), Some(e)) = (actual, estimated) {
        let both = format!("{}, else {}", header[a].trim(), header[e].trim());
        if let Some(c) = stats.columns.iter_mut().find(|(f, _)| f == "commission") {
            c.1 = both;
        }
    }
    let mut collected = Collected::default();
    for (n, row) in body.iter().enumerate() {
        let cell = |field: &str| -> Option<&str> {
            column_of(&index, field)
                .and_then(|i| row.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let Some(order_id) = cell("orderId") else {
            stats.without_order_id += 1;
            continue;
        };
        // A totals row at the foot of an export: no date, and a label for an order id.
        let totals = ["Total", "Totals", "Grand Total", "Sum"];
        if cell("paidDate").is_none() && totals.iter().any(|t| t.eq_ignore_ascii_case(order_id)) {
            stats.totals_rows += 1;
            continue;
        }
        let mut error = None;
        let mut keep = |r: Result<Decimal, Error>| match r {
            Ok(d) => Some(d),
            Err(e) => {
                error.get_or_insert(e);
                None
            }
        };
        let paid = actual
            .and_then(|i| row.get(i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty());
        let commission = paid
            .or_else(|| cell("commission"))
            .and_then(|t| keep(parse_money(t, "commission")));
        let amount = cell("amount").and_then(|t| keep(parse_money(t, "amount")));
        if amount.is_some_and(|a| a.is_sign_negative() && !a.is_zero()) {
            error.get_or_insert(crate::commission::order::field_error(
                Code::InvalidAmount,
                "amount",
                "is negative",
            ));
        }
        let date = match cell("paidDate").map(|t| parse_report_date(t, "paidDate")) {
            Some(Ok(d)) => Some(d),
            Some(Err(e)) => {
                error.get_or_insert(e);
                None
            }
            None => None,
        };
        let row = ReportedOrder {
            order_id: order_id.to_owned(),
            line: n + 1,
            date,
            amount,
            commission,
            status: cell("status").map(str::to_owned),
            item_statuses: vec![cell("status").map(str::to_owned)],
            categories: vec![cell("category").unwrap_or("").to_owned()],
            item_amounts: amount.into_iter().collect(),
            buyer: cell("buyer").and_then(parse_buyer),
            country: cell("country").map(str::to_owned),
            sub_ids: cell("af")
                .map(|v| vec![("af".to_owned(), v.to_owned())])
                .unwrap_or_default(),
            error,
        };
        collected.add(row);
    }
    Ok(ReportedOrders {
        program: Program::AliExpress,
        source: "orderReport",
        orders: collected.orders,
        stats,
    })
}

fn column_of(index: &[(&str, usize)], field: &str) -> Option<usize> {
    index.iter().find(|(f, _)| *f == field).map(|(_, i)| *i)
}
