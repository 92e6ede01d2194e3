//! Many rows at once: orders and adjustments in, one line per row, then the totals per
//! period or month and a payout estimate per program.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::Value;
use time::Date;

use super::context::{calculation_period, calendar_month};
use super::order::{self, Adjustment, Order};
use super::rules::{estimate_with, qualification_failures};
use super::{
    date_string, round_to_cent, Estimate, EstimateContext, Failed, GroupBy, IncentiveBasis,
    RateCard,
};
use crate::{Code, Error, Program};

/// An adjustment row as it comes back: the row, and the period it is netted into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdjustmentLine {
    /// The adjustment.
    pub adjustment: Adjustment,
    /// The period (or month) whose totals it changes.
    pub period: (Date, Date),
    /// `period` or `month`.
    pub kind: &'static str,
}

/// One line of a report: the estimate, an adjustment, or the row's id with why it was
/// refused.
// Most lines are estimates: boxing them would add an allocation per order for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum ReportLine {
    /// The estimate.
    Estimated(Estimate),
    /// An adjustment row.
    Adjustment(AdjustmentLine),
    /// The row could not be read.
    Refused {
        /// The order's id, as far as it could be read (`null` when absent).
        order_id: Option<String>,
        /// Why.
        error: Error,
    },
}

impl Serialize for ReportLine {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ReportLine::Estimated(e) => e.serialize(s),
            ReportLine::Adjustment(a) => {
                let mut st = s.serialize_struct("Adjustment", 6)?;
                st.serialize_field("type", "adjustment")?;
                st.serialize_field("orderId", &a.adjustment.order_id)?;
                st.serialize_field("program", &a.adjustment.program)?;
                st.serialize_field("amount", &money(a.adjustment.amount))?;
                st.serialize_field("date", &date_string(a.adjustment.date))?;
                st.serialize_field("period", &PeriodRef(a.period))?;
                st.end()
            }
            ReportLine::Refused { order_id, error } => {
                let mut st = s.serialize_struct("Refused", 2)?;
                st.serialize_field("orderId", order_id)?;
                st.serialize_field("error", error)?;
                st.end()
            }
        }
    }
}

struct PeriodRef((Date, Date));

impl Serialize for PeriodRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Period", 2)?;
        st.serialize_field("start", &date_string(self.0 .0))?;
        st.serialize_field("end", &date_string(self.0 .1))?;
        st.end()
    }
}

/// Totals of one calculation period or calendar month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodTotal {
    /// The program.
    pub program: Program,
    /// `period` (the program's calculation period) or `month` (a calendar month).
    pub kind: &'static str,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// Orders estimated in the period.
    pub orders: usize,
    /// Sum of the qualifying orders' amounts (USD, before refunds).
    pub qualifying_amount: Decimal,
    /// Sum of the orders' commissions.
    pub commission: Decimal,
    /// Sum of the adjustments dated in the period.
    pub adjustments: Decimal,
    /// Commission plus adjustments.
    pub net: Decimal,
}

/// What a balance would pay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutEstimate {
    /// The program.
    pub program: Program,
    /// The estimated balance (commissions plus adjustments).
    pub balance: Decimal,
    /// The balance must exceed this.
    pub minimum: Decimal,
    /// The fee per withdrawal.
    pub fee: Decimal,
    /// Whether the balance can be withdrawn.
    pub withdrawable: bool,
    /// What a withdrawal would pay, after the fee (0 when not withdrawable).
    pub net: Decimal,
    /// A plain warning, when there is something to know.
    pub warning: Option<String>,
    /// What the estimate leaves out and where the sources disagree.
    pub notes: Vec<String>,
    /// The payout figures whose basis is not `documented` or `user`.
    pub assumptions: Vec<Failed>,
}

/// The totals of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Order rows read (adjustment rows are not orders).
    pub orders: usize,
    /// Rows refused as bad input.
    pub errors: usize,
    /// Orders that qualify.
    pub qualifying_orders: usize,
    /// Sum of the qualifying orders' amounts.
    pub qualifying_amount: Decimal,
    /// Sum of the (rounded) commissions.
    pub estimated: Decimal,
    /// Sum of the adjustments.
    pub adjustments: Decimal,
    /// `estimated` plus `adjustments`.
    pub net: Decimal,
    /// How `periods` is grouped.
    pub group_by: GroupBy,
    /// Totals per calculation period or month.
    pub periods: Vec<PeriodTotal>,
    /// Payout per program.
    pub payouts: Vec<PayoutEstimate>,
}

/// The estimates of many rows and their totals.
#[derive(Debug, Clone)]
pub struct Report {
    /// One line per row, in order.
    pub lines: Vec<ReportLine>,
    /// The totals.
    pub summary: Summary,
}

fn money(d: Decimal) -> String {
    round_to_cent(d).to_string()
}

impl Serialize for PeriodTotal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("PeriodTotal", 9)?;
        st.serialize_field("program", &self.program)?;
        st.serialize_field("kind", self.kind)?;
        st.serialize_field("start", &date_string(self.start))?;
        st.serialize_field("end", &date_string(self.end))?;
        st.serialize_field("orders", &self.orders)?;
        st.serialize_field("qualifyingAmount", &money(self.qualifying_amount))?;
        st.serialize_field("commission", &money(self.commission))?;
        st.serialize_field("adjustments", &money(self.adjustments))?;
        st.serialize_field("net", &money(self.net))?;
        st.end()
    }
}

impl Serialize for PayoutEstimate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Payout", 9)?;
        st.serialize_field("program", &self.program)?;
        st.serialize_field("balance", &money(self.balance))?;
        st.serialize_field("minimum", &money(self.minimum))?;
        st.serialize_field("fee", &money(self.fee))?;
        st.serialize_field("withdrawable", &self.withdrawable)?;
        st.serialize_field("net", &money(self.net))?;
        st.serialize_field("warning", &self.warning)?;
        st.serialize_field("notes", &self.notes)?;
        st.serialize_field("assumptions", &self.assumptions)?;
        st.end()
    }
}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Summary", 10)?;
        st.serialize_field("orders", &self.orders)?;
        st.serialize_field("errors", &self.errors)?;
        st.serialize_field("qualifyingOrders", &self.qualifying_orders)?;
        st.serialize_field("qualifyingAmount", &money(self.qualifying_amount))?;
        st.serialize_field("estimated", &money(self.estimated))?;
        st.serialize_field("adjustments", &money(self.adjustments))?;
        st.serialize_field("net", &money(self.net))?;
        let group_by = match self.group_by {
            GroupBy::Period => "period",
            GroupBy::Month => "month",
        };
        st.serialize_field("groupBy", group_by)?;
        st.serialize_field("periods", &self.periods)?;
        st.serialize_field("payouts", &self.payouts)?;
        st.end()
    }
}

/// `{lines: [...], summary: {...}}`.
impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Report", 2)?;
        st.serialize_field("lines", &self.lines)?;
        st.serialize_field("summary", &self.summary)?;
        st.end()
    }
}

/// The sentence an AliExpress payout estimate carries: when an estimated balance can be
/// withdrawn.
pub const NOT_YET_CONFIRMED: &str = "The balance counts every qualifying order given, as if the program had confirmed them all: AliExpress transfers the fees accrued in the preceding calendar months (Service Agreement, clause 7.5) and updates the account balance 2 to 4 weeks after an order completes (FAQ), so this month's orders cannot be withdrawn yet.";

/// The sentence every payout estimate carries.
pub const NOT_MODELLED: &str = "Bank handling fees and taxes are not modelled: the program deducts bank handling fees from each payment, and taxes are yours to bear (Service Agreement, clauses 7.7 and 7.10).";

fn payout(card: &RateCard, balance: Decimal) -> PayoutEstimate {
    let (min_figure, fee_figure) = (&card.payout.minimum_balance, &card.payout.withdrawal_fee);
    let (minimum, fee) = (min_figure.value.0, fee_figure.value.0);
    let withdrawable = balance > minimum;
    let net = if withdrawable {
        balance - fee
    } else {
        Decimal::ZERO
    };
    let warning = if !withdrawable {
        Some(format!(
            "The balance of US${} must exceed US${} before it can be withdrawn.",
            money(balance),
            money(minimum)
        ))
    } else if fee * Decimal::TWO >= balance {
        Some(format!(
            "The US${} withdrawal fee takes {}% of this balance; waiting until it grows keeps more of it.",
            money(fee),
            (fee * Decimal::ONE_HUNDRED / balance).round_dp(0)
        ))
    } else {
        None
    };
    let mut notes: Vec<String> = [&min_figure.note, &fee_figure.note]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if card.program == Program::AliExpress {
        notes.push(NOT_YET_CONFIRMED.to_owned());
    }
    notes.push(NOT_MODELLED.to_owned());
    let mut assumptions = Vec::new();
    for (what, f) in [
        (
            format!("The minimum balance US${}", money(minimum)),
            min_figure,
        ),
        (format!("The withdrawal fee US${}", money(fee)), fee_figure),
    ] {
        let code = match f.basis {
            super::Basis::Example => Code::ExampleFigure,
            super::Basis::Listing => Code::ListingFigure,
            super::Basis::Assumption => Code::AssumedFigure,
            _ => continue,
        };
        assumptions.push(Failed {
            code,
            message: format!("{what} is labelled {} ({}).", f.basis.as_str(), f.source),
        });
    }
    PayoutEstimate {
        program: card.program,
        balance,
        minimum,
        fee,
        withdrawable,
        net,
        warning,
        notes,
        assumptions,
    }
}

enum Row {
    Order(Order),
    Adjustment(Adjustment),
}

/// Estimates many rows: one line per row (a bad row never loses the others), then totals
/// per period (or calendar month) and a payout estimate per program.
///
/// A row `{"type": "adjustment", program, orderId, amount, date}` is a correction the
/// program made (negative allowed): it is netted into the period its date falls in. A
/// repeated `orderId` within one program is a duplicate: the later rows carry
/// `duplicate_order` and count zero.
///
/// With [`IncentiveBasis::History`], the orders are the whole history: each calculation
/// period's total of qualifying order amounts sets the incentive of the next period.
///
/// ```
/// use afflink::EstimateContext;
/// use afflink::commission::estimate_commissions;
/// use serde_json::json;
/// let order = |id: &str, amount: &str| json!({"program": "alibaba", "orderId": id, "amount": amount,
///     "buyer": "new", "country": "US", "status": "completed", "paidDate": "2025-03-01", "completedDate": "2025-03-20"});
/// let orders = vec![
///     order("B1", "100.00"),
///     order("B2", "-1"),
///     order("B1", "100.00"),
///     json!({"type": "adjustment", "program": "alibaba", "orderId": "B0", "amount": "-1.25", "date": "2025-03-05"}),
/// ];
/// let report = estimate_commissions(&orders, &EstimateContext::default());
/// assert_eq!(report.summary.estimated.to_string(), "3.25"); // 3.25% of 100; the duplicate counts zero
/// assert_eq!(report.summary.net.to_string(), "2.00");
/// assert_eq!(report.summary.errors, 1);
/// assert!(!report.summary.payouts[0].withdrawable);
/// ```
pub fn estimate_commissions(rows: &[Value], ctx: &EstimateContext) -> Report {
    let parsed: Vec<Result<Row, (Option<String>, Error)>> = rows
        .iter()
        .map(|v| {
            let id = || order::order_id_of(v);
            if order::is_adjustment(v) {
                Adjustment::from_json(v, &ctx.exchange_rates)
                    .map(Row::Adjustment)
                    .map_err(|e| (id(), e))
            } else {
                Order::from_json_with(v, &ctx.exchange_rates)
                    .map(Row::Order)
                    .map_err(|e| (id(), e))
            }
        })
        .collect();
    let cards: BTreeMap<&str, &RateCard> = [Program::AliExpress, Program::Alibaba]
        .into_iter()
        .map(|p| (p.as_str(), ctx.card(p)))
        .collect();
    let card_of = |p: Program| cards[p.as_str()];

    // Duplicates: the first row of an order id (per program) counts, later ones do not. The
    // set is a JSON map (program, NUL, order id → null): the module has that map type already.
    let mut seen = serde_json::Map::new();
    let duplicate: Vec<bool> = parsed
        .iter()
        .map(|row| match row {
            Ok(Row::Order(o)) => seen
                .insert(
                    format!("{}\0{}", o.program.as_str(), o.order_id),
                    Value::Null,
                )
                .is_some(),
            _ => false,
        })
        .collect();

    // History: each period's qualifying sales, to set the next period's incentive.
    let mut period_sales: BTreeMap<(&str, Date), Decimal> = BTreeMap::new();
    if ctx.incentive == IncentiveBasis::History {
        for (row, dup) in parsed.iter().zip(&duplicate) {
            let (Ok(Row::Order(order)), false) = (row, dup) else {
                continue;
            };
            let card = card_of(order.program);
            if let Some(p) = &card.period {
                if qualification_failures(card, order).is_empty() {
                    let (start, _) = calculation_period(order.paid, p.start_day);
                    *period_sales
                        .entry((order.program.as_str(), start))
                        .or_default() += order.base();
                }
            }
        }
    }
    let previous_sales = |order: &Order| -> Option<Decimal> {
        match &ctx.incentive {
            IncentiveBasis::None => None,
            IncentiveBasis::PreviousPeriodSales(s) => Some(*s),
            IncentiveBasis::History => {
                let p = card_of(order.program).period.as_ref()?;
                let (start, _) = calculation_period(order.paid, p.start_day);
                let (previous_start, _) = calculation_period(start.previous_day()?, p.start_day);
                Some(
                    period_sales
                        .get(&(order.program.as_str(), previous_start))
                        .copied()
                        .unwrap_or_default(),
                )
            }
        }
    };
    let group = |program: Program, date: Date| -> (&'static str, (Date, Date)) {
        match (ctx.group_by, &card_of(program).period) {
            (GroupBy::Period, Some(p)) => ("period", calculation_period(date, p.start_day)),
            _ => ("month", calendar_month(date)),
        }
    };

    let mut lines: Vec<ReportLine> = parsed
        .into_iter()
        .zip(duplicate)
        .map(|(row, dup)| match row {
            Ok(Row::Order(order)) => {
                match estimate_with(card_of(order.program), &order, previous_sales(&order)) {
                    Ok(mut e) if dup => {
                        let message = format!(
                            "Order {} appears earlier in this input; this row counts zero (give the items of one order in \"items\").",
                            e.order_id
                        );
                        let failed = Failed {
                            code: Code::DuplicateOrder,
                            message,
                        };
                        e.qualifies = false;
                        e.reasons = vec![failed.clone()];
                        e.warnings.push(failed);
                        e.breakdown.clear();
                        e.items.clear();
                        e.rate_percent = Decimal::ZERO;
                        e.commission = round_to_cent(Decimal::ZERO);
                        ReportLine::Estimated(e)
                    }
                    Ok(e) => ReportLine::Estimated(e),
                    Err(error) => ReportLine::Refused {
                        order_id: Some(order.order_id),
                        error,
                    },
                }
            }
            Ok(Row::Adjustment(adjustment)) => {
                let (kind, period) = group(adjustment.program, adjustment.date);
                ReportLine::Adjustment(AdjustmentLine {
                    adjustment,
                    period,
                    kind,
                })
            }
            Err((order_id, error)) => ReportLine::Refused { order_id, error },
        })
        .collect();
    if let IncentiveBasis::PreviousPeriodSales(sales) = ctx.incentive {
        super::later_periods::warn_later_periods(&mut lines, sales);
    }
    summarise(lines, ctx.group_by, card_of, |e: &Estimate| {
        group(e.program, e.paid)
    })
}

fn summarise<'a>(
    lines: Vec<ReportLine>,
    group_by: GroupBy,
    card_of: impl Fn(Program) -> &'a RateCard,
    group_of: impl Fn(&Estimate) -> (&'static str, (Date, Date)),
) -> Report {
    let mut summary = Summary {
        orders: 0,
        errors: 0,
        qualifying_orders: 0,
        qualifying_amount: Decimal::ZERO,
        estimated: Decimal::ZERO,
        adjustments: Decimal::ZERO,
        net: Decimal::ZERO,
        group_by,
        periods: Vec::new(),
        payouts: Vec::new(),
    };
    let mut balances: BTreeMap<&str, (Program, Decimal)> = BTreeMap::new();
    let total_of = |periods: &mut Vec<PeriodTotal>,
                    program: Program,
                    kind: &'static str,
                    (start, end): (Date, Date)|
     -> usize {
        match periods
            .iter()
            .position(|p| p.program == program && p.start == start && p.kind == kind)
        {
            Some(i) => i,
            None => {
                periods.push(PeriodTotal {
                    program,
                    kind,
                    start,
                    end,
                    orders: 0,
                    qualifying_amount: Decimal::ZERO,
                    commission: Decimal::ZERO,
                    adjustments: Decimal::ZERO,
                    net: Decimal::ZERO,
                });
                periods.len() - 1
            }
        }
    };
    for line in &lines {
        match line {
            ReportLine::Refused { .. } => {
                summary.errors += 1;
                summary.orders += 1;
            }
            ReportLine::Adjustment(a) => {
                let amount = a.adjustment.amount;
                summary.adjustments += amount;
                balances
                    .entry(a.adjustment.program.as_str())
                    .or_insert((a.adjustment.program, Decimal::ZERO))
                    .1 += amount;
                let i = total_of(&mut summary.periods, a.adjustment.program, a.kind, a.period);
                summary.periods[i].adjustments += amount;
            }
            ReportLine::Estimated(e) => {
                summary.orders += 1;
                let commission = round_to_cent(e.commission);
                summary.estimated += commission;
                balances
                    .entry(e.program.as_str())
                    .or_insert((e.program, Decimal::ZERO))
                    .1 += commission;
                if e.qualifies {
                    summary.qualifying_orders += 1;
                    summary.qualifying_amount += e.amount;
                }
                let (kind, period) = group_of(e);
                let i = total_of(&mut summary.periods, e.program, kind, period);
                let total = &mut summary.periods[i];
                total.orders += 1;
                total.commission += commission;
                if e.qualifies {
                    total.qualifying_amount += e.amount;
                }
            }
        }
    }
    for p in &mut summary.periods {
        p.net = p.commission + p.adjustments;
    }
    summary.net = summary.estimated + summary.adjustments;
    summary
        .periods
        .sort_by_key(|p| (p.program.as_str(), p.start));
    summary.payouts = balances
        .into_values()
        .map(|(program, balance)| payout(card_of(program), balance))
        .collect();
    Report { lines, summary }
}

#[cfg(test)]
mod tests {
    use super::super::estimate::amount_string;
    use rust_decimal::Decimal;

    #[test]
    fn amounts_keep_at_least_two_places() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(amount_string(d("108")), "108.00");
        assert_eq!(amount_string(d("108.0000")), "108.00");
        assert_eq!(amount_string(d("19.995")), "19.995");
    }
}
