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
use time::{Date, Month};

use super::{
    calculation_period, date_string, estimate_commissions, round_to_cent, Buyer, EstimateContext,
    ReportLine,
};
use crate::{Code, Error, Program};

mod compare;
mod input;
mod order_report;
mod postback_log;
mod result;
mod suggest;

pub use compare::reconcile;
pub use input::{reconcile_input, ReconcileOutput};
pub use order_report::read_order_report;
pub use postback_log::read_postback_log;
pub use result::{MatchStatus, ReconcileLine, ReconcileSummary, ReconcileTotal, Reconciliation};
pub use suggest::suggest_rate_card;

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
/// `_`, `-` and a trailing US-dollar unit (`"Order Amount (USD)"`, `(US$)`, `($)` is
/// `orderamount`); another unit (`"Commission (%)"`, `"Paid Amount (EUR)"`) matches no alias.
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
    /// The status as written (of its first item row that has one).
    pub status: Option<String>,
    /// The status of each item row, as written (empty for postback calls, which give none).
    pub item_statuses: Vec<Option<String>>,
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
    /// Totals rows of a report (order id `Total`, `Totals`, `Grand Total` or `Sum`, no
    /// date): skipped, so they do not count as an order.
    pub totals_rows: usize,
    /// The header used for each field (CSV).
    pub columns: Vec<(String, String)>,
}

/// What the program reported: one entry per order, in order of first appearance. Built by
/// [`read_order_report`] or [`read_postback_log`], which bound every figure to ±10^12; an
/// order built in Rust with a larger figure is refused (`invalid_amount`) on its line of
/// [`reconcile`] and left out of [`suggest_rate_card`].
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

/// `reported` with every order that holds a figure no reader gives (beyond ±`MAX_AMOUNT`)
/// refused with `invalid_amount` and its figures dropped. The readers bound every figure,
/// and the WebAssembly builds have no other orders; a Rust caller may build them by hand,
/// and `Decimal::MAX` overflows the comparison.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn in_range(reported: &ReportedOrders) -> std::borrow::Cow<'_, ReportedOrders> {
    let limit = Decimal::from(MAX_AMOUNT);
    let too_large = |o: &ReportedOrder| {
        o.amount
            .into_iter()
            .chain(o.commission)
            .chain(o.item_amounts.iter().copied())
            .any(|d| d.abs() > limit)
    };
    if !reported.orders.iter().any(too_large) {
        return std::borrow::Cow::Borrowed(reported);
    }
    let mut checked = reported.clone();
    for o in checked.orders.iter_mut().filter(|o| too_large(o)) {
        o.error = Some(Error::new(
            Code::InvalidAmount,
            format!(
                "An amount of order {:?} is larger than {MAX_AMOUNT} (field \"amount\").",
                o.order_id
            ),
        ));
        (o.amount, o.commission) = (None, None);
        o.item_amounts.clear();
    }
    std::borrow::Cow::Owned(checked)
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
/// `-0.50` (commissions may be negative: chargebacks). Commas only between groups of three
/// digits, as for order amounts (`1,5` is refused: it reads as a decimal comma).
fn parse_money(text: &str, field: &str) -> Result<Decimal, Error> {
    let mut t = text.trim();
    let negative = t.starts_with('-');
    if negative {
        t = t[1..].trim_start();
    }
    for prefix in ["US $", "US$", "USD", "$"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim_start();
        }
    }
    if let Some(rest) = t.strip_suffix("USD") {
        t = rest.trim_end();
    }
    let amount = crate::commission::order::number_text(t, false)
        .and_then(|d| {
            if d.abs() <= Decimal::from(MAX_AMOUNT) {
                Ok(d)
            } else {
                Err(format!("{t} is larger than {MAX_AMOUNT}"))
            }
        })
        .map_err(|why| {
            let why = why.replacen(&format!("{t:?}"), &format!("{text:?}"), 1);
            crate::commission::order::field_error(Code::InvalidAmount, field, why)
        })?;
    Ok(if negative { -amount } else { amount })
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
                format!("The date {text:?} is not a date or timestamp starting YYYY-MM-DD (field \"{field}\")."),
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

/// The orders read so far, found by id.
#[derive(Default)]
pub(super) struct Collected {
    pub(super) orders: Vec<ReportedOrder>,
    pub(super) by_id: BTreeMap<String, usize>,
    /// Per order, the values of each postback call (to count repeated calls once).
    pub(super) calls: Vec<Vec<Vec<(String, String)>>>,
}

impl Collected {
    /// Adds a row: a new order, or one more item of an order already seen; its index.
    pub(super) fn add(&mut self, row: ReportedOrder) -> usize {
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
    o.item_statuses.extend(row.item_statuses);
    o.date = o.date.or(row.date);
    o.status = o.status.take().or(row.status);
    o.buyer = o.buyer.or(row.buyer);
    o.country = o.country.take().or(row.country);
    if o.error.is_none() {
        o.error = row.error;
    }
}
