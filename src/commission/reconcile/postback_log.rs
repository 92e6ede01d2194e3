//! Alibaba.com postback logs: an access log or one URL per line, read back through the
//! macros of the publisher's postback template.

use rust_decimal::Decimal;
use time::{Date, Month};

use super::*;

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
        .find(|p| p.severity == crate::postback::Severity::Error)
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
/// let calls = afflink::commission::read_postback_log(
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
            item_statuses: Vec::new(),
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
