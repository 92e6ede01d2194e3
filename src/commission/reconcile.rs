//! Reconciliation: afflink's estimates against what the program reported, per order and per
//! period (`afflink reconcile`, `reconcileCommissions` in JavaScript).
//!
//! Pure: the caller reads the files and hands over their text. Two sources of the program's
//! figures are read here:
//!
//! - Alibaba.com's server-to-server postback calls ([`read_postback_log`]): an access log in
//!   common or combined format, or one URL per line, read back through the macros of the
//!   publisher's postback template.
//! - The AliExpress Portals order report ([`read_order_report`]): a CSV whose columns are
//!   found by header name ([`REPORT_FIELDS`], [`report_aliases`]).
//!
//! [`reconcile`] compares those rows with the estimates of the publisher's own orders, or,
//! without orders, with the estimates of the report's own rows. [`suggest_rate_card`] turns
//! the observed rates into a user card. The rules are in `docs/COMMISSION.md`,
//! "Reconciliation".

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::{json, Map, Value};
use time::{Date, Month};

use super::{
    calculation_period, date_string, estimate_commissions, round_to_cent, Buyer, EstimateContext,
    ReportLine,
};
use crate::{Code, Error, Program};

/// The largest amount a report may give (as for orders).
const MAX_AMOUNT: i64 = 1_000_000_000_000;

/// Differences up to this much (in USD) count as agreement.
pub const RECONCILE_TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// The fields of a report row, in the order of the documentation.
pub const REPORT_FIELDS: &[&str] = &[
    "orderId",
    "paidDate",
    "amount",
    "commission",
    "status",
    "category",
    "buyer",
    "country",
    "af",
];

/// The header names each report field is found under, compared without case, spaces,
/// `_`, `-` and a trailing unit in parentheses (`"Order Amount (USD)"` is `orderamount`).
/// The first alias present in the header wins.
pub fn report_aliases(field: &str) -> &'static [&'static str] {
    match field {
        "orderId" => &[
            "orderId",
            "Order ID",
            "Order Number",
            "Order No",
            "order_number",
            "Parent Order Number",
        ],
        "paidDate" => &[
            "paidDate",
            "Paid Date",
            "Paid Time",
            "paid_time",
            "Payment Time",
            "Payment Date",
            "Order Time",
            "Order Date",
            "created_time",
        ],
        "amount" => &[
            "amount",
            "Paid Amount",
            "paid_amount",
            "Payment Amount",
            "Order Amount",
            "Actual Payment Amount",
            "Sales Amount",
        ],
        "commission" => &[
            "commission",
            "Estimated Commission",
            "Estimated Paid Commission",
            "estimated_paid_commission",
            "Actual Commission",
            "Commission Amount",
            "Commission (USD)",
        ],
        "status" => &["status", "Order Status", "order_status"],
        "category" => &[
            "category",
            "Product Category",
            "Category Name",
            "category_name",
        ],
        "buyer" => &[
            "buyer",
            "Buyer Type",
            "New Buyer",
            "is_new_buyer",
            "New Buyer Order",
        ],
        "country" => &[
            "country",
            "Buyer Country",
            "Ship To Country",
            "ship_to_country",
            "Country/Region",
        ],
        "af" => &["af", "Sub ID", "sub_id", "Sub Affiliate ID", "Custom af"],
        _ => &[],
    }
}

/// The statuses (compared without case) a report uses for a completed order.
pub const COMPLETED_STATUSES: &[&str] = &[
    "completed",
    "trade completed",
    "order completed",
    "completed settlement",
    "buyer confirmed receipt",
    "finished",
    "settled",
];

/// A placeholder payment date for rows the program gave no date: before every card's
/// date, so no date rule fires; such rows belong to no period.
const NO_DATE: Date = match Date::from_calendar_date(2000, Month::January, 1) {
    Ok(d) => d,
    Err(_) => Date::MIN,
};

/// One order as the program reported it (its item rows summed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedOrder {
    /// The order id.
    pub order_id: String,
    /// The 1-based line (log) or row (CSV, header excluded) of its first appearance.
    pub line: usize,
    /// The payment date (report) or the date of the postback call (log), as written.
    pub date: Option<Date>,
    /// The order amount, summed over its items.
    pub amount: Option<Decimal>,
    /// The commission the program reported, summed over its items.
    pub commission: Option<Decimal>,
    /// The status as written.
    pub status: Option<String>,
    /// The category of each item row (empty when the report has none).
    pub categories: Vec<String>,
    /// The amount of each item row.
    pub item_amounts: Vec<Decimal>,
    /// The buyer type, when the report says.
    pub buyer: Option<Buyer>,
    /// The buyer's country, as written.
    pub country: Option<String>,
    /// Sub-ids: `af` (report) or `tp1` (postback), with their values.
    pub sub_ids: Vec<(String, String)>,
    /// Why the row cannot be used, when it cannot.
    pub error: Option<Error>,
}

/// How the input was read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// Non-blank lines (log) or data rows (CSV).
    pub lines: usize,
    /// Log lines whose path matches the template (CSV: every row).
    pub matched: usize,
    /// Log lines that are not a call of the template (other paths, other requests).
    pub unmatched: usize,
    /// Matching lines without an order id.
    pub without_order_id: usize,
    /// Calls repeated with exactly the same values (counted once).
    pub duplicate_calls: usize,
    /// The header used for each field (CSV).
    pub columns: Vec<(String, String)>,
}

/// What the program reported: one entry per order, in order of first appearance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedOrders {
    /// The program.
    pub program: Program,
    /// `postbackLog` or `orderReport`.
    pub source: &'static str,
    /// The orders.
    pub orders: Vec<ReportedOrder>,
    /// How the input was read.
    pub stats: ReadStats,
}

/// `part × 100 ÷ whole`, `None` when it does not fit a decimal.
fn ratio(part: Decimal, whole: Decimal) -> Option<Decimal> {
    part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)
}

fn money(d: Decimal) -> String {
    round_to_cent(d).to_string()
}

fn percent2(d: Decimal) -> String {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r.to_string()
}

/// A money figure as reports write it: `12.34`, `1,234.56`, `US $12.34`, `12.34 USD`,
/// `-0.50` (commissions may be negative: chargebacks).
fn parse_money(text: &str, field: &str) -> Result<Decimal, Error> {
    let mut t = text.trim();
    for prefix in ["US $", "US$", "USD", "$"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim_start();
        }
    }
    if let Some(rest) = t.strip_suffix("USD") {
        t = rest.trim_end();
    }
    let plain: String = t.chars().filter(|c| *c != ',').collect();
    let ok = !plain.is_empty()
        && plain
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+');
    Decimal::from_str_exact(&plain)
        .ok()
        .filter(|d| ok && d.abs() <= Decimal::from(MAX_AMOUNT))
        .ok_or_else(|| {
            Error::new(
                Code::InvalidAmount,
                format!("{field}: {text:?} is not an amount such as \"19.99\"."),
            )
        })
}

/// A date cut from a timestamp as written: `2016-10-12`, `2016-10-12 13:01:02`,
/// `2016-10-12T13:01:02Z`, `2016/10/12 …`. No time zone is applied.
fn parse_report_date(text: &str, field: &str) -> Result<Date, Error> {
    let t = text.trim();
    let head: String = t
        .chars()
        .take(10)
        .map(|c| if c == '/' { '-' } else { c })
        .collect();
    let rest = t.get(10..).unwrap_or("");
    let separated = rest.is_empty() || rest.starts_with([' ', 'T', 't']);
    super::order::parse_date(&head, field)
        .ok()
        .filter(|_| separated)
        .ok_or_else(|| {
            Error::new(
                Code::InvalidDate,
                format!("{field}: {text:?} is not a date or timestamp starting YYYY-MM-DD."),
            )
        })
}

fn parse_buyer(text: &str) -> Option<Buyer> {
    match text.trim().to_ascii_lowercase().as_str() {
        "new" | "new buyer" | "y" | "yes" | "true" | "1" => Some(Buyer::New),
        "returning" | "returning buyer" | "old" | "old buyer" | "existing" | "n" | "no"
        | "false" | "0" => Some(Buyer::Returning),
        _ => None,
    }
}

fn completed_status(status: &str) -> bool {
    let s = status.trim();
    COMPLETED_STATUSES.iter().any(|c| c.eq_ignore_ascii_case(s))
}

// ---------------------------------------------------------------------------------------
// CSV

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
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
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
        } else if c == delimiter {
            row.push(std::mem::take(&mut cell));
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
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
            "The CSV cannot be read: a quoted cell is never closed.",
        ));
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    Ok(rows)
}

fn header_key(name: &str) -> String {
    let name = name.trim();
    // A trailing unit in parentheses: "Order Amount (USD)".
    let name = match name.rfind('(') {
        Some(i) if name.ends_with(')') && i > 0 => &name[..i],
        _ => name,
    };
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Reads the AliExpress Portals order report (CSV text). Columns are found by header name
/// ([`report_aliases`]); `columns` maps a field to any other header (`("amount", "Paid
/// (USD)")`). Rows with the same order id are items of one order: their amounts and
/// commissions are summed. A row that cannot be read is kept with its error.
///
/// ```
/// let csv = "Order Number,Paid Time,Paid Amount,Estimated Commission,Order Status\n\
///            8001,2016-10-12 13:01:02,100.00,8.00,Completed Settlement\n";
/// let report = afflink::read_order_report(csv, &[]).unwrap();
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
                    "--column {field}={name}: {field:?} is not a report field; the fields are {}.",
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
                    "The report has no {required} column: none of {} is in its header ({}); map one with --column {required}=HEADER.",
                    report_aliases(required).join(", "),
                    header.join(", ")
                ),
            ));
        }
    }
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
        let mut error = None;
        let mut keep = |r: Result<Decimal, Error>| match r {
            Ok(d) => Some(d),
            Err(e) => {
                error.get_or_insert(e);
                None
            }
        };
        let commission = cell("commission").and_then(|t| keep(parse_money(t, "commission")));
        let amount = cell("amount").and_then(|t| keep(parse_money(t, "amount")));
        if amount.is_some_and(|a| a.is_sign_negative() && !a.is_zero()) {
            error.get_or_insert(Error::new(
                Code::InvalidAmount,
                "amount: the order amount is negative.",
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

/// The orders read so far, found by id.
#[derive(Default)]
struct Collected {
    orders: Vec<ReportedOrder>,
    by_id: BTreeMap<String, usize>,
    /// Per order, the values of each postback call (to count repeated calls once).
    calls: Vec<Vec<Vec<(String, String)>>>,
}

impl Collected {
    /// Adds a row: a new order, or one more item of an order already seen; its index.
    fn add(&mut self, row: ReportedOrder) -> usize {
        if let Some(&i) = self.by_id.get(&row.order_id) {
            add_item(&mut self.orders[i], row);
            return i;
        }
        let i = self.orders.len();
        self.by_id.insert(row.order_id.clone(), i);
        self.orders.push(row);
        self.calls.push(Vec::new());
        i
    }
}

/// One more item of an order already seen.
fn add_item(o: &mut ReportedOrder, row: ReportedOrder) {
    o.amount = match (o.amount, row.amount) {
        (Some(a), Some(b)) => Some(a + b),
        _ => None,
    };
    o.commission = match (o.commission, row.commission) {
        (Some(a), Some(b)) => Some(a + b),
        _ => None,
    };
    o.categories.extend(row.categories);
    o.item_amounts.extend(row.item_amounts);
    o.date = o.date.or(row.date);
    o.status = o.status.take().or(row.status);
    o.buyer = o.buyer.or(row.buyer);
    o.country = o.country.take().or(row.country);
    if o.error.is_none() {
        o.error = row.error;
    }
}

// ---------------------------------------------------------------------------------------
// Postback logs

/// A part of a template: literal text, or a macro with the literal text around it.
#[derive(Debug)]
enum Slot {
    Literal(String),
    Macro {
        name: String,
        prefix: String,
        suffix: String,
    },
}

fn slot(text: &str) -> Slot {
    match (text.find('{'), text.find('}')) {
        (Some(a), Some(b)) if a < b => Slot::Macro {
            name: text[a + 1..b].to_owned(),
            prefix: decode(&text[..a]),
            suffix: decode(&text[b + 1..]),
        },
        _ => Slot::Literal(decode(text)),
    }
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

fn capture(slot: &Slot, value: &str) -> Option<Option<(String, String)>> {
    match slot {
        Slot::Literal(l) => (l == value).then_some(None),
        Slot::Macro {
            name,
            prefix,
            suffix,
        } => value
            .strip_prefix(prefix.as_str())
            .and_then(|v| v.strip_suffix(suffix.as_str()))
            .map(|v| Some((name.clone(), v.to_owned()))),
    }
}

struct Template {
    path: Vec<Slot>,
    query: Vec<(String, Slot)>,
}

fn split_path(path: &str) -> Vec<&str> {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        Vec::new()
    } else {
        trimmed.trim_start_matches('/').split('/').collect()
    }
}

/// `(path, query)` of a URL or a request target, without the fragment.
fn path_and_query(target: &str) -> (&str, &str) {
    let target = target.split('#').next().unwrap_or("");
    let rest = match target.find("://") {
        Some(i) if target[..i].bytes().all(|b| b.is_ascii_alphabetic()) => {
            let after = &target[i + 3..];
            after.find(['/', '?']).map_or("", |j| &after[j..])
        }
        _ => target,
    };
    rest.split_once('?').unwrap_or((rest, ""))
}

fn read_template(template: &str) -> Result<Template, Error> {
    let report = crate::check_postback_url(template);
    if let Some(p) = report
        .problems
        .iter()
        .find(|p| p.severity == crate::Severity::Error)
    {
        return Err(Error::new(
            p.code,
            format!("--postback-template: {}", p.message),
        ));
    }
    for needed in ["ord_id", "est_com"] {
        if !report.macros.iter().any(|m| m == needed) {
            return Err(Error::new(
                Code::MissingMacro,
                format!(
                    "The postback template has no {{{needed}}}: reconciliation needs {{ord_id}} to match orders and {{est_com}} for the program's commission."
                ),
            ));
        }
    }
    let (path, query) = path_and_query(template.trim());
    Ok(Template {
        path: split_path(path).into_iter().map(slot).collect(),
        query: query
            .split('&')
            .filter_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                value.contains('{').then(|| (decode(name), slot(value)))
            })
            .collect(),
    })
}

/// The request target and the date of one log line: the request of a common/combined log
/// line (`"GET /pb?… HTTP/1.1"` with its `[10/Oct/2025:13:55:36 +0000]`), or the first
/// URL or `/path` on a plain line.
fn log_target(line: &str) -> (Option<&str>, Option<Date>) {
    let date = line
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .and_then(|(stamp, _)| log_date(stamp));
    if let Some((_, rest)) = line.split_once('"') {
        if let Some((request, _)) = rest.split_once('"') {
            let mut parts = request.split_whitespace();
            let target = match (parts.next(), parts.next()) {
                (Some(_method), Some(target)) => Some(target),
                (Some(only), None) => Some(only),
                _ => None,
            };
            return (target, date);
        }
    }
    let target = line.split_whitespace().find(|t| {
        t.starts_with('/')
            || t.get(..7)
                .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
            || t.get(..8)
                .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
    });
    (target, date)
}

/// `10/Oct/2025:13:55:36 +0000` → 2025-10-10, the day as written.
fn log_date(stamp: &str) -> Option<Date> {
    let mut parts = stamp.split(['/', ':']);
    let day: u8 = parts.next()?.trim().parse().ok()?;
    let month = parts.next()?.trim();
    let year: i32 = parts.next()?.trim().parse().ok()?;
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let m = MONTHS.iter().position(|n| n.eq_ignore_ascii_case(month))?;
    let month = Month::try_from(u8::try_from(m + 1).ok()?).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// Reads Alibaba.com postback calls back through the publisher's template: every line whose
/// path matches the template's path gives the values of the template's macros (`{ord_id}`,
/// `{ord_amount}`, `{ord_geo}`, `{est_com}`, `{tp1}`…). Lines that are not such a call are
/// counted, not refused. A call repeated with the same values counts once; calls of one
/// order with different values are its items.
///
/// ```
/// let log = r#"203.0.113.9 - - [12/Mar/2025:10:00:00 +0000] "GET /pb?o=A1&amt=100.00&geo=US&c=7.00 HTTP/1.1" 200 2"#;
/// let calls = afflink::read_postback_log(
///     "https://example.com/pb?o={ord_id}&amt={ord_amount}&geo={ord_geo}&c={est_com}", log).unwrap();
/// assert_eq!(calls.orders[0].order_id, "A1");
/// assert_eq!(calls.orders[0].country.as_deref(), Some("US"));
/// ```
///
/// # Errors
///
/// The template's first error (`invalid_postback_url`, `unknown_macro`, `malformed_macro`);
/// `missing_macro` when it lacks `{ord_id}` or `{est_com}`.
pub fn read_postback_log(template: &str, log: &str) -> Result<ReportedOrders, Error> {
    let t = read_template(template)?;
    let mut stats = ReadStats::default();
    let mut collected = Collected::default();
    for (n, line) in log.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        stats.lines += 1;
        let (Some(target), date) = log_target(line) else {
            stats.unmatched += 1;
            continue;
        };
        let (path, query) = path_and_query(target);
        let segments: Vec<String> = split_path(path).into_iter().map(decode).collect();
        let mut values: Vec<(String, String)> = Vec::new();
        let path_matches = segments.len() == t.path.len()
            && t.path
                .iter()
                .zip(&segments)
                .all(|(s, v)| match capture(s, v) {
                    Some(Some(pair)) => {
                        values.push(pair);
                        true
                    }
                    Some(None) => true,
                    None => false,
                });
        if !path_matches {
            stats.unmatched += 1;
            continue;
        }
        stats.matched += 1;
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for (name, s) in &t.query {
            if let Some((_, v)) = pairs.iter().find(|(k, _)| k == name) {
                if let Some(Some(pair)) = capture(s, v) {
                    values.push(pair);
                }
            }
        }
        let value = |name: &str| {
            values
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        let Some(order_id) = value("ord_id") else {
            stats.without_order_id += 1;
            continue;
        };
        let mut key = values.clone();
        key.sort();
        if let Some(&i) = collected.by_id.get(order_id) {
            if collected.calls[i].contains(&key) {
                stats.duplicate_calls += 1;
                continue;
            }
        }
        let mut error = None;
        let mut keep = |r: Result<Decimal, Error>| match r {
            Ok(d) => Some(d),
            Err(e) => {
                error.get_or_insert(e);
                None
            }
        };
        let commission = value("est_com").and_then(|v| keep(parse_money(v, "est_com")));
        let amount = value("ord_amount").and_then(|v| keep(parse_money(v, "ord_amount")));
        let row = ReportedOrder {
            order_id: order_id.to_owned(),
            line: n + 1,
            date,
            amount,
            commission,
            status: None,
            categories: vec![String::new()],
            item_amounts: amount.into_iter().collect(),
            buyer: None,
            country: value("ord_geo").map(str::to_owned),
            sub_ids: value("tp1")
                .map(|v| vec![("tp1".to_owned(), v.to_owned())])
                .unwrap_or_default(),
            error,
        };
        let i = collected.add(row);
        collected.calls[i].push(key);
    }
    Ok(ReportedOrders {
        program: Program::Alibaba,
        source: "postbackLog",
        orders: collected.orders,
        stats,
    })
}

// ---------------------------------------------------------------------------------------
// Reconciliation

/// How an order's two figures compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchStatus {
    /// Both figures, within [`RECONCILE_TOLERANCE`].
    Agrees,
    /// Both figures, further apart (or one could not be worked out).
    Differs,
    /// Only the program reported the order.
    ReportOnly,
    /// Only the publisher's orders have it.
    OrdersOnly,
}

impl MatchStatus {
    /// `agrees`, `differs`, `reportOnly`, `ordersOnly`.
    pub const fn as_str(self) -> &'static str {
        match self {
            MatchStatus::Agrees => "agrees",
            MatchStatus::Differs => "differs",
            MatchStatus::ReportOnly => "reportOnly",
            MatchStatus::OrdersOnly => "ordersOnly",
        }
    }
}

/// One order of a reconciliation.
#[derive(Debug, Clone)]
pub struct ReconcileLine {
    /// The order id.
    pub order_id: String,
    /// The program.
    pub program: Program,
    /// How the figures compare.
    pub status: MatchStatus,
    /// afflink's estimate, to the cent.
    pub estimated: Option<Decimal>,
    /// What the program reported, to the cent.
    pub reported: Option<Decimal>,
    /// `reported - estimated` (positive: the program paid more).
    pub difference: Option<Decimal>,
    /// The likely cause of a difference.
    pub explanation: Option<String>,
    /// The rate afflink's card gives the order, in percent.
    pub estimated_rate_percent: Option<Decimal>,
    /// The rate the program paid (commission ÷ amount), in percent.
    pub reported_rate_percent: Option<Decimal>,
    /// The order's date (the report's, else the order's).
    pub date: Option<Date>,
    /// The period it is totalled in.
    pub period: Option<(Date, Date)>,
    /// Sub-ids (`af`, `tp1`) and their values.
    pub sub_ids: Vec<(String, String)>,
    /// What was assumed for the estimate: `{code, message}`.
    pub assumptions: Vec<Value>,
    /// Why one side could not be worked out.
    pub error: Option<Error>,
}

/// Totals of a group of lines (a period, a sub-id value, everything).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReconcileTotal {
    /// Lines in the group.
    pub orders: usize,
    /// Sum of the estimates.
    pub estimated: Decimal,
    /// Sum of the reported commissions.
    pub reported: Decimal,
}

impl ReconcileTotal {
    fn add(&mut self, line: &ReconcileLine) {
        self.orders += 1;
        self.estimated += line.estimated.unwrap_or_default();
        self.reported += line.reported.unwrap_or_default();
    }

    fn fields<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        st.serialize_field("orders", &self.orders)?;
        st.serialize_field("estimated", &money(self.estimated))?;
        st.serialize_field("reported", &money(self.reported))?;
        st.serialize_field("difference", &money(self.reported - self.estimated))
    }
}

/// The summary of a reconciliation.
#[derive(Debug, Clone)]
pub struct ReconcileSummary {
    /// The program.
    pub program: Program,
    /// Every line.
    pub total: ReconcileTotal,
    /// Lines per status: agrees, differs, reportOnly, ordersOnly.
    pub counts: [usize; 4],
    /// Per period (the card's calculation period, else the calendar month); undated lines
    /// are in the entry without dates.
    pub periods: Vec<(Option<(Date, Date)>, ReconcileTotal)>,
    /// Per sub-id value: `(name, value)`.
    pub sub_ids: Vec<((String, String), ReconcileTotal)>,
    /// How the program's figures were read.
    pub source: &'static str,
    /// Read statistics.
    pub stats: ReadStats,
    /// Whether the publisher's orders were given.
    pub orders_given: bool,
    /// Orders of the other program, left out.
    pub other_program_orders: usize,
    /// Orders refused without an order id (so matched to nothing).
    pub refused_orders: usize,
}

/// A reconciliation: one line per order, then the summary.
#[derive(Debug, Clone)]
pub struct Reconciliation {
    /// The lines: the report's orders in order, then the orders only the publisher has.
    pub lines: Vec<ReconcileLine>,
    /// The totals.
    pub summary: ReconcileSummary,
}

/// afflink's side of one order.
#[derive(Debug, Clone, Default)]
struct Side {
    commission: Decimal,
    raw: Decimal,
    amount: Decimal,
    rates: Vec<Decimal>,
    qualifies: bool,
    reasons: Vec<String>,
    assumptions: Vec<Value>,
    date: Option<Date>,
    error: Option<Error>,
}

impl Side {
    fn rate(&self) -> Option<Decimal> {
        let first = *self.rates.first()?;
        if self.rates.iter().all(|r| *r == first) || self.amount.is_zero() {
            Some(first)
        } else {
            ratio(self.raw, self.amount)
        }
    }

    fn add(&mut self, line: &ReportLine, paid: Option<Date>) {
        // Other kinds of lines (none here) are not orders.
        if let ReportLine::Estimated(e) = line {
            let commission = round_to_cent(e.commission);
            self.commission += commission;
            self.amount += e.amount;
            if e.qualifies {
                self.qualifies = true;
                self.raw += e.amount * e.rate_percent / Decimal::ONE_HUNDRED;
                self.rates.push(e.rate_percent);
            } else {
                self.reasons
                    .extend(e.reasons.iter().map(|r| r.message.clone()));
            }
            // The estimate's own assumptions, when the estimator lists them.
            // Parsed only when the list is not empty (most estimates list none).
            let v = serde_json::to_string(e)
                .ok()
                .filter(|t| t.contains("\"assumptions\":[{"))
                .and_then(|t| serde_json::from_str::<Value>(&t).ok());
            if let Some(v) = v {
                if let Some(list) = v.get("assumptions").and_then(Value::as_array) {
                    for a in list {
                        if !self.assumptions.contains(a) {
                            self.assumptions.push(a.clone());
                        }
                    }
                }
            }
        } else if let ReportLine::Refused { error, .. } = line {
            self.error.get_or_insert_with(|| error.clone());
        }
        self.date = self.date.or(paid);
    }
}

fn assumption(code: Code, message: String) -> Value {
    json!({ "code": code.as_str(), "message": message })
}

/// The orders to estimate for one reported order (one per item), and the assumptions made.
fn report_orders(program: Program, o: &ReportedOrder, first_id: usize) -> (Vec<Value>, Vec<Value>) {
    let mut assumptions = Vec::new();
    let mut fields = Map::new();
    fields.insert("program".into(), program.as_str().into());
    match o.buyer {
        Some(b) => {
            let b = if b == Buyer::New { "new" } else { "returning" };
            fields.insert("buyer".into(), b.into());
        }
        None => {
            fields.insert("buyer".into(), "returning".into());
            assumptions.push(assumption(
                Code::BuyerAssumedReturning,
                "The program's figures do not say whether the buyer is new; the lower, returning-buyer rate is used.".to_owned(),
            ));
        }
    }
    let country = o
        .country
        .as_deref()
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()));
    match country {
        Some(c) => {
            fields.insert("country".into(), c.to_ascii_uppercase().into());
        }
        None => {
            let why = match &o.country {
                Some(c) => format!("The program's country {c:?} is not a two-letter code"),
                None => "The program's figures give no country".to_owned(),
            };
            assumptions.push(assumption(
                Code::CountryRuleSkipped,
                format!("{why}; the country rules (rates and exclusions by country) are skipped."),
            ));
            // "ZZ" (user-assigned, never a program's) keeps the order readable where a
            // country is required and matches no country rule.
            if program == Program::Alibaba {
                fields.insert("country".into(), "ZZ".into());
            }
        }
    }
    let paid = o.date.unwrap_or(NO_DATE);
    if o.date.is_none() {
        assumptions.push(assumption(
            Code::DateUnknown,
            "The program gave no date for this order: the date rules are skipped and it is in no period.".to_owned(),
        ));
    }
    fields.insert("paidDate".into(), date_string(paid).into());
    match o.status.as_deref() {
        Some(s) if !completed_status(s) => {
            fields.insert("status".into(), s.into());
        }
        status => {
            fields.insert("status".into(), "completed".into());
            fields.insert("completedDate".into(), date_string(paid).into());
            let said = match status {
                Some(s) => format!("The report says {s:?}"),
                None if o.buyer.is_none() && program == Program::Alibaba => {
                    "The postback gives no order status".to_owned()
                }
                None => "The report gives no order status".to_owned(),
            };
            assumptions.push(assumption(
                Code::CompletionAssumed,
                format!(
                    "{said}; the order is taken as completed, within the program's time limits."
                ),
            ));
        }
    }
    let items: Vec<Value> = o
        .item_amounts
        .iter()
        .enumerate()
        .map(|(i, amount)| {
            let mut item = fields.clone();
            item.insert("orderId".into(), format!("r{}", first_id + i).into());
            item.insert("amount".into(), amount.to_string().into());
            if let Some(c) = o.categories.get(i).filter(|c| !c.is_empty()) {
                item.insert("category".into(), c.clone().into());
            }
            Value::Object(item)
        })
        .collect();
    (items, assumptions)
}

fn calendar_month(d: Date) -> (Date, Date) {
    let start = d.replace_day(1).unwrap_or(d);
    let days = d.month().length(d.year());
    (start, d.replace_day(days).unwrap_or(d))
}

/// Compares what the program reported with afflink's estimates: of `orders` (the
/// publisher's own orders, as for [`estimate_commissions`]) when given, else of the
/// reported orders themselves. Orders of the other program are left out (and counted).
///
/// Differences are results, never errors: every order gets its line, with the likely cause
/// in `explanation`.
///
/// ```
/// use afflink::{read_postback_log, reconcile, EstimateContext};
/// let log = "https://example.com/pb?o=A1&amt=100.00&geo=US&c=7.00\n";
/// let calls = read_postback_log("https://example.com/pb?o={ord_id}&amt={ord_amount}&geo={ord_geo}&c={est_com}", log).unwrap();
/// let r = reconcile(&calls, None, &EstimateContext::default());
/// assert_eq!(r.lines[0].status.as_str(), "differs");
/// assert_eq!(r.lines[0].explanation.as_deref().unwrap().starts_with("rate: the program paid 7.00%"), true);
/// ```
pub fn reconcile(
    reported: &ReportedOrders,
    orders: Option<&[Value]>,
    ctx: &EstimateContext,
) -> Reconciliation {
    let program = reported.program;
    let start_day = ctx.card(program).period.as_ref().map(|p| p.start_day);
    let period_of = |d: Date| match start_day {
        Some(day) => calculation_period(d, day),
        None => calendar_month(d),
    };
    let mut other_program = 0;
    let mut refused = 0;
    // afflink's side, per order id, in the order of the publisher's orders.
    let mut sides: Vec<(String, Side)> = Vec::new();
    let mut side_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut report_assumptions: Vec<Vec<Value>> = vec![Vec::new(); reported.orders.len()];
    match orders {
        Some(orders) => {
            let mine: Vec<&Value> = orders
                .iter()
                .filter(|o| match o.get("program").and_then(Value::as_str) {
                    Some(p) if p != program.as_str() && (p == "aliexpress" || p == "alibaba") => {
                        other_program += 1;
                        false
                    }
                    _ => true,
                })
                .collect();
            let values: Vec<Value> = mine.iter().map(|v| (*v).clone()).collect();
            let report = estimate_commissions(&values, ctx);
            for (line, order) in report.lines.iter().zip(&values) {
                let id = if let ReportLine::Estimated(e) = line {
                    Some(e.order_id.clone())
                } else if let ReportLine::Refused { order_id, .. } = line {
                    order_id.clone()
                } else {
                    continue;
                };
                let Some(id) = id else {
                    refused += 1;
                    continue;
                };
                let paid = order
                    .get("paidDate")
                    .and_then(Value::as_str)
                    .and_then(|s| super::order::parse_date(s.trim(), "paidDate").ok());
                match side_of.get(&id) {
                    Some(&at) => sides[at].1.add(line, paid),
                    None => {
                        let mut side = Side::default();
                        side.add(line, paid);
                        side_of.insert(id.clone(), sides.len());
                        sides.push((id, side));
                    }
                }
            }
        }
        None => {
            let mut items: Vec<Value> = Vec::new();
            let mut owner: Vec<usize> = Vec::new();
            for (i, o) in reported.orders.iter().enumerate() {
                if o.amount.is_none() {
                    continue;
                }
                let (its, assumptions) = report_orders(program, o, items.len());
                owner.extend(std::iter::repeat_n(i, its.len()));
                items.extend(its);
                report_assumptions[i] = assumptions;
            }
            let report = estimate_commissions(&items, ctx);
            let mut by_order: Vec<Side> = vec![Side::default(); reported.orders.len()];
            for (line, &i) in report.lines.iter().zip(&owner) {
                by_order[i].add(line, reported.orders[i].date);
            }
            for (o, mut side) in reported.orders.iter().zip(by_order) {
                side_of.entry(o.order_id.clone()).or_insert(sides.len());
                if o.amount.is_none() && o.error.is_none() {
                    side.error = Some(Error::new(
                        Code::MissingColumn,
                        "The report gives no order amount, so afflink cannot estimate the order; give --orders or map the amount column.",
                    ));
                }
                sides.push((o.order_id.clone(), side));
            }
        }
    }

    let mut lines: Vec<ReconcileLine> = Vec::new();
    let mut used = vec![false; sides.len()];
    for (i, o) in reported.orders.iter().enumerate() {
        let at = side_of.get(&o.order_id).copied();
        if let Some(at) = at {
            used[at] = true;
        }
        let side = at.map(|at| &sides[at].1);
        let mut assumptions = std::mem::take(&mut report_assumptions[i]);
        if let Some(side) = side {
            for a in &side.assumptions {
                if !assumptions.contains(a) {
                    assumptions.push(a.clone());
                }
            }
        }
        let date = o.date.or(side.and_then(|s| s.date));
        let mut line = compare(program, o, side);
        line.date = date;
        line.period = date.map(period_of);
        line.assumptions = assumptions;
        lines.push(line);
    }
    for ((id, side), used) in sides.iter().zip(&used) {
        if *used {
            continue;
        }
        let estimated = side.error.is_none().then(|| round_to_cent(side.commission));
        lines.push(ReconcileLine {
            order_id: id.clone(),
            program,
            status: MatchStatus::OrdersOnly,
            estimated,
            reported: None,
            difference: None,
            explanation: Some(
                "Your orders have it; the program did not report it (not tracked, not yet reported, or outside the report's dates).".to_owned(),
            ),
            estimated_rate_percent: side.qualifies.then(|| side.rate()).flatten(),
            reported_rate_percent: None,
            date: side.date,
            period: side.date.map(period_of),
            sub_ids: Vec::new(),
            assumptions: side.assumptions.clone(),
            error: side.error.clone(),
        });
    }
    let summary = summarise(
        program,
        &lines,
        reported,
        orders.is_some(),
        other_program,
        refused,
    );
    Reconciliation { lines, summary }
}

fn compare(program: Program, o: &ReportedOrder, side: Option<&Side>) -> ReconcileLine {
    let reported = if o.error.is_some() {
        None
    } else {
        o.commission.map(round_to_cent)
    };
    let amount = o.amount.or(side.map(|s| s.amount));
    let reported_rate = match (o.commission, amount) {
        (Some(c), Some(a)) if !a.is_zero() && o.error.is_none() => {
            ratio(c, a).map(|r| r.round_dp(4))
        }
        _ => None,
    };
    let mut line = ReconcileLine {
        order_id: o.order_id.clone(),
        program,
        status: MatchStatus::ReportOnly,
        estimated: None,
        reported,
        difference: None,
        explanation: None,
        estimated_rate_percent: None,
        reported_rate_percent: reported_rate,
        date: None,
        period: None,
        sub_ids: o.sub_ids.clone(),
        assumptions: Vec::new(),
        error: o.error.clone(),
    };
    let Some(side) = side else {
        line.explanation = Some(
            "The program reported this order; your orders do not have it (an order you did not record, or a different order number).".to_owned(),
        );
        return line;
    };
    line.estimated_rate_percent = side.qualifies.then(|| side.rate()).flatten();
    if side.error.is_none() {
        line.estimated = Some(round_to_cent(side.commission));
    }
    if line.error.is_none() {
        line.error = side.error.clone();
    }
    let (Some(estimated), Some(reported)) = (line.estimated, line.reported) else {
        line.status = MatchStatus::Differs;
        line.explanation = Some(match (&line.error, line.reported) {
            (Some(e), _) => format!("The order cannot be compared: {}", e.message()),
            (None, None) => "The program's row gives no commission.".to_owned(),
            (None, Some(_)) => "afflink cannot estimate the order.".to_owned(),
        });
        return line;
    };
    let difference = reported - estimated;
    line.difference = Some(difference);
    if difference.abs() <= RECONCILE_TOLERANCE {
        line.status = MatchStatus::Agrees;
        if !difference.is_zero() {
            line.explanation =
                Some("rounding: a difference of one cent counts as agreeing.".to_owned());
        }
        return line;
    }
    line.status = MatchStatus::Differs;
    line.explanation = Some(explain(o, side, estimated, reported, reported_rate));
    line
}

fn explain(
    o: &ReportedOrder,
    side: &Side,
    estimated: Decimal,
    reported: Decimal,
    reported_rate: Option<Decimal>,
) -> String {
    let status = o
        .status
        .as_deref()
        .map(|s| format!(" (status {s:?})"))
        .unwrap_or_default();
    if !side.qualifies && !reported.is_zero() {
        let why = if side.reasons.is_empty() {
            String::new()
        } else {
            let reasons: Vec<&str> = side
                .reasons
                .iter()
                .map(|r| r.trim_end_matches('.'))
                .collect();
            format!(" ({})", reasons.join("; "))
        };
        return format!(
            "qualification: your card says the order does not qualify{why}; the program paid {}.",
            money(reported)
        );
    }
    if side.qualifies && reported.is_zero() {
        return format!(
            "qualification: the program paid nothing{status}; your card counts the order as qualifying (the program may have found it invalid, refunded, or not yet completed)."
        );
    }
    if let Some(a) = o.amount {
        if (a - side.amount).abs() > RECONCILE_TOLERANCE && side.error.is_none() {
            return format!(
                "amount: the program's order amount is {}; yours is {}.",
                money(a),
                money(side.amount)
            );
        }
    }
    // Each item rounded to the cent can move an order's total by up to a cent per item.
    let items = Decimal::from(side.rates.len().max(o.item_amounts.len()));
    if items > Decimal::ONE && (reported - estimated).abs() <= RECONCILE_TOLERANCE * items {
        return format!(
            "rounding: the order has {items} items; rounding each item's commission to the cent can move the total by up to {} cents.",
            items
        );
    }
    match (reported_rate, side.rate()) {
        (Some(paid), Some(card)) if percent2(paid) != percent2(card) => format!(
            "rate: the program paid {}%; your card says {}%.",
            percent2(paid),
            percent2(card)
        ),
        _ => format!(
            "the program's figure differs by {}; neither the rate nor qualification explains it (an incentive, an adjustment, or per-item rounding may).",
            money(reported - estimated)
        ),
    }
}

fn summarise(
    program: Program,
    lines: &[ReconcileLine],
    reported: &ReportedOrders,
    orders_given: bool,
    other_program_orders: usize,
    refused_orders: usize,
) -> ReconcileSummary {
    let mut summary = ReconcileSummary {
        program,
        total: ReconcileTotal::default(),
        counts: [0; 4],
        periods: Vec::new(),
        sub_ids: Vec::new(),
        source: reported.source,
        stats: reported.stats.clone(),
        orders_given,
        other_program_orders,
        refused_orders,
    };
    for line in lines {
        summary.total.add(line);
        summary.counts[line.status as usize] += 1;
        match summary.periods.iter_mut().find(|(p, _)| *p == line.period) {
            Some((_, t)) => t.add(line),
            None => {
                let mut t = ReconcileTotal::default();
                t.add(line);
                summary.periods.push((line.period, t));
            }
        }
        for key in &line.sub_ids {
            match summary.sub_ids.iter_mut().find(|(k, _)| k == key) {
                Some((_, t)) => t.add(line),
                None => {
                    let mut t = ReconcileTotal::default();
                    t.add(line);
                    summary.sub_ids.push((key.clone(), t));
                }
            }
        }
    }
    // Dated periods in order, the undated entry last.
    summary
        .periods
        .sort_by_key(|(p, _)| (p.is_none(), p.map(|(s, _)| s)));
    summary.sub_ids.sort_by(|a, b| a.0.cmp(&b.0));
    summary
}

fn date_or_null(d: Option<Date>) -> Option<String> {
    d.map(date_string)
}

/// `{orderId, program, status, estimated, reported, difference, explanation,
/// estimatedRatePercent, reportedRatePercent, paidDate, period, subIds, assumptions, error}`.
impl Serialize for ReconcileLine {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ReconcileLine", 14)?;
        st.serialize_field("orderId", &self.order_id)?;
        st.serialize_field("program", &self.program)?;
        st.serialize_field("status", self.status.as_str())?;
        st.serialize_field("estimated", &self.estimated.map(money))?;
        st.serialize_field("reported", &self.reported.map(money))?;
        st.serialize_field("difference", &self.difference.map(money))?;
        st.serialize_field("explanation", &self.explanation)?;
        st.serialize_field(
            "estimatedRatePercent",
            &self.estimated_rate_percent.map(percent2),
        )?;
        st.serialize_field(
            "reportedRatePercent",
            &self.reported_rate_percent.map(percent2),
        )?;
        st.serialize_field("paidDate", &date_or_null(self.date))?;
        st.serialize_field("period", &self.period.map(super::PeriodJson))?;
        let subs: Map<String, Value> = self
            .sub_ids
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        st.serialize_field("subIds", &subs)?;
        st.serialize_field("assumptions", &self.assumptions)?;
        st.serialize_field("error", &self.error)?;
        st.end()
    }
}

struct PeriodEntry<'a>(&'a (Option<(Date, Date)>, ReconcileTotal), Program);

impl Serialize for PeriodEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (period, total) = self.0;
        let mut st = s.serialize_struct("PeriodEntry", 7)?;
        st.serialize_field("program", &self.1)?;
        st.serialize_field("start", &date_or_null(period.map(|p| p.0)))?;
        st.serialize_field("end", &date_or_null(period.map(|p| p.1)))?;
        total.fields(&mut st)?;
        st.end()
    }
}

struct SubIdEntry<'a>(&'a ((String, String), ReconcileTotal));

impl Serialize for SubIdEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ((name, value), total) = self.0;
        let mut st = s.serialize_struct("SubIdEntry", 6)?;
        st.serialize_field("name", name)?;
        st.serialize_field("value", value)?;
        total.fields(&mut st)?;
        st.end()
    }
}

struct InputEntry<'a>(&'a ReconcileSummary);

impl Serialize for InputEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut st = s.serialize_struct("Input", 10)?;
        st.serialize_field("source", r.source)?;
        st.serialize_field("lines", &r.stats.lines)?;
        st.serialize_field("matched", &r.stats.matched)?;
        st.serialize_field("unmatched", &r.stats.unmatched)?;
        st.serialize_field("withoutOrderId", &r.stats.without_order_id)?;
        st.serialize_field("duplicateCalls", &r.stats.duplicate_calls)?;
        let columns: Map<String, Value> = r
            .stats
            .columns
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        st.serialize_field("columns", &columns)?;
        st.serialize_field("ordersGiven", &r.orders_given)?;
        st.serialize_field("otherProgramOrders", &r.other_program_orders)?;
        st.serialize_field("refusedOrders", &r.refused_orders)?;
        st.end()
    }
}

/// `{program, orders, agrees, differs, reportOnly, ordersOnly, estimated, reported,
/// difference, periods, subIds, input}`.
impl Serialize for ReconcileSummary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ReconcileSummary", 12)?;
        st.serialize_field("program", &self.program)?;
        st.serialize_field("orders", &self.total.orders)?;
        for (name, count) in ["agrees", "differs", "reportOnly", "ordersOnly"]
            .iter()
            .zip(self.counts)
        {
            st.serialize_field(name, &count)?;
        }
        st.serialize_field("estimated", &money(self.total.estimated))?;
        st.serialize_field("reported", &money(self.total.reported))?;
        st.serialize_field(
            "difference",
            &money(self.total.reported - self.total.estimated),
        )?;
        let periods: Vec<PeriodEntry<'_>> = self
            .periods
            .iter()
            .map(|p| PeriodEntry(p, self.program))
            .collect();
        st.serialize_field("periods", &periods)?;
        let subs: Vec<SubIdEntry<'_>> = self.sub_ids.iter().map(SubIdEntry).collect();
        st.serialize_field("subIds", &subs)?;
        st.serialize_field("input", &InputEntry(self))?;
        st.end()
    }
}

/// `{lines: [...], summary: {...}}`.
impl Serialize for Reconciliation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Reconciliation", 2)?;
        st.serialize_field("lines", &self.lines)?;
        st.serialize_field("summary", &self.summary)?;
        st.end()
    }
}

// ---------------------------------------------------------------------------------------
// Suggested card

struct Observed {
    category: Option<String>,
    buyer: Option<Buyer>,
    country: Option<String>,
    amount: Decimal,
    commission: Decimal,
    date: Option<Date>,
}

/// How well a suggested rate fits the orders it was observed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// It reproduces every commission to the cent.
    Exact,
    /// It reproduces every commission within a cent.
    WithinACent,
    /// The rates vary: the lowest observed rate.
    Lowest,
}

/// The rates (in percent) at `dp` decimals in `[lo, hi)`, at most 1,000.
fn rates_between(lo: Decimal, hi: Decimal, dp: u32) -> Vec<Decimal> {
    let step = Decimal::new(1, dp);
    let mut r = lo.round_dp_with_strategy(dp, RoundingStrategy::ToPositiveInfinity);
    let mut out = Vec::new();
    while r < hi && out.len() < 1000 {
        out.push(r.normalize());
        r += step;
    }
    out
}

/// The simplest rate that reproduces every commission of the group to the cent (fewest
/// decimals; among those, the one that reproduces most exactly, a multiple of 0.05, then the
/// lowest); else within a cent; else the lowest observed rate, to 2 decimals.
fn observed_rate(rows: &[&Observed]) -> (Decimal, Fit) {
    let hundred = Decimal::ONE_HUNDRED;
    let exact = |rate: Decimal, r: &Observed| {
        round_to_cent(r.amount * rate / hundred) == round_to_cent(r.commission)
    };
    for (fit, slack) in [
        (Fit::Exact, Decimal::new(5, 3)),
        (Fit::WithinACent, Decimal::new(15, 3)),
    ] {
        let lo = rows
            .iter()
            .map(|r| (r.commission - slack) * hundred / r.amount)
            .max()
            .unwrap_or_default()
            .max(Decimal::ZERO);
        let hi = rows
            .iter()
            .map(|r| (r.commission + slack) * hundred / r.amount)
            .min()
            .unwrap_or_default()
            .min(Decimal::new(1_000_001, 4));
        for dp in 0..=4 {
            let best = rates_between(lo, hi, dp).into_iter().max_by_key(|rate| {
                let fits = rows.iter().filter(|r| exact(*rate, r)).count();
                let round = (*rate * Decimal::new(20, 0)).fract().is_zero();
                (fits, round, std::cmp::Reverse(*rate))
            });
            if let Some(rate) = best {
                return (rate, fit);
            }
        }
    }
    let lowest = rows
        .iter()
        .map(|r| (r.commission * hundred / r.amount).round_dp(2).normalize())
        .min()
        .unwrap_or_default();
    (lowest, Fit::Lowest)
}

/// A user rate card from the rates the program paid: one rule per combination of category,
/// buyer type and country (from `{ord_geo}`) the report shows, most specific first, then a
/// rule for every other order at the lowest rate seen. Every figure has `basis: "user"`.
/// The card is partial: merged over the program's default (`--rates FILE`), it keeps the
/// default's qualification rules and payout, and sets `incentive` to `null` because the
/// observed rates already hold any incentive. `None` when no order shows a rate (no order
/// with both an amount and a commission above zero).
///
/// ```
/// let log = "https://example.com/pb?o=A1&amt=100.00&geo=US&c=7.00\nhttps://example.com/pb?o=A2&amt=10.00&geo=DE&c=0.33\n";
/// let calls = afflink::read_postback_log("https://example.com/pb?o={ord_id}&amt={ord_amount}&geo={ord_geo}&c={est_com}", log).unwrap();
/// let card = afflink::suggest_rate_card(&calls).unwrap();
/// assert_eq!(card["rules"][0]["when"]["countries"][0], "DE");
/// assert_eq!(card["rules"][0]["percent"], "3.3");
/// assert_eq!(card["rules"][1]["percent"], "7");
/// assert_eq!(card["rules"][2]["percent"], "3.3"); // every other order: the lowest rate
/// ```
pub fn suggest_rate_card(reported: &ReportedOrders) -> Option<Value> {
    let observed: Vec<Observed> = reported
        .orders
        .iter()
        .filter(|o| o.error.is_none())
        .filter_map(|o| {
            let (amount, commission) = (o.amount?, o.commission?);
            // Rates of 0-100% only, on amounts of a cent or more (so no ratio overflows).
            let usable =
                amount >= Decimal::new(1, 2) && commission > Decimal::ZERO && commission <= amount;
            usable.then(|| {
                let first = o.categories.first().filter(|c| !c.trim().is_empty());
                let category = first
                    .filter(|c| o.categories.iter().all(|x| x == *c))
                    .map(|c| c.trim().to_owned());
                let country = o
                    .country
                    .as_deref()
                    .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()))
                    .map(str::to_ascii_uppercase);
                Observed {
                    category,
                    buyer: o.buyer,
                    country,
                    amount,
                    commission,
                    date: o.date,
                }
            })
        })
        .collect();
    if observed.is_empty() {
        return None;
    }
    type Key = (Option<String>, Option<Buyer>, Option<String>);
    let mut groups: Vec<(Key, Vec<&Observed>)> = Vec::new();
    for o in &observed {
        let key: Key = (o.category.clone(), o.buyer, o.country.clone());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rows)) => rows.push(o),
            None => groups.push((key, vec![o])),
        }
    }
    let conditions = |k: &Key| {
        usize::from(k.0.is_some()) + usize::from(k.1.is_some()) + usize::from(k.2.is_some())
    };
    let buyer_rank = |b: &Option<Buyer>| match b {
        Some(Buyer::New) => 0,
        Some(Buyer::Returning) => 1,
        None => 2,
    };
    groups.sort_by(|(a, _), (b, _)| {
        conditions(b)
            .cmp(&conditions(a))
            .then_with(|| a.0.cmp(&b.0))
            .then_with(|| buyer_rank(&a.1).cmp(&buyer_rank(&b.1)))
            .then_with(|| a.2.cmp(&b.2))
    });
    let source_name = if reported.source == "postbackLog" {
        "postback calls"
    } else {
        "order report"
    };
    let as_of = |rows: &[&Observed]| rows.iter().filter_map(|r| r.date).max().map(date_string);
    let rule = |label: String, key: &Key, rows: &[&Observed], rate: Decimal, fit: Fit| {
        let mut when = Map::new();
        if let Some(b) = key.1 {
            let b = if b == Buyer::New { "new" } else { "returning" };
            when.insert("buyer".into(), b.into());
        }
        if let Some(c) = &key.0 {
            when.insert("categories".into(), json!([c]));
        }
        if let Some(c) = &key.2 {
            when.insert("countries".into(), json!([c]));
        }
        let how = match fit {
            Fit::Exact => format!("{rate}% reproduces every commission to the cent"),
            Fit::WithinACent => format!("{rate}% reproduces every commission within a cent"),
            Fit::Lowest => format!("the rates vary; the lowest, {rate}%, is used"),
        };
        json!({
            "label": label,
            "part": if key.1 == Some(Buyer::New) { "newBuyer" } else { "base" },
            "when": when,
            "percent": rate.to_string(),
            "source": format!("afflink reconcile: observed in {} order(s) of the program's {source_name}; {how}", rows.len()),
            "asOf": as_of(rows),
            "basis": "user",
        })
    };
    let mut rules: Vec<Value> = Vec::new();
    let mut lowest: Option<Decimal> = None;
    for (key, rows) in &groups {
        let (rate, fit) = observed_rate(rows);
        lowest = Some(lowest.map_or(rate, |l| l.min(rate)));
        if conditions(key) == 0 {
            continue;
        }
        let mut parts: Vec<String> = Vec::new();
        if let Some(c) = &key.0 {
            parts.push(format!("category {c}"));
        }
        match key.1 {
            Some(Buyer::New) => parts.push("new buyers".into()),
            Some(Buyer::Returning) => parts.push("returning buyers".into()),
            None => {}
        }
        if let Some(c) = &key.2 {
            parts.push(format!("buyers in {c}"));
        }
        rules.push(rule(
            format!("Observed rate: {}", parts.join(", ")),
            key,
            rows,
            rate,
            fit,
        ));
    }
    let all: Vec<&Observed> = observed.iter().collect();
    rules.push(rule(
        "Observed rate: every other order (the lowest rate seen)".to_owned(),
        &(None, None, None),
        &all,
        lowest.unwrap_or_default(),
        Fit::Lowest,
    ));
    let first = observed.iter().filter_map(|o| o.date).min();
    let last = observed.iter().filter_map(|o| o.date).max();
    let dates = match (first, last) {
        (Some(a), Some(b)) => format!(" from {} to {}", date_string(a), date_string(b)),
        _ => String::new(),
    };
    Some(json!({
        "schema": super::RATE_CARD_SCHEMA,
        "program": reported.program.as_str(),
        "currency": "USD",
        "name": format!("Observed rates ({source_name})"),
        "source": format!("afflink reconcile: the rates the program paid on {} order(s){dates}", observed.len()),
        "asOf": last.map(date_string),
        "note": "Made by afflink reconcile from the program's own figures. Merged over the default card of the program: its qualification rules and payout stay; the incentive is off because the observed rates already include any incentive paid.",
        "rules": rules,
        "incentive": null,
    }))
}

/// A reconciliation with the card its observed rates suggest: what the JavaScript
/// `reconcileCommissions` returns, `{lines, summary, suggestedCard}`.
#[derive(Debug, Clone)]
pub struct ReconcileOutput {
    /// The reconciliation.
    pub reconciliation: Reconciliation,
    /// The card [`suggest_rate_card`] makes, if any order shows a rate.
    pub suggested_card: Option<Value>,
}

impl Serialize for ReconcileOutput {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ReconcileOutput", 3)?;
        st.serialize_field("lines", &self.reconciliation.lines)?;
        st.serialize_field("summary", &self.reconciliation.summary)?;
        st.serialize_field("suggestedCard", &self.suggested_card)?;
        st.end()
    }
}

fn input_text<'a>(input: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, Error> {
    match input.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::new(
            Code::InvalidField,
            format!("{field}: must be a string, not {other}."),
        )),
    }
}

/// Reconciles from one JSON object: `{report, columns?, orders?}` (AliExpress order report
/// as CSV text; `columns` maps fields to headers) or `{postbackTemplate, postbackLog,
/// orders?}` (Alibaba.com postback calls as text), with `orders` an array of orders.
///
/// # Errors
///
/// `invalid_field` (missing or both sources, wrong types), then the errors of
/// [`read_order_report`] and [`read_postback_log`].
pub fn reconcile_input(input: &Value, ctx: &EstimateContext) -> Result<ReconcileOutput, Error> {
    let Some(o) = input.as_object() else {
        return Err(Error::new(
            Code::InvalidField,
            "The input must be an object: {report} or {postbackTemplate, postbackLog}.",
        ));
    };
    let report = input_text(o, "report")?;
    let template = input_text(o, "postbackTemplate")?;
    let log = input_text(o, "postbackLog")?;
    let reported = match (report, template, log) {
        (Some(report), None, None) => {
            let columns: Vec<(&str, &str)> = match o.get("columns") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Object(m)) => m
                    .iter()
                    .map(|(k, v)| match v {
                        Value::String(h) => Ok((k.as_str(), h.as_str())),
                        other => Err(Error::new(
                            Code::InvalidField,
                            format!("columns.{k}: must be a header name, not {other}."),
                        )),
                    })
                    .collect::<Result<_, _>>()?,
                Some(other) => {
                    return Err(Error::new(
                        Code::InvalidField,
                        format!("columns: must be an object {{field: header}}, not {other}."),
                    ))
                }
            };
            read_order_report(report, &columns)?
        }
        (None, Some(template), Some(log)) => read_postback_log(template, log)?,
        _ => {
            return Err(Error::new(
                Code::InvalidField,
                "Give report (the AliExpress order report as CSV text), or postbackTemplate with postbackLog (the Alibaba.com postback calls), not both.",
            ))
        }
    };
    let orders = match o.get("orders") {
        None | Some(Value::Null) => None,
        Some(Value::Array(a)) => Some(a.as_slice()),
        Some(other) => {
            return Err(Error::new(
                Code::InvalidField,
                format!("orders: must be an array of orders, not {other}."),
            ))
        }
    };
    Ok(ReconcileOutput {
        reconciliation: reconcile(&reported, orders, ctx),
        suggested_card: suggest_rate_card(&reported),
    })
}
