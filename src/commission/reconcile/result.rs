//! What a reconciliation gives: one line per order, totals per period and sub-id, and how
//! each serialises.

use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::{Map, Value};
use time::Date;

use super::*;

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
    pub(super) fn add(&mut self, line: &ReconcileLine) {
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
        st.serialize_field("period", &self.period.map(crate::commission::PeriodJson))?;
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
        let mut st = s.serialize_struct("Input", 11)?;
        st.serialize_field("source", r.source)?;
        st.serialize_field("lines", &r.stats.lines)?;
        st.serialize_field("matched", &r.stats.matched)?;
        st.serialize_field("unmatched", &r.stats.unmatched)?;
        st.serialize_field("withoutOrderId", &r.stats.without_order_id)?;
        st.serialize_field("duplicateCalls", &r.stats.duplicate_calls)?;
        st.serialize_field("totalsRows", &r.stats.totals_rows)?;
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
